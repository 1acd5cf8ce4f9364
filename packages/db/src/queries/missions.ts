// Mission administration and reload bookkeeping: the mission registry rows an admin edits, the
// OpenWebUI models seen, reload runs (history, the running one) and the row counts of the
// analytics tables. Writes run inside the caller's store.tx. All counts use count().
import type { MissionOrigin, PageInput, ReloadStatus } from "@missionboard/core";
import { asc, count, countDistinct, desc, eq, sql } from "drizzle-orm";
import type { Schema } from "../schema";
import type { Conn } from "../store";

export type MissionRow = Schema["missions"]["$inferSelect"];
export type OwuiModelRow = Schema["owuiModels"]["$inferSelect"];
export type ReloadRunRow = Schema["reloadRuns"]["$inferSelect"];

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
  /** Distinct OpenWebUI users with a completion (DECISIONS §11). */
  completions: number;
}

/** Attempts, completed attempts and distinct completing users per mission id. */
export async function missionActivityCounts({ db, t }: Conn): Promise<Map<string, MissionActivity>> {
  const a = t.missionAttempts;
  const c = t.missionCompletions;
  const attempts = await db
    .select({ missionId: a.missionId, n: count(), done: count(sql`case when ${a.completed} then 1 end`) })
    .from(a)
    .groupBy(a.missionId);
  const completions = await db
    .select({ missionId: c.missionId, users: countDistinct(sql`coalesce(${c.owuiUserId}, ${c.chatId})`) })
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
