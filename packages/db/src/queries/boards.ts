// Read side of the leaderboards and of a learner's "My missions" (docs/product/missions.md §M-12..M-17).
// Standings rows are written by the jobs that change completions or adjustments; these queries only
// read them and the detection records, each bounded (a page, one learner's rows, or an aggregate).
import { type LeaderboardNameStyle, PAGE_SIZE_MAX, type PageInput, pageOffset } from "@missionboard/core";
import { and, asc, count, desc, eq, inArray, isNotNull, min, sql } from "drizzle-orm";
import type { Conn } from "../store";

/** A board row with what a viewer's name rule needs (core boardName), read in the same query. */
export interface BoardRow {
  position: number;
  learnerId: string;
  points: number;
  completions: number;
  attempts: number;
  reachedAt: Date | null;
  /** OpenWebUI's name for the learner (shown to staff only). */
  owuiName: string | null;
  /** The linked account, if any: its id, name and the learner's choice of how boards show them. */
  accountId: string | null;
  accountName: string | null;
  nameStyle: LeaderboardNameStyle | null;
}

/** Most boards a learner can be on that one read returns (overall, each week, their frozen views). */
export const LEARNER_BOARDS_MAX = 200;
/** Most missions a learner's page lists; the registry is a campaign's worth (tens). */
export const LEARNER_MISSIONS_MAX = 500;
/** Most weeks with boards listed as tabs. */
export const BOARD_WEEKS_MAX = 200;

function boardRowsQuery({ db, t }: Conn) {
  const s = t.standings;
  const o = t.owuiUsers;
  const u = t.users;
  return db
    .select({
      position: s.position,
      learnerId: s.learnerId,
      points: s.points,
      completions: s.completions,
      attempts: s.attempts,
      reachedAt: s.reachedAt,
      owuiName: o.name,
      accountId: u.id,
      accountName: u.name,
      nameStyle: u.leaderboardName,
    })
    .from(s)
    .leftJoin(o, eq(o.id, s.learnerId))
    .leftJoin(u, eq(u.id, o.userId))
    .$dynamic();
}

/** The statement of one page of a board view by position (ties by learner id, so pages never overlap). */
export function boardPageQuery(conn: Conn, board: string, page: PageInput) {
  const s = conn.t.standings;
  const bounded = { page: page.page, pageSize: Math.min(page.pageSize, PAGE_SIZE_MAX) };
  return boardRowsQuery(conn)
    .where(eq(s.board, board))
    .orderBy(asc(s.position), asc(s.learnerId))
    .limit(bounded.pageSize)
    .offset(pageOffset(bounded));
}

/** One page of a board view's rows (at most PAGE_SIZE_MAX). */
export async function boardPage(conn: Conn, board: string, page: PageInput): Promise<BoardRow[]> {
  return boardPageQuery(conn, board, page);
}

/** How many rows a board view has. */
export async function boardRowCount({ db, t }: Conn, board: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(t.standings).where(eq(t.standings.board, board));
  return row?.n ?? 0;
}

/** How many rows each of some board views has (one grouped read; a view without rows is absent). */
export async function boardRowCounts({ db, t }: Conn, boards: readonly string[]): Promise<Map<string, number>> {
  if (boards.length === 0) return new Map();
  const s = t.standings;
  const rows = await db
    .select({ board: s.board, n: count() })
    .from(s)
    .where(inArray(s.board, [...new Set(boards)].slice(0, LEARNER_BOARDS_MAX)))
    .groupBy(s.board);
  return new Map(rows.map((r) => [r.board, r.n]));
}

/** One learner's row on one board view, or null when they are not on it. */
export async function boardRowOf(conn: Conn, board: string, learnerId: string): Promise<BoardRow | null> {
  const s = conn.t.standings;
  const [row] = await boardRowsQuery(conn)
    .where(and(eq(s.board, board), eq(s.learnerId, learnerId)))
    .limit(1);
  return row ?? null;
}

/** A learner's figures on every board view they are on (keyed by core boardKey). */
export async function learnerBoardRows({ db, t }: Conn, learnerId: string) {
  const s = t.standings;
  return db
    .select({ board: s.board, position: s.position, points: s.points, completions: s.completions, attempts: s.attempts })
    .from(s)
    .where(eq(s.learnerId, learnerId))
    .orderBy(asc(s.board))
    .limit(LEARNER_BOARDS_MAX);
}

/** The weeks that have a board (a week with missions, §M-13), ascending. */
export async function boardWeeks({ db, t }: Conn): Promise<number[]> {
  const m = t.missions;
  const rows = await db.selectDistinct({ week: m.week }).from(m).where(isNotNull(m.week)).orderBy(asc(m.week)).limit(BOARD_WEEKS_MAX);
  return rows.map((r) => r.week as number);
}

/** The OpenWebUI user linked to an account (at most one, §M-18), or null. */
export async function learnerOfAccount({ db, t }: Conn, userId: string): Promise<{ id: string; name: string | null } | null> {
  const o = t.owuiUsers;
  const [row] = await db.select({ id: o.id, name: o.name }).from(o).where(eq(o.userId, userId)).limit(1);
  return row ?? null;
}

export type LearnerMissionStatus = "completed" | "in_progress" | "not_started";

export interface LearnerMission {
  missionId: string;
  name: string;
  week: number | null;
  difficulty: string | null;
  /** The mission's points today (what a completion would be worth). */
  missionPoints: number | null;
  status: LearnerMissionStatus;
  attempts: number;
  firstStartedAt: Date | null;
  /** The counted completion (§M-11): the earliest; null when not completed. */
  completedAt: Date | null;
  /** The counted completion's points snapshot (§M-8); null when not completed or without points. */
  pointsSnapshot: number | null;
}

/**
 * Every mission with the learner's status, attempts and counted completion (§M-11). Three bounded
 * reads: the registry, the learner's attempts grouped by mission (mission_attempts_user_idx), and
 * the first completion per mission picked in SQL by §M-11's order.
 */
export async function learnerMissions({ db, t }: Conn, learnerId: string): Promise<LearnerMission[]> {
  const m = t.missions;
  const a = t.missionAttempts;
  const c = t.missionCompletions;
  const missions = await db
    .select({ id: m.id, name: m.name, week: m.week, difficulty: m.difficulty, points: m.points, isActive: m.isActive })
    .from(m)
    .orderBy(sql`${m.week} asc nulls last`, asc(m.name), asc(m.id))
    .limit(LEARNER_MISSIONS_MAX);
  const attempts = await db
    .select({ missionId: a.missionId, n: count(), firstStartedAt: min(a.startedAt) })
    .from(a)
    .where(eq(a.owuiUserId, learnerId))
    .groupBy(a.missionId);
  const ranked = db
    .select({
      missionId: c.missionId,
      completedAt: c.completedAt,
      points: c.points,
      rn: sql<number>`row_number() over (partition by ${c.missionId} order by ${c.completedAt} asc nulls last, ${c.attemptId} asc)`.as(
        "rn",
      ),
    })
    .from(c)
    // The mission list leads, so the lookup probes mission_completions_mission_idx (mission, learner).
    .where(and(inArray(c.missionId, missions.length ? missions.map((x) => x.id) : [""]), eq(c.owuiUserId, learnerId)))
    .as("ranked");
  const counted = await db.select().from(ranked).where(eq(ranked.rn, 1));
  const attemptsBy = new Map(attempts.map((r) => [r.missionId, r]));
  const countedBy = new Map(counted.map((r) => [r.missionId, r]));
  return missions
    .filter((x) => x.isActive || attemptsBy.has(x.id) || countedBy.has(x.id))
    .map((x) => {
      const tried = attemptsBy.get(x.id);
      const done = countedBy.get(x.id);
      const attemptsMade = tried?.n ?? 0;
      return {
        missionId: x.id,
        name: x.name,
        week: x.week,
        difficulty: x.difficulty,
        missionPoints: x.points,
        status: done ? "completed" : attemptsMade > 0 ? "in_progress" : "not_started",
        attempts: attemptsMade,
        firstStartedAt: tried?.firstStartedAt ?? null,
        completedAt: done?.completedAt ?? null,
        pointsSnapshot: done?.points ?? null,
      };
    });
}

/** One of the learner's own attempts, for their list with links to the transcript. */
export interface LearnerAttempt {
  attemptId: string;
  chatId: string;
  title: string | null;
  missionId: string;
  missionName: string;
  startedAt: Date | null;
  /** Completed: a completion record proves it, or detection flagged it (§M-11). */
  completed: boolean;
}

/** A page of the learner's attempts, newest first (no start time last). */
export async function learnerAttemptsPage(
  { db, t }: Conn,
  learnerId: string,
  page: PageInput,
): Promise<{ rows: LearnerAttempt[]; total: number }> {
  const a = t.missionAttempts;
  const ch = t.chats;
  const m = t.missions;
  const c = t.missionCompletions;
  const rows = await db
    .select({
      attemptId: a.id,
      chatId: a.chatId,
      title: ch.title,
      missionId: a.missionId,
      missionName: m.name,
      startedAt: a.startedAt,
      flagged: a.completed,
      proof: c.id,
    })
    .from(a)
    .innerJoin(ch, eq(ch.id, a.chatId))
    .innerJoin(m, eq(m.id, a.missionId))
    .leftJoin(c, eq(c.attemptId, a.id))
    .where(eq(a.owuiUserId, learnerId))
    .orderBy(sql`${a.startedAt} desc nulls last`, desc(a.id))
    .limit(page.pageSize)
    .offset(pageOffset(page));
  const [total] = await db.select({ n: count() }).from(a).where(eq(a.owuiUserId, learnerId));
  return {
    rows: rows.map(({ flagged, proof, ...r }) => ({ ...r, completed: flagged || proof !== null })),
    total: total?.n ?? 0,
  };
}

/** Most adjustments a learner's page lists (newest first). */
export const LEARNER_ADJUSTMENTS_MAX = 100;

/** The learner's score adjustments with their reasons, newest first (shown on their page, §M-12). */
export async function learnerAdjustments({ db, t }: Conn, learnerId: string) {
  const s = t.scoreAdjustments;
  return db
    .select({ id: s.id, points: s.points, reason: s.reason, week: s.week, at: s.createdAt })
    .from(s)
    .where(eq(s.learnerId, learnerId))
    .orderBy(desc(s.createdAt), desc(s.id))
    .limit(LEARNER_ADJUSTMENTS_MAX);
}

/** Points of some learners on one board view (a page's learners: at most a page plus one). */
export async function boardPointsOf({ db, t }: Conn, board: string, learnerIds: readonly string[]): Promise<Map<string, number>> {
  if (learnerIds.length === 0) return new Map();
  const s = t.standings;
  const rows = await db
    .select({ learnerId: s.learnerId, points: s.points })
    .from(s)
    .where(and(eq(s.board, board), inArray(s.learnerId, [...new Set(learnerIds)].slice(0, PAGE_SIZE_MAX + 1))));
  return new Map(rows.map((r) => [r.learnerId, r.points]));
}
