// Re-scoring a mission (docs/product/missions.md §M-8): its current points applied to its past completions, whose
// points are otherwise a snapshot taken when they were detected. Previewed first (counts only),
// then run as a job (kind "rescore") under the analytics lease, so no reload or re-detection
// interleaves, and audited.
import { buildAuditEntry, describeMoves, NotFoundError, planRescore, type RescoreGroup, type RescorePlan } from "@missionboard/core";
import {
  type AnalyticsMissionRow,
  type Conn,
  completionPointGroups,
  findMissionById,
  insertAuditEntry,
  setCompletionGroupPoints,
  usersInCompletionGroups,
} from "@missionboard/db";
import type { JobDefinition } from "../jobs/runner";
import { type RankUpNotices, standingsPhase } from "../standings";
import { registryOfRows } from "./detection";

export const RESCORE_ERRORS = { notFound: "That mission does not exist." } as const;

export interface RescorePreview {
  missionId: string;
  key: string;
  name: string;
  /** The mission's current points (what its completions would get, unless a marker has its own). */
  points: number | null;
  completions: number;
  changed: number;
  unchanged: number;
  moves: RescorePlan["moves"];
  /** Distinct people (OpenWebUI users; chats without one count each) whose points change. */
  usersAffected: number;
}

/** What re-scoring `mission` would change now (counts only). */
export async function previewRescore(conn: Conn, mission: AnalyticsMissionRow): Promise<RescorePreview & { changes: RescoreGroup[] }> {
  const compiled = registryOfRows([mission]).registry.missions[0];
  const groups = await completionPointGroups(conn, mission.id);
  const plan = planRescore(compiled ?? { points: mission.points, markers: [] }, groups);
  return {
    missionId: mission.id,
    key: mission.key,
    name: mission.name,
    points: mission.points,
    completions: groups.reduce((n, g) => n + g.completions, 0),
    changed: plan.changed,
    unchanged: plan.unchanged,
    moves: plan.moves,
    usersAffected: await usersInCompletionGroups(conn, mission.id, plan.changes),
    changes: plan.changes,
  };
}

export type RescoreResult = Omit<RescorePreview, "changes">;

/**
 * The re-score job for one mission: recomputes the plan under the lease (what the admin previewed
 * may have changed since), updates one group of completions per transaction with progress, and
 * writes the audit entry with the counts in the last one.
 */
export function rescoreJob(input: {
  missionId: string;
  actorId: string;
  requestId: string | null;
  notices?: RankUpNotices;
}): JobDefinition<RescoreResult> {
  return {
    kind: "rescore",
    params: { missionId: input.missionId },
    triggeredBy: input.actorId,
    async run(job) {
      const { mission, preview } = await job.store.read(async (conn) => {
        const mission = await findMissionById(conn, input.missionId);
        if (!mission) throw new NotFoundError(RESCORE_ERRORS.notFound);
        return { mission, preview: await previewRescore(conn, mission) };
      });
      const { changes, ...result } = preview;
      await job.progress({ processed: 0, total: preview.changed, phase: "re-scoring" });
      let done = 0;
      for (const group of changes) {
        await job.store.tx(async (conn) => {
          await job.lease.renewIn(conn, job.now());
          done += await setCompletionGroupPoints(conn, mission.id, group, group.to);
          await job.progress({ processed: done, total: preview.changed, phase: "re-scoring" }, conn);
        });
      }
      await job.store.tx(async (conn) => {
        await job.lease.renewIn(conn, job.now());
        await insertAuditEntry(
          conn,
          buildAuditEntry(
            {
              actorId: input.actorId,
              action: "mission.rescored",
              entityType: "mission",
              entityId: mission.id,
              metadata: {
                key: mission.key,
                points: mission.points,
                completions: preview.completions,
                changed: done,
                usersAffected: preview.usersAffected,
                moves: describeMoves(preview.moves) || "none",
                runId: job.runId,
              },
              requestId: input.requestId,
            },
            job.now(),
          ),
        );
      });
      if (done > 0) {
        job.changed("points");
        await standingsPhase(job, input.notices);
      }
      return { ...result, changed: done };
    },
    summarise: (r) => ({ missionId: r.missionId, completions: r.completions, changed: r.changed, usersAffected: r.usersAffected }),
  };
}
