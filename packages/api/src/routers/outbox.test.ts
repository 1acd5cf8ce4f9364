import { enqueueMail, holdQueuedMail, listMail, markMailSent } from "@missionboard/db";
import { describeEachEngine } from "@missionboard/db/test-utils";
import { TRPCError } from "@trpc/server";
import { expect, it } from "vitest";
import { callerAs, callerFor, makeSessionUser, TEST_NOW } from "../test-helpers";

const at = (seconds: number) => new Date(TEST_NOW.getTime() + seconds * 1000);

describeEachEngine("outbox.list", (store) => {
  /** 6 held (mail 0–5), of which 0 and 1 are then sent, and 4 queued (mail 6–9). */
  async function seed() {
    await store().tx(async (c) => {
      for (let i = 0; i < 6; i++)
        await enqueueMail(c, { to: `user${i}@example.test`, subject: `mail ${i}`, text: `body ${i} http://x.test/verify/${i}` }, at(i));
      await holdQueuedMail(c);
      for (let i = 6; i < 10; i++) await enqueueMail(c, { to: `user${i}@example.test`, subject: `mail ${i}`, text: `body ${i}` }, at(i));
    });
    await store().tx(async (c) => {
      const { rows } = await listMail(c, { status: "held" }, { page: 1, pageSize: 100 });
      for (const row of rows.filter((r) => r.subject === "mail 0" || r.subject === "mail 1")) await markMailSent(c, row.id, at(100));
    });
    return makeSessionUser(store(), "admin");
  }

  it("returns a page of messages, newest first, with totals", async () => {
    const admin = await seed();
    const page = await callerAs(store(), admin).outbox.list({ page: 2, pageSize: 3 });
    expect(page).toMatchObject({ total: 10, page: 2, pageSize: 3, pageCount: 4 });
    expect(page.items.map((m) => m.subject)).toEqual(["mail 6", "mail 5", "mail 4"]);
    const last = await callerAs(store(), admin).outbox.list({ page: 4, pageSize: 3 });
    expect(last.items.map((m) => m.subject)).toEqual(["mail 0"]);
  });

  it("filters by status; only held messages carry their body", async () => {
    const admin = await seed();
    const caller = callerAs(store(), admin);

    const held = await caller.outbox.list({ status: "held" });
    expect(held.total).toBe(4);
    expect(held.items.map((m) => m.subject)).toEqual(["mail 5", "mail 4", "mail 3", "mail 2"]);
    expect(held.items[0]).toMatchObject({ to: "user5@example.test", status: "held", attempts: 0, sentAt: null, lastError: null });
    expect(held.items[0]?.text).toBe("body 5 http://x.test/verify/5");
    expect(held.items[0]?.createdAt).toEqual(at(5));

    const sent = await caller.outbox.list({ status: "sent" });
    expect(sent.items.map((m) => [m.subject, m.text, m.sentAt])).toEqual([
      ["mail 1", null, at(100)],
      ["mail 0", null, at(100)],
    ]);

    const queued = await caller.outbox.list({ status: "queued" });
    expect(queued.total).toBe(4);
    expect(queued.items.every((m) => m.text === null)).toBe(true);

    expect((await caller.outbox.list({ status: "failed" })).total).toBe(0);
  });

  it("rejects an unknown status with BAD_REQUEST", async () => {
    const admin = await seed();
    const error = await callerAs(store(), admin)
      .outbox.list({ status: "delivered" as never })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("BAD_REQUEST");
  });

  it("is for admins only: students and assistants are forbidden, signed-out callers unauthorised", async () => {
    await seed();
    for (const role of ["student", "assistant"] as const) {
      const error = await (await callerFor(store(), role)).outbox.list({}).catch((e: unknown) => e);
      expect((error as TRPCError).code, role).toBe("FORBIDDEN");
    }
    const error = await (await callerFor(store(), null)).outbox.list({}).catch((e: unknown) => e);
    expect((error as TRPCError).code).toBe("UNAUTHORIZED");
  });
});
