import { hasSystemFlag } from "@missionboard/db";
import { makeBadgeRequestRow, makeCatalogItem, makeUser } from "@missionboard/db/factories";
import { describeEachEngine } from "@missionboard/db/test-utils";
import { eq as eqEmail } from "drizzle-orm";
import { afterEach, expect, it } from "vitest";
import { TEST_NOW, TEST_SETTINGS } from "../test-helpers";
import { type DigestScheduler, sendStaffDigest, startDigestScheduler } from "./digest";

const hoursAgo = (h: number, from = TEST_NOW) => new Date(from.getTime() - h * 3_600_000);

describeEachEngine("staff digest", (store) => {
  const schedulers: DigestScheduler[] = [];
  afterEach(() => {
    for (const s of schedulers.splice(0)) s.stop();
  });

  async function seedStaff() {
    return store().tx(async (c) => ({
      admin: await makeUser(c, { role: "admin", email: "admin@digest.test", name: "Ada Admin", now: TEST_NOW }),
      assistant: await makeUser(c, { role: "assistant", email: "assist@digest.test", name: "Sam", now: TEST_NOW }),
      quiet: await makeUser(c, { role: "assistant", email: "quiet@digest.test", now: TEST_NOW }),
      gone: await makeUser(c, { role: "admin", status: "deactivated", email: "gone@digest.test", now: TEST_NOW }),
      student: await makeUser(c, { role: "student", email: "student@digest.test", now: TEST_NOW }),
    }));
  }

  async function seedPending(studentId: string, ages: number[]) {
    await store().tx(async (c) => {
      const program = await makeCatalogItem(c, { kind: "program" });
      const skill = await makeCatalogItem(c, { kind: "skill", parent: program });
      for (const [i, age] of ages.entries()) {
        const item = await makeCatalogItem(c, { kind: "mini_badge", parent: skill, title: `Badge ${i}` });
        await makeBadgeRequestRow(c, { userId: studentId, item, submittedAt: hoursAgo(age) });
      }
      // Decided requests are not in the queue.
      const done = await makeCatalogItem(c, { kind: "mini_badge", parent: skill });
      await makeBadgeRequestRow(c, {
        userId: studentId,
        item: done,
        status: "approved",
        submittedAt: hoursAgo(500),
        decidedAt: hoursAgo(400),
      });
    });
  }

  const mails = () =>
    store().read(({ db, t }) =>
      db.select({ to: t.mailMessages.to, subject: t.mailMessages.subject, text: t.mailMessages.text }).from(t.mailMessages),
    );

  async function quiet(email: string) {
    await store().tx(({ db, t }) => db.update(t.users).set({ emailNotifications: false }).where(eqEmail(t.users.email, email)));
  }

  it("sends nothing while the queue is empty and leaves the day open", async () => {
    await seedStaff();
    expect(await sendStaffDigest(store(), TEST_SETTINGS, TEST_NOW)).toEqual({ sent: false, reason: "empty_queue" });
    expect(await mails()).toEqual([]);
    expect(await store().read((c) => hasSystemFlag(c, "digest:2026-10-01"))).toBe(false);
  });

  it("emails active staff with email notifications on: count, oldest age and queue link", async () => {
    const { student } = await seedStaff();
    await quiet("quiet@digest.test");
    await seedPending(student.id, [3, 50, 1]);
    expect(await sendStaffDigest(store(), TEST_SETTINGS, TEST_NOW)).toEqual({ sent: true, recipients: 2, pending: 3 });
    const sent = await mails();
    expect(sent.map((m) => m.to).sort()).toEqual(["admin@digest.test", "assist@digest.test"]);
    for (const m of sent) {
      expect(m.subject).toBe("Missionboard: 3 badge requests are waiting");
      expect(m.text).toContain("oldest was submitted 2 days ago");
      expect(m.text).toContain("http://missionboard.test/staff/queue");
    }
    expect(sent.find((m) => m.to === "assist@digest.test")?.text).toContain("Hi Sam,");
  });

  it("sends once per UTC day, and again the next day", async () => {
    const { student } = await seedStaff();
    await seedPending(student.id, [5]);
    expect((await sendStaffDigest(store(), TEST_SETTINGS, TEST_NOW)).sent).toBe(true);
    expect(await sendStaffDigest(store(), TEST_SETTINGS, hoursAgo(-11))).toEqual({ sent: false, reason: "already_sent" });
    expect(await mails()).toHaveLength(3);
    expect((await sendStaffDigest(store(), TEST_SETTINGS, hoursAgo(-24))).sent).toBe(true);
    expect(await mails()).toHaveLength(6);
  });

  it("two instances at once send one digest", async () => {
    const { student } = await seedStaff();
    await seedPending(student.id, [5, 6]);
    const results = await Promise.all(Array.from({ length: 6 }, () => sendStaffDigest(store(), TEST_SETTINGS, TEST_NOW)));
    expect(results.filter((r) => r.sent)).toHaveLength(1);
    expect(results.filter((r) => !r.sent && r.reason === "already_sent")).toHaveLength(5);
    expect(await mails()).toHaveLength(3);
  });

  it("two schedulers (two instances) send one digest once the hour has passed, and wake their mailer", async () => {
    const { student } = await seedStaff();
    await seedPending(student.id, [5]);
    let clock = new Date("2026-10-01T07:30:00.000Z");
    let wakeUps = 0;
    const start = () => {
      const s = startDigestScheduler({
        store: store(),
        settings: TEST_SETTINGS,
        hourUtc: 8,
        now: () => clock,
        intervalMs: 3_600_000,
        mail: { afterCommit: () => void wakeUps++ },
      });
      schedulers.push(s);
      return s;
    };
    const [a, b] = [start(), start()];
    expect(await Promise.all([a.tick(), b.tick()])).toEqual([null, null]); // before 08:00 UTC
    expect(await mails()).toEqual([]);
    clock = new Date("2026-10-01T08:05:00.000Z");
    await Promise.all([a.tick(), b.tick()]);
    await Promise.all([a.tick(), b.tick()]);
    expect(await mails()).toHaveLength(3);
    expect(wakeUps).toBe(1);
    expect(await store().read((c) => hasSystemFlag(c, "digest:2026-10-01"))).toBe(true);
  });
});
