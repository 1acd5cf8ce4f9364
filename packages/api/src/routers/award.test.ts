import { describeEachEngine } from "@missionboard/db/test-utils";
import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import type { SessionUser } from "../context";
import { auditActions, type BadgeCatalog, failure, liveItems, seedBadgeCatalog, snapshot } from "../test-badges";
import { callerAs, makeSessionUser, recordingMail, TEST_NOW } from "../test-helpers";

describeEachEngine("award and progress routers", (store) => {
  let cat: BadgeCatalog;
  let ada: SessionUser;
  let admin: SessionUser;
  let assistant: SessionUser;

  async function setup() {
    cat = await seedBadgeCatalog(store());
    ada = await makeSessionUser(store(), "student", { name: "Ada Lovelace" });
    admin = await makeSessionUser(store(), "admin", { name: "Avery Admin" });
    assistant = await makeSessionUser(store(), "assistant");
  }
  const asAdmin = (mail = recordingMail()) => callerAs(store(), admin, { mail }).award;
  /** Awards through the real request flow. */
  async function earn(...itemIds: string[]) {
    for (const itemId of itemIds) {
      const { id } = await callerAs(store(), ada).request.submit({ itemId });
      await callerAs(store(), assistant).request.approve({ ids: [id] });
    }
  }
  const insertRaw = (itemId: string, kind: "mini_badge" | "skill" | "program", source: "request" | "auto" | "manual" = "request") =>
    store().tx(({ db, t }) => db.insert(t.awards).values({ userId: ada.id, itemId, kind, source, awardedAt: TEST_NOW }));

  // --- manual -------------------------------------------------------------------------------------

  it("awards a skill by hand with a reason, then checks the program (and notifies)", async () => {
    await setup();
    const mail = recordingMail();
    const res = await asAdmin(mail).manual({ userId: ada.id, itemId: cat.T.id, reason: "Workshop attendance" });
    expect(res).toMatchObject({ title: "Loops", kind: "skill", cascaded: [{ title: "Agents", source: "auto" }] });
    expect(mail.wakeUps).toBe(1);
    const rows = await store().read(({ db, t }) => db.select().from(t.awards).where(eq(t.awards.userId, ada.id)));
    expect(rows.find((r) => r.itemId === cat.T.id)).toMatchObject({ source: "manual", awardedBy: admin.id, reason: "Workshop attendance" });
    const actions = await auditActions(store());
    expect(actions).toEqual(expect.arrayContaining(["award.manual_granted", "award.auto_granted"]));
    const kinds = await store().read(async ({ db, t }) => (await db.select().from(t.notifications)).map((n) => n.kind));
    expect(kinds).toEqual(["badge_awarded", "badge_awarded"]);
  });

  it("awards capstones and progress badges by hand, but never mini-badges, inactive, held or unknown items", async () => {
    await setup();
    await asAdmin().manual({ userId: ada.id, itemId: cat.G.id, reason: "Halfway there" });
    await asAdmin().manual({ userId: ada.id, itemId: cat.C.id, reason: "Presented" });
    const before = await snapshot(store());
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ userId: ada.id, itemId: cat.m1.id, reason: "r" }, "BAD_REQUEST", /earned through a request/],
      [{ userId: ada.id, itemId: cat.G.id, reason: "r" }, "BAD_REQUEST", /already holds/],
      [{ userId: ada.id, itemId: "0190d7b0-0000-7000-8000-000000000000", reason: "r" }, "NOT_FOUND", /does not exist/],
      [{ userId: ada.id, itemId: cat.S1.id }, "BAD_REQUEST", /reason is required/],
      [{ userId: ada.id, itemId: cat.S1.id, reason: " " }, "BAD_REQUEST", /reason is required/],
      [{ userId: ada.id, itemId: cat.S1.id, reason: "x".repeat(501) }, "BAD_REQUEST", /500 characters/],
      [{ userId: assistant.id, itemId: cat.S1.id, reason: "r" }, "BAD_REQUEST", /active students/],
    ];
    for (const [input, code, message] of cases) {
      const error = await failure(asAdmin().manual(input as never));
      expect([JSON.stringify(input), error.code, error.message]).toEqual([JSON.stringify(input), code, expect.stringMatching(message)]);
    }
    await store().tx(({ db, t }) => db.update(t.catalogItems).set({ isActive: false }).where(eq(t.catalogItems.id, cat.S2.id)));
    expect((await failure(asAdmin().manual({ userId: ada.id, itemId: cat.S2.id, reason: "r" }))).message).toMatch(/not active/);
    expect(await snapshot(store())).toEqual(before);
    expect((await failure(callerAs(store(), assistant).award.manual({ userId: ada.id, itemId: cat.S1.id, reason: "r" }))).code).toBe(
      "FORBIDDEN",
    );
  });

  // --- revoke -------------------------------------------------------------------------------------

  it("revokes a mini-badge and the automatic skill and program above it, audited and notified", async () => {
    await setup();
    await earn(cat.n1.id);
    expect((await liveItems(store(), ada.id)).length).toBe(3);
    const res = await asAdmin().revoke({ userId: ada.id, itemId: cat.n1.id, reason: "Plagiarised" });
    expect(res.revoked.map((r) => r.title)).toEqual(["First loop", "Loops", "Agents"]);
    expect(await liveItems(store(), ada.id)).toEqual([]);
    expect((await auditActions(store())).filter((a) => a === "award.revoked")).toHaveLength(3);
    const revokedKinds = await store().read(async ({ db, t }) =>
      (await db.select().from(t.notifications).where(eq(t.notifications.kind, "badge_revoked"))).map((n) => n.title),
    );
    expect(revokedKinds).toHaveLength(3);
    // The request stays approved; the badge can be requested again.
    const mine = await callerAs(store(), ada).request.mine();
    expect(mine[0]?.status).toBe("approved");
    await earn(cat.n1.id);
    expect((await liveItems(store(), ada.id)).length).toBe(3);
  });

  it("leaves a manual skill award standing when a mini-badge below it is revoked", async () => {
    await setup();
    await insertRaw(cat.n1.id, "mini_badge");
    await asAdmin().manual({ userId: ada.id, itemId: cat.T.id, reason: "Bootcamp" });
    const res = await asAdmin().revoke({ userId: ada.id, itemId: cat.n1.id, reason: "Mistake" });
    // T is manual and stands; Q (automatic) still holds because T is held.
    expect(res.revoked.map((r) => r.title)).toEqual(["First loop"]);
    expect((await liveItems(store(), ada.id)).sort()).toEqual([cat.T.id, cat.Q.id].sort());
  });

  it("refuses to revoke what is not held, or without a reason, changing nothing", async () => {
    await setup();
    await earn(cat.m1.id);
    const before = await snapshot(store());
    expect((await failure(asAdmin().revoke({ userId: ada.id, itemId: cat.m2.id, reason: "r" }))).message).toMatch(/does not hold/);
    expect((await failure(asAdmin().revoke({ userId: ada.id, itemId: cat.m1.id, reason: "" }))).code).toBe("BAD_REQUEST");
    expect((await failure(asAdmin().revoke({ userId: "0190d7b0-0000-7000-8000-000000000000", itemId: cat.m1.id, reason: "r" }))).code).toBe(
      "NOT_FOUND",
    );
    expect(await snapshot(store())).toEqual(before);
    await asAdmin().revoke({ userId: ada.id, itemId: cat.m1.id, reason: "r" });
    expect((await failure(asAdmin().revoke({ userId: ada.id, itemId: cat.m1.id, reason: "r" }))).message).toMatch(/does not hold/);
  });

  // --- recompute ----------------------------------------------------------------------------------

  it("says what the preview counted: the active students holding an award, out of every active student (issue 11 #13)", async () => {
    await setup();
    await insertRaw(cat.m1.id, "mini_badge");
    await makeSessionUser(store(), "student", { name: "No awards yet" });
    await makeSessionUser(store(), "student", { name: "Gone", status: "deactivated" });
    const preview = await asAdmin().recomputePreview();
    // Ada (holds m1) of Ada and "No awards yet"; the deactivated student is not counted at all.
    expect(preview).toMatchObject({ studentsEvaluated: 1, activeStudents: 2 });
  });

  it("previews, then on confirmation grants the awards students qualify for, never revoking any", async () => {
    await setup();
    const grace = await makeSessionUser(store(), "student", { name: "Grace" });
    // Ada completed Basics without the skill award (e.g. a mini-badge was deactivated later).
    await insertRaw(cat.m1.id, "mini_badge");
    await insertRaw(cat.m2.id, "mini_badge");
    // Grace holds a skill award her badges no longer justify: recompute leaves it alone.
    await store().tx(({ db, t }) =>
      db.insert(t.awards).values({ userId: grace.id, itemId: cat.S2.id, kind: "skill", source: "auto", awardedAt: TEST_NOW }),
    );
    const before = await snapshot(store());
    const preview = await asAdmin().recomputePreview();
    expect(preview).toMatchObject({ studentsEvaluated: 2, studentsAffected: 1, awardsToGrant: 1, byKind: { skill: 1, program: 0 } });
    expect(preview.activeStudents).toBe(2);
    expect(preview.sample).toEqual([
      { userId: ada.id, name: "Ada Lovelace", email: ada.email, items: [{ id: cat.S1.id, title: "Basics", kind: "skill" }] },
    ]);
    expect(await snapshot(store())).toEqual(before);

    expect((await failure(asAdmin().recomputeApply({ confirm: false } as never))).code).toBe("BAD_REQUEST");
    expect(await snapshot(store())).toEqual(before);

    const mail = recordingMail();
    expect(await asAdmin(mail).recomputeApply({ confirm: true })).toEqual({ studentsEvaluated: 2, studentsAffected: 1, awardsGranted: 1 });
    expect(mail.wakeUps).toBe(1);
    expect(await liveItems(store(), ada.id)).toContain(cat.S1.id);
    expect(await liveItems(store(), grace.id)).toEqual([cat.S2.id]);
    const actions = await auditActions(store());
    expect(actions).toEqual(expect.arrayContaining(["award.recomputed", "award.auto_granted"]));
    // Idempotent.
    expect(await asAdmin().recomputeApply({ confirm: true })).toMatchObject({ awardsGranted: 0 });
  });

  // --- reading ------------------------------------------------------------------------------------

  it("shows staff a student's awards including revoked ones, and progress", async () => {
    await setup();
    await earn(cat.m1.id, cat.m2.id);
    await asAdmin().revoke({ userId: ada.id, itemId: cat.m2.id, reason: "Oops" });
    const history = await callerAs(store(), assistant).award.forStudent({ userId: ada.id });
    expect(history.student.name).toBe("Ada Lovelace");
    expect(history.awards.map((a) => [a.title, a.revokedAt ? "revoked" : "live"]).sort()).toEqual(
      [
        ["Basics", "revoked"],
        ["First prompt", "live"],
        ["Second prompt", "revoked"],
      ].sort(),
    );
    const progress = await callerAs(store(), assistant).progress.forStudent({ userId: ada.id });
    expect(progress.report.programs.find((p) => p.title === "Prompting")?.skills[0]).toMatchObject({
      title: "Basics",
      percent: 50,
      earnedMiniBadges: 1,
      totalMiniBadges: 2,
    });
    expect((await failure(callerAs(store(), ada).progress.forStudent({ userId: ada.id }))).code).toBe("FORBIDDEN");
  });

  it("gives a student their progress, next badges (not pending or earned) and a timeline, newest first", async () => {
    await setup();
    await earn(cat.m1.id);
    await callerAs(store(), ada, { now: new Date(TEST_NOW.getTime() + 1000) }).request.submit({ itemId: cat.m3.id });
    const mine = await callerAs(store(), ada).progress.mine();
    expect(mine.report.summary.miniBadges).toEqual({ earned: 1, total: 4 });
    expect(mine.next.map((b) => b.title)).toEqual(["Second prompt", "First loop"]);
    expect(mine.timeline.map((t) => t.title)).toEqual(["First prompt"]);
    expect(mine.timeline[0]).toMatchObject({ kindLabel: "mini-badge", source: "request", programTitle: "Prompting", skillTitle: "Basics" });
    expect(mine.pendingItemIds).toEqual([cat.m3.id]);
  });

  it("offers admins the manually awardable badges", async () => {
    await setup();
    const options = await asAdmin().options();
    expect(options.map((o) => o.title)).toEqual(["Prompting", "Basics", "Tools", "Final project", "Halfway", "Agents", "Loops"]);
  });
});
