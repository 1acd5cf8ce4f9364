// The bell: a user's own notifications, unread counts and the email-notification switch.
import type { PageInput } from "@missionboard/core";
import { pageOffset } from "@missionboard/core";
import { and, count, desc, eq, isNull } from "drizzle-orm";
import type { Conn } from "../store";

/** A user's notifications, newest first. */
export async function listNotifications({ db, t }: Conn, userId: string, page: PageInput) {
  const n = t.notifications;
  const rows = await db
    .select({ id: n.id, kind: n.kind, title: n.title, body: n.body, link: n.link, readAt: n.readAt, createdAt: n.createdAt })
    .from(n)
    .where(eq(n.userId, userId))
    // id is a UUIDv7, so it breaks ties between notifications of the same millisecond.
    .orderBy(desc(n.createdAt), desc(n.id))
    .limit(page.pageSize)
    .offset(pageOffset(page));
  const [total] = await db.select({ n: count() }).from(n).where(eq(n.userId, userId));
  return { rows, total: total?.n ?? 0 };
}

export type NotificationRow = Awaited<ReturnType<typeof listNotifications>>["rows"][number];

export async function countUnreadNotifications({ db, t }: Conn, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(t.notifications)
    .where(and(eq(t.notifications.userId, userId), isNull(t.notifications.readAt)));
  return row?.n ?? 0;
}

/**
 * Marks one of the user's notifications read (keeping the first read time). False when the user
 * has no notification with this id, so another user's notification looks like a missing one.
 */
export async function markNotificationRead({ db, t }: Conn, userId: string, id: string, now: Date): Promise<boolean> {
  const n = t.notifications;
  const own = and(eq(n.id, id), eq(n.userId, userId));
  const updated = await db
    .update(n)
    .set({ readAt: now })
    .where(and(own, isNull(n.readAt)))
    .returning({ id: n.id });
  if (updated.length) return true;
  return (await db.$count(n, own)) > 0;
}

/** Marks every unread notification of the user read; returns how many changed. */
export async function markAllNotificationsRead({ db, t }: Conn, userId: string, now: Date): Promise<number> {
  const n = t.notifications;
  const updated = await db
    .update(n)
    .set({ readAt: now })
    .where(and(eq(n.userId, userId), isNull(n.readAt)))
    .returning({ id: n.id });
  return updated.length;
}

/** Sets the email-notification switch; returns the previous value (null for an unknown user). */
export async function setEmailNotifications({ db, t }: Conn, userId: string, on: boolean, now: Date): Promise<boolean | null> {
  const [before] = await db.select({ on: t.users.emailNotifications }).from(t.users).where(eq(t.users.id, userId)).limit(1);
  if (!before) return null;
  if (before.on !== on) await db.update(t.users).set({ emailNotifications: on, updatedAt: now }).where(eq(t.users.id, userId));
  return before.on;
}

export async function getEmailNotifications({ db, t }: Conn, userId: string): Promise<boolean | null> {
  const [row] = await db.select({ on: t.users.emailNotifications }).from(t.users).where(eq(t.users.id, userId)).limit(1);
  return row ? row.on : null;
}
