import { leaderboardAlias } from "@missionboard/core";
import { setBoardFreeze } from "@missionboard/db";
import { describeEachEngine, insertAttemptFixtures, insertMissionFixtures, rebuildStandingsForTest } from "@missionboard/db/test-utils";
import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { cachedDashboardCount } from "../services/dashboard-cache";
import { callerAs, makeSessionUser, TEST_NOW } from "../test-helpers";

const at = (day: number) => new Date(Date.UTC(2026, 8, day, 12));
const FREEZE = at(10);

describeEachEngine("board router", (store) => {
  /**
   * Ada (full name) 130 points, Bea (first name + initial) 100, Cy (alias, the default) 40 after the
   * freeze, Dan (OpenWebUI only) 20. Week 1: Recon 100 and Cipher 30; week 2: Relay 40, Drop 20.
   */
  async function seed(options: { freeze?: boolean } = {}) {
    const ada = await makeSessionUser(store(), "student", { name: "Ada Lovelace", email: "ada@example.test" });
    const bea = await makeSessionUser(store(), "student", { name: "Bea Stone", email: "bea@example.test" });
    const cy = await makeSessionUser(store(), "student", { name: "Cy Secret", email: "cy@example.test" });
    const staff = await makeSessionUser(store(), "assistant");
    await store().tx(async (c) => {
      const u = c.t.users;
      await c.db.update(u).set({ leaderboardName: "full" }).where(eq(u.id, ada.id));
      await c.db.update(u).set({ leaderboardName: "first-initial" }).where(eq(u.id, bea.id));
      const [recon, cipher, relay, drop] = await insertMissionFixtures(
        c,
        [
          { key: "recon", name: "Recon", week: 1, points: 100, difficulty: "Hard" },
          { key: "cipher", name: "Cipher", week: 1, points: 30, difficulty: "Easy" },
          { key: "relay", name: "Relay", week: 2, points: 40, difficulty: "Medium" },
          { key: "drop", name: "Drop", week: 2, points: 20 },
        ],
        TEST_NOW,
      );
      if (!recon || !cipher || !relay || !drop) throw new Error("seed");
      await insertAttemptFixtures(
        c,
        [
          { id: "owui-ada", name: "ada.owui", email: "ada@example.test", userId: ada.id },
          { id: "owui-bea", name: "Bea Stone", email: "bea@example.test", userId: bea.id },
          { id: "owui-cy", name: "Cy Secret", email: "cy@example.test", userId: cy.id },
          { id: "owui-dan", name: "Dan Owui", email: "dan@example.test" },
        ],
        [
          { chatId: "ada-1", missionId: recon, learnerId: "owui-ada", startedAt: at(1), completion: { at: at(2), points: 100 } },
          { chatId: "ada-2", missionId: cipher, learnerId: "owui-ada", startedAt: at(3), completion: { at: at(4), points: 30 } },
          { chatId: "ada-3", missionId: relay, learnerId: "owui-ada", startedAt: at(12), title: "Relay, take one" },
          { chatId: "bea-1", missionId: recon, learnerId: "owui-bea", startedAt: at(1), completion: { at: at(5), points: 100 } },
          { chatId: "cy-1", missionId: relay, learnerId: "owui-cy", startedAt: at(11), completion: { at: at(12), points: 40 } },
          { chatId: "dan-1", missionId: drop, learnerId: "owui-dan", startedAt: at(6), completion: { at: at(7), points: 20 } },
        ],
        TEST_NOW,
      );
      const freezes = options.freeze ? [{ board: "overall", freezeAt: FREEZE }] : [];
      if (options.freeze) await setBoardFreeze(c, "overall", FREEZE, null, TEST_NOW);
      await rebuildStandingsForTest(c, freezes, TEST_NOW);
    });
    return { ada, bea, cy, staff };
  }

  it("learners see names as each learner chose, aliases otherwise, and never an email or unchosen name", async () => {
    const { bea } = await seed();
    const board = await callerAs(store(), bea).board.leaderboard({ board: "overall" });
    expect(board.viewer).toBe("learner");
    expect(board.rows.map((r) => [r.position, r.name, r.points, r.completions, r.rank.name, r.isMe])).toEqual([
      [1, "Ada Lovelace", 130, 2, "Analyst", false],
      [2, "Bea S.", 100, 1, "None", true],
      [3, leaderboardAlias("owui-cy"), 40, 1, "None", false],
      [4, leaderboardAlias("owui-dan"), 20, 1, "None", false],
    ]);
    const json = JSON.stringify(board);
    for (const secret of ["Cy Secret", "Dan Owui", "Stone", "ada.owui", "@example.test", "owui-"]) expect(json).not.toContain(secret);
    expect(board.weeks).toEqual([1, 2]);
    expect(board.total).toBe(4);
  });

  it("staff see real names: the account's, else OpenWebUI's", async () => {
    const { staff } = await seed();
    const board = await callerAs(store(), staff).board.leaderboard({});
    expect(board.viewer).toBe("staff");
    expect(board.rows.map((r) => r.name)).toEqual(["Ada Lovelace", "Bea Stone", "Cy Secret", "Dan Owui"]);
    expect(JSON.stringify(board)).not.toContain("@example.test");
    expect(board.rows.every((r) => !r.isMe)).toBe(true);
  });

  it("a week's board ranks its rows by overall points and pins the viewer's row when off the page", async () => {
    const { ada } = await seed();
    const week2 = await callerAs(store(), ada).board.leaderboard({ board: "2", pageSize: 1 });
    expect(week2.rows.map((r) => [r.position, r.points])).toEqual([[1, 40]]);
    expect(week2.myRow).toMatchObject({ position: 3, name: "Ada Lovelace", points: 0, isMe: true, rank: { name: "Analyst", level: 1 } });
    expect(week2.pageCount).toBe(3);
    const onPage = await callerAs(store(), ada).board.leaderboard({ board: "overall" });
    expect(onPage.myRow).toBeNull();
    expect(onPage.rows.filter((r) => r.isMe).map((r) => r.position)).toEqual([1]);
  });

  it("learners see a frozen board as it stood at the freeze; staff see it live", async () => {
    const { cy, staff } = await seed({ freeze: true });
    const learner = await callerAs(store(), cy).board.leaderboard({ board: "overall" });
    expect(learner.frozenAt?.toISOString()).toBe(FREEZE.toISOString());
    // Cy completed after the freeze: not on the frozen board, so no pinned row either.
    expect(learner.rows.map((r) => r.points)).toEqual([130, 100, 20]);
    expect(learner.myRow).toBeNull();
    const live = await callerAs(store(), staff).board.leaderboard({ board: "overall" });
    expect(live.frozenAt).toBeNull();
    expect(live.rows.map((r) => r.points)).toEqual([130, 100, 40, 20]);
    const me = await callerAs(store(), cy).board.me();
    expect(me).toMatchObject({ linked: true, points: 0, rank: { name: "None" } });
    if (!me.linked) throw new Error("linked");
    expect(me.frozenAt?.toISOString()).toBe(FREEZE.toISOString());
    // Week 2 has no freeze: Cy leads it live.
    expect(me.positions.find((p) => p.week === 2)).toMatchObject({ position: 1, points: 40, of: 3, frozenAt: null });
  });

  it("My missions: points, rank and the next one, positions, missions by week, own attempts with transcript links", async () => {
    const { ada } = await seed();
    await store().tx((c) =>
      c.db.insert(c.t.scoreAdjustments).values({ learnerId: "owui-other", points: 7, reason: "Not Ada's", createdAt: TEST_NOW }),
    );
    const me = await callerAs(store(), ada).board.me({ pageSize: 2 });
    if (!me.linked) throw new Error("Ada is linked");
    expect(me).toMatchObject({
      points: 130,
      rank: { name: "Analyst", level: 1, reward: "Sticker, 1 raffle ticket" },
      nextRank: { name: "Agent", minPoints: 300 },
      pointsToNext: 170,
      rankFloor: 120,
      adjustments: [],
    });
    expect(me.positions.map((p) => [p.board, p.position, p.points, p.of])).toEqual([
      ["overall", 1, 130, 4],
      ["1", 1, 130, 2],
      ["2", 3, 0, 3],
    ]);
    expect(me.weeks.map((w) => [w.week, w.missions.map((m) => [m.name, m.status, m.points, m.attempts])])).toEqual([
      [
        1,
        [
          ["Cipher", "completed", 30, 1],
          ["Recon", "completed", 100, 1],
        ],
      ],
      [
        2,
        [
          ["Drop", "not_started", 20, 0],
          ["Relay", "in_progress", 40, 1],
        ],
      ],
    ]);
    expect(me.attempts.total).toBe(3);
    expect(me.attempts.items.map((a) => [a.chatId, a.missionName, a.completed, a.href])).toEqual([
      ["ada-3", "Relay", false, "/missions/chats/ada-3"],
      ["ada-2", "Cipher", true, "/missions/chats/ada-2"],
    ]);
    expect(JSON.stringify(me)).not.toContain("bea-1");
  });

  it("an account without a linked OpenWebUI user gets the unlinked state and no row of its own", async () => {
    await seed();
    const newcomer = await makeSessionUser(store(), "student");
    expect(await callerAs(store(), newcomer).board.me()).toEqual({ linked: false });
    const board = await callerAs(store(), newcomer).board.leaderboard({});
    expect(board.linked).toBe(false);
    expect(board.myRow).toBeNull();
    expect(board.rows.some((r) => r.isMe)).toBe(false);
  });

  it("a kept leaderboard page follows the names, freezes and viewers it shows", async () => {
    const { ada, bea, cy } = await seed();
    const before = cachedDashboardCount(store());
    const adaName = async (who: typeof bea) =>
      (await callerAs(store(), who).board.leaderboard({ board: "overall" })).rows.find((r) => r.points === 130);
    expect((await adaName(bea))?.name).toBe("Ada Lovelace");
    expect(cachedDashboardCount(store())).toBe(before + 1);
    const myOverall = async () =>
      (await callerAs(store(), bea).board.me({})) as { frozenAt: Date | null; positions: { of: number | null }[] };
    const live = await myOverall();
    expect([live.frozenAt, live.positions[0]?.of]).toEqual([null, 4]);
    // The same kept page, another viewer: their own row, not Bea's.
    const asCy = await callerAs(store(), cy).board.leaderboard({ board: "overall" });
    expect(asCy.rows.filter((r) => r.isMe).map((r) => r.points)).toEqual([40]);
    await store().tx((c) => c.db.update(c.t.users).set({ leaderboardName: "alias" }).where(eq(c.t.users.id, ada.id)));
    expect((await adaName(bea))?.name).toBe(leaderboardAlias(`owui-ada`));
    await store().tx(async (c) => {
      await setBoardFreeze(c, "overall", FREEZE, null, TEST_NOW);
      await rebuildStandingsForTest(c, [{ board: "overall", freezeAt: FREEZE }], TEST_NOW);
    });
    expect((await callerAs(store(), bea).board.leaderboard({ board: "overall" })).frozenAt).toEqual(FREEZE);
    // My missions' kept boards follow the freeze too: Cy completed after it, so the frozen board has three.
    const frozen = await myOverall();
    expect([frozen.frozenAt, frozen.positions[0]?.of]).toEqual([FREEZE, 3]);
  });

  it("My missions is kept per account, in the learners' pool, and follows an adjustment, a new attempt and a link", async () => {
    const { ada, bea } = await seed();
    const points = async (who: typeof ada) => {
      const me = await callerAs(store(), who).board.me({});
      return me.linked ? me.points : null;
    };
    const kept = cachedDashboardCount(store(), "learners");
    expect([await points(ada), await points(bea)]).toEqual([130, 100]);
    expect(cachedDashboardCount(store(), "learners")).toBe(kept + 2);
    expect([await points(ada), await points(bea)]).toEqual([130, 100]); // each their own, from the pool
    expect(cachedDashboardCount(store(), "learners")).toBe(kept + 2);
    // An adjustment (its standings rows move the stamp).
    const admin = callerAs(store(), await makeSessionUser(store(), "admin"));
    await admin.scoring.adjust({ learnerId: "owui-ada", points: 5, reason: "Bonus round" });
    expect(await points(ada)).toBe(135);
    // A new attempt (a reload's rows).
    await store().tx(async (c) => {
      const [drop] = await c.db.select({ id: c.t.missions.id }).from(c.t.missions).where(eq(c.t.missions.name, "Drop"));
      await insertAttemptFixtures(
        c,
        [],
        [{ chatId: "bea-2", missionId: drop?.id as string, learnerId: "owui-bea", startedAt: at(13) }],
        TEST_NOW,
      );
    });
    const bea2 = await callerAs(store(), bea).board.me({});
    expect(bea2.linked && bea2.attempts.items.map((a) => a.chatId)).toContain("bea-2");
    // Unlinking by hand (staff): her page says so at once.
    await admin.people.unlink({ owuiUserId: "owui-bea" });
    expect(await callerAs(store(), bea).board.me({})).toEqual({ linked: false });
  });

  it("refuses a board parameter that is neither overall nor a week", async () => {
    const { ada } = await seed();
    await expect(callerAs(store(), ada).board.leaderboard({ board: "week:1" })).rejects.toThrow(/overall board or a week/);
    const empty = await callerAs(store(), ada).board.leaderboard({ board: "9" });
    expect(empty).toMatchObject({ rows: [], total: 0, myRow: null });
  });
});
