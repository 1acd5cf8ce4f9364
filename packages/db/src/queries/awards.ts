// Awards (earned badges): grant, revoke and the bulk reads recompute needs. The partial unique
// index "one live award per student and badge" is the final guard against double awards.
import type { AuditEntry, AwardSource, ItemKind, NotificationKind } from "@missionboard/core";
import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Conn } from "../store";

/** Rows per multi-row INSERT: well under SQLite's 32,766 and Postgres's 65,535 bound parameters. */
export const INSERT_CHUNK = 500;

export interface LiveAward {
  id: string;
  itemId: string;
  kind: ItemKind;
  source: AwardSource;
  awardedAt: Date;
}

/**
 * Takes the student's row lock for the rest of the transaction, so grants and revocations for one
 * student run one after another on pooled Postgres: two approvals completing the same skill at
 * once must see each other's award (SQLite serialises transactions anyway). Call it before
 * reading the student's awards.
 */
export async function lockStudentAwards({ db, t }: Conn, userId: string): Promise<boolean> {
  const rows = await db
    .update(t.users)
    .set({ updatedAt: sql`${t.users.updatedAt}` })
    .where(eq(t.users.id, userId))
    .returning({ id: t.users.id });
  return rows.length > 0;
}

/** A student's live (not revoked) awards, oldest first. */
export async function liveAwardsOf({ db, t }: Conn, userId: string): Promise<LiveAward[]> {
  return db
    .select({ id: t.awards.id, itemId: t.awards.itemId, kind: t.awards.kind, source: t.awards.source, awardedAt: t.awards.awardedAt })
    .from(t.awards)
    .where(and(eq(t.awards.userId, userId), isNull(t.awards.revokedAt)))
    .orderBy(asc(t.awards.awardedAt), asc(t.awards.id));
}

/** A student's awards including revoked ones (history for staff), newest first, with names. */
export async function awardHistoryOf({ db, t }: Conn, userId: string) {
  return db
    .select({
      id: t.awards.id,
      itemId: t.awards.itemId,
      kind: t.awards.kind,
      source: t.awards.source,
      title: t.catalogItems.title,
      requestId: t.awards.requestId,
      awardedBy: t.awards.awardedBy,
      reason: t.awards.reason,
      awardedAt: t.awards.awardedAt,
      revokedAt: t.awards.revokedAt,
      revokeReason: t.awards.revokeReason,
    })
    .from(t.awards)
    .innerJoin(t.catalogItems, eq(t.catalogItems.id, t.awards.itemId))
    .where(eq(t.awards.userId, userId))
    .orderBy(desc(t.awards.awardedAt), desc(t.awards.id));
}

export interface NewAward {
  userId: string;
  itemId: string;
  kind: ItemKind;
  source: AwardSource;
  requestId?: string | null;
  awardedBy?: string | null;
  reason?: string | null;
}

/** Inserts an award; null when the student already holds a live one (nothing is written). */
export async function insertAward({ db, t }: Conn, award: NewAward, now: Date) {
  const [row] = await db
    .insert(t.awards)
    .values({
      userId: award.userId,
      itemId: award.itemId,
      kind: award.kind,
      source: award.source,
      requestId: award.requestId ?? null,
      awardedBy: award.awardedBy ?? null,
      reason: award.reason ?? null,
      awardedAt: now,
    })
    .onConflictDoNothing()
    .returning({ id: t.awards.id, userId: t.awards.userId, itemId: t.awards.itemId, awardedAt: t.awards.awardedAt });
  return row ?? null;
}

/** Many awards in chunked multi-row inserts; returns the ones actually created (conflicts skipped). */
export async function insertAwards({ db, t }: Conn, awards: readonly NewAward[], now: Date) {
  const created: { id: string; userId: string; itemId: string }[] = [];
  for (let i = 0; i < awards.length; i += INSERT_CHUNK) {
    const rows = await db
      .insert(t.awards)
      .values(
        awards.slice(i, i + INSERT_CHUNK).map((a) => ({
          userId: a.userId,
          itemId: a.itemId,
          kind: a.kind,
          source: a.source,
          requestId: a.requestId ?? null,
          awardedBy: a.awardedBy ?? null,
          reason: a.reason ?? null,
          awardedAt: now,
        })),
      )
      .onConflictDoNothing()
      .returning({ id: t.awards.id, userId: t.awards.userId, itemId: t.awards.itemId });
    created.push(...rows);
  }
  return created;
}

export interface Revocation {
  userId: string;
  itemId: string;
  revokedBy: string | null;
  reason: string;
}

/** Revokes the live award; null when there is none (never held, or already revoked). */
export async function revokeAward({ db, t }: Conn, revocation: Revocation, now: Date) {
  const [row] = await db
    .update(t.awards)
    .set({ revokedAt: now, revokedBy: revocation.revokedBy, revokeReason: revocation.reason })
    .where(and(eq(t.awards.userId, revocation.userId), eq(t.awards.itemId, revocation.itemId), isNull(t.awards.revokedAt)))
    .returning({ id: t.awards.id, itemId: t.awards.itemId, source: t.awards.source });
  return row ?? null;
}

/**
 * Every live award of every active user, grouped by user, in one query: what recompute
 * evaluates. Students without awards are absent (they cannot qualify for anything automatic).
 */
export async function loadLiveHoldings({ db, t }: Conn): Promise<Map<string, Set<string>>> {
  const rows = await db
    .select({ userId: t.awards.userId, itemId: t.awards.itemId })
    .from(t.awards)
    .innerJoin(t.users, eq(t.users.id, t.awards.userId))
    .where(and(isNull(t.awards.revokedAt), eq(t.users.status, "active")));
  const holdings = new Map<string, Set<string>>();
  for (const row of rows) {
    let held = holdings.get(row.userId);
    if (!held) {
      held = new Set();
      holdings.set(row.userId, held);
    }
    held.add(row.itemId);
  }
  return holdings;
}

/** Names and mail preferences of many users at once (chunked IN lists). */
export async function findAwardRecipients({ db, t }: Conn, ids: readonly string[]) {
  const rows: { id: string; name: string; email: string; status: string; emailNotifications: boolean }[] = [];
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += INSERT_CHUNK) {
    rows.push(
      ...(await db
        .select({
          id: t.users.id,
          name: t.users.name,
          email: t.users.email,
          status: t.users.status,
          emailNotifications: t.users.emailNotifications,
        })
        .from(t.users)
        .where(inArray(t.users.id, unique.slice(i, i + INSERT_CHUNK)))),
    );
  }
  return rows;
}

/** Bulk audit rows (recompute writes one per award granted). */
export async function insertAuditEntriesBulk({ db, t }: Conn, entries: readonly AuditEntry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += INSERT_CHUNK) await db.insert(t.auditLogs).values(entries.slice(i, i + INSERT_CHUNK));
}

export interface BulkNotification {
  userId: string;
  kind: NotificationKind;
  title: string;
  body: string | null;
  link: string | null;
}

/** Bulk in-app notifications. */
export async function insertNotificationsBulk({ db, t }: Conn, notifications: readonly BulkNotification[], now: Date): Promise<void> {
  for (let i = 0; i < notifications.length; i += INSERT_CHUNK)
    await db.insert(t.notifications).values(notifications.slice(i, i + INSERT_CHUNK).map((n) => ({ ...n, createdAt: now })));
}

/** Bulk queued mail (sent after commit by the mailer). */
export async function enqueueMailsBulk(
  { db, t }: Conn,
  messages: readonly { to: string; subject: string; text: string; html: string | null }[],
  now: Date,
): Promise<void> {
  for (let i = 0; i < messages.length; i += INSERT_CHUNK)
    await db.insert(t.mailMessages).values(messages.slice(i, i + INSERT_CHUNK).map((m) => ({ ...m, createdAt: now })));
}
