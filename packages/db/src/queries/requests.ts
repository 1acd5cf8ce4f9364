// Badge requests: submit, the staff queue, decisions and withdrawal. Every state change is a
// conditional UPDATE … WHERE status = 'pending' RETURNING, so racing callers cannot both win.
import type { PageInput, RequestStatus } from "@missionboard/core";
import { pageOffset } from "@missionboard/core";
import { and, asc, count, desc, eq, inArray, lt, or, type SQL } from "drizzle-orm";
import type { Conn } from "../store";
import { containsLower } from "./text-match";

export interface NewBadgeRequest {
  userId: string;
  itemId: string;
  itemTitle: string;
  note?: string | null;
  evidenceUrl?: string | null;
}

/**
 * Inserts a pending request. Returns null when the student already has a pending request for the
 * item: the partial unique index decides (targetless ON CONFLICT DO NOTHING covers it on both
 * engines), so two racing submissions leave exactly one.
 */
export async function insertBadgeRequest({ db, t }: Conn, input: NewBadgeRequest, now: Date) {
  const [row] = await db
    .insert(t.badgeRequests)
    .values({
      userId: input.userId,
      itemId: input.itemId,
      itemTitle: input.itemTitle,
      note: input.note ?? null,
      evidenceUrl: input.evidenceUrl ?? null,
      status: "pending",
      submittedAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing()
    .returning();
  return row ?? null;
}

export async function findBadgeRequest({ db, t }: Conn, id: string) {
  const [row] = await db
    .select({
      id: t.badgeRequests.id,
      userId: t.badgeRequests.userId,
      itemId: t.badgeRequests.itemId,
      itemTitle: t.badgeRequests.itemTitle,
      status: t.badgeRequests.status,
      decidedBy: t.badgeRequests.decidedBy,
      decidedAt: t.badgeRequests.decidedAt,
      decisionReason: t.badgeRequests.decisionReason,
      deciderName: t.users.name,
    })
    .from(t.badgeRequests)
    .leftJoin(t.users, eq(t.users.id, t.badgeRequests.decidedBy))
    .where(eq(t.badgeRequests.id, id));
  return row ?? null;
}

export interface Decision {
  id: string;
  status: "approved" | "rejected";
  decidedBy: string;
  reason: string | null;
}

/** pending → approved/rejected; null when it was not pending any more (someone decided first). */
export async function decideBadgeRequest({ db, t }: Conn, decision: Decision, now: Date) {
  const [row] = await db
    .update(t.badgeRequests)
    .set({ status: decision.status, decidedBy: decision.decidedBy, decidedAt: now, decisionReason: decision.reason, updatedAt: now })
    .where(and(eq(t.badgeRequests.id, decision.id), eq(t.badgeRequests.status, "pending")))
    .returning();
  return row ?? null;
}

/**
 * A pending request for a badge the student was just awarded by other means (mission rules) →
 * approved by nobody, with `reason`; the id, or null when there was none.
 */
export async function settlePendingRequest({ db, t }: Conn, userId: string, itemId: string, reason: string, now: Date) {
  const [row] = await db
    .update(t.badgeRequests)
    .set({ status: "approved", decidedBy: null, decidedAt: now, decisionReason: reason, updatedAt: now })
    .where(and(eq(t.badgeRequests.userId, userId), eq(t.badgeRequests.itemId, itemId), eq(t.badgeRequests.status, "pending")))
    .returning({ id: t.badgeRequests.id });
  return row?.id ?? null;
}

/** The owner's pending request → withdrawn; null when it is not theirs or not pending. */
export async function withdrawBadgeRequest({ db, t }: Conn, id: string, userId: string, now: Date) {
  const [row] = await db
    .update(t.badgeRequests)
    .set({ status: "withdrawn", updatedAt: now })
    .where(and(eq(t.badgeRequests.id, id), eq(t.badgeRequests.userId, userId), eq(t.badgeRequests.status, "pending")))
    .returning();
  return row ?? null;
}

/** Withdraws every pending request of a user (when they are deactivated); returns the withdrawn ids. */
export async function withdrawAllPendingOf({ db, t }: Conn, userId: string, now: Date): Promise<string[]> {
  const rows = await db
    .update(t.badgeRequests)
    .set({ status: "withdrawn", updatedAt: now })
    .where(and(eq(t.badgeRequests.userId, userId), eq(t.badgeRequests.status, "pending")))
    .returning({ id: t.badgeRequests.id });
  return rows.map((r) => r.id);
}

/** The items a student has a pending request for. */
export async function pendingItemIdsOf({ db, t }: Conn, userId: string): Promise<Set<string>> {
  const rows = await db
    .select({ itemId: t.badgeRequests.itemId })
    .from(t.badgeRequests)
    .where(and(eq(t.badgeRequests.userId, userId), eq(t.badgeRequests.status, "pending")));
  return new Set(rows.map((r) => r.itemId));
}

/** A student's requests, newest first, with the decider's name. */
export async function listUserRequests({ db, t }: Conn, userId: string, limit = 100) {
  return db
    .select({
      id: t.badgeRequests.id,
      itemId: t.badgeRequests.itemId,
      itemTitle: t.badgeRequests.itemTitle,
      note: t.badgeRequests.note,
      evidenceUrl: t.badgeRequests.evidenceUrl,
      status: t.badgeRequests.status,
      submittedAt: t.badgeRequests.submittedAt,
      decidedAt: t.badgeRequests.decidedAt,
      decisionReason: t.badgeRequests.decisionReason,
      deciderName: t.users.name,
    })
    .from(t.badgeRequests)
    .leftJoin(t.users, eq(t.users.id, t.badgeRequests.decidedBy))
    .where(eq(t.badgeRequests.userId, userId))
    .orderBy(desc(t.badgeRequests.submittedAt), desc(t.badgeRequests.id))
    .limit(limit);
}

export interface QueueFilter {
  /** Default: pending. */
  status?: RequestStatus;
  /** Items whose program is this one. */
  programId?: string;
  /** Mini-badges under this skill. */
  skillId?: string;
  /** Case-insensitive substring of the student's name, display name or email. */
  student?: string;
  /** Submitted strictly before this instant (the "older than N days" filter). */
  submittedBefore?: Date;
}

/** The approval queue: oldest first (the id, a UUIDv7, breaks ties), paged, with a total. */
export async function listRequestQueue({ db, t }: Conn, filter: QueueFilter, page: PageInput) {
  const r = t.badgeRequests;
  const conditions: SQL[] = [eq(r.status, filter.status ?? "pending")];
  if (filter.programId) conditions.push(eq(t.catalogItems.programId, filter.programId));
  if (filter.skillId) conditions.push(eq(t.catalogItems.parentId, filter.skillId));
  if (filter.submittedBefore) conditions.push(lt(r.submittedAt, filter.submittedBefore));
  const search = filter.student?.trim();
  if (search) {
    const match = or(containsLower(t.users.name, search), containsLower(t.users.email, search), containsLower(t.users.displayName, search));
    if (match) conditions.push(match);
  }
  const where = and(...conditions);
  const rows = await db
    .select({
      id: r.id,
      userId: r.userId,
      studentName: t.users.name,
      studentEmail: t.users.email,
      itemId: r.itemId,
      itemTitle: r.itemTitle,
      itemKind: t.catalogItems.kind,
      note: r.note,
      evidenceUrl: r.evidenceUrl,
      status: r.status,
      submittedAt: r.submittedAt,
      decidedAt: r.decidedAt,
      decisionReason: r.decisionReason,
    })
    .from(r)
    .innerJoin(t.users, eq(t.users.id, r.userId))
    .innerJoin(t.catalogItems, eq(t.catalogItems.id, r.itemId))
    .where(where)
    .orderBy(asc(r.submittedAt), asc(r.id))
    .limit(page.pageSize)
    .offset(pageOffset(page));
  const [total] = await db
    .select({ n: count() })
    .from(r)
    .innerJoin(t.users, eq(t.users.id, r.userId))
    .innerJoin(t.catalogItems, eq(t.catalogItems.id, r.itemId))
    .where(where);
  return { rows, total: total?.n ?? 0 };
}

/** How many requests are in each status (the queue's headline figures). */
export async function countRequestsByStatus({ db, t }: Conn): Promise<Record<RequestStatus, number>> {
  const rows = await db.select({ status: t.badgeRequests.status, n: count() }).from(t.badgeRequests).groupBy(t.badgeRequests.status);
  const counts: Record<RequestStatus, number> = { pending: 0, approved: 0, rejected: 0, withdrawn: 0 };
  for (const row of rows) counts[row.status] = row.n;
  return counts;
}

/** The pending requests among `ids` (used to check a bulk approval before deciding). */
export async function findRequestsByIds({ db, t }: Conn, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: t.badgeRequests.id, userId: t.badgeRequests.userId, status: t.badgeRequests.status })
    .from(t.badgeRequests)
    .where(inArray(t.badgeRequests.id, [...ids]));
}
