import { makeAwardRow, makeBadgeRequestRow, makeCatalogItem, makeUser } from "@missionboard/db/factories";
import { describeEachEngine } from "@missionboard/db/test-utils";
import { TRPCError } from "@trpc/server";
import { expect, it } from "vitest";
import { callerAs, makeSessionUser, TEST_NOW } from "../test-helpers";

// TEST_NOW is Thursday 2026-10-01 12:00 UTC: the week began Monday 2026-09-28, the month today.
const d = (iso: string) => new Date(iso);

describeEachEngine("dashboard router", (store) => {
  async function seed() {
    const staff = await makeSessionUser(store(), "assistant");
    const admin = await makeSessionUser(store(), "admin");
    return store().tx(async (c) => {
      const [ada, bob, cy] = [
        await makeUser(c, { now: TEST_NOW }),
        await makeUser(c, { now: TEST_NOW }),
        await makeUser(c, { now: TEST_NOW }),
      ];
      const alpha = await makeCatalogItem(c, { kind: "program", title: "Alpha" });
      const beta = await makeCatalogItem(c, { kind: "program", title: "Beta" });
      const s1 = await makeCatalogItem(c, { kind: "skill", parent: alpha });
      const s2 = await makeCatalogItem(c, { kind: "skill", parent: beta });
      const [m1, m2, m3] = [
        await makeCatalogItem(c, { kind: "mini_badge", parent: s1 }),
        await makeCatalogItem(c, { kind: "mini_badge", parent: s1 }),
        await makeCatalogItem(c, { kind: "mini_badge", parent: s1 }),
      ];
      await makeCatalogItem(c, { kind: "mini_badge", parent: s1, isActive: false });
      const n1 = await makeCatalogItem(c, { kind: "mini_badge", parent: s2 });
      const c1 = await makeCatalogItem(c, { kind: "capstone", parent: alpha });
      await makeCatalogItem(c, { kind: "progress_badge", parent: alpha, isActive: false });
      if (!ada || !bob || !cy || !m1 || !m2 || !m3) throw new Error("seed");

      // Queue: two for Alpha, one for Beta; the oldest 50 hours old.
      await makeBadgeRequestRow(c, { userId: ada.id, item: m1, submittedAt: d("2026-09-29T10:00:00Z") });
      await makeBadgeRequestRow(c, { userId: ada.id, item: m2, submittedAt: d("2026-10-01T10:00:00Z") });
      await makeBadgeRequestRow(c, { userId: bob.id, item: n1, submittedAt: d("2026-10-01T02:00:00Z") });
      // Decisions: Monday 00:00 counts, Sunday 23:59:59 does not.
      const decided = { submittedAt: d("2026-09-01T00:00:00Z"), decidedBy: staff.id };
      await makeBadgeRequestRow(c, { ...decided, userId: bob.id, item: m1, status: "approved", decidedAt: d("2026-09-28T00:00:00Z") });
      await makeBadgeRequestRow(c, { ...decided, userId: cy.id, item: m1, status: "approved", decidedAt: d("2026-09-27T23:59:59Z") });
      await makeBadgeRequestRow(c, { ...decided, userId: cy.id, item: m2, status: "rejected", decidedAt: d("2026-09-30T09:00:00Z") });
      await makeBadgeRequestRow(c, { ...decided, userId: cy.id, item: m3, status: "withdrawn", decidedAt: d("2026-09-30T09:00:00Z") });

      // Awards this month: Alpha 3 live (+1 revoked), Beta 2; one on the last day of September.
      await makeAwardRow(c, { userId: ada.id, item: m3, awardedAt: d("2026-10-01T01:00:00Z") });
      await makeAwardRow(c, { userId: bob.id, item: c1, awardedAt: d("2026-10-01T02:00:00Z") });
      await makeAwardRow(c, { userId: cy.id, item: m1, awardedAt: d("2026-10-01T03:00:00Z") });
      await makeAwardRow(c, { userId: ada.id, item: m2, awardedAt: d("2026-10-01T04:00:00Z"), revokedAt: d("2026-10-01T05:00:00Z") });
      await makeAwardRow(c, { userId: ada.id, item: n1, awardedAt: d("2026-10-01T06:00:00Z") });
      await makeAwardRow(c, { userId: bob.id, item: beta, awardedAt: d("2026-10-01T07:00:00Z") });
      await makeAwardRow(c, { userId: cy.id, item: n1, awardedAt: d("2026-09-30T23:59:59Z") });
      // Older: the first of the twelve weeks, and the week before it (outside the chart).
      await makeAwardRow(c, { userId: bob.id, item: m3, awardedAt: d("2026-07-13T00:00:00Z") });
      await makeAwardRow(c, { userId: cy.id, item: m3, awardedAt: d("2026-07-12T23:59:59Z") });
      return { staff, admin, alpha, beta };
    });
  }

  it("staff: queue by program, oldest age, this week's decisions and this month's top programs", async () => {
    const { staff, alpha, beta } = await seed();
    const figures = await callerAs(store(), staff).dashboard.staff();
    expect(figures.queue.pending).toBe(3);
    expect(figures.queue.byProgram).toEqual([
      { programId: alpha.id, title: "Alpha", count: 2 },
      { programId: beta.id, title: "Beta", count: 1 },
    ]);
    expect(new Date(figures.queue.oldestSubmittedAt ?? 0).toISOString()).toBe("2026-09-29T10:00:00.000Z");
    expect(figures.queue.oldestAgeMs).toBe(50 * 3_600_000);
    expect(figures.decisionsThisWeek).toMatchObject({ approved: 1, rejected: 1 });
    expect(new Date(figures.decisionsThisWeek.since).toISOString()).toBe("2026-09-28T00:00:00.000Z");
    expect(figures.topProgramsThisMonth.programs).toEqual([
      { programId: alpha.id, title: "Alpha", count: 3 },
      { programId: beta.id, title: "Beta", count: 2 },
    ]);
  });

  it("admin: the staff figures plus catalog and award statistics with 12 ISO weeks", async () => {
    const { admin } = await seed();
    const figures = await callerAs(store(), admin).dashboard.admin();
    expect(figures.queue.pending).toBe(3);
    expect(figures.catalog).toEqual({
      program: { active: 2, inactive: 0, total: 2 },
      skill: { active: 2, inactive: 0, total: 2 },
      mini_badge: { active: 4, inactive: 1, total: 5 },
      capstone: { active: 1, inactive: 0, total: 1 },
      progress_badge: { active: 0, inactive: 1, total: 1 },
    });
    expect(figures.awards).toMatchObject({ total: 9, revoked: 1, live: 8 });
    expect(figures.awards.liveByKind).toEqual({ program: 1, skill: 0, mini_badge: 6, capstone: 1, progress_badge: 0 });
    expect(figures.awards.perWeek).toHaveLength(12);
    expect(figures.awards.perWeek.map((w) => w.week)).toEqual([
      "2026-W29",
      "2026-W30",
      "2026-W31",
      "2026-W32",
      "2026-W33",
      "2026-W34",
      "2026-W35",
      "2026-W36",
      "2026-W37",
      "2026-W38",
      "2026-W39",
      "2026-W40",
    ]);
    // Awards granted per week, revoked ones included (they were granted).
    expect(figures.awards.perWeek.map((w) => w.count)).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7]);
  });

  it("works on an empty database", async () => {
    const admin = await makeSessionUser(store(), "admin");
    const figures = await callerAs(store(), admin).dashboard.admin();
    expect(figures.queue).toEqual({ pending: 0, byProgram: [], oldestSubmittedAt: null, oldestAgeMs: null });
    expect(figures.awards).toMatchObject({ total: 0, revoked: 0, live: 0 });
    expect(figures.topProgramsThisMonth.programs).toEqual([]);
  });

  it("assistants may not see the admin figures; students see neither", async () => {
    const assistant = await makeSessionUser(store(), "assistant");
    const student = await makeSessionUser(store(), "student");
    const codeOf = (p: Promise<unknown>) =>
      p.then(
        () => "ok",
        (e: unknown) => (e instanceof TRPCError ? e.code : String(e)),
      );
    expect(await codeOf(callerAs(store(), assistant).dashboard.admin())).toBe("FORBIDDEN");
    expect(await codeOf(callerAs(store(), student).dashboard.staff())).toBe("FORBIDDEN");
    expect(await codeOf(callerAs(store(), student).dashboard.admin())).toBe("FORBIDDEN");
  });
});
