// The mailer against a real SMTP server (the in-process sink) on both engines.
import { createServer } from "node:net";
import { enqueueMail, listMail, type Store } from "@missionboard/db";
import { describeEachEngine } from "@missionboard/db/test-utils";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { TEST_NOW } from "../test-helpers";
import { type SmtpSink, startSmtpSink } from "../test-support";
import { createMailer, type MailerOptions, type MailTransport, smtpTransport } from "./mailer";

const FROM = "Missionboard <no-reply@missionboard.test>";
const SENT_AT = new Date(TEST_NOW.getTime() + 60_000);

let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(async () => {
  await sink.close();
});
beforeEach(() => sink.clear());

/** A port nothing listens on: connections are refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const queue = (store: Store, ...subjects: string[]) =>
  store.tx(async (c) => {
    for (const [i, subject] of subjects.entries())
      await enqueueMail(
        c,
        { to: `learner${i}@example.test`, subject, text: `Hello, follow http://missionboard.test/verify/${i}`, html: `<p>${subject}</p>` },
        TEST_NOW,
      );
  });

const rows = (store: Store) => store.read((c) => listMail(c, {}, { page: 1, pageSize: 100 })).then((r) => r.rows);

describeEachEngine("mailer", (store) => {
  const mailer = (options: Partial<MailerOptions> = {}) =>
    createMailer({ store: store(), transport: smtpTransport(sink.url), from: FROM, now: () => SENT_AT, ...options });

  it("delivers mail queued in a committed transaction over SMTP and erases the body", async () => {
    await queue(store(), "Verify your email");
    expect(await mailer().flush()).toBe(1);

    expect(sink.messages).toHaveLength(1);
    const message = sink.messages[0];
    expect(message).toMatchObject({ to: "learner0@example.test", recipients: ["learner0@example.test"], subject: "Verify your email" });
    expect(message?.from).toBe("no-reply@missionboard.test");
    expect(message?.text.trim()).toBe("Hello, follow http://missionboard.test/verify/0");
    expect(message?.html).toContain("<p>Verify your email</p>");

    const [row] = await rows(store());
    expect(row).toMatchObject({ status: "sent", text: null, html: null, attempts: 0, lastError: null, sentAt: SENT_AT });
  });

  it("never sends mail queued in a transaction that rolled back", async () => {
    await expect(
      store().tx(async (c) => {
        await enqueueMail(c, { to: "a@example.test", subject: "Rolled back", text: "no" }, TEST_NOW);
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await mailer().flush()).toBe(0);
    expect(sink.messages).toHaveLength(0);
    expect(await rows(store())).toHaveLength(0);
  });

  it("holds the mail for the outbox when no SMTP is configured", async () => {
    await queue(store(), "Held one", "Held two");
    expect(await mailer({ transport: null }).flush()).toBe(2);
    expect(sink.messages).toHaveLength(0);
    const held = await rows(store());
    expect(held.map((r) => r.status)).toEqual(["held", "held"]);
    expect(held.every((r) => r.text?.includes("http://missionboard.test/verify/"))).toBe(true);
    // Held mail is not picked up again, even by a mailer that has SMTP.
    expect(await mailer().flush()).toBe(0);
  });

  it("retries when the SMTP server cannot be reached, then marks the mail failed after maxAttempts", async () => {
    await queue(store(), "Unreachable");
    const errors: unknown[] = [];
    const broken = mailer({
      transport: smtpTransport(`smtp://127.0.0.1:${await closedPort()}`),
      maxAttempts: 3,
      onError: (e) => errors.push(e),
    });

    expect(await broken.flush()).toBe(1);
    let [row] = await rows(store());
    expect(row).toMatchObject({ status: "queued", attempts: 1, sentAt: null });
    expect(row?.lastError).toMatch(/ECONNREFUSED/);
    expect(row?.text).not.toBeNull();

    await broken.flush();
    [row] = await rows(store());
    expect(row).toMatchObject({ status: "queued", attempts: 2 });

    await broken.flush();
    [row] = await rows(store());
    expect(row).toMatchObject({ status: "failed", attempts: 3 });
    expect(errors).toHaveLength(3);

    // Failed is final: a working mailer does not pick it up.
    expect(await mailer().flush()).toBe(0);
    expect(sink.messages).toHaveLength(0);
  });

  it("counts a transport that throws or a server that refuses the message as a failed attempt", async () => {
    await queue(store(), "Refused");
    const throwing: MailTransport = {
      send: async () => {
        throw new Error("boom");
      },
    };
    await mailer({ transport: throwing, maxAttempts: 2 }).flush();
    let [row] = await rows(store());
    expect(row).toMatchObject({ status: "queued", attempts: 1, lastError: "boom" });

    const refusing = await startSmtpSink({ reject: () => "mailbox unavailable" });
    try {
      await mailer({ transport: smtpTransport(refusing.url), maxAttempts: 2 }).flush();
    } finally {
      await refusing.close();
    }
    [row] = await rows(store());
    expect(row).toMatchObject({ status: "failed", attempts: 2 });
    expect(row?.lastError).toMatch(/mailbox unavailable/);
    expect(refusing.messages).toHaveLength(0);
  });

  it("sends each message exactly once when flushes run at the same time", async () => {
    const subjects = Array.from({ length: 45 }, (_, i) => `Concurrent ${i}`);
    await queue(store(), ...subjects);
    // Two app instances (two mailers) and two overlapping flushes on one of them.
    const a = mailer();
    const b = mailer();
    const handled = await Promise.all([a.flush(), b.flush(), a.flush(), b.flush()]);

    expect(sink.messages.map((m) => m.subject).sort()).toEqual([...subjects].sort());
    expect(new Set(sink.messages.map((m) => m.subject)).size).toBe(45);
    // Overlapping flushes on one mailer share a run, so each mailer's count is reported twice.
    expect((handled[0] ?? 0) + (handled[1] ?? 0)).toBe(45);
    const after = await rows(store());
    expect(after.every((r) => r.status === "sent" && r.attempts === 0)).toBe(true);
  });

  it("afterCommit() wakes delivery without waiting for the retry timer", async () => {
    const m = mailer({ retryMs: 0 });
    await queue(store(), "Woken");
    m.afterCommit();
    const message = await sink.waitFor((x) => x.subject === "Woken", 5_000);
    expect(message.to).toBe("learner0@example.test");
    await m.flush(); // lets the running pass record the delivery before the store is dropped
    const [row] = await rows(store());
    expect(row?.status).toBe("sent");
    expect(sink.messages).toHaveLength(1);
  });
});
