// Reads of the chat browser: All chats for staff (filters, full-text search over the active
// branch, bounded pages) and one chat's transcript with its missions. Every read is bounded: a
// page of chats, a capped count, a capped transcript; search goes through the engines' full-text
// index (FTS5 on SQLite, the GIN tsvector index on Postgres: migrations 0004/0005).
import type { ChatKind } from "@missionboard/core";
import { and, asc, desc, eq, exists, gt, inArray, notExists, type SQL, sql } from "drizzle-orm";
import type { Conn } from "../store";
import { searchMessages } from "./analytics";

export interface ChatListFilters {
  /** Words of message text (active branch); a search without letters or digits finds nothing. */
  q?: string | null;
  kind?: ChatKind | null;
  missionId?: string | null;
  /** An OpenWebUI user id. */
  owner?: string | null;
}

/** The owner of a chat as far as names go: the OpenWebUI user and the account it is linked to. */
export interface ChatOwner {
  owuiUserId: string;
  owuiName: string | null;
  owuiEmail: string | null;
  accountId: string | null;
  accountName: string | null;
  accountEmail: string | null;
}

export interface ChatSummaryRow {
  id: string;
  title: string | null;
  models: string[];
  updatedAt: Date | null;
  messageCount: number;
  owner: ChatOwner | null;
}

export interface ChatMissionRow {
  chatId: string;
  attemptId: string;
  missionId: string;
  missionName: string;
  week: number | null;
  completed: boolean;
  /** The completing message (§M-6), when a completion record exists. */
  completingMessageId: string | null;
  completedAt: Date | null;
}

/**
 * The WHERE clause of All chats, or null when the filters can match nothing (a search with no
 * words). Mission and completed filters are one EXISTS on the chat's attempts (unique on chat and
 * mission), so "completed + mission X" means the chat completed mission X.
 */
export function chatListWhere({ db, t, kit }: Conn, filters: ChatListFilters): SQL | undefined | null {
  const c = t.chats;
  const a = t.missionAttempts;
  const m = t.chatMessages;
  const where: (SQL | undefined)[] = [];
  if (filters.q) {
    const match = kit.ftsMatch(filters.q);
    if (!match) return null;
    where.push(
      inArray(
        c.id,
        db
          .select({ id: m.chatId })
          .from(m)
          .where(and(match, eq(m.onActiveBranch, true))),
      ),
    );
  }
  if (filters.owner) where.push(eq(c.owuiUserId, filters.owner));
  if (filters.kind === "regular") where.push(notExists(db.select({ one: sql`1` }).from(a).where(eq(a.chatId, c.id))));
  if (filters.kind === "mission" || filters.kind === "completed" || filters.missionId) {
    where.push(
      exists(
        db
          .select({ one: sql`1` })
          .from(a)
          .where(
            and(
              eq(a.chatId, c.id),
              filters.missionId ? eq(a.missionId, filters.missionId) : undefined,
              filters.kind === "completed" ? eq(a.completed, true) : undefined,
            ),
          ),
      ),
    );
  }
  return and(...where);
}

const ownerColumns = (t: Conn["t"]) => ({
  owuiUserId: t.owuiUsers.id,
  owuiName: t.owuiUsers.name,
  owuiEmail: t.owuiUsers.email,
  accountId: t.users.id,
  accountName: t.users.name,
  accountEmail: t.users.email,
});

const toOwner = (r: {
  owuiUserId: string | null;
  owuiName: string | null;
  owuiEmail: string | null;
  accountId: string | null;
  accountName: string | null;
  accountEmail: string | null;
}): ChatOwner | null => (r.owuiUserId ? { ...r, owuiUserId: r.owuiUserId } : null);

/** All chats' row select (the chat, its OpenWebUI user and linked account) over `where`; the caller orders and pages it. */
function selectChatSummaries({ db, t }: Conn, where: SQL | undefined) {
  const c = t.chats;
  return db
    .select({ id: c.id, title: c.title, models: c.models, updatedAt: c.updatedAtRemote, messageCount: c.messageCount, ...ownerColumns(t) })
    .from(c)
    .leftJoin(t.owuiUsers, eq(t.owuiUsers.id, c.owuiUserId))
    .leftJoin(t.users, eq(t.users.id, t.owuiUsers.userId))
    .where(where);
}

type ChatSummarySelected = Awaited<ReturnType<typeof selectChatSummaries>>[number];

const toChatSummary = ({ id, title, models, updatedAt, messageCount, ...owner }: ChatSummarySelected): ChatSummaryRow => ({
  id,
  title,
  models,
  updatedAt,
  messageCount,
  owner: toOwner(owner),
});

const newestFirst = (c: Conn["t"]["chats"]) => [sql`${c.updatedAtRemote} desc nulls last`, desc(c.id)];

/**
 * The ids of the chats matching `filters`, newest first (chats without a time last, then by id), at
 * most `limit`. One read gives a page (a slice) and the count up to a cap (its length): a text
 * search reads every matching message once, not once for the page and again for the count.
 */
export async function matchingChatIds(conn: Conn, filters: ChatListFilters, limit: number): Promise<string[]> {
  const where = chatListWhere(conn, filters);
  if (where === null) return [];
  const c = conn.t.chats;
  const rows = await conn.db
    .select({ id: c.id })
    .from(c)
    .where(where)
    .orderBy(...newestFirst(c))
    .limit(limit);
  return rows.map((r) => r.id);
}

/** All chats' rows of `ids`, in the order of `ids`. */
export async function chatSummaries(conn: Conn, ids: readonly string[]): Promise<ChatSummaryRow[]> {
  if (ids.length === 0) return [];
  const rows = await selectChatSummaries(conn, inArray(conn.t.chats.id, [...ids]));
  const byId = new Map(rows.map((r) => [r.id, toChatSummary(r)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/**
 * A keyset page of the chats matching `filters`, by id (exports: a streamed download neither
 * skips nor repeats a chat while its pages are read one by one).
 */
export async function chatsByIdPage(conn: Conn, filters: ChatListFilters, after: string | null, limit: number): Promise<ChatSummaryRow[]> {
  const where = chatListWhere(conn, filters);
  if (where === null) return [];
  const c = conn.t.chats;
  const rows = await selectChatSummaries(conn, and(where, after ? gt(c.id, after) : undefined))
    .orderBy(asc(c.id))
    .limit(limit);
  return rows.map(toChatSummary);
}

/** The attempts of `chatIds` (a page of chats, or one chat) with their mission and completing message. */
export async function chatMissions({ db, t }: Conn, chatIds: readonly string[]): Promise<ChatMissionRow[]> {
  if (chatIds.length === 0) return [];
  const a = t.missionAttempts;
  const done = t.missionCompletions;
  return db
    .select({
      chatId: a.chatId,
      attemptId: a.id,
      missionId: a.missionId,
      missionName: t.missions.name,
      week: t.missions.week,
      completed: a.completed,
      completingMessageId: done.messageId,
      completedAt: done.completedAt,
    })
    .from(a)
    .innerJoin(t.missions, eq(t.missions.id, a.missionId))
    .leftJoin(done, eq(done.attemptId, a.id))
    .where(inArray(a.chatId, [...chatIds]))
    .orderBy(asc(a.chatId), asc(a.startedAt), asc(t.missions.name));
}

/** The first matching active-branch message's snippet per chat of a page, for a text search. */
export async function snippetsFor(conn: Conn, q: string, chatIds: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (chatIds.length === 0) return out;
  // At most a few hits per chat are needed; the limit bounds the text read for a page.
  const hits = await searchMessages(conn, q, { chatIds, activeBranchOnly: true, limit: Math.min(500, chatIds.length * 4) });
  for (const hit of hits) if (!out.has(hit.chatId)) out.set(hit.chatId, hit.snippet);
  return out;
}

/** A chat's header for the transcript: title, models, times and owner; null when there is no such chat. */
export async function findChatWithOwner({ db, t }: Conn, chatId: string): Promise<(ChatSummaryRow & { createdAt: Date | null }) | null> {
  const c = t.chats;
  const [row] = await db
    .select({
      id: c.id,
      title: c.title,
      models: c.models,
      createdAt: c.createdAtRemote,
      updatedAt: c.updatedAtRemote,
      messageCount: c.messageCount,
      ...ownerColumns(t),
    })
    .from(c)
    .leftJoin(t.owuiUsers, eq(t.owuiUsers.id, c.owuiUserId))
    .leftJoin(t.users, eq(t.users.id, t.owuiUsers.userId))
    .where(eq(c.id, chatId))
    .limit(1);
  if (!row) return null;
  const { id, title, models, createdAt, updatedAt, messageCount, ...owner } = row;
  return { id, title, models, createdAt, updatedAt, messageCount, owner: toOwner(owner) };
}

export interface TranscriptMessage {
  messageId: string;
  role: string;
  model: string | null;
  content: string;
  createdAt: Date | null;
}

/** The first `limit` messages of a chat's active branch (§M-4), in order. */
export async function activeBranchMessages({ db, t }: Conn, chatId: string, limit: number): Promise<TranscriptMessage[]> {
  const m = t.chatMessages;
  return db
    .select({ messageId: m.messageId, role: m.role, model: m.model, content: m.content, createdAt: m.createdAtRemote })
    .from(m)
    .where(and(eq(m.chatId, chatId), eq(m.onActiveBranch, true)))
    .orderBy(asc(m.position))
    .limit(limit);
}

/** The OpenWebUI user linked to an account, or null (a learner's own chats are this user's). */
export async function owuiUserIdOfAccount({ db, t }: Conn, accountId: string): Promise<string | null> {
  const [row] = await db.select({ id: t.owuiUsers.id }).from(t.owuiUsers).where(eq(t.owuiUsers.userId, accountId)).limit(1);
  return row?.id ?? null;
}
