// A real SMTP server for tests: mail sent to `sink.url` (by this process or another one, e.g. the web app
// started by the e2e harness with SMTP_URL=sink.url) is parsed and kept in `sink.messages`.
import type { AddressInfo } from "node:net";
import { type AddressObject, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface SinkMessage {
  /** Recipient addresses from the To header, comma-separated (usually one). */
  to: string;
  /** Envelope recipients (RCPT TO), lower-cased. */
  recipients: string[];
  /** Envelope sender (MAIL FROM). */
  from: string;
  subject: string;
  text: string;
  html: string | null;
  receivedAt: Date;
}

export interface SmtpSink {
  /** `smtp://127.0.0.1:<port>`: pass it as SMTP_URL or to smtpTransport(). */
  readonly url: string;
  readonly port: number;
  /** Every message received so far, oldest first. */
  readonly messages: SinkMessage[];
  /** Resolves with the first message (already received or arriving later) matching `predicate`. */
  waitFor(predicate?: (message: SinkMessage) => boolean, timeoutMs?: number): Promise<SinkMessage>;
  /** Forgets the messages received so far. */
  clear(): void;
  close(): Promise<void>;
}

export interface SmtpSinkOptions {
  /** 0 (default) = a free port. */
  port?: number;
  host?: string;
  /** When set, each delivery attempt is refused with this SMTP error (e.g. to test retries). */
  reject?: () => string | null;
}

const addresses = (field: AddressObject | AddressObject[] | undefined): string =>
  (Array.isArray(field) ? field : field ? [field] : [])
    .flatMap((a) => a.value.map((v) => v.address ?? ""))
    .filter(Boolean)
    .join(", ");

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const host = options.host ?? "127.0.0.1";
  const messages: SinkMessage[] = [];
  const waiters = new Set<(message: SinkMessage) => boolean>();

  const server = new SMTPServer({
    secure: false,
    // Not advertising STARTTLS keeps nodemailer in plain text: no certificate needed.
    disabledCommands: ["STARTTLS"],
    hideSTARTTLS: true,
    authOptional: true,
    logger: false,
    closeTimeout: 1_000,
    // Any credentials are fine, so SMTP_URL may carry a user and password.
    onAuth: (auth, _session, callback) => callback(null, { user: auth.username ?? "test" }),
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("error", callback);
      stream.on("end", () => {
        const refusal = options.reject?.();
        if (refusal) {
          callback(Object.assign(new Error(refusal), { responseCode: 550 }));
          return;
        }
        simpleParser(Buffer.concat(chunks))
          .then((parsed) => {
            const message: SinkMessage = {
              to: addresses(parsed.to),
              recipients: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
              subject: parsed.subject ?? "",
              text: parsed.text ?? "",
              html: typeof parsed.html === "string" ? parsed.html : null,
              receivedAt: new Date(),
            };
            // Recorded before the client is told "250 OK", so a resolved sendMail() means it is here.
            messages.push(message);
            for (const waiter of [...waiters]) waiter(message);
            callback();
          })
          .catch(callback);
      });
    },
  });

  const port = await new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    const net = server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve((net.address() as AddressInfo).port);
    });
  });
  // Late errors (a client hanging up mid-session) must not crash the test process.
  server.on("error", () => {});

  return {
    url: `smtp://${host}:${port}`,
    port,
    messages,
    waitFor(predicate = () => true, timeoutMs = 5_000) {
      const found = messages.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise<SinkMessage>((resolve, reject) => {
        const waiter = (message: SinkMessage) => {
          if (!predicate(message)) return false;
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(message);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`smtp sink: no matching message within ${timeoutMs} ms (${messages.length} received)`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    clear() {
      messages.length = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
