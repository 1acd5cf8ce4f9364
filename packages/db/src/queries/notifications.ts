import { type NotificationKind, requestsWaitingTitle } from "@missionboard/core";
import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Conn } from "../store";

export interface NewNotification {
  userId: string;
  kind: NotificationKind;
  title: string;
  body?: string | null;
  link?: string | null;
}

export async function insertNotification({ db, t }: Conn, notification: NewNotification, now: Date): Promise<void> {
  await db.insert(t.notifications).values({
    userId: notification.userId,
    kind: notification.kind,
    title: notification.title,
    body: notification.body ?? null,
    link: notification.link ?? null,
    createdAt: now,
  });
}

/**
 * Keeps the staff's "N requests waiting" notice up to date (docs/product/badges.md §B-7): every
 * unread one shows the current count, and all are marked read once nothing waits. With `announce`
 * (a request just arrived) each active admin and assistant without an unread one gets one, so a
 * staff member has at most one however many requests arrive; the partial unique index settles
 * races. Bounded: three statements and one multi-row insert (staff are few).
 */
export async function refreshRequestsWaitingNotices(
  { db, t }: Conn,
  input: { pending: number; announce: boolean },
  now: Date,
): Promise<void> {
  const unread = and(eq(t.notifications.kind, "requests_waiting"), isNull(t.notifications.readAt));
  if (input.pending === 0) {
    await db.update(t.notifications).set({ readAt: now }).where(unread);
    return;
  }
  const title = requestsWaitingTitle(input.pending);
  const updated = await db
    .update(t.notifications)
    .set({ title, createdAt: now })
    .where(unread)
    .returning({ userId: t.notifications.userId });
  if (!input.announce) return;
  const has = new Set(updated.map((row) => row.userId));
  const staff = await db
    .select({ id: t.users.id })
    .from(t.users)
    .where(and(inArray(t.users.role, ["admin", "assistant"]), eq(t.users.status, "active")));
  const rows = staff
    .filter((s) => !has.has(s.id))
    .map((s) => ({
      userId: s.id,
      kind: "requests_waiting" as const,
      title,
      body: "in the approval queue",
      link: "/staff/queue",
      createdAt: now,
    }));
  if (rows.length) await db.insert(t.notifications).values(rows).onConflictDoNothing();
}
