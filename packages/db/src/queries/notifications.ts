import type { NotificationKind } from "@missionboard/core";
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
