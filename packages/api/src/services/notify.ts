import { escapeHtml, type NotificationKind } from "@missionboard/core";
import { type Conn, enqueueMail, findUserById, insertNotification } from "@missionboard/db";
import type { AppSettings } from "../context";

export interface NotifyInput {
  userId: string;
  kind: NotificationKind;
  title: string;
  body?: string;
  /** An app path such as "/student"; mails turn it into an absolute link. */
  link?: string;
}

/**
 * Tells a user something in the app (the bell) and, unless they switched email notifications
 * off, by email. Runs in the caller's transaction; call `ctx.mail.afterCommit()` after it commits.
 */
export async function notifyUser(conn: Conn, settings: AppSettings, input: NotifyInput, now: Date): Promise<void> {
  await insertNotification(
    conn,
    { userId: input.userId, kind: input.kind, title: input.title, body: input.body ?? null, link: input.link ?? null },
    now,
  );
  const user = await findUserById(conn, input.userId);
  if (!user?.emailNotifications || user.status === "deactivated") return;
  const link = input.link ? `${settings.appUrl}${input.link}` : settings.appUrl;
  const lines = [`Hi ${user.name},`, input.title, ...(input.body ? [input.body] : [])];
  await enqueueMail(
    conn,
    {
      to: user.email,
      subject: `Missionboard: ${input.title}`,
      text: `${lines.join("\n\n")}\n\n${link}\n\nYou can turn these emails off on your profile page.`,
      html: `${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join("\n")}\n<p><a href="${escapeHtml(link)}">Open Missionboard</a></p>`,
    },
    now,
  );
}
