import type { MailMessage, MailStatus, PageInput } from "@missionboard/core";
import { pageOffset } from "@missionboard/core";
import { and, asc, count, desc, eq, sql } from "drizzle-orm";
import type { Conn } from "../store";

/**
 * Queues a message in the caller's transaction, so mail goes out only for changes that committed.
 * Delivery happens after commit (packages/api/src/services/mailer.ts).
 */
export async function enqueueMail({ db, t }: Conn, message: MailMessage, now: Date): Promise<void> {
  await db
    .insert(t.mailMessages)
    .values({ to: message.to, subject: message.subject, text: message.text, html: message.html ?? null, createdAt: now });
}

/**
 * Claims up to `limit` queued messages for sending. Each claim is a conditional update, so two
 * app instances flushing at once never send the same message twice.
 */
export async function claimQueuedMail({ db, t }: Conn, limit: number) {
  const candidates = await db
    .select({ id: t.mailMessages.id })
    .from(t.mailMessages)
    .where(eq(t.mailMessages.status, "queued"))
    .orderBy(asc(t.mailMessages.createdAt), asc(t.mailMessages.id))
    .limit(limit);
  const claimed = [];
  for (const { id } of candidates) {
    const [row] = await db
      .update(t.mailMessages)
      .set({ status: "sending" })
      .where(and(eq(t.mailMessages.id, id), eq(t.mailMessages.status, "queued")))
      .returning();
    if (row) claimed.push(row);
  }
  return claimed;
}

/** Sent: the body is erased (it may hold a one-time link); the envelope stays for the record. */
export async function markMailSent({ db, t }: Conn, id: string, now: Date) {
  await db
    .update(t.mailMessages)
    .set({ status: "sent", sentAt: now, text: null, html: null, lastError: null })
    .where(eq(t.mailMessages.id, id));
}

/** A failed attempt: back in the queue until `maxAttempts`, then failed for good. */
export async function markMailAttemptFailed({ db, t }: Conn, id: string, error: string, maxAttempts: number) {
  await db
    .update(t.mailMessages)
    .set({
      attempts: sql`${t.mailMessages.attempts} + 1`,
      status: sql`case when ${t.mailMessages.attempts} + 1 >= ${maxAttempts} then 'failed' else 'queued' end`,
      lastError: error.slice(0, 300),
    })
    .where(eq(t.mailMessages.id, id));
}

/** Without SMTP, queued mail is held for the development outbox instead of being sent. */
export async function holdQueuedMail({ db, t }: Conn): Promise<number> {
  const held = await db
    .update(t.mailMessages)
    .set({ status: "held" })
    .where(eq(t.mailMessages.status, "queued"))
    .returning({ id: t.mailMessages.id });
  return held.length;
}

export interface MailFilter {
  status?: MailStatus;
}

/** The outbox, newest first. Bodies are returned as stored (erased once sent). */
export async function listMail({ db, t }: Conn, filter: MailFilter, page: PageInput) {
  const where = filter.status ? eq(t.mailMessages.status, filter.status) : undefined;
  const rows = await db
    .select()
    .from(t.mailMessages)
    .where(where)
    // id is a UUIDv7, so it breaks ties between messages of the same millisecond in insert order.
    .orderBy(desc(t.mailMessages.createdAt), desc(t.mailMessages.id))
    .limit(page.pageSize)
    .offset(pageOffset(page));
  const [total] = await db.select({ n: count() }).from(t.mailMessages).where(where);
  return { rows, total: total?.n ?? 0 };
}
