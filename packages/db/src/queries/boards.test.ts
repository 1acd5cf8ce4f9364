import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { makeUser } from "../factories";
import { describeEachEngine } from "../test-utils";
import { insertAttemptFixtures, insertMissionFixtures, rebuildStandingsForTest } from "../test-utils/mission-records";
import {
  boardPage,
  boardPageQuery,
  boardRowCount,
  boardRowCounts,
  boardRowOf,
  boardWeeks,
  learnerAdjustments,
  learnerAttemptsPage,
  learnerBoardRows,
  learnerMissions,
  learnerOfAccount,
} from "./boards";

const now = new Date("2026-10-01T12:00:00Z");
const at = (h: number) => new Date(Date.UTC(2026, 8, 1, h));

describeEachEngine("board queries", (store) => {
  async function seed() {
    return store().tx(async (c) => {
      const ada = await makeUser(c, { now, name: "Ada Lovelace" });
      await c.db.update(c.t.users).set({ leaderboardName: "full" }).where(eq(c.t.users.id, ada.id));
      const [m1, m2, m3] = await insertMissionFixtures(
        c,
        [
          { key: "m1", name: "Recon", week: 1, points: 20, difficulty: "Medium" },
          { key: "m2", name: "Cipher", week: 2, points: 30, difficulty: "Hard" },
          { key: "m3", name: "Extraction", week: 2, points: 10 },
        ],
        now,
      );
      if (!m1 || !m2 || !m3) throw new Error("seed");
      await insertAttemptFixtures(
        c,
        [{ id: "u-ada", name: "ada (owui)", userId: ada.id }, { id: "u-bob", name: "Bob Brown" }, { id: "u-cy" }],
        [
          // Ada: Recon in two chats, the later one completes first → that one counts (25 snapshot).
          { chatId: "c1", missionId: m1, learnerId: "u-ada", startedAt: at(1), completion: { at: at(9), points: 20 } },
          { chatId: "c2", missionId: m1, learnerId: "u-ada", startedAt: at(2), completion: { at: at(3), points: 25 } },
          { chatId: "c3", missionId: m2, learnerId: "u-ada", startedAt: at(4), title: "Cipher try" },
          { chatId: "c4", missionId: m2, learnerId: "u-bob", startedAt: at(5), completion: { at: at(6), points: 30 } },
          { chatId: "c5", missionId: m3, learnerId: "u-cy", startedAt: null },
        ],
        now,
      );
      await c.db.insert(c.t.scoreAdjustments).values({ learnerId: "u-ada", points: 5, reason: "Helped a peer", createdAt: at(7) });
      await rebuildStandingsForTest(c, [], now);
      return { ada, m1, m2, m3 };
    });
  }

  it("pages a board by position with names and choices from the same query, and counts it", async () => {
    const { ada } = await seed();
    const page1 = await store().read((c) => boardPage(c, "overall", { page: 1, pageSize: 2 }));
    // Equal points: Bob reached 30 (at 06:00) before Ada (her adjustment at 07:00).
    expect(page1.map((r) => [r.position, r.learnerId, r.points, r.completions, r.attempts])).toEqual([
      [1, "u-bob", 30, 1, 1],
      [2, "u-ada", 30, 1, 3],
    ]);
    expect(page1[1]).toMatchObject({ owuiName: "ada (owui)", accountId: ada.id, accountName: "Ada Lovelace", nameStyle: "full" });
    expect(page1[0]).toMatchObject({ owuiName: "Bob Brown", accountId: null, accountName: null, nameStyle: null });
    const page2 = await store().read((c) => boardPage(c, "overall", { page: 2, pageSize: 2 }));
    expect(page2.map((r) => [r.position, r.learnerId, r.points])).toEqual([[3, "u-cy", 0]]);
    expect(await store().read((c) => boardRowCount(c, "overall"))).toBe(3);
    expect(await store().read((c) => boardRowCount(c, "week:2"))).toBe(3);
    expect(await store().read((c) => boardRowCount(c, "week:9"))).toBe(0);
    const counts = await store().read((c) => boardRowCounts(c, ["overall", "week:2", "week:9", "overall"]));
    expect(Object.fromEntries(counts)).toEqual({ overall: 3, "week:2": 3 });
    expect((await store().read((c) => boardRowCounts(c, []))).size).toBe(0);
    expect(await store().read((c) => boardRowOf(c, "week:1", "u-bob"))).toBeNull();
    expect(await store().read((c) => boardRowOf(c, "week:1", "u-ada"))).toMatchObject({ position: 1, points: 25 });
  });

  it("lists a learner's rows on every board, the weeks with boards and the account's learner", async () => {
    const { ada } = await seed();
    expect(await store().read((c) => learnerBoardRows(c, "u-ada"))).toEqual([
      { board: "overall", position: 2, points: 30, completions: 1, attempts: 3 },
      { board: "week:1", position: 1, points: 25, completions: 1, attempts: 2 },
      { board: "week:2", position: 2, points: 0, completions: 0, attempts: 1 },
    ]);
    expect(await store().read(boardWeeks)).toEqual([1, 2]);
    expect(await store().read((c) => learnerOfAccount(c, ada.id))).toEqual({ id: "u-ada", name: "ada (owui)" });
    const other = await store().tx((c) => makeUser(c, { now }));
    expect(await store().read((c) => learnerOfAccount(c, other.id))).toBeNull();
  });

  it("gives each mission's status, attempts and counted completion (earliest, its snapshot)", async () => {
    const { m1, m2, m3 } = await seed();
    const missions = await store().read((c) => learnerMissions(c, "u-ada"));
    expect(missions.map((m) => [m.missionId, m.status, m.attempts, m.completedAt, m.pointsSnapshot])).toEqual([
      [m1, "completed", 2, at(3), 25],
      [m2, "in_progress", 1, null, null],
      [m3, "not_started", 0, null, null],
    ]);
    expect(missions[0]).toMatchObject({ name: "Recon", week: 1, difficulty: "Medium", missionPoints: 20, firstStartedAt: at(1) });
    expect(await store().read((c) => learnerAdjustments(c, "u-ada"))).toMatchObject([{ points: 5, reason: "Helped a peer", week: null }]);
  });

  it("pages the learner's own attempts, newest first, with completion and mission", async () => {
    await seed();
    const first = await store().read((c) => learnerAttemptsPage(c, "u-ada", { page: 1, pageSize: 2 }));
    expect(first.total).toBe(3);
    expect(first.rows.map((r) => [r.chatId, r.missionName, r.completed])).toEqual([
      ["c3", "Cipher", false],
      ["c2", "Recon", true],
    ]);
    expect(first.rows[0]).toMatchObject({ title: "Cipher try", startedAt: at(4) });
    const second = await store().read((c) => learnerAttemptsPage(c, "u-ada", { page: 2, pageSize: 2 }));
    expect(second.rows.map((r) => r.chatId)).toEqual(["c1"]);
  });

  it("reads one bounded page of a board of 5,000 learners with LIMIT", async () => {
    await store().tx(async (c) => {
      const [m] = await insertMissionFixtures(c, [{ key: "big", week: 1, points: 10 }], now);
      if (!m) throw new Error("seed");
      const learners = Array.from({ length: 5000 }, (_, i) => ({ id: `u-${String(i).padStart(4, "0")}` }));
      await insertAttemptFixtures(
        c,
        learners,
        learners.map((l, i) => ({
          chatId: `chat-${l.id}`,
          missionId: m,
          learnerId: l.id,
          startedAt: at(1),
          completion: i % 2 === 0 ? { at: new Date(at(2).getTime() + i * 1000), points: 10 } : undefined,
        })),
        now,
      );
      await rebuildStandingsForTest(c, [], now);
    });
    const page = await store().read((c) => boardPage(c, "overall", { page: 3, pageSize: 50 }));
    expect(page).toHaveLength(50);
    expect(page[0]?.position).toBe(101);
    expect(await store().read((c) => boardRowCount(c, "overall"))).toBe(5000);
    // The statement the page runs carries LIMIT/OFFSET: the database returns the page, not the board.
    const statement = await store().read(async (c) => boardPageQuery(c, "overall", { page: 3, pageSize: 50 }).toSQL());
    expect(statement.sql).toMatch(/ limit .+ offset /i);
    expect(statement.params.slice(-2)).toEqual([50, 100]);
  });
});
