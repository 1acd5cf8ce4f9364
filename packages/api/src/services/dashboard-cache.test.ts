import { readDataStamp, type Store } from "@missionboard/db";
import { makeUser } from "@missionboard/db/factories";
import { describeEachEngine, insertAttemptFixtures, insertMissionFixtures } from "@missionboard/db/test-utils";
import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { callerAs, makeSessionUser, TEST_NOW } from "../test-helpers";
import { cachedDashboard, cachedDashboardCount, DASHBOARD_CACHE_ENTRIES } from "./dashboard-cache";

describeEachEngine("dashboard cache", (store) => {
  /** A compute that counts its calls. */
  const counting = () => {
    const calls = { n: 0 };
    return { calls, compute: async () => ++calls.n };
  };

  it("answers from the cache until a write moves the stamp, then computes again", async () => {
    const { calls, compute } = counting();
    expect(await cachedDashboard(store(), "k", compute)).toBe(1);
    expect(await cachedDashboard(store(), "k", compute)).toBe(1);
    expect(calls.n).toBe(1);
    await store().tx((c) => insertMissionFixtures(c, [{ key: "m1" }], TEST_NOW));
    expect(await cachedDashboard(store(), "k", compute)).toBe(2);
    expect(calls.n).toBe(2);
  });

  it("sees a write made through another store on the same database (another instance)", async () => {
    // Two caches keyed by store stand for two processes: only the shared stamp tells them apart.
    const other: Store = { ...store() };
    const { calls, compute } = counting();
    await cachedDashboard(store(), "k", compute);
    await cachedDashboard(other, "k", compute);
    expect(calls.n).toBe(2);
    await other.tx((c) => insertMissionFixtures(c, [{ key: "m1" }], TEST_NOW));
    await cachedDashboard(store(), "k", compute);
    expect(calls.n).toBe(3);
  });

  it("keeps at most DASHBOARD_CACHE_ENTRIES answers, dropping the least recently used, and drops older stamps' answers", async () => {
    for (let i = 0; i < DASHBOARD_CACHE_ENTRIES + 5; i++) await cachedDashboard(store(), `k${i}`, async () => i);
    expect(cachedDashboardCount(store())).toBe(DASHBOARD_CACHE_ENTRIES);
    const { calls, compute } = counting();
    await cachedDashboard(store(), "k0", compute); // evicted: computed again
    expect(calls.n).toBe(1);
    await store().tx((c) => insertMissionFixtures(c, [{ key: "m1" }], TEST_NOW));
    await cachedDashboard(store(), "k1", async () => 1);
    expect(cachedDashboardCount(store())).toBe(1);
  });

  it("keeps nothing without a stamp row", async () => {
    await store().tx(({ db, t }) => db.delete(t.dataStamps));
    expect(await store().read((c) => readDataStamp(c))).toBeNull();
    const { calls, compute } = counting();
    await cachedDashboard(store(), "k", compute);
    await cachedDashboard(store(), "k", compute);
    expect(calls.n).toBe(2);
    expect(cachedDashboardCount(store())).toBe(0);
  });

  it("the dashboards show each kind of write at once: records, a link, a name choice, a mission edit", async () => {
    const [m1] = await store().tx((c) => insertMissionFixtures(c, [{ key: "m1", name: "First", week: 1, points: 10 }], TEST_NOW));
    const mission = m1 as string;
    await store().tx((c) =>
      insertAttemptFixtures(
        c,
        [{ id: "ada", name: "Ada" }],
        [{ chatId: "c1", missionId: mission, learnerId: "ada", startedAt: TEST_NOW }],
        TEST_NOW,
      ),
    );
    const api = callerAs(store(), await makeSessionUser(store(), "assistant"));
    expect((await api.analytics.overview()).summary).toMatchObject({ attempts: 1, completions: 0 });
    expect((await api.analytics.grid()).learners.items.map((r) => r.name)).toEqual(["Ada"]);

    // Records (a reload): a new attempt with a completion.
    await store().tx((c) =>
      insertAttemptFixtures(
        c,
        [{ id: "bob", name: "Bob" }],
        [{ chatId: "c2", missionId: mission, learnerId: "bob", startedAt: TEST_NOW, completion: { at: TEST_NOW, points: 10 } }],
        TEST_NOW,
      ),
    );
    expect((await api.analytics.overview()).summary).toMatchObject({ attempts: 2, completions: 1 });
    expect((await api.analytics.results({ mission })).funnel).toMatchObject({ started: 2, completed: 1 });

    // A link to an account, then that account's name: staff see the account's name.
    const account = await store().tx((c) => makeUser(c, { role: "student", now: TEST_NOW, name: "Ada Lovelace" }));
    await store().tx(({ db, t }) =>
      db.update(t.owuiUsers).set({ userId: account.id, linkMethod: "manual" }).where(eq(t.owuiUsers.id, "ada")),
    );
    expect((await api.analytics.grid()).learners.items.map((r) => r.name)).toContain("Ada Lovelace");
    await store().tx(({ db, t }) => db.update(t.users).set({ name: "Ada King" }).where(eq(t.users.id, account.id)));
    expect((await api.analytics.grid()).learners.items.map((r) => r.name)).toContain("Ada King");

    // A mission edit: its week moves.
    await store().tx(({ db, t }) => db.update(t.missions).set({ week: 2 }).where(eq(t.missions.id, mission)));
    expect((await api.analytics.overview()).perWeek).toEqual([{ week: 2, completions: 1 }]);
  });
});
