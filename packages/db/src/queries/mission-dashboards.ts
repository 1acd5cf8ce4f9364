// The staff mission dashboards (Overview, Challenge results, Missions grid): aggregates computed
// in SQL and bounded (a page of learners, one mission's completing learners, or grouped counts),
// for 50,000 chats and 5,000 learners. Counting follows core's tally (docs/product/missions.md
// §M-11); the dashboards' own rules (known learners, status, rates) are §M-23.
import { type PageInput, pageOffset } from "@missionboard/core";
import { and, asc, count, countDistinct, desc, eq, exists, inArray, isNotNull, min, ne, or, type SQL, sql } from "drizzle-orm";
import type { Conn } from "../store";
import type { JobRunRow } from "./jobs";

/** A learner's standing at a mission (§M-23): a completion, attempts without one, or nothing. */
export const LEARNER_STATUSES = ["completed", "in_progress", "not_started"] as const;
export type LearnerStatus = (typeof LEARNER_STATUSES)[number];

export interface DashboardFilter {
  week?: number | undefined;
  missionId?: string | undefined;
  status?: LearnerStatus | undefined;
  /** Part of a learner's name or email (OpenWebUI's or the linked account's), or their exact id. */
  user?: string | undefined;
}

/** `%`, `_` and `\` in a search are literal characters, not wildcards. */
const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);
const containsLower = (col: SQL | Parameters<typeof sql>[1], needle: string): SQL =>
  sql`lower(${col}) like ${`%${escapeLike(needle.toLowerCase())}%`} escape '\\'`;

/** A learner id that is somebody (§M-11: an empty or blank id is nobody). */
const isLearner = (col: unknown): SQL => sql`trim(${col}) <> ''`;

/** The OpenWebUI user ids whose name, email, linked account's name or email contains `text`, or whose id is `text`. */
function learnersMatching({ db, t }: Conn, text: string) {
  const u = t.owuiUsers;
  const acct = t.users;
  return db
    .select({ id: u.id })
    .from(u)
    .leftJoin(acct, eq(acct.id, u.userId))
    .where(
      or(
        eq(u.id, text),
        containsLower(u.name, text),
        containsLower(u.email, text),
        containsLower(acct.name, text),
        containsLower(acct.email, text),
      ),
    );
}

/** The condition on mission_attempts (or mission_completions) rows for the filter's week, mission and user. */
function scopeOf(conn: Conn, col: { missionId: unknown; owuiUserId: unknown }, filter: DashboardFilter): SQL | undefined {
  const { db, t } = conn;
  const parts: (SQL | undefined)[] = [];
  if (filter.missionId) parts.push(sql`${col.missionId} = ${filter.missionId}`);
  if (filter.week !== undefined)
    parts.push(sql`${col.missionId} in ${db.select({ id: t.missions.id }).from(t.missions).where(eq(t.missions.week, filter.week))}`);
  const user = filter.user?.trim();
  if (user) parts.push(sql`${col.owuiUserId} in ${learnersMatching(conn, user)}`);
  return and(...parts);
}

/**
 * Known learners (§M-23): OpenWebUI users that are somebody and are not merely a placeholder for an
 * unknown chat owner, or are linked to an account, or have an attempt.
 */
export function knownLearner({ db, t }: Conn): SQL {
  const u = t.owuiUsers;
  const a = t.missionAttempts;
  return and(
    isLearner(u.id),
    or(ne(u.source, "placeholder"), isNotNull(u.userId), exists(db.select({ one: sql`1` }).from(a).where(eq(a.owuiUserId, u.id)))),
  ) as SQL;
}

/**
 * One row per (mission, learner) in scope: attempts, completed attempts and whether a completion
 * record exists (the pair is a completion, §M-11). Ownerless attempts form their own group per
 * mission (learner null or blank): attempts, never a participant or a completion.
 */
function pairsOf(conn: Conn, filter: DashboardFilter) {
  const { db, t } = conn;
  const a = t.missionAttempts;
  const c = t.missionCompletions;
  return db
    .select({
      missionId: a.missionId,
      learner: a.owuiUserId,
      attempts: count().as("attempts"),
      completedAttempts: sql<number>`sum(case when ${a.completed} or ${c.id} is not null then 1 else 0 end)`.as("completed_attempts"),
      done: sql<number>`max(case when ${c.id} is not null then 1 else 0 end)`.as("done"),
    })
    .from(a)
    .leftJoin(c, eq(c.attemptId, a.id))
    .where(scopeOf(conn, a, filter))
    .groupBy(a.missionId, a.owuiUserId)
    .as("pairs");
}

type Pairs = ReturnType<typeof pairsOf>;

/** The status filter on pairs: completed / in progress are learners' pairs; not started has no attempts. */
function pairStatus(p: Pairs, status: LearnerStatus | undefined): SQL | undefined {
  if (!status) return undefined;
  if (status === "completed") return and(isLearner(p.learner), sql`${p.done} = 1`);
  if (status === "in_progress") return and(isLearner(p.learner), sql`${p.done} = 0`);
  return sql`1 = 0`;
}

const num = (v: unknown) => Number(v ?? 0);

export interface MissionBreakdown {
  missionId: string;
  attempts: number;
  completedAttempts: number;
  /** Learners with an attempt (= started (learner, mission) pairs of this mission). */
  participants: number;
  /** Learners with a completion. */
  completions: number;
}

/** Per mission with an attempt in scope: attempts, completed attempts, participants, completions (§M-11). */
export async function missionBreakdown(conn: Conn, filter: DashboardFilter = {}): Promise<MissionBreakdown[]> {
  return filter.status ? breakdownOfPairs(conn, filter) : breakdownDirect(conn, filter);
}

/**
 * Without a status filter: one pass over the attempts grouped by mission and one over the
 * completions (the Overview's common case; grouping by learner first costs several times more).
 */
async function breakdownDirect(conn: Conn, filter: DashboardFilter): Promise<MissionBreakdown[]> {
  const { db, t } = conn;
  const a = t.missionAttempts;
  const c = t.missionCompletions;
  const attempts = await db
    .select({
      missionId: a.missionId,
      attempts: count(),
      completedAttempts: sql`sum(case when ${a.completed} or ${c.id} is not null then 1 else 0 end)`,
      participants: sql`count(distinct case when ${isLearner(a.owuiUserId)} then ${a.owuiUserId} end)`,
    })
    .from(a)
    .leftJoin(c, eq(c.attemptId, a.id))
    .where(scopeOf(conn, a, filter))
    .groupBy(a.missionId)
    .orderBy(asc(a.missionId));
  const done = await db
    .select({ missionId: c.missionId, n: countDistinct(c.owuiUserId) })
    .from(c)
    .where(and(isLearner(c.owuiUserId), scopeOf(conn, c, filter)))
    .groupBy(c.missionId);
  const completions = new Map(done.map((r) => [r.missionId, r.n]));
  return attempts.map((r) => ({
    missionId: r.missionId,
    attempts: r.attempts,
    completedAttempts: num(r.completedAttempts),
    participants: num(r.participants),
    completions: completions.get(r.missionId) ?? 0,
  }));
}

/** With a status filter: the (learner, mission) pairs of that status. */
async function breakdownOfPairs(conn: Conn, filter: DashboardFilter): Promise<MissionBreakdown[]> {
  const p = pairsOf(conn, filter);
  const rows = await conn.db
    .select({
      missionId: p.missionId,
      attempts: sql`sum(${p.attempts})`,
      completedAttempts: sql`sum(${p.completedAttempts})`,
      participants: sql`sum(case when ${isLearner(p.learner)} then 1 else 0 end)`,
      completions: sql`sum(case when ${isLearner(p.learner)} and ${p.done} = 1 then 1 else 0 end)`,
    })
    .from(p)
    .where(pairStatus(p, filter.status))
    .groupBy(p.missionId)
    .orderBy(asc(p.missionId));
  return rows.map((r) => ({
    missionId: r.missionId,
    attempts: num(r.attempts),
    completedAttempts: num(r.completedAttempts),
    participants: num(r.participants),
    completions: num(r.completions),
  }));
}

export interface DashboardSummary {
  /** Missions in scope (every mission, or the week's, or the one chosen). */
  missions: number;
  attempts: number;
  completedAttempts: number;
  /** Distinct (learner, mission) pairs with a completion. */
  completions: number;
  /** Distinct learners with an attempt in scope. */
  participants: number;
  /** (learner, mission) pairs with an attempt: the completion rate's denominator. */
  startedPairs: number;
  /** Known learners (matching the user filter). */
  knownLearners: number;
  /** participants / knownLearners × 100, null without known learners. */
  participationRate: number | null;
  /** completions / startedPairs × 100, null when nothing was started. */
  completionRate: number | null;
}

/** The Overview's cards (§M-23) and the per-mission rows they sum. */
export async function dashboardSummary(
  conn: Conn,
  filter: DashboardFilter = {},
): Promise<{ summary: DashboardSummary; missions: MissionBreakdown[] }> {
  const { db, t } = conn;
  const missions = await missionBreakdown(conn, filter);
  const [people] = filter.status ? await participantsOfPairs(conn, filter) : await participantsDirect(conn, filter);
  const [inScope] = await db
    .select({ n: count() })
    .from(t.missions)
    .where(
      and(
        filter.missionId ? eq(t.missions.id, filter.missionId) : undefined,
        filter.week !== undefined ? eq(t.missions.week, filter.week) : undefined,
      ),
    );
  const knownLearners = await knownLearnerCount(conn, filter.user);
  const sum = (k: keyof MissionBreakdown) => missions.reduce((n, m) => n + (m[k] as number), 0);
  const participants = people?.n ?? 0;
  const startedPairs = sum("participants");
  const completions = sum("completions");
  return {
    missions,
    summary: {
      missions: inScope?.n ?? 0,
      attempts: sum("attempts"),
      completedAttempts: sum("completedAttempts"),
      completions,
      participants,
      startedPairs,
      knownLearners,
      participationRate: knownLearners ? (participants / knownLearners) * 100 : null,
      completionRate: startedPairs ? (completions / startedPairs) * 100 : null,
    },
  };
}

function participantsDirect(conn: Conn, filter: DashboardFilter) {
  const a = conn.t.missionAttempts;
  return conn.db
    .select({ n: countDistinct(a.owuiUserId) })
    .from(a)
    .where(and(isLearner(a.owuiUserId), scopeOf(conn, a, filter)));
}

function participantsOfPairs(conn: Conn, filter: DashboardFilter) {
  const p = pairsOf(conn, filter);
  return conn.db
    .select({ n: countDistinct(p.learner) })
    .from(p)
    .where(and(isLearner(p.learner), pairStatus(p, filter.status)));
}

/** How many known learners there are (§M-23), optionally only those matching `user`. */
export async function knownLearnerCount(conn: Conn, user?: string): Promise<number> {
  const u = conn.t.owuiUsers;
  const text = user?.trim();
  const [row] = await conn.db
    .select({ n: count() })
    .from(u)
    .where(and(knownLearner(conn), text ? inArray(u.id, learnersMatching(conn, text)) : undefined));
  return row?.n ?? 0;
}

/** A learner as staff see them: the account's name, else OpenWebUI's (core boardName picks). */
export interface LearnerNames {
  learnerId: string;
  owuiName: string | null;
  accountName: string | null;
  leaderboardName: string | null;
}

const namesOf = (conn: Conn) => {
  const u = conn.t.owuiUsers;
  const acct = conn.t.users;
  return { owuiName: u.name, accountName: acct.name, leaderboardName: acct.leaderboardName };
};

/** Sort key of a learner's staff name: account name, else OpenWebUI name, else id. */
const nameKey = (conn: Conn): SQL =>
  sql`lower(coalesce(nullif(trim(${conn.t.users.name}), ''), nullif(trim(${conn.t.owuiUsers.name}), ''), ${conn.t.owuiUsers.id}))`;

export interface MissionLearnerRow extends LearnerNames {
  status: LearnerStatus;
  attempts: number;
  /** The counted completion's time (the earliest known, §M-11); null when none or unknown. */
  firstCompletedAt: Date | null;
}

/**
 * Every known learner's status at one mission (§M-23), a page at a time: completed first, then in
 * progress, then not started, each by name. `status` keeps one of them.
 */
export async function missionLearnerStatuses(
  conn: Conn,
  missionId: string,
  options: { status?: LearnerStatus | undefined; user?: string | undefined; page: PageInput },
): Promise<{ rows: MissionLearnerRow[]; total: number }> {
  const { db, t } = conn;
  const a = t.missionAttempts;
  const c = t.missionCompletions;
  const u = t.owuiUsers;
  const att = db
    .select({ learner: sql<string>`${a.owuiUserId}`.as("att_learner"), n: count().as("att_n") })
    .from(a)
    .where(eq(a.missionId, missionId))
    .groupBy(a.owuiUserId)
    .as("att");
  const done = db
    .select({
      learner: sql<string>`${c.owuiUserId}`.as("done_learner"),
      first: min(c.completedAt).as("done_first"),
      n: count().as("done_n"),
    })
    .from(c)
    .where(eq(c.missionId, missionId))
    .groupBy(c.owuiUserId)
    .as("done");
  const status = sql<LearnerStatus>`case when ${done.n} is not null then 'completed' when ${att.n} is not null then 'in_progress' else 'not_started' end`;
  const text = options.user?.trim();
  const where = and(
    knownLearner(conn),
    text ? inArray(u.id, learnersMatching(conn, text)) : undefined,
    options.status ? sql`${status} = ${options.status}` : undefined,
  );
  const from = () =>
    db
      .select({
        learnerId: u.id,
        ...namesOf(conn),
        status,
        attempts: att.n,
        firstCompletedAt: done.first,
      })
      .from(u)
      .leftJoin(t.users, eq(t.users.id, u.userId))
      .leftJoin(att, eq(att.learner, u.id))
      .leftJoin(done, eq(done.learner, u.id));
  const rows = await from()
    .where(where)
    .orderBy(sql`case ${status} when 'completed' then 0 when 'in_progress' then 1 else 2 end`, nameKey(conn), asc(u.id))
    .limit(options.page.pageSize)
    .offset(pageOffset(options.page));
  const [total] = await db
    .select({ n: count() })
    .from(u)
    .leftJoin(t.users, eq(t.users.id, u.userId))
    .leftJoin(att, eq(att.learner, u.id))
    .leftJoin(done, eq(done.learner, u.id))
    .where(where);
  return {
    rows: rows.map((r) => ({ ...r, attempts: num(r.attempts), firstCompletedAt: toDate(r.firstCompletedAt) })),
    total: total?.n ?? 0,
  };
}

/** min() over a timestamp column comes back as the column's type on one engine and raw on the other. */
function toDate(v: unknown): Date | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v;
  const d = typeof v === "number" ? new Date(v) : new Date(String(v));
  return Number.isNaN(d.getTime()) ? null : d;
}

/** The attempt and completion records core's funnel needs (counting.ts shapes). */
export interface FunnelRecords {
  attempts: { id: string; missionId: string; owuiUserId: string | null; startedAt: Date | null; completed: boolean }[];
  completions: { attemptId: string; missionId: string; owuiUserId: string | null; completedAt: Date | null; points: number | null }[];
}

/**
 * For ONE mission, the attempts and completions of the learners who completed it (optionally only
 * `learnerIds`): what core's funnel needs for attempts and time to complete (§M-16). Learners who
 * never completed it are not loaded; their number comes from {@link missionBreakdown}.
 */
export async function completingLearnerRecords(conn: Conn, missionId: string, learnerIds?: readonly string[]): Promise<FunnelRecords> {
  const { db, t } = conn;
  const a = t.missionAttempts;
  const c = t.missionCompletions;
  if (learnerIds && learnerIds.length === 0) return { attempts: [], completions: [] };
  const completers = db
    .select({ id: c.owuiUserId })
    .from(c)
    .where(and(eq(c.missionId, missionId), isLearner(c.owuiUserId)));
  const whose = learnerIds ? inArray(a.owuiUserId, [...learnerIds]) : inArray(a.owuiUserId, completers);
  const attempts = await db
    .select({ id: a.id, missionId: a.missionId, owuiUserId: a.owuiUserId, startedAt: a.startedAt, completed: a.completed })
    .from(a)
    .where(and(eq(a.missionId, missionId), whose));
  const completions = await db
    .select({ attemptId: c.attemptId, missionId: c.missionId, owuiUserId: c.owuiUserId, completedAt: c.completedAt, points: c.points })
    .from(c)
    .where(and(eq(c.missionId, missionId), isLearner(c.owuiUserId), learnerIds ? inArray(c.owuiUserId, [...learnerIds]) : undefined));
  return { attempts: attempts.map((r) => ({ ...r, completed: Boolean(r.completed) })), completions };
}

export interface GridCell {
  missionId: string;
  attempts: number;
  completed: boolean;
  firstCompletedAt: Date | null;
}

export interface GridRow extends LearnerNames {
  cells: GridCell[];
}

/**
 * The Missions grid: a page of known learners by name (optionally matching `user`) with, for each,
 * their attempts and completion per mission among `missionIds` (missions are few: all columns).
 */
export async function missionGridPage(
  conn: Conn,
  missionIds: readonly string[],
  options: { user?: string | undefined; page: PageInput },
): Promise<{ rows: GridRow[]; total: number }> {
  const { db, t } = conn;
  const u = t.owuiUsers;
  const text = options.user?.trim();
  const where = and(knownLearner(conn), text ? inArray(u.id, learnersMatching(conn, text)) : undefined);
  const learners = await db
    .select({ learnerId: u.id, ...namesOf(conn) })
    .from(u)
    .leftJoin(t.users, eq(t.users.id, u.userId))
    .where(where)
    .orderBy(nameKey(conn), asc(u.id))
    .limit(options.page.pageSize)
    .offset(pageOffset(options.page));
  const [total] = await db.select({ n: count() }).from(u).where(where);
  const ids = learners.map((l) => l.learnerId);
  const cells = new Map<string, GridCell[]>();
  if (ids.length > 0 && missionIds.length > 0) {
    const a = t.missionAttempts;
    const c = t.missionCompletions;
    const rows = await db
      .select({
        learner: a.owuiUserId,
        missionId: a.missionId,
        attempts: count(),
        done: sql`max(case when ${c.id} is not null then 1 else 0 end)`,
        first: min(c.completedAt),
      })
      .from(a)
      .leftJoin(c, eq(c.attemptId, a.id))
      .where(and(inArray(a.owuiUserId, ids), inArray(a.missionId, [...missionIds])))
      .groupBy(a.owuiUserId, a.missionId);
    for (const r of rows) {
      const list = cells.get(r.learner ?? "") ?? [];
      list.push({ missionId: r.missionId, attempts: r.attempts, completed: num(r.done) === 1, firstCompletedAt: toDate(r.first) });
      cells.set(r.learner ?? "", list);
    }
  }
  return { rows: learners.map((l) => ({ ...l, cells: cells.get(l.learnerId) ?? [] })), total: total?.n ?? 0 };
}

// ---------------------------------------------------------------------------------------------
// The Overview's leaderboard: stored standings rows, read, never recomputed

export const BOARD_SORTS = ["points", "completions", "attempts", "efficiency"] as const;
export type BoardSort = (typeof BOARD_SORTS)[number];

export interface StandingsListRow extends LearnerNames {
  position: number;
  points: number;
  completions: number;
  attempts: number;
  reachedAt: Date | null;
}

/**
 * A page of a board's stored standings rows (`overall` or `week:N`, the live view staff see) with
 * names, sorted in SQL by points (the board's own order: position), completions, attempts or
 * efficiency (completions / attempts), then position. Mission, status and user filters keep the
 * learners whose pairs in scope match (§M-23); the figures stay the board's.
 */
export async function standingsPage(
  conn: Conn,
  options: {
    board: string;
    filter: DashboardFilter;
    sort: BoardSort;
    dir: "asc" | "desc";
    page: PageInput;
  },
): Promise<{ rows: StandingsListRow[]; total: number }> {
  const { db, t } = conn;
  const s = t.standings;
  const u = t.owuiUsers;
  const a = t.missionAttempts;
  const c = t.missionCompletions;
  const { filter } = options;
  const scoped = { ...filter, user: undefined };
  const attemptsInScope = () =>
    db
      .select({ one: sql`1` })
      .from(a)
      .where(and(eq(a.owuiUserId, s.learnerId), scopeOf(conn, a, scoped)));
  const completionsInScope = () =>
    db
      .select({ one: sql`1` })
      .from(c)
      .where(and(eq(c.owuiUserId, s.learnerId), scopeOf(conn, c, scoped)));
  const conditions: (SQL | undefined)[] = [eq(s.board, options.board)];
  const text = filter.user?.trim();
  if (text) conditions.push(inArray(s.learnerId, learnersMatching(conn, text)));
  if (filter.status === "completed") conditions.push(exists(completionsInScope()));
  else if (filter.status === "in_progress") conditions.push(and(exists(attemptsInScope()), sql`not ${exists(completionsInScope())}`));
  else if (filter.status === "not_started") conditions.push(sql`not ${exists(attemptsInScope())}`);
  else if (filter.missionId) conditions.push(exists(attemptsInScope()));
  const where = and(...conditions);
  const dir = sql.raw(options.dir === "asc" ? "asc" : "desc");
  const key: Record<BoardSort, SQL> = {
    // The board's order is its position: "descending points" is position 1 first.
    points: sql`${s.position} ${sql.raw(options.dir === "asc" ? "desc" : "asc")}`,
    completions: sql`${s.completions} ${dir}`,
    attempts: sql`${s.attempts} ${dir}`,
    efficiency: sql`case when ${s.attempts} = 0 then 0 else ${s.completions} * 1.0 / ${s.attempts} end ${dir}`,
  };
  const rows = await db
    .select({
      learnerId: s.learnerId,
      ...namesOf(conn),
      position: s.position,
      points: s.points,
      completions: s.completions,
      attempts: s.attempts,
      reachedAt: s.reachedAt,
    })
    .from(s)
    .leftJoin(u, eq(u.id, s.learnerId))
    .leftJoin(t.users, eq(t.users.id, u.userId))
    .where(where)
    .orderBy(key[options.sort], asc(s.position), asc(s.learnerId))
    .limit(options.page.pageSize)
    .offset(pageOffset(options.page));
  const [total] = await db.select({ n: count() }).from(s).where(where);
  return { rows, total: total?.n ?? 0 };
}

// ---------------------------------------------------------------------------------------------
// Freshness

/** How many recent reload runs freshness looks through for each resource's last load. */
export const FRESHNESS_RUNS = 50;

/** The newest finished reload runs (job_runs of kind reload), newest first, at most {@link FRESHNESS_RUNS}. */
export async function recentReloadJobs({ db, t }: Conn): Promise<JobRunRow[]> {
  const j = t.jobRuns;
  return db
    .select()
    .from(j)
    .where(and(eq(j.kind, "reload"), inArray(j.status, ["succeeded", "failed"])))
    .orderBy(desc(j.finishedAt), desc(j.id))
    .limit(FRESHNESS_RUNS);
}
