import { badgeImagePath, escapeHtml, type NotificationKind } from "@missionboard/core";
import { type Conn, enqueueMail, findUserById, insertNotification } from "@missionboard/db";
import type { AppSettings } from "../context";

export interface NotifyInput {
  userId: string;
  kind: NotificationKind;
  title: string;
  body?: string;
  /** An app path such as "/student"; mails turn it into an absolute link. */
  link?: string;
  /** The badge the message is about: its artwork is shown in the email (an absolute PNG URL). */
  badgeId?: string;
}

/** An email's <img> of a badge's artwork (PNG: the form every mail client shows). */
export const badgeImageHtml = (appUrl: string, itemId: string, title: string): string =>
  `<p><img src="${escapeHtml(`${appUrl}${badgeImagePath(itemId)}`)}" alt="${escapeHtml(title)}" width="96" height="96"></p>`;

/**
 * Tells a user something in the app (the bell) and, unless they switched email notifications
 * off, by email. Runs in the caller's transaction; call `ctx.mail.afterCommit()` after it commits.
 */
export async function notifyUser(conn: Conn, settings: Pick<AppSettings, "appUrl">, input: NotifyInput, now: Date): Promise<void> {
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
      html: [
        ...(input.badgeId ? [badgeImageHtml(settings.appUrl, input.badgeId, input.title)] : []),
        ...lines.map((l) => `<p>${escapeHtml(l)}</p>`),
        `<p><a href="${escapeHtml(link)}">Open Missionboard</a></p>`,
      ].join("\n"),
    },
    now,
  );
}
