import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { makeUser } from "../factories";
import type { Conn } from "../store";
import { describeEachEngine, insertAttemptFixtures, insertMissionFixtures, writeStandingsRows } from "../test-utils";
import { readDataStamp } from "./data-stamps";
import { updateMissionRow } from "./missions";
import { replaceRankTable, setBoardFreeze } from "./scoring-settings";
import { insertAdjustment } from "./standings";

const NOW = new Date("2026-10-01T12:00:00.000Z");

describeEachEngine("dashboards stamp (migration 0012 triggers)", (store) => {
  /** Seeds a mission, a learner with an attempt and an account; returns their ids. */
  async function seed() {
    return store().tx(async (c) => {
      const [missionId] = await insertMissionFixtures(c, [{ key: "m1", week: 1, points: 10 }], NOW);
      await insertAttemptFixtures(
        c,
        [{ id: "ada", name: "Ada" }],
        [{ chatId: "chat-1", missionId: missionId as string, learnerId: "ada", startedAt: NOW }],
        NOW,
      );
      const account = await makeUser(c, { role: "student", now: NOW, email: "ada@example.org" });
      return { missionId: missionId as string, accountId: account.id };
    });
  }

  /** Whether `write` (one transaction) moves the stamp. */
  async function moves(write: (c: Conn) => Promise<unknown>): Promise<boolean> {
    const before = await store().read((c) => readDataStamp(c));
    await store().tx(write);
    const after = await store().read((c) => readDataStamp(c));
    expect(before).not.toBeNull();
    return after !== before;
  }

  it("moves on every kind of write the dashboards read", async () => {
    const { missionId, accountId } = await seed();
    const { t } = await store().read(async (c) => c);
    // A job's records: attempts, completions and learners (reload, re-detection, re-score).
    expect(
      await moves((c) =>
        insertAttemptFixtures(
          c,
          [{ id: "bob" }],
          [{ chatId: "chat-2", missionId, learnerId: "bob", startedAt: NOW, completion: { at: NOW, points: 10 } }],
          NOW,
        ),
      ),
    ).toBe(true);
    expect(await moves((c) => c.db.update(t.missionCompletions).set({ points: 5 }))).toBe(true);
    expect(await moves((c) => c.db.delete(t.missionAttempts).where(eq(t.missionAttempts.chatId, "chat-2")))).toBe(true);
    // A job's standings (the standings phase, a rebuild).
    expect(
      await moves((c) =>
        writeStandingsRows(
          c,
          [{ board: "overall", learnerId: "ada", position: 1, points: 10, completions: 1, attempts: 1, reachedAt: NOW }],
          NOW,
        ),
      ),
    ).toBe(true);
    // An adjustment, a freeze, the rank table.
    expect(
      await moves((c) => insertAdjustment(c, { learnerId: "ada", points: 3, reason: "bonus", week: null, createdBy: null }, NOW)),
    ).toBe(true);
    expect(await moves((c) => setBoardFreeze(c, "overall", NOW, null, NOW))).toBe(true);
    expect(await moves((c) => replaceRankTable(c, [{ name: "Cadet", minPoints: 0 }], NOW))).toBe(true);
    // A link (or unlink) on /staff/people or by verified email.
    expect(
      await moves((c) => c.db.update(t.owuiUsers).set({ userId: accountId, linkMethod: "manual" }).where(eq(t.owuiUsers.id, "ada"))),
    ).toBe(true);
    // A mission edit.
    expect(await moves((c) => updateMissionRow(c, missionId, { week: 2 }, NOW))).toBe(true);
    // A chat written by a reload (its messages are replaced with it) or removed: All chats reads it.
    expect(
      await moves((c) =>
        c.db.insert(t.chats).values({ id: "chat-9", owuiUserId: null, models: [], messageCount: 0, contentHash: "h", ingestedAt: NOW }),
      ),
    ).toBe(true);
    expect(await moves((c) => c.db.update(t.chats).set({ contentHash: "h2" }).where(eq(t.chats.id, "chat-9")))).toBe(true);
    expect(await moves((c) => c.db.delete(t.chats).where(eq(t.chats.id, "chat-9")))).toBe(true);
    // A profile's name or leaderboard name choice, and a new account.
    expect(await moves((c) => c.db.update(t.users).set({ leaderboardName: "full" }).where(eq(t.users.id, accountId)))).toBe(true);
    expect(await moves((c) => c.db.update(t.users).set({ name: "Ada L." }).where(eq(t.users.id, accountId)))).toBe(true);
    expect(await moves((c) => makeUser(c, { role: "student", now: NOW, email: "new@example.org" }))).toBe(true);
  });

  it("stays on writes the dashboards do not read (a sign-in, a session)", async () => {
    const { accountId } = await seed();
    const { t } = await store().read(async (c) => c);
    expect(await moves((c) => c.db.update(t.users).set({ lastSignInAt: NOW }).where(eq(t.users.id, accountId)))).toBe(false);
  });

  it("a write rolled back leaves the stamp as it was", async () => {
    const { missionId } = await seed();
    const before = await store().read((c) => readDataStamp(c));
    await expect(
      store().tx(async (c) => {
        await updateMissionRow(c, missionId, { week: 3 }, NOW);
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    expect(await store().read((c) => readDataStamp(c))).toBe(before);
  });
});
