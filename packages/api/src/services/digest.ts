// The staff's daily digest of the approval queue, and the hourly timer that sends it.
import { digestDue, digestFlagKey, staffDigestEmail } from "@missionboard/core";
import { digestRecipients, enqueueMail, hasSystemFlag, pendingQueueFacts, type Store, setSystemFlag } from "@missionboard/db";
import type { AppSettings, MailDispatch } from "../context";

export type DigestResult = { sent: true; recipients: number; pending: number } | { sent: false; reason: "empty_queue" | "already_sent" };

/**
 * Emails every active admin and assistant who has email notifications on: how many requests are
 * pending, how old the oldest is, and a link to the queue. At most once per UTC day across all
 * instances: the day's system flag is inserted in the same transaction as the mail, so only one
 * caller wins and a failure leaves the day open. An empty queue sends nothing and keeps the day
 * open (a later run that day sends once requests arrive). Wake the mailer after it returns sent.
 */
export async function sendStaffDigest(store: Store, settings: AppSettings, now: Date): Promise<DigestResult> {
  return store.tx(async (c) => {
    const { pending, oldestSubmittedAt } = await pendingQueueFacts(c);
    if (pending === 0 || !oldestSubmittedAt) return { sent: false, reason: "empty_queue" } as const;
    if (!(await setSystemFlag(c, digestFlagKey(now), now))) return { sent: false, reason: "already_sent" } as const;
    const recipients = await digestRecipients(c);
    const queueUrl = `${settings.appUrl}/staff/queue`;
    for (const r of recipients) await enqueueMail(c, staffDigestEmail(r.email, r.name, { pending, oldestSubmittedAt, queueUrl }, now), now);
    return { sent: true, recipients: recipients.length, pending } as const;
  });
}

export interface DigestSchedulerOptions {
  store: Store;
  settings: AppSettings;
  mail: MailDispatch;
  /** DIGEST_HOUR_UTC: the digest goes out at the first check at or after this hour. */
  hourUtc: number;
  now?: () => Date;
  /** How often to check; an hour by default. */
  intervalMs?: number;
  onError?: (error: unknown) => void;
  onSent?: (result: DigestResult & { sent: true }) => void;
}

export interface DigestScheduler {
  /** One check: sends the digest if today's is due and not sent yet. */
  tick(): Promise<DigestResult | null>;
  stop(): void;
}

/** Checks now and then every hour (an unref'd timer, so it never keeps the process alive). */
export function startDigestScheduler(options: DigestSchedulerOptions): DigestScheduler {
  const now = options.now ?? (() => new Date());
  let running: Promise<DigestResult | null> | null = null;

  async function check(): Promise<DigestResult | null> {
    const at = now();
    if (!digestDue(at, options.hourUtc)) return null;
    if (await options.store.read((c) => hasSystemFlag(c, digestFlagKey(at)))) return null;
    const result = await sendStaffDigest(options.store, options.settings, at);
    if (result.sent) {
      options.mail.afterCommit();
      options.onSent?.(result);
    }
    return result;
  }

  const tick = () => {
    running ??= check().finally(() => {
      running = null;
    });
    return running;
  };
  const run = () => void tick().catch((error) => options.onError?.(error));

  const timer = setInterval(run, options.intervalMs ?? 3_600_000);
  timer.unref();
  run();
  return { tick, stop: () => clearInterval(timer) };
}
