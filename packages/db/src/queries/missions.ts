// Mission administration and reload bookkeeping: the mission registry rows an admin edits, the
// OpenWebUI models seen, reload runs (history, the running one) and the row counts of the
// analytics tables. Writes run inside the caller's store.tx. All counts use count().
import type { MissionChangeStatus, MissionOrigin, ModelChangeField, PageInput, ReloadStatus } from "@missionboard/core";
import { and, asc, count, countDistinct, desc, eq, isNull, sql } from "drizzle-orm";
import type { Schema } from "../schema";
import type { Conn } from "../store";

export type MissionRow = Schema["missions"]["$inferSelect"];
export type OwuiModelRow = Schema["owuiModels"]["$inferSelect"];
export type ReloadRunRow = Schema["reloadRuns"]["$inferSelect"];
export type MissionChangeRow = Schema["missionChanges"]["$inferSelect"];

/** Every mission, by week (missions without a week last), then name. */
export async function listMissionRows({ db, t }: Conn): Promise<MissionRow[]> {
  const m = t.missions;
  return db.select().from(m).orderBy(sql`case when ${m.week} is null then 1 else 0 end`, asc(m.week), asc(m.name), asc(m.id));
}

export async function findMissionById({ db, t }: Conn, id: string): Promise<MissionRow | null> {
  const [row] = await db.select().from(t.missions).where(eq(t.missions.id, id)).limit(1);
  return row ?? null;
}

export async function findMissionByKey({ db, t }: Conn, key: string): Promise<MissionRow | null> {
  const [row] = await db.select().from(t.missions).where(eq(t.missions.key, key.trim().toLowerCase())).limit(1);
  return row ?? null;
}

export interface MissionActivity {
  attempts: number;
  completedAttempts: number;
  /** Distinct OpenWebUI users with a completion; ownerless ones are nobody's (docs/product/missions.md §M-11). */
  completions: number;
}

/** Attempts, completed attempts and distinct completing users per mission id, as core's tally counts them (§M-11). */
export async function missionActivityCounts({ db, t }: Conn): Promise<Map<string, MissionActivity>> {
  const a = t.missionAttempts;
  const c = t.missionCompletions;
  const attempts = await db
    .select({ missionId: a.missionId, n: count(), done: count(sql`case when ${a.completed} then 1 end`) })
    .from(a)
    .groupBy(a.missionId);
  const completions = await db
    .select({ missionId: c.missionId, users: countDistinct(c.owuiUserId) })
    .from(c)
    .groupBy(c.missionId);
  const out = new Map<string, MissionActivity>();
  for (const r of attempts) out.set(r.missionId, { attempts: r.n, completedAttempts: r.done, completions: 0 });
  for (const r of completions) {
    const entry = out.get(r.missionId) ?? { attempts: 0, completedAttempts: 0, completions: 0 };
    entry.completions = r.users;
    out.set(r.missionId, entry);
  }
  return out;
}

/** The fields an admin edits or a manifest import writes. */
export interface MissionFields {
  name: string;
  week: number | null;
  points: number | null;
  difficulty: string | null;
  aliases: string[];
  markers: unknown[];
  includeDefaultMarkers: boolean;
  briefingReplyCounts: boolean;
  startTriggers: string[];
  isActive: boolean;
}

export async function insertMissionRow(
  { db, t }: Conn,
  mission: MissionFields & { key: string; origin: MissionOrigin },
  now: Date,
): Promise<MissionRow> {
  const [row] = await db
    .insert(t.missions)
    .values({ ...mission, key: mission.key.trim().toLowerCase(), updatedAt: now })
    .returning();
  if (!row) throw new Error("insertMissionRow: no row returned");
  return row;
}

/** Sets the given fields; absent ones stay. Returns the updated row, or null when it is gone. */
export async function updateMissionRow(
  { db, t }: Conn,
  id: string,
  patch: Partial<MissionFields & { origin: MissionOrigin }>,
  now: Date,
): Promise<MissionRow | null> {
  const [row] = await db
    .update(t.missions)
    .set({ ...patch, updatedAt: now })
    .where(eq(t.missions.id, id))
    .returning();
  return row ?? null;
}

/** Every OpenWebUI model seen, by name. */
export async function listOwuiModelRows({ db, t }: Conn): Promise<OwuiModelRow[]> {
  return db.select().from(t.owuiModels).orderBy(asc(t.owuiModels.name), asc(t.owuiModels.id));
}

export async function findOwuiModel({ db, t }: Conn, id: string): Promise<OwuiModelRow | null> {
  const [row] = await db.select().from(t.owuiModels).where(eq(t.owuiModels.id, id)).limit(1);
  return row ?? null;
}

// ---------------------------------------------------------------------------------------------
// Reload runs

export type ReloadRunView = ReloadRunRow & { triggeredByName: string | null };

const runColumns = (t: Schema) => ({
  id: t.reloadRuns.id,
  source: t.reloadRuns.source,
  mode: t.reloadRuns.mode,
  status: t.reloadRuns.status,
  startedAt: t.reloadRuns.startedAt,
  finishedAt: t.reloadRuns.finishedAt,
  durationMs: t.reloadRuns.durationMs,
  processed: t.reloadRuns.processed,
  total: t.reloadRuns.total,
  inserted: t.reloadRuns.inserted,
  updated: t.reloadRuns.updated,
  unchanged: t.reloadRuns.unchanged,
  skipped: t.reloadRuns.skipped,
  skippedReasons: t.reloadRuns.skippedReasons,
  skippedRecords: t.reloadRuns.skippedRecords,
  error: t.reloadRuns.error,
  triggeredBy: t.reloadRuns.triggeredBy,
  triggeredByName: t.users.name,
});

/** Reload runs, newest first, with who started them. */
export async function listReloadRunsPage({ db, t }: Conn, page: PageInput): Promise<{ rows: ReloadRunView[]; total: number }> {
  const rows = await db
    .select(runColumns(t))
    .from(t.reloadRuns)
    .leftJoin(t.users, eq(t.users.id, t.reloadRuns.triggeredBy))
    .orderBy(desc(t.reloadRuns.startedAt), desc(t.reloadRuns.id))
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize);
  const [total] = await db.select({ n: count() }).from(t.reloadRuns);
  return { rows, total: total?.n ?? 0 };
}

/** The newest run with the given status (any status when omitted), or null. */
export async function latestReloadRun({ db, t }: Conn, status?: ReloadStatus): Promise<ReloadRunView | null> {
  const [row] = await db
    .select(runColumns(t))
    .from(t.reloadRuns)
    .leftJoin(t.users, eq(t.users.id, t.reloadRuns.triggeredBy))
    .where(status ? eq(t.reloadRuns.status, status) : undefined)
    .orderBy(desc(t.reloadRuns.startedAt), desc(t.reloadRuns.id))
    .limit(1);
  return row ?? null;
}

export interface AnalyticsRowCounts {
  owuiUsers: number;
  models: number;
  missions: number;
  chats: number;
  messages: number;
  attempts: number;
  completions: number;
}

export async function analyticsRowCounts({ db, t }: Conn): Promise<AnalyticsRowCounts> {
  const one = (rows: { n: number }[]) => rows[0]?.n ?? 0;
  return {
    owuiUsers: one(await db.select({ n: count() }).from(t.owuiUsers)),
    models: one(await db.select({ n: count() }).from(t.owuiModels)),
    missions: one(await db.select({ n: count() }).from(t.missions)),
    chats: one(await db.select({ n: count() }).from(t.chats)),
    messages: one(await db.select({ n: count() }).from(t.chatMessages)),
    attempts: one(await db.select({ n: count() }).from(t.missionAttempts)),
    completions: one(await db.select({ n: count() }).from(t.missionCompletions)),
  };
}

/** A single reload run with who started it, or null. */
export async function findReloadRunView({ db, t }: Conn, id: string): Promise<ReloadRunView | null> {
  const [row] = await db
    .select(runColumns(t))
    .from(t.reloadRuns)
    .leftJoin(t.users, eq(t.users.id, t.reloadRuns.triggeredBy))
    .where(eq(t.reloadRuns.id, id))
    .limit(1);
  return row ?? null;
}

// ---------------------------------------------------------------------------------------------
// Model changes proposed to an admin (mission_changes)

export interface NewMissionChange {
  missionId: string;
  modelId: string;
  field: ModelChangeField;
  change: { from: number | boolean | null; to: number | boolean | null };
}

/**
 * Records changes a reload saw: one pending row per mission and field (a newer sighting replaces
 * the pending one's values). Returns how many were new.
 */
export async function recordMissionChanges({ db, t }: Conn, changes: readonly NewMissionChange[], now: Date): Promise<number> {
  let created = 0;
  const c = t.missionChanges;
  for (const change of changes) {
    const updated = await db
      .update(c)
      .set({ modelId: change.modelId, change: change.change, detectedAt: now })
      .where(and(eq(c.missionId, change.missionId), eq(c.field, change.field), eq(c.status, "pending")))
      .returning({ id: c.id });
    if (updated.length > 0) continue;
    const inserted = await db
      .insert(c)
      .values({ ...change, status: "pending", detectedAt: now })
      .onConflictDoNothing()
      .returning({ id: c.id });
    created += inserted.length;
  }
  return created;
}

export type MissionChangeView = MissionChangeRow & { missionKey: string; missionName: string };

/** Changes with the given status (pending by default), oldest first, with their mission's key and name. */
export async function listMissionChanges(
  { db, t }: Conn,
  status: MissionChangeStatus = "pending",
  limit = 200,
): Promise<MissionChangeView[]> {
  const c = t.missionChanges;
  const rows = await db
    .select({ change: c, missionKey: t.missions.key, missionName: t.missions.name })
    .from(c)
    .innerJoin(t.missions, eq(t.missions.id, c.missionId))
    .where(eq(c.status, status))
    .orderBy(asc(c.detectedAt), asc(c.id))
    .limit(limit);
  return rows.map((r) => ({ ...r.change, missionKey: r.missionKey, missionName: r.missionName }));
}

/** Accepts or dismisses a pending change; null when it is not pending (decided meanwhile, or unknown). */
export async function decideMissionChange(
  { db, t }: Conn,
  id: string,
  status: Exclude<MissionChangeStatus, "pending">,
  by: string,
  now: Date,
): Promise<MissionChangeRow | null> {
  const c = t.missionChanges;
  const [row] = await db
    .update(c)
    .set({ status, decidedBy: by, decidedAt: now })
    .where(and(eq(c.id, id), eq(c.status, "pending"), isNull(c.decidedAt)))
    .returning();
  return row ?? null;
}

// ---------------------------------------------------------------------------------------------
// Re-score: completions grouped by their points snapshot

export interface CompletionPointsGroup {
  points: number | null;
  marker: string;
  outcome: string | null;
  completions: number;
  users: number;
}

/** A mission's completions grouped by stored points, marker and outcome, with distinct users per group. */
export async function completionPointGroups({ db, t }: Conn, missionId: string): Promise<CompletionPointsGroup[]> {
  const c = t.missionCompletions;
  return db
    .select({
      points: c.points,
      marker: c.marker,
      outcome: c.outcome,
      completions: count(),
      users: countDistinct(c.owuiUserId),
    })
    .from(c)
    .where(eq(c.missionId, missionId))
    .groupBy(c.points, c.marker, c.outcome)
    .orderBy(asc(c.marker), asc(c.outcome), asc(c.points));
}

const groupCondition = (t: Schema, missionId: string, g: { points: number | null; marker: string; outcome: string | null }) => {
  const c = t.missionCompletions;
  return and(
    eq(c.missionId, missionId),
    eq(c.marker, g.marker),
    g.outcome === null ? isNull(c.outcome) : eq(c.outcome, g.outcome),
    g.points === null ? isNull(c.points) : eq(c.points, g.points),
  );
};

/** Distinct users (OpenWebUI user, else the chat) with a completion in any of `groups`. */
export async function usersInCompletionGroups(
  { db, t }: Conn,
  missionId: string,
  groups: readonly { points: number | null; marker: string; outcome: string | null }[],
): Promise<number> {
  if (groups.length === 0) return 0;
  const c = t.missionCompletions;
  const [row] = await db
    .select({ n: countDistinct(sql`coalesce(${c.owuiUserId}, ${c.chatId})`) })
    .from(c)
    .where(
      sql.join(
        groups.map((g) => sql`(${groupCondition(t, missionId, g)})`),
        sql` or `,
      ),
    );
  return row?.n ?? 0;
}

/** Sets the points of one group's completions; returns how many changed. */
export async function setCompletionGroupPoints(
  { db, t }: Conn,
  missionId: string,
  group: { points: number | null; marker: string; outcome: string | null },
  to: number | null,
): Promise<number> {
  const c = t.missionCompletions;
  const rows = await db
    .update(c)
    .set({ points: to })
    .where(groupCondition(t, missionId, group))
    .returning({ id: c.id });
  return rows.length;
}
