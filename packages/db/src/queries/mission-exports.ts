// Readers of the mission analytics exports (leaderboard, challenge results): each reads one
// bounded page (a keyset page of standings or learners), never a whole table of attempts. The
// funnel export reads what Challenge results reads (api services/mission-funnel.ts); the chats
// export reads chat-browser's chatsByIdPage.
import type { AttemptRecord, CompletionRecord } from "@missionboard/core";
import { and, asc, eq, gt, inArray, or, type SQL, sql } from "drizzle-orm";
import type { Conn } from "../store";
import { knownLearner } from "./mission-dashboards";

/** The missions table is a registry (one row per mission); this bounds a read of it all the same. */
export const EXPORT_MISSIONS_MAX = 1000;

/** A learner (OpenWebUI user) with the account it is linked to, as exports name them. */
export interface ExportLearner {
  learnerId: string;
  owuiName: string | null;
  owuiEmail: string | null;
  accountName: string | null;
  accountEmail: string | null;
}

const learnerColumns = (t: Conn["t"]) => ({
  owuiName: t.owuiUsers.name,
  owuiEmail: t.owuiUsers.email,
  accountName: t.users.name,
  accountEmail: t.users.email,
});

export interface StandingExportRow extends ExportLearner {
  position: number;
  points: number;
  completions: number;
  attempts: number;
}

/** A keyset page of one board's stored standings, by position then learner id. */
export async function standingsExportPage(
  { db, t }: Conn,
  board: string,
  after: { position: number; learnerId: string } | null,
  limit: number,
): Promise<StandingExportRow[]> {
  const s = t.standings;
  const rows = await db
    .select({
      learnerId: s.learnerId,
      position: s.position,
      points: s.points,
      completions: s.completions,
      attempts: s.attempts,
      ...learnerColumns(t),
    })
    .from(s)
    .leftJoin(t.owuiUsers, eq(t.owuiUsers.id, s.learnerId))
    .leftJoin(t.users, eq(t.users.id, t.owuiUsers.userId))
    .where(
      and(
        eq(s.board, board),
        after ? or(gt(s.position, after.position), and(eq(s.position, after.position), gt(s.learnerId, after.learnerId))) : undefined,
      ),
    )
    .orderBy(asc(s.position), asc(s.learnerId))
    .limit(limit);
  return rows;
}

/** A keyset page of the known learners (§M-23, the dashboards' definition), by id. */
export async function learnersExportPage(conn: Conn, after: string | null, limit: number): Promise<ExportLearner[]> {
  const { db, t } = conn;
  return db
    .select({ learnerId: t.owuiUsers.id, ...learnerColumns(t) })
    .from(t.owuiUsers)
    .leftJoin(t.users, eq(t.users.id, t.owuiUsers.userId))
    .where(and(knownLearner(conn), after ? gt(t.owuiUsers.id, after) : undefined))
    .orderBy(asc(t.owuiUsers.id))
    .limit(limit);
}

export interface ExportMission {
  id: string;
  name: string;
  week: number | null;
  points: number | null;
}

/** The missions an export covers: one week's, one mission, or all; by week (none last), then name. */
export async function exportMissions(
  { db, t }: Conn,
  filter: { week?: number | null; missionId?: string | null },
): Promise<ExportMission[]> {
  const m = t.missions;
  const where: (SQL | undefined)[] = [
    filter.week === undefined || filter.week === null ? undefined : eq(m.week, filter.week),
    filter.missionId ? eq(m.id, filter.missionId) : undefined,
  ];
  return db
    .select({ id: m.id, name: m.name, week: m.week, points: m.points })
    .from(m)
    .where(and(...where))
    .orderBy(sql`${m.week} asc nulls last`, asc(m.name), asc(m.id))
    .limit(EXPORT_MISSIONS_MAX);
}

const attemptRecordColumns = (t: Conn["t"]) => ({
  id: t.missionAttempts.id,
  missionId: t.missionAttempts.missionId,
  owuiUserId: t.missionAttempts.owuiUserId,
  startedAt: t.missionAttempts.startedAt,
  completed: t.missionAttempts.completed,
});

const completionRecordColumns = (t: Conn["t"]) => ({
  attemptId: t.missionCompletions.attemptId,
  missionId: t.missionCompletions.missionId,
  owuiUserId: t.missionCompletions.owuiUserId,
  completedAt: t.missionCompletions.completedAt,
  points: t.missionCompletions.points,
});

/** The attempt and completion records of some learners (a page of them), for core's counting rules. */
export async function recordsOfLearners(
  { db, t }: Conn,
  learnerIds: readonly string[],
): Promise<{ attempts: AttemptRecord[]; completions: CompletionRecord[] }> {
  if (learnerIds.length === 0) return { attempts: [], completions: [] };
  const ids = [...learnerIds];
  const attempts = await db.select(attemptRecordColumns(t)).from(t.missionAttempts).where(inArray(t.missionAttempts.owuiUserId, ids));
  const completions = await db
    .select(completionRecordColumns(t))
    .from(t.missionCompletions)
    .where(inArray(t.missionCompletions.owuiUserId, ids));
  return { attempts, completions };
}
