// The write side of scoring (docs/product/missions.md §M-12..M-15): the records core scores from,
// loaded narrowly (only the columns core reads), the stored standings rows and the admins' score
// adjustments. Writes run inside the caller's store.tx; nothing here opens a transaction.
import type { AttemptRecord, CompletionRecord, PageInput, ScoreAdjustment, ScoringData, StandingRow } from "@missionboard/core";
import { and, asc, count, desc, eq, inArray, isNotNull, or, type SQL } from "drizzle-orm";
import { newId } from "../ids";
import type { Conn } from "../store";
import { containsLower } from "./text-match";

/** Ids per `IN (…)` list (well under both engines' bound-parameter limits). */
const ID_CHUNK = 500;

const chunks = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

/**
 * Everything core needs to score: every mission's id and week, and the attempts, completions and
 * adjustments of everyone, or only of `learners` (OpenWebUI user ids) for an incremental change.
 * Four single-pass selects of the needed columns; with `learners`, chunked by id.
 */
export async function loadScoringData(conn: Conn, learners?: readonly string[]): Promise<ScoringData> {
  const { db, t } = conn;
  const missions = await db.select({ id: t.missions.id, week: t.missions.week }).from(t.missions);
  const a = t.missionAttempts;
  const c = t.missionCompletions;
  const s = t.scoreAdjustments;
  const attemptCols = { id: a.id, missionId: a.missionId, owuiUserId: a.owuiUserId, startedAt: a.startedAt, completed: a.completed };
  const completionCols = {
    attemptId: c.attemptId,
    missionId: c.missionId,
    owuiUserId: c.owuiUserId,
    completedAt: c.completedAt,
    points: c.points,
  };
  const adjustmentCols = { id: s.id, learnerId: s.learnerId, points: s.points, reason: s.reason, at: s.createdAt, week: s.week };
  if (!learners) {
    return {
      missions,
      attempts: await db.select(attemptCols).from(a),
      completions: await db.select(completionCols).from(c),
      adjustments: await db.select(adjustmentCols).from(s),
    };
  }
  const attempts: AttemptRecord[] = [];
  const completions: CompletionRecord[] = [];
  const adjustments: ScoreAdjustment[] = [];
  for (const part of chunks([...new Set(learners)], ID_CHUNK)) {
    attempts.push(...(await db.select(attemptCols).from(a).where(inArray(a.owuiUserId, part))));
    completions.push(...(await db.select(completionCols).from(c).where(inArray(c.owuiUserId, part))));
    adjustments.push(...(await db.select(adjustmentCols).from(s).where(inArray(s.learnerId, part))));
  }
  return { missions, attempts, completions, adjustments };
}

/** The advisory lock of the standings writers (store.ts's migration lock is 727_274_001). */
const STANDINGS_LOCK_KEY = 727_274_002;

/**
 * Waits for any other transaction that writes standings, then holds the standings for the rest of
 * this one. A full rebuild and an adjustment's update both read the records, score them and write
 * the rows back: without it, on Postgres, a rebuild that read before an adjustment committed wrote
 * its older figures over the adjustment's (SQLite runs one transaction at a time anyway). Call it
 * as the transaction's first statement, before any write, so two writers never wait on each other.
 */
export const lockStandings = ({ db, kit }: Conn): Promise<void> => kit.lockForTransaction(db, STANDINGS_LOCK_KEY);

const rowOf = (r: StandingRow, now: Date) => ({
  board: r.board,
  learnerId: r.learnerId,
  position: r.position,
  points: r.points,
  completions: r.completions,
  attempts: r.attempts,
  reachedAt: r.reachedAt,
  updatedAt: now,
});

/** Replaces every standings row with `rows` (a full rebuild), in bulk. */
export async function replaceStandings(conn: Conn, rows: readonly StandingRow[], now: Date): Promise<void> {
  await conn.db.delete(conn.t.standings);
  await conn.kit.bulkInsert(
    conn.db,
    conn.t.standings,
    rows.map((r) => rowOf(r, now)),
  );
}

/**
 * Writes one board's change (core applyStandingsChange): the rows of `upserts` replace those
 * learners' rows, and the rows of `deletes` go.
 */
export async function writeBoardChange(
  conn: Conn,
  board: string,
  change: { upserts: readonly StandingRow[]; deletes: readonly string[] },
  now: Date,
): Promise<void> {
  const { db, t } = conn;
  const gone = [...change.deletes, ...change.upserts.map((r) => r.learnerId)];
  for (const part of chunks(gone, ID_CHUNK))
    await db.delete(t.standings).where(and(eq(t.standings.board, board), inArray(t.standings.learnerId, part)));
  await conn.kit.bulkInsert(
    db,
    t.standings,
    change.upserts.map((r) => rowOf(r, now)),
  );
}

/** A board view's stored rows in board order (at most one per learner: bounded by the learners). */
export async function standingRowsOf({ db, t }: Conn, board: string): Promise<StandingRow[]> {
  const s = t.standings;
  return db
    .select({
      board: s.board,
      learnerId: s.learnerId,
      position: s.position,
      points: s.points,
      completions: s.completions,
      attempts: s.attempts,
      reachedAt: s.reachedAt,
    })
    .from(s)
    .where(eq(s.board, board))
    .orderBy(asc(s.position), asc(s.learnerId));
}

/** Rows per board view (to show what a rebuild wrote). */
export async function standingCounts({ db, t }: Conn): Promise<{ board: string; rows: number }[]> {
  return db
    .select({ board: t.standings.board, rows: count() })
    .from(t.standings)
    .groupBy(t.standings.board)
    .orderBy(asc(t.standings.board));
}

/** The accounts linked to the OpenWebUI users among `learners` (owui id → user id). */
export async function linkedAccounts({ db, t }: Conn, learners: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const u = t.owuiUsers;
  for (const part of chunks([...new Set(learners)], ID_CHUNK)) {
    const rows = await db
      .select({ id: u.id, userId: u.userId })
      .from(u)
      .where(and(inArray(u.id, part), isNotNull(u.userId)));
    for (const r of rows) if (r.userId) out.set(r.id, r.userId);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Score adjustments

export interface NewAdjustment {
  learnerId: string;
  points: number;
  reason: string;
  week: number | null;
  createdBy: string | null;
}

/** Records an adjustment (checked with core's adjustmentProblems by the caller); returns its id. */
export async function insertAdjustment({ db, t }: Conn, input: NewAdjustment, now: Date): Promise<string> {
  const id = newId();
  await db.insert(t.scoreAdjustments).values({ id, ...input, reason: input.reason.trim(), createdAt: now });
  return id;
}

export interface AdjustmentView {
  id: string;
  learnerId: string;
  /** The OpenWebUI user's name and email, when known (staff-only views). */
  learnerName: string | null;
  learnerEmail: string | null;
  points: number;
  reason: string;
  week: number | null;
  createdAt: Date;
  createdByName: string | null;
}

/** Adjustments newest first, of one learner or of everyone, a page at a time. */
export async function listAdjustmentsPage(
  { db, t }: Conn,
  page: PageInput,
  learnerId?: string | null,
): Promise<{ rows: AdjustmentView[]; total: number }> {
  const s = t.scoreAdjustments;
  const where: SQL | undefined = learnerId ? eq(s.learnerId, learnerId) : undefined;
  const rows = await db
    .select({
      id: s.id,
      learnerId: s.learnerId,
      learnerName: t.owuiUsers.name,
      learnerEmail: t.owuiUsers.email,
      points: s.points,
      reason: s.reason,
      week: s.week,
      createdAt: s.createdAt,
      createdByName: t.users.name,
    })
    .from(s)
    .leftJoin(t.owuiUsers, eq(t.owuiUsers.id, s.learnerId))
    .leftJoin(t.users, eq(t.users.id, s.createdBy))
    .where(where)
    .orderBy(desc(s.createdAt), desc(s.id))
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize);
  const [total] = await db.select({ n: count() }).from(s).where(where);
  return { rows, total: total?.n ?? 0 };
}

/** A learner as an admin picks one for an adjustment: an OpenWebUI user. */
export interface LearnerChoice {
  id: string;
  name: string | null;
  email: string | null;
}

/** The OpenWebUI user with this id, or null. */
export async function findLearner({ db, t }: Conn, id: string): Promise<LearnerChoice | null> {
  const u = t.owuiUsers;
  const [row] = await db.select({ id: u.id, name: u.name, email: u.email }).from(u).where(eq(u.id, id)).limit(1);
  return row ?? null;
}

/** OpenWebUI users whose id, name or email contains `query` (case-insensitive), by name; at most `limit`. */
export async function searchLearners({ db, t }: Conn, query: string, limit = 20): Promise<LearnerChoice[]> {
  const u = t.owuiUsers;
  const q = query.trim();
  if (!q) return [];
  return db
    .select({ id: u.id, name: u.name, email: u.email })
    .from(u)
    .where(or(containsLower(u.id, q), containsLower(u.name, q), containsLower(u.email, q)))
    .orderBy(asc(u.name), asc(u.id))
    .limit(limit);
}

/** The weeks that have missions, ascending (each has a board, §M-13). */
export async function missionWeeks({ db, t }: Conn): Promise<number[]> {
  const rows = await db
    .selectDistinct({ week: t.missions.week })
    .from(t.missions)
    .where(isNotNull(t.missions.week))
    .orderBy(asc(t.missions.week));
  return rows.map((r) => r.week).filter((w): w is number => w !== null);
}
