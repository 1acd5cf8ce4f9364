// The per-mission funnel (docs/product/missions.md §M-16), computed one way for Challenge results
// and its export: started and completed from the SQL counts every dashboard uses (db
// missionBreakdown), the medians from core over each mission's completers only (their attempts and
// completions, bounded by the mission's completions rather than every attempt).
import { type MissionFunnel, missionFunnels } from "@missionboard/core";
import { type Conn, completingLearnerRecords, missionBreakdown } from "@missionboard/db";

/** A mission's funnel against all known learners (so `notStarted` is always a number). */
export type KnownFunnel = MissionFunnel & { notStarted: number };

/** Each of `missions` with its funnel, in their order; `knownLearners` is the number of all known learners. */
export async function funnelsOf<M extends { id: string }>(
  c: Conn,
  missions: readonly M[],
  knownLearners: number,
): Promise<{ mission: M; funnel: KnownFunnel }[]> {
  const counts = new Map((await missionBreakdown(c)).map((m) => [m.missionId, m]));
  const funnels: { mission: M; funnel: KnownFunnel }[] = [];
  // One mission's completing learners at a time.
  for (const mission of missions) {
    const missionId = mission.id;
    const { participants: started, completions: completed } = counts.get(missionId) ?? { participants: 0, completions: 0 };
    const records = await completingLearnerRecords(c, missionId);
    const [medians] = missionFunnels(records.attempts, records.completions, { missionIds: [missionId] });
    funnels.push({
      mission,
      funnel: {
        missionId,
        started,
        completed,
        notStarted: Math.max(0, knownLearners - started),
        completionRate: started ? (completed / started) * 100 : 0,
        medianAttemptsToComplete: medians?.medianAttemptsToComplete ?? null,
        medianTimeToCompleteMs: medians?.medianTimeToCompleteMs ?? null,
      },
    });
  }
  return funnels;
}
