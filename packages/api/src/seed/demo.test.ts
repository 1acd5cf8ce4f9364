import { describeEachEngine } from "@missionboard/db/test-utils";
import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { callerAs } from "../test-helpers";
import { DEMO_ACCOUNTS, DEMO_CATALOG, seedDemo } from "./demo";
import { DEMO_EXPORT, DEMO_LEARNER_EMAILS, seedDemoAnalytics } from "./demo-analytics";

describeEachEngine("demo seed", (store) => {
  it("seeds accounts, a catalog and history on an empty database, and only there", async () => {
    expect(await seedDemo(store())).toEqual({ seeded: true });
    expect(await seedDemo(store())).toEqual({ seeded: false, reason: "the database already has users" });
    expect(await store().read(({ db, t }) => db.$count(t.users))).toBe(DEMO_ACCOUNTS.length + 1);

    const ada = await store().read(async ({ db, t }) => (await db.select().from(t.users).where(eq(t.users.email, "ada@demo.test")))[0]);
    if (!ada) throw new Error("no ada");
    const progress = await callerAs(store(), {
      id: ada.id,
      role: "student",
      status: "active",
      name: ada.name,
      email: ada.email,
      onboarded: true,
      sessionId: "s",
    }).progress.mine();
    const program = progress.report.programs.find((p) => p.title === DEMO_CATALOG.program.title);
    // Ada holds every badge of "Prompting basics", so the skill came automatically.
    expect(program?.skills.find((s) => s.title === "Prompting basics")).toMatchObject({ earned: true, percent: 100 });
    expect(await store().read(({ db, t }) => db.$count(t.badgeRequests, eq(t.badgeRequests.status, "pending")))).toBe(2);
    expect(await store().read(({ db, t }) => db.$count(t.badgeRequests, eq(t.badgeRequests.status, "rejected")))).toBe(1);
  });

  it("loads a small OpenWebUI export through the ingest: missions with attempts and completions", async () => {
    const summary = await seedDemoAnalytics(store(), () => new Date());
    expect(summary).toMatchObject({ status: "succeeded", inserted: DEMO_EXPORT.chats, skipped: {} });
    expect(summary.missions.length).toBeGreaterThan(1);
    expect(summary.missions.every((m) => m.attempts > 0)).toBe(true);
    expect(summary.completions).toBeGreaterThan(0);
    expect(await store().read(({ db, t }) => db.$count(t.reloadRuns, eq(t.reloadRuns.status, "succeeded")))).toBe(1);
  });

  it("links every demo student to an OpenWebUI user with attempts, by email at the reload", async () => {
    await seedDemo(store());
    await seedDemoAnalytics(store(), () => new Date());
    for (const email of DEMO_LEARNER_EMAILS) {
      const attempts = await store().read(({ db, t }) =>
        db
          .select({ id: t.missionAttempts.id, linkedTo: t.owuiUsers.userId })
          .from(t.missionAttempts)
          .innerJoin(t.owuiUsers, eq(t.owuiUsers.id, t.missionAttempts.owuiUserId))
          .where(eq(t.owuiUsers.email, email)),
      );
      expect(attempts.length, email).toBeGreaterThan(0);
      expect(attempts[0]?.linkedTo, email).toBeTruthy();
    }
  });
});
