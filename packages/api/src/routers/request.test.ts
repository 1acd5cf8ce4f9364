import { describeEachEngine } from "@missionboard/db/test-utils";
import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import type { SessionUser } from "../context";
import { auditActions, type BadgeCatalog, failure, liveItems, seedBadgeCatalog, snapshot } from "../test-badges";
import { callerAs, makeSessionUser, recordingMail, TEST_NOW, TEST_SETTINGS } from "../test-helpers";

const daysAgo = (n: number) => new Date(TEST_NOW.getTime() - n * 86_400_000);

describeEachEngine("request router", (store) => {
  let cat: BadgeCatalog;
  let ada: SessionUser;
  let staff: SessionUser;

  async function setup() {
    cat = await seedBadgeCatalog(store());
    ada = await makeSessionUser(store(), "student", { name: "Ada Lovelace" });
    staff = await makeSessionUser(store(), "assistant", { name: "Sam Assistant" });
  }
  const asAda = (now = TEST_NOW) => callerAs(store(), ada, { now }).request;
  const asStaff = (mail = recordingMail()) => callerAs(store(), staff, { mail }).request;
  const submit = async (itemId: string, now = TEST_NOW) => (await asAda(now).submit({ itemId })).id;
  const notificationKinds = (userId: string) =>
    store().read(async ({ db, t }) =>
      (
        await db
          .select({ kind: t.notifications.kind, title: t.notifications.title })
          .from(t.notifications)
          .where(eq(t.notifications.userId, userId))
      ).map((n) => n.kind),
    );

  // --- submit -------------------------------------------------------------------------------------

  it("submits a request with note and evidence, audited, and refuses a second pending one", async () => {
    await setup();
    const res = await asAda().submit({ itemId: cat.m1.id, note: "  see link ", evidenceUrl: "https://example.com/proof" });
    expect(res).toMatchObject({ itemTitle: "First prompt", status: "pending" });
    const mine = await asAda().mine();
    expect(mine[0]).toMatchObject({ note: "see link", evidenceUrl: "https://example.com/proof", status: "pending" });
    expect(await auditActions(store())).toContain("request.submitted");
    const dup = await failure(asAda().submit({ itemId: cat.m1.id }));
    expect(dup.code).toBe("CONFLICT");
    expect(dup.message).toBe("You already have a pending request for “First prompt”.");
  });

  it("refuses inactive, unknown, non-requestable and already-held badges, bad links and forged fields, changing nothing", async () => {
    await setup();
    await submit(cat.m1.id);
    await asStaff().approve({ ids: [(await asAda().mine())[0]?.id ?? ""] });
    const before = await snapshot(store());
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ itemId: cat.old.id }, "BAD_REQUEST", /not open for requests/],
      [{ itemId: "0190d7b0-0000-7000-8000-000000000000" }, "NOT_FOUND", /does not exist/],
      [{ itemId: "not-a-uuid" }, "BAD_REQUEST", /Choose a badge/],
      [{ itemId: cat.S1.id }, "BAD_REQUEST", /Only mini-badges and capstones/],
      [{ itemId: cat.m1.id }, "BAD_REQUEST", /already earned/],
      [{ itemId: cat.m2.id, evidenceUrl: "javascript:alert(1)" }, "BAD_REQUEST", /web address/],
      [{ itemId: cat.m2.id, status: "approved" }, "BAD_REQUEST", /status|Unrecognized/i],
    ];
    for (const [input, code, message] of cases) {
      const error = await failure(asAda().submit(input as never));
      expect([JSON.stringify(input), error.code]).toEqual([JSON.stringify(input), code]);
      expect(error.message).toMatch(message);
    }
    expect(await snapshot(store())).toEqual(before);
  });

  it("refuses a badge under a deactivated parent", async () => {
    await setup();
    await store().tx(({ db, t }) => db.update(t.catalogItems).set({ isActive: false }).where(eq(t.catalogItems.id, cat.S1.id)));
    expect((await failure(asAda().submit({ itemId: cat.m1.id }))).message).toMatch(/not open for requests/);
  });

  it("lets only students who finished onboarding submit", async () => {
    await setup();
    const fresh = await makeSessionUser(store(), "student", { onboarded: false });
    expect((await failure(callerAs(store(), fresh).request.submit({ itemId: cat.m1.id }))).code).toBe("FORBIDDEN");
    expect((await failure(callerAs(store(), staff).request.submit({ itemId: cat.m1.id }))).code).toBe("FORBIDDEN");
  });

  it("keeps one pending request when two identical submissions race", async () => {
    await setup();
    const results = await Promise.allSettled([asAda().submit({ itemId: cat.m1.id }), asAda().submit({ itemId: cat.m1.id })]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((await snapshot(store())).pending).toBe(1);
    const rejected = results.find((r) => r.status === "rejected");
    expect(rejected?.status === "rejected" && (rejected.reason as { code?: string }).code).toBe("CONFLICT");
  });

  // --- withdraw and mine --------------------------------------------------------------------------

  it("withdraws only one's own pending request", async () => {
    await setup();
    const id = await submit(cat.m1.id);
    const other = await makeSessionUser(store(), "student");
    expect((await failure(callerAs(store(), other).request.withdraw({ id }))).code).toBe("NOT_FOUND");
    expect(await asAda().withdraw({ id })).toEqual({ id, status: "withdrawn" });
    expect((await failure(asAda().withdraw({ id }))).code).toBe("CONFLICT");
    expect(await auditActions(store())).toContain("request.withdrawn");
    // Withdrawn frees the slot for a new request.
    await submit(cat.m1.id);
  });

  it("shows the student their requests newest first, rejected ones with the reason", async () => {
    await setup();
    const first = await submit(cat.m1.id, daysAgo(2));
    await submit(cat.m2.id, daysAgo(1));
    await asStaff().reject({ id: first, reason: "  Please add a screenshot.  " });
    const mine = await asAda().mine();
    expect(mine.map((r) => [r.itemTitle, r.status, r.decisionReason, r.deciderName])).toEqual([
      ["Second prompt", "pending", null, null],
      ["First prompt", "rejected", "Please add a screenshot.", "Sam Assistant"],
    ]);
  });

  // --- approve ------------------------------------------------------------------------------------

  // --- the staff's "N requests waiting" notice (issue 11 #11, docs/product/badges.md §B-7) ------------

  it("gives each active staff member one in-app notice of the waiting requests, kept current, and no email", async () => {
    await setup();
    const admin = await makeSessionUser(store(), "admin", { name: "Avery Admin" });
    const gone = await makeSessionUser(store(), "assistant", { status: "deactivated" });
    const waiting = (userId: string) =>
      store().read(async ({ db, t }) =>
        (await db.select().from(t.notifications).where(eq(t.notifications.userId, userId)))
          .filter((n) => n.kind === "requests_waiting")
          .map((n) => ({ title: n.title, link: n.link, read: n.readAt !== null }))
          .sort((a, b) => Number(b.read) - Number(a.read)),
      );
    const bell = (user: SessionUser) => callerAs(store(), user).notification.unreadCount();

    const r1 = await submit(cat.m1.id);
    const r2 = await submit(cat.m2.id);
    for (const user of [staff, admin]) {
      expect(await waiting(user.id)).toEqual([{ title: "2 requests waiting", link: "/staff/queue", read: false }]);
      expect(await bell(user)).toBe(1);
    }
    expect(await waiting(gone.id)).toEqual([]);
    expect(await waiting(ada.id)).toEqual([]);
    // The daily digest stays the only email about the queue.
    expect(await store().read(({ db, t }) => db.$count(t.mailMessages))).toBe(0);

    // A decision updates the count; once read, the next request brings a new notice.
    await asStaff().approve({ ids: [r1] });
    expect(await waiting(admin.id)).toEqual([{ title: "1 request waiting", link: "/staff/queue", read: false }]);
    await callerAs(store(), admin).notification.markAllRead();
    const r3 = await submit(cat.m3.id);
    expect(await waiting(admin.id)).toEqual([
      { title: "1 request waiting", link: "/staff/queue", read: true },
      { title: "2 requests waiting", link: "/staff/queue", read: false },
    ]);
    expect(await waiting(staff.id)).toEqual([{ title: "2 requests waiting", link: "/staff/queue", read: false }]);

    // Nothing waits: the unread notices are cleared and the bell is empty.
    await asAda().withdraw({ id: r2 });
    await asStaff().reject({ id: r3, reason: "Not yet" });
    expect(await waiting(staff.id)).toEqual([{ title: "1 request waiting", link: "/staff/queue", read: true }]);
    expect(await bell(admin)).toBe(0);
  });

  it("keeps one unread notice per staff member when requests arrive at once", async () => {
    await setup();
    await Promise.all([submit(cat.m1.id), submit(cat.m2.id), submit(cat.m3.id)]);
    const unread = await store().read(({ db, t }) => db.$count(t.notifications, eq(t.notifications.userId, staff.id)));
    expect(unread).toBe(1);
    expect(await callerAs(store(), staff).notification.unreadCount()).toBe(1);
  });

  it("approves in one transaction: award, automatic skill award, audits, notifications, mail after commit", async () => {
    await setup();
    const r1 = await submit(cat.m1.id);
    const r2 = await submit(cat.m2.id);
    const mail = recordingMail();
    const first = await asStaff(mail).approve({ ids: [r1] });
    expect(first).toEqual({ approved: [{ id: r1, itemTitle: "First prompt", cascaded: [] }], conflicts: [] });
    const second = await asStaff(mail).approve({ ids: [r2] });
    expect(second.approved[0]?.cascaded).toEqual([{ itemId: cat.S1.id, kind: "skill", title: "Basics", source: "auto" }]);
    expect(mail.wakeUps).toBe(2);
    expect((await liveItems(store(), ada.id)).sort()).toEqual([cat.m1.id, cat.m2.id, cat.S1.id].sort());
    const actions = await auditActions(store());
    expect(actions.filter((a) => a === "request.approved")).toHaveLength(2);
    expect(actions.filter((a) => a === "award.granted")).toHaveLength(2);
    expect(actions.filter((a) => a === "award.auto_granted")).toHaveLength(1);
    const auto = await store().read(({ db, t }) => db.select().from(t.auditLogs).where(eq(t.auditLogs.action, "award.auto_granted")));
    expect(auto[0]).toMatchObject({ actorId: null, metadata: expect.objectContaining({ triggeredBy: cat.m2.id, itemId: cat.S1.id }) });
    expect((await notificationKinds(ada.id)).sort()).toEqual(["badge_awarded", "request_approved", "request_approved"]);
    const mails = await store().read(({ db, t }) => db.select().from(t.mailMessages));
    expect(mails).toHaveLength(3);
    // Each email shows the badge's artwork as an absolute PNG URL (docs/product/badges.md §B-8).
    const html = mails.map((m) => m.html).join("\n");
    for (const id of [cat.m1.id, cat.m2.id, cat.S1.id]) expect(html).toContain(`<img src="${TEST_SETTINGS.appUrl}/badge-image/${id}.png"`);
  });

  it("cascades skill → program, and capstones go through the same flow", async () => {
    await setup();
    // Agents has one skill with one badge: one approval earns badge, skill and program.
    const [n1] = await Promise.all([submit(cat.n1.id)]);
    const res = await asStaff().approve({ ids: [n1 ?? ""] });
    expect(res.approved[0]?.cascaded.map((a) => a.title)).toEqual(["Loops", "Agents"]);
    // Prompting needs Basics, Tools and the required capstone.
    const ids = [await submit(cat.m1.id), await submit(cat.m2.id), await submit(cat.m3.id)];
    await asStaff().approve({ ids });
    expect(await liveItems(store(), ada.id)).not.toContain(cat.P.id);
    const cap = await submit(cat.C.id);
    const capRes = await asStaff().approve({ ids: [cap] });
    expect(capRes.approved[0]?.cascaded.map((a) => a.title)).toEqual(["Prompting"]);
    expect(await liveItems(store(), ada.id)).toContain(cat.P.id);
  });

  it("tells the second decider who decided first, and lists conflicts in a bulk approval", async () => {
    await setup();
    const a = await submit(cat.m1.id);
    const b = await submit(cat.m2.id);
    const admin = await makeSessionUser(store(), "admin", { name: "Avery Admin" });
    await callerAs(store(), admin).request.approve({ ids: [a] });
    const again = await failure(asStaff().approve({ ids: [a] }));
    expect(again.code).toBe("CONFLICT");
    expect(again.message).toBe("This request was already decided by Avery Admin (approved).");
    expect((await failure(asStaff().reject({ id: a, reason: "late" }))).message).toMatch(/already decided by Avery Admin/);
    const bulk = await asStaff().approve({ ids: [a, b, b] });
    expect(bulk.approved.map((r) => r.id)).toEqual([b]);
    expect(bulk.conflicts).toEqual([{ id: a, message: "This request was already decided by Avery Admin (approved)." }]);
    expect((await failure(asStaff().approve({ ids: ["0190d7b0-0000-7000-8000-000000000000"] }))).code).toBe("NOT_FOUND");
    expect((await failure(asStaff().approve({ ids: [] }))).code).toBe("BAD_REQUEST");
  });

  // B15: a request for a badge the student already holds is not approved; staff reject it instead.
  const HELD = "Ada Lovelace already holds “First prompt”. This request cannot be approved; reject it instead.";
  const requestStatus = (id: string) =>
    store().read(async ({ db, t }) => (await db.select().from(t.badgeRequests).where(eq(t.badgeRequests.id, id)))[0]?.status);

  it("refuses to approve a badge the student already holds, alone or in bulk, and leaves the request pending (B15)", async () => {
    await setup();
    const held = await submit(cat.m1.id);
    const other = await submit(cat.m2.id);
    // The badge reached the student another way (data from before the rule, an import, a race).
    await store().tx(({ db, t }) =>
      db.insert(t.awards).values({ userId: ada.id, itemId: cat.m1.id, kind: "mini_badge", source: "manual", awardedAt: TEST_NOW }),
    );
    const before = await snapshot(store());
    const single = await failure(asStaff().approve({ ids: [held] }));
    expect({ code: single.code, message: single.message }).toEqual({ code: "CONFLICT", message: HELD });
    expect(await snapshot(store())).toEqual(before);
    expect(await requestStatus(held)).toBe("pending");
    expect(await auditActions(store())).not.toContain("request.approved");

    const bulk = await asStaff().approve({ ids: [held, other] });
    expect(bulk.conflicts).toEqual([{ id: held, message: HELD }]);
    expect(bulk.approved.map((a) => a.id)).toEqual([other]);
    expect(await requestStatus(held)).toBe("pending");
    expect(await requestStatus(other)).toBe("approved");
    // Rejecting it stays possible, with the reason the student sees.
    await asStaff().reject({ id: held, reason: "You already hold this badge." });
    expect(await requestStatus(held)).toBe("rejected");
  });

  it("an approval racing a manual award of the same capstone ends with one award; the other is told it is held", async () => {
    await setup();
    const admin = await makeSessionUser(store(), "admin", { name: "Avery Admin" });
    for (let round = 0; round < 5; round++) {
      const requestId = await submit(cat.C.id);
      // Either may start first (SQLite serialises them in call order; pooled Postgres interleaves).
      const approve = () => asStaff().approve({ ids: [requestId] });
      const manual = () => callerAs(store(), admin).award.manual({ userId: ada.id, itemId: cat.C.id, reason: "Presented in class" });
      let approval: Promise<unknown>;
      let manualAward: Promise<unknown>;
      if (round % 2 === 0) {
        approval = approve();
        manualAward = manual();
      } else {
        manualAward = manual();
        approval = approve();
      }
      const results = await Promise.allSettled([approval, manualAward]);
      const live = (await liveItems(store(), ada.id)).filter((id) => id === cat.C.id);
      expect(live, `round ${round}`).toHaveLength(1);
      const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
      expect(refused, `round ${round}`).toHaveLength(1);
      expect(String((refused[0]?.reason as Error | undefined)?.message)).toMatch(/already holds “Final project”/);
      // The approval lost: the request is still pending (staff reject it); it won: approved.
      expect(await requestStatus(requestId)).toBe(results[0].status === "fulfilled" ? "approved" : "pending");
      if (results[0].status === "rejected") await asStaff().reject({ id: requestId, reason: "Already awarded." });
      await callerAs(store(), admin).award.revoke({ userId: ada.id, itemId: cat.C.id, reason: "Next round" });
    }
  });

  it("20 concurrent approvals of one request end with one award and one request.approved entry", async () => {
    await setup();
    const id = await submit(cat.m1.id);
    const deciders = await Promise.all(Array.from({ length: 4 }, (_, i) => makeSessionUser(store(), i % 2 ? "admin" : "assistant")));
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => callerAs(store(), deciders[i % 4] ?? staff).request.approve({ ids: [id] })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results)
      if (r.status === "rejected") expect((r.reason as { code?: string; message: string }).message).toMatch(/already decided by/);
    const counts = await store().read(async ({ db, t }) => ({
      awards: await db.$count(t.awards),
      approvedAudit: await db.$count(t.auditLogs, eq(t.auditLogs.action, "request.approved")),
      grantedAudit: await db.$count(t.auditLogs, eq(t.auditLogs.action, "award.granted")),
    }));
    expect(counts).toEqual({ awards: 1, approvedAudit: 1, grantedAudit: 1 });
  });

  it("races the last two badges of a skill without a duplicate or missing skill award", async () => {
    await setup();
    const ids = [await submit(cat.m1.id), await submit(cat.m2.id)];
    await Promise.all(ids.map((id) => asStaff().approve({ ids: [id] })));
    expect((await liveItems(store(), ada.id)).filter((i) => i === cat.S1.id)).toHaveLength(1);
  });

  // --- reject -------------------------------------------------------------------------------------

  it("requires a reason of 1–500 characters to reject, changing nothing otherwise", async () => {
    await setup();
    const id = await submit(cat.m1.id);
    const before = await snapshot(store());
    for (const reason of [undefined, "", "   ", "x".repeat(501)]) {
      const error = await failure(asStaff().reject({ id, reason } as never));
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.message).toMatch(/reason/i);
    }
    expect(await snapshot(store())).toEqual(before);
    expect(await asStaff().reject({ id, reason: "x".repeat(500) })).toMatchObject({ status: "rejected" });
    expect(await notificationKinds(ada.id)).toEqual(["request_rejected"]);
    expect(await auditActions(store())).toContain("request.rejected");
  });

  // --- queue --------------------------------------------------------------------------------------

  it("lists the queue oldest first with program, skill, student and age filters and counts", async () => {
    await setup();
    const grace = await makeSessionUser(store(), "student", { name: "Grace Hopper" });
    await submit(cat.m2.id, daysAgo(1));
    await submit(cat.m1.id, daysAgo(10));
    await callerAs(store(), grace, { now: daysAgo(5) }).request.submit({ itemId: cat.n1.id });
    const titles = async (input: Parameters<ReturnType<typeof asStaff>["queue"]>[0]) =>
      (await asStaff().queue(input)).items.map((r) => r.itemTitle);
    const all = await asStaff().queue({});
    expect(all.items.map((r) => r.itemTitle)).toEqual(["First prompt", "First loop", "Second prompt"]);
    expect(all.items[0]).toMatchObject({ programTitle: "Prompting", skillTitle: "Basics", studentName: "Ada Lovelace" });
    expect(all.counts).toEqual({ pending: 3, approved: 0, rejected: 0, withdrawn: 0 });
    expect(all.filters.programs.map((p) => p.title)).toEqual(["Prompting", "Agents"]);
    expect(await titles({ programId: cat.Q.id })).toEqual(["First loop"]);
    expect(await titles({ skillId: cat.S1.id })).toEqual(["First prompt", "Second prompt"]);
    expect(await titles({ student: "grace" })).toEqual(["First loop"]);
    expect(await titles({ olderThanDays: 3 })).toEqual(["First prompt", "First loop"]);
    expect((await asStaff().queue({ pageSize: 2, page: 2 })).items).toHaveLength(1);
    expect((await failure(asStaff().queue({ status: "forged" as never }))).code).toBe("BAD_REQUEST");
    expect((await failure(asAda().queue({}))).code).toBe("FORBIDDEN");
  });

  it("offers the request form a page of requestable badges with earned and pending markers, searchable", async () => {
    await setup();
    await submit(cat.m1.id);
    await store().tx(({ db, t }) =>
      db.insert(t.awards).values({ userId: ada.id, itemId: cat.m3.id, kind: "mini_badge", source: "request", awardedAt: TEST_NOW }),
    );
    const options = await asAda().options({});
    expect(options.items.map((o) => [o.programTitle, o.skillTitle, o.title, o.state])).toEqual([
      ["Prompting", "Basics", "First prompt", "pending"],
      ["Prompting", "Basics", "Second prompt", "available"],
      ["Prompting", "Tools", "Search tool", "earned"],
      ["Prompting", null, "Final project", "available"],
      ["Agents", "Loops", "First loop", "available"],
    ]);
    expect([options.total, options.page, options.pageCount, options.selected]).toEqual([5, 1, 1, null]);
    await store().tx(({ db, t }) =>
      db
        .update(t.catalogItems)
        .set({ description: "Loops that stop.", criteria: "A loop with an exit condition." })
        .where(eq(t.catalogItems.id, cat.n1.id)),
    );
    const searched = await asAda().options({ q: "  PROMPT ", itemId: cat.n1.id });
    expect(searched.items.map((o) => o.title)).toEqual(["First prompt", "Second prompt"]);
    // The chosen badge comes with what it is and what earns it, for the request form to show.
    expect(searched.selected).toMatchObject({
      id: cat.n1.id,
      title: "First loop",
      skillTitle: "Loops",
      state: "available",
      description: "Loops that stop.",
      criteria: "A loop with an exit condition.",
    });
    // An item that cannot be requested (inactive, a skill) is not offered as the selection.
    for (const itemId of [cat.old.id, cat.S1.id]) expect((await asAda().options({ itemId })).selected).toBeNull();
  });
});
