import type { MailMessage } from "@missionboard/core";
import { claimQueuedMail, holdQueuedMail, markMailAttemptFailed, markMailSent, type Store } from "@missionboard/db";
import { createTransport } from "nodemailer";
import type { MailDispatch } from "../context";

export interface MailTransport {
  send(message: MailMessage & { from: string }): Promise<void>;
}

/** SMTP through nodemailer; `url` is SMTP_URL (smtp://user:pass@host:port or smtps://…). */
export function smtpTransport(url: string): MailTransport {
  const transporter = createTransport(url);
  return {
    send: async (message) => {
      await transporter.sendMail(message);
    },
  };
}

export interface Mailer extends MailDispatch {
  /** Sends (or holds) everything queued now; resolves with the number of messages handled. */
  flush(): Promise<number>;
  stop(): void;
}

export interface MailerOptions {
  store: Store;
  /** null = no SMTP configured: mail is held for the development outbox. */
  transport: MailTransport | null;
  from: string;
  now: () => Date;
  /** Called with delivery errors; must not log addresses or bodies. */
  onError?: (error: unknown) => void;
  /** Retry interval for messages whose delivery failed; 0 disables the timer. */
  retryMs?: number;
  maxAttempts?: number;
}

const BATCH = 20;

/**
 * Delivers the mail outbox after commits. Wake-ups while a flush runs are coalesced into one more
 * pass, so nothing queued during a flush waits for the retry timer.
 */
export function createMailer(options: MailerOptions): Mailer {
  const { store, transport, from, now } = options;
  const maxAttempts = options.maxAttempts ?? 5;
  let running: Promise<number> | null = null;
  let again = false;

  async function pass(): Promise<number> {
    if (!transport) return store.tx((c) => holdQueuedMail(c));
    let handled = 0;
    for (;;) {
      const batch = await store.tx((c) => claimQueuedMail(c, BATCH));
      if (batch.length === 0) return handled;
      for (const message of batch) {
        try {
          await transport.send({
            from,
            to: message.to,
            subject: message.subject,
            text: message.text ?? "",
            ...(message.html ? { html: message.html } : {}),
          });
          await store.tx((c) => markMailSent(c, message.id, now()));
        } catch (error) {
          options.onError?.(error);
          await store.tx((c) => markMailAttemptFailed(c, message.id, error instanceof Error ? error.message : String(error), maxAttempts));
        }
        handled++;
      }
      if (batch.length < BATCH) return handled;
    }
  }

  function flush(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let total = 0;
      do {
        again = false;
        total += await pass();
      } while (again);
      return total;
    })().finally(() => {
      running = null;
    });
    return running;
  }

  const timer = options.retryMs ? setInterval(() => void flush().catch(options.onError), options.retryMs) : null;
  timer?.unref();

  return {
    afterCommit: () => void flush().catch(options.onError),
    flush,
    stop: () => {
      if (timer) clearInterval(timer);
    },
  };
}
