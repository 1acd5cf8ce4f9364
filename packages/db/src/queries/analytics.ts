// Queries of the ingest engine (packages/api/src/services/ingest): OpenWebUI users and models,
// mission registry rows, chats with their messages, detected attempts and completions, the
// reload lease and reload runs, message search and the summary counts. Writes run inside the
// caller's store.tx; nothing here opens a transaction. See docs/decisions/008-ingest.md.
import {
  emailKey,
  type MissionOrigin,
  type OwuiUserSource,
  type ReloadMode,
  type ReloadSource,
  type ReloadStatus,
} from "@missionboard/core";
import { and, asc, count, countDistinct, desc, eq, getTableColumns, gt, inArray, max, ne, sql, type Table } from "drizzle-orm";
import { newId } from "../ids";
import type { Schema } from "../schema";
import { searchTerms as searchTermsOf } from "../search-terms";
import type { Conn } from "../store";

export type ChatRow = Schema["chats"]["$inferSelect"];
export type ChatMessageRow = Schema["chatMessages"]["$inferSelect"];
export type MissionAttemptRow = Schema["missionAttempts"]["$inferSelect"];
export type MissionCompletionRow = Schema["missionCompletions"]["$inferSelect"];
export type AnalyticsMissionRow = Schema["missions"]["$inferSelect"];
export type AnalyticsReloadRunRow = Schema["reloadRuns"]["$inferSelect"];

/** Rows per multi-row INSERT: well under both engines' bound-parameter limits for these tables. */
const CHUNK = 400;
/** Ids per `IN (…)` list. */
const ID_CHUNK = 500;

const chunks = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

/**
 * Bulk insert for rows that carry every column of `table`, on the caller's connection (so inside
 * its store.tx), through the dialect kit's bulk path (see kit/pg.ts and kit/sqlite.ts): these
 * tables get ~20 rows per chat. `onConflict` is a constant clause, never user input.
 */
const insertRows = ({ db, kit }: Conn, table: Table, rows: readonly Record<string, unknown>[], onConflict = ""): Promise<void> =>
  kit.bulkInsert(db, table, rows, onConflict);

// ---------------------------------------------------------------------------------------------
// OpenWebUI users and models

export interface OwuiUserInput {
  id: string;
  name: string | null;
  email: string | null;
  role: string | null;
  source: OwuiUserSource;
}

/**
 * Inserts or updates users by id (name, email and its key, role, source, updatedAt). The link to a
 * Missionboard account (`userId`) is never touched. A later import upgrades a placeholder. The
 * email key is derived here, so no writer can store an email without it (ADR 026).
 */
export async function upsertOwuiUsers({ db, t }: Conn, users: readonly OwuiUserInput[], now: Date): Promise<void> {
  const u = t.owuiUsers;
  for (const part of chunks(users, CHUNK)) {
    await db
      .insert(u)
      .values(part.map((x) => ({ ...x, emailKey: emailKey(x.email), updatedAt: now })))
      .onConflictDoUpdate({
        target: u.id,
        set: {
          name: sql`excluded.name`,
          email: sql`excluded.email`,
          emailKey: sql`excluded.email_key`,
          role: sql`excluded.role`,
          source: sql`excluded.source`,
          updatedAt: sql`excluded.updated_at`,
        },
      });
  }
}

/**
 * Makes sure every id has an owui_users row: unknown chat owners get a `placeholder` row (no name,
 * no email). With `touch`, existing rows are stamped `updatedAt = now` so a truncate run's final
 * sweep keeps them. Returns how many placeholders were created.
 */
export async function ensureOwuiUsers({ db, t }: Conn, ids: readonly string[], now: Date, touch: boolean): Promise<number> {
  const u = t.owuiUsers;
  let created = 0;
  for (const part of chunks([...new Set(ids)], CHUNK)) {
    const rows = await db
      .insert(u)
      .values(part.map((id) => ({ id, source: "placeholder" as const, updatedAt: now })))
      .onConflictDoNothing()
      .returning({ id: u.id });
    created += rows.length;
    if (touch)
      await db
        .update(u)
        .set({ updatedAt: now })
        .where(and(inArray(u.id, part), ne(u.updatedAt, now)));
  }
  return created;
}

export interface OwuiModelInput {
  id: string;
  name: string;
  tags: string[];
  missionTagged: boolean;
  params: Record<string, string | number | boolean | null>;
}

/** Inserts or updates models by id (every model seen, tagged or not). */
export async function upsertOwuiModels({ db, t }: Conn, models: readonly OwuiModelInput[], now: Date): Promise<void> {
  const m = t.owuiModels;
  for (const part of chunks(models, CHUNK)) {
    await db
      .insert(m)
      .values(part.map((x) => ({ ...x, updatedAt: now })))
      .onConflictDoUpdate({
        target: m.id,
        set: {
          name: sql`excluded.name`,
          tags: sql`excluded.tags`,
          missionTagged: sql`excluded.mission_tagged`,
          params: sql`excluded.params`,
          updatedAt: sql`excluded.updated_at`,
        },
      });
  }
}

/** The stored rows of the models among `ids` (what the previous reload saw of them). */
export async function loadOwuiModels({ db, t }: Conn, ids: readonly string[]): Promise<Map<string, Schema["owuiModels"]["$inferSelect"]>> {
  const out = new Map<string, Schema["owuiModels"]["$inferSelect"]>();
  for (const part of chunks([...new Set(ids)], ID_CHUNK)) {
    for (const row of await db.select().from(t.owuiModels).where(inArray(t.owuiModels.id, part))) out.set(row.id, row);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Mission registry rows

/** Every mission row, oldest first (the order the registry is built in: first alias claim wins). */
export async function loadMissionRows({ db, t }: Conn): Promise<AnalyticsMissionRow[]> {
  return db.select().from(t.missions).orderBy(asc(t.missions.createdAt), asc(t.missions.id));
}

export interface NewMissionRow {
  key: string;
  name: string;
  week: number | null;
  points: number | null;
  difficulty: string | null;
  aliases: string[];
  markers: unknown[];
  includeDefaultMarkers: boolean;
  briefingReplyCounts: boolean;
  startTriggers: string[];
  origin: MissionOrigin;
}

/** Inserts missions whose key is new; existing keys are left alone. Returns the keys inserted. */
export async function insertMissionsIfAbsent({ db, t }: Conn, rows: readonly NewMissionRow[], now: Date): Promise<string[]> {
  const inserted: string[] = [];
  for (const part of chunks(rows, CHUNK)) {
    const res = await db
      .insert(t.missions)
      .values(part.map((r) => ({ ...r, key: r.key.trim().toLowerCase(), updatedAt: now })))
      .onConflictDoNothing()
      .returning({ key: t.missions.key });
    inserted.push(...res.map((r) => r.key));
  }
  return inserted;
}

/** Replaces a mission's alias list (callers only ever add aliases). */
export async function setMissionAliases({ db, t }: Conn, id: string, aliases: string[], now: Date): Promise<void> {
  await db.update(t.missions).set({ aliases, updatedAt: now }).where(eq(t.missions.id, id));
}

// ---------------------------------------------------------------------------------------------
// Chats, messages, attempts, completions

export interface ChatFingerprint {
  updatedAtRemote: Date | null;
  contentHash: string;
}

/** `updatedAtRemote` and `contentHash` of the stored chats among `ids` (unknown ids are absent). */
export async function loadChatFingerprints({ db, t }: Conn, ids: readonly string[]): Promise<Map<string, ChatFingerprint>> {
  const out = new Map<string, ChatFingerprint>();
  for (const part of chunks([...new Set(ids)], ID_CHUNK)) {
    const rows = await db
      .select({ id: t.chats.id, updatedAtRemote: t.chats.updatedAtRemote, contentHash: t.chats.contentHash })
      .from(t.chats)
      .where(inArray(t.chats.id, part));
    for (const r of rows) out.set(r.id, { updatedAtRemote: r.updatedAtRemote, contentHash: r.contentHash });
  }
  return out;
}

export type ChatInput = ChatRow;

/** Inserts or updates chats by id (every column but id replaced from the new row). */
export async function upsertChats(conn: Conn, rows: readonly ChatInput[]): Promise<void> {
  const set = Object.values(getTableColumns(conn.t.chats))
    .filter((col) => col.name !== "id")
    .map((col) => `"${col.name}" = excluded."${col.name}"`)
    .join(", ");
  await insertRows(conn, conn.t.chats, rows, `on conflict ("id") do update set ${set}`);
}

/** Sets `contentHash` of chats (an unchanged chat read from new bytes: the next run can skip it unparsed). */
export async function setChatContentHashes({ db, t }: Conn, rows: readonly { id: string; contentHash: string }[]): Promise<void> {
  for (const r of rows) await db.update(t.chats).set({ contentHash: r.contentHash }).where(eq(t.chats.id, r.id));
}

/** Stamps `ingestedAt` on chats (a truncate run marks the chats it saw unchanged). */
export async function touchChats({ db, t }: Conn, ids: readonly string[], at: Date): Promise<void> {
  for (const part of chunks(ids, ID_CHUNK)) await db.update(t.chats).set({ ingestedAt: at }).where(inArray(t.chats.id, part));
}

/**
 * Deletes the messages of `chatIds` and inserts `messages` (which must belong to those chats or to
 * chats with no stored messages yet: callers leave new chats out of `chatIds`, nothing to delete).
 */
export async function replaceChatMessages(conn: Conn, chatIds: readonly string[], messages: readonly ChatMessageRow[]): Promise<void> {
  const { db, t } = conn;
  for (const part of chunks(chatIds, ID_CHUNK)) await db.delete(t.chatMessages).where(inArray(t.chatMessages.chatId, part));
  await conn.kit.insertChatMessages(db, t.chatMessages, messages);
}

/** The stored messages of `chatIds`, by chat then position. */
export async function loadChatMessages({ db, t }: Conn, chatIds: readonly string[], activeBranchOnly = false): Promise<ChatMessageRow[]> {
  const out: ChatMessageRow[] = [];
  const m = t.chatMessages;
  for (const part of chunks(chatIds, ID_CHUNK)) {
    out.push(
      ...(await db
        .select()
        .from(m)
        .where(activeBranchOnly ? and(inArray(m.chatId, part), eq(m.onActiveBranch, true)) : inArray(m.chatId, part))
        .orderBy(asc(m.chatId), asc(m.position))),
    );
  }
  return out;
}

/** How many chats are stored (a re-detection's total). */
export async function countChats({ db, t }: Conn): Promise<number> {
  const [row] = await db.select({ n: count() }).from(t.chats);
  return row?.n ?? 0;
}

/** A page of chats by id (keyset): the ones after `afterId`, at most `limit`. */
export async function chatPage({ db, t }: Conn, afterId: string | null, limit: number): Promise<ChatRow[]> {
  return db
    .select()
    .from(t.chats)
    .where(afterId === null ? undefined : gt(t.chats.id, afterId))
    .orderBy(asc(t.chats.id))
    .limit(limit);
}

export interface CompletionSnapshot {
  chatId: string;
  missionId: string;
  messageId: string;
  marker: string;
  points: number | null;
  createdAt: Date;
}

/** The stored completions of `chatIds`: their points snapshots survive a re-detection (docs/product/missions.md §M-8). */
export async function loadCompletionSnapshots({ db, t }: Conn, chatIds: readonly string[]): Promise<CompletionSnapshot[]> {
  const c = t.missionCompletions;
  const out: CompletionSnapshot[] = [];
  for (const part of chunks(chatIds, ID_CHUNK)) {
    out.push(
      ...(await db
        .select({
          chatId: c.chatId,
          missionId: c.missionId,
          messageId: c.messageId,
          marker: c.marker,
          points: c.points,
          createdAt: c.createdAt,
        })
        .from(c)
        .where(inArray(c.chatId, part))),
    );
  }
  return out;
}

export type AttemptInput = Omit<MissionAttemptRow, "id"> & {
  completion:
    | (Omit<MissionCompletionRow, "id" | "attemptId" | "missionId" | "owuiUserId" | "chatId" | "detectorVersion" | "createdAt"> & {
        createdAt?: Date;
      })
    | null;
};

/**
 * Deletes the attempts and completions of `chatIds` and inserts `attempts` (with their
 * completions; like {@link replaceChatMessages}, new chats may be left out of `chatIds`).
 */
export async function replaceDetections(
  conn: Conn,
  chatIds: readonly string[],
  attempts: readonly AttemptInput[],
): Promise<{ attempts: number; completions: number }> {
  const { db, t } = conn;
  for (const part of chunks(chatIds, ID_CHUNK)) {
    await db.delete(t.missionCompletions).where(inArray(t.missionCompletions.chatId, part));
    await db.delete(t.missionAttempts).where(inArray(t.missionAttempts.chatId, part));
  }
  const rows = attempts.map(({ completion, ...a }) => ({ row: { ...a, id: newId() }, completion }));
  await insertRows(
    conn,
    t.missionAttempts,
    rows.map((r) => r.row),
  );
  const completions = rows
    .filter((r) => r.completion !== null)
    .map(({ row, completion }) => ({
      ...(completion as NonNullable<AttemptInput["completion"]>),
      id: newId(),
      attemptId: row.id,
      missionId: row.missionId,
      owuiUserId: row.owuiUserId,
      chatId: row.chatId,
      detectorVersion: row.detectorVersion,
    }));
  for (const part of chunks(completions, CHUNK)) await db.insert(t.missionCompletions).values(part);
  return { attempts: rows.length, completions: completions.length };
}

/** Whether any stored attempt was detected by another detector version than `version`. */
export async function hasAttemptsFromOtherDetector({ db, t }: Conn, version: string): Promise<boolean> {
  const [row] = await db
    .select({ id: t.missionAttempts.id })
    .from(t.missionAttempts)
    .where(ne(t.missionAttempts.detectorVersion, version))
    .limit(1);
  return row !== undefined;
}

/** The latest stamp among chats, users and models (a run's mark must be later to be unique). */
export async function latestIngestStamp({ db, t }: Conn): Promise<Date | null> {
  const [c] = await db.select({ at: max(t.chats.ingestedAt) }).from(t.chats);
  const [u] = await db.select({ at: max(t.owuiUsers.updatedAt) }).from(t.owuiUsers);
  const [m] = await db.select({ at: max(t.owuiModels.updatedAt) }).from(t.owuiModels);
  const times = [c?.at, u?.at, m?.at].filter((d): d is Date => d instanceof Date).map((d) => d.getTime());
  return times.length ? new Date(Math.max(...times)) : null;
}

export type SweepResource = "chats" | "users" | "models";

/**
 * The end of a truncate run: deletes what the run did not stamp with `mark` (chats by
 * `ingestedAt`, users and models by `updatedAt`), children first. Returns rows deleted per table.
 */
export async function sweepUnmarked(
  { db, t }: Conn,
  mark: Date,
  resources: ReadonlySet<SweepResource>,
): Promise<Record<SweepResource, number>> {
  const out: Record<SweepResource, number> = { chats: 0, users: 0, models: 0 };
  if (resources.has("chats")) {
    const stale = db.select({ id: t.chats.id }).from(t.chats).where(ne(t.chats.ingestedAt, mark));
    await db.delete(t.missionCompletions).where(inArray(t.missionCompletions.chatId, stale));
    await db.delete(t.missionAttempts).where(inArray(t.missionAttempts.chatId, stale));
    await db.delete(t.chatMessages).where(inArray(t.chatMessages.chatId, stale));
    out.chats = (await db.delete(t.chats).where(ne(t.chats.ingestedAt, mark)).returning({ id: t.chats.id })).length;
  }
  if (resources.has("users"))
    out.users = (await db.delete(t.owuiUsers).where(ne(t.owuiUsers.updatedAt, mark)).returning({ id: t.owuiUsers.id })).length;
  if (resources.has("models"))
    out.models = (await db.delete(t.owuiModels).where(ne(t.owuiModels.updatedAt, mark)).returning({ id: t.owuiModels.id })).length;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Reload runs

export async function createReloadRun(
  { db, t }: Conn,
  run: { id?: string; source: ReloadSource; mode: ReloadMode; startedAt: Date; total: number | null; triggeredBy?: string | null },
): Promise<AnalyticsReloadRunRow> {
  const [row] = await db
    .insert(t.reloadRuns)
    .values({
      id: run.id ?? newId(),
      source: run.source,
      mode: run.mode,
      status: "running",
      startedAt: run.startedAt,
      total: run.total,
      skippedReasons: {},
      triggeredBy: run.triggeredBy ?? null,
    })
    .returning();
  if (!row) throw new Error("createReloadRun: no row returned");
  return row;
}

export type ReloadRunPatch = Partial<
  Pick<
    AnalyticsReloadRunRow,
    | "status"
    | "finishedAt"
    | "durationMs"
    | "processed"
    | "total"
    | "inserted"
    | "updated"
    | "unchanged"
    | "skipped"
    | "skippedReasons"
    | "skippedRecords"
    | "error"
  >
>;

export async function updateReloadRun({ db, t }: Conn, id: string, patch: ReloadRunPatch): Promise<void> {
  await db.update(t.reloadRuns).set(patch).where(eq(t.reloadRuns.id, id));
}

/** Marks a run that was still `running` as failed (an instance died holding the lease). */
export async function abandonReloadRun({ db, t }: Conn, id: string, now: Date, error: string): Promise<void> {
  await db
    .update(t.reloadRuns)
    .set({ status: "failed", finishedAt: now, error })
    .where(and(eq(t.reloadRuns.id, id), eq(t.reloadRuns.status, "running")));
}

export async function findReloadRun({ db, t }: Conn, id: string): Promise<AnalyticsReloadRunRow | null> {
  const [row] = await db.select().from(t.reloadRuns).where(eq(t.reloadRuns.id, id)).limit(1);
  return row ?? null;
}

/** The newest runs first, optionally only those with `status`. */
export async function listReloadRuns({ db, t }: Conn, limit = 20, status?: ReloadStatus): Promise<AnalyticsReloadRunRow[]> {
  return db
    .select()
    .from(t.reloadRuns)
    .where(status ? eq(t.reloadRuns.status, status) : undefined)
    .orderBy(desc(t.reloadRuns.startedAt), desc(t.reloadRuns.id))
    .limit(limit);
}

// ---------------------------------------------------------------------------------------------
// Message search

export interface MessageHit {
  chatId: string;
  messageId: string;
  role: string;
  onActiveBranch: boolean;
  /** Up to ~160 characters around the first matching word, with `…` where text was cut. */
  snippet: string;
}

const SNIPPET_RADIUS = 80;

/** A short excerpt of `content` around the first of `terms` found (case-insensitive). */
export function snippetOf(content: string, terms: readonly string[]): string {
  const lower = content.toLowerCase();
  let at = -1;
  for (const term of terms) {
    const i = lower.indexOf(term);
    if (i >= 0 && (at < 0 || i < at)) at = i;
  }
  const start = Math.max(0, Math.max(at, 0) - SNIPPET_RADIUS);
  const end = Math.min(content.length, start + SNIPPET_RADIUS * 2);
  const text = content.slice(start, end).replace(/\s+/g, " ").trim();
  return `${start > 0 ? "…" : ""}${text}${end < content.length ? "…" : ""}`;
}

/**
 * Messages containing every word of `query` (full-text: FTS5 on SQLite, a GIN `tsvector` index on
 * Postgres; words, not substrings, no stemming), newest chats first, at most `limit`. An empty
 * query (no letters or digits) finds nothing. `chatIds` restricts the search (e.g. a learner's own).
 */
export async function searchMessages(
  { db, t, kit }: Conn,
  query: string,
  options: { limit?: number; chatIds?: readonly string[]; activeBranchOnly?: boolean } = {},
): Promise<MessageHit[]> {
  const match = kit.ftsMatch(query);
  if (!match) return [];
  if (options.chatIds && options.chatIds.length === 0) return [];
  const m = t.chatMessages;
  const rows = await db
    .select({ chatId: m.chatId, messageId: m.messageId, role: m.role, onActiveBranch: m.onActiveBranch, content: m.content })
    .from(m)
    .innerJoin(t.chats, eq(t.chats.id, m.chatId))
    .where(
      and(
        match,
        options.activeBranchOnly ? eq(m.onActiveBranch, true) : undefined,
        options.chatIds ? inArray(m.chatId, [...options.chatIds]) : undefined,
      ),
    )
    .orderBy(desc(t.chats.updatedAtRemote), asc(m.chatId), asc(m.position))
    .limit(Math.min(Math.max(options.limit ?? 50, 1), 500));
  const terms = searchTermsOf(query);
  return rows.map(({ content, ...r }) => ({ ...r, snippet: snippetOf(content, terms) }));
}

// ---------------------------------------------------------------------------------------------
// Counts

export interface MissionCounts {
  missionId: string;
  attempts: number;
  /** Distinct users with a completion (docs/product/missions.md §M-7). */
  completions: number;
  /** Distinct users with an attempt. */
  participants: number;
}

/**
 * Per mission with at least one attempt: attempts, distinct completing users, distinct
 * participants; plus the totals (completions = distinct (user, mission) pairs, participants =
 * distinct users with any attempt). Attempts without an OpenWebUI user count as attempts only.
 */
export async function missionCounts({ db, t }: Conn): Promise<{
  missions: MissionCounts[];
  attempts: number;
  completions: number;
  participants: number;
}> {
  const a = t.missionAttempts;
  const c = t.missionCompletions;
  const perMission = await db
    .select({ missionId: a.missionId, attempts: count(), participants: countDistinct(a.owuiUserId) })
    .from(a)
    .groupBy(a.missionId);
  const completing = await db
    .select({ missionId: c.missionId, users: countDistinct(c.owuiUserId) })
    .from(c)
    .groupBy(c.missionId);
  const done = new Map(completing.map((r) => [r.missionId, r.users]));
  const [totals] = await db.select({ attempts: count(), participants: countDistinct(a.owuiUserId) }).from(a);
  const missions = perMission.map((r) => ({ ...r, completions: done.get(r.missionId) ?? 0 }));
  return {
    missions,
    attempts: totals?.attempts ?? 0,
    completions: missions.reduce((n, m) => n + m.completions, 0),
    participants: totals?.participants ?? 0,
  };
}

/** Rows in the tables an ingest writes. */
export async function ingestRowCounts({
  db,
  t,
}: Conn): Promise<Record<"users" | "models" | "chats" | "messages" | "attempts" | "completions", number>> {
  const one = (rows: { n: number }[]) => rows[0]?.n ?? 0;
  return {
    users: one(await db.select({ n: count() }).from(t.owuiUsers)),
    models: one(await db.select({ n: count() }).from(t.owuiModels)),
    chats: one(await db.select({ n: count() }).from(t.chats)),
    messages: one(await db.select({ n: count() }).from(t.chatMessages)),
    attempts: one(await db.select({ n: count() }).from(t.missionAttempts)),
    completions: one(await db.select({ n: count() }).from(t.missionCompletions)),
  };
}

/** Completed attempts (not deduplicated), for tests and reports. */
export async function completedAttemptCount({ db, t }: Conn): Promise<number> {
  const [row] = await db.select({ n: count() }).from(t.missionAttempts).where(eq(t.missionAttempts.completed, true));
  return row?.n ?? 0;
}
