// The stored standings on both engines: each job that changes completions (a reload, a
// re-detection) and each adjustment leaves exactly the rows core computes from the records
// (docs/product/missions.md §M-12..M-15), and rank-ups are notified once.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { boardKey, buildStandings, leaderboard, type StandingRow, storedViews, tally, viewFor } from "@missionboard/core";
import {
  insertAdjustment,
  loadBoardFreezes,
  loadScoringData,
  replaceRankTable,
  replaceStandings,
  type Store,
  setBoardFreeze,
  standingRowsOf,
} from "@missionboard/db";
import { makeUser } from "@missionboard/db/factories";
import { describeEachEngine } from "@missionboard/db/test-utils";
import { asc, eq, sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { generateOpenWebUiExport } from "../../../../scripts/gen-openwebui/generate";
import { recordingMail, TEST_SETTINGS } from "../test-helpers";
import { readJsonArray } from "./ingest/files";
import { redetect } from "./ingest/redetect";
import { runIngest } from "./ingest/run";
import type { IngestSource } from "./ingest/types";
import { rankUpNotice, rebuildStandings, updateStandingsFor } from "./standings";

/** A clock that moves one second per call. */
const clock = (start = Date.UTC(2026, 0, 1)) => {
  let t = start;
  return () => {
    t += 1000;
    return new Date(t);
  };
};

let files: { users: string; models: string; chats: string; firstHalf: string };

beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "standings-"));
  const gen = await generateOpenWebUiExport({ out: dir, chats: 240, users: 16, seed: 11 });
  const chats = JSON.parse(readFileSync(gen.files.chats, "utf8")) as unknown[];
  const firstHalf = path.join(dir, "first-half.json");
  writeFileSync(firstHalf, JSON.stringify(chats.slice(0, chats.length / 2)));
  files = { users: gen.files.usersJson as string, models: gen.files.models as string, chats: gen.files.chats, firstHalf };
});

const source = (chats: string): IngestSource => ({
  users: readJsonArray(files.users),
  models: readJsonArray(files.models),
  chats: readJsonArray(chats),
});

const byBoardAndLearner = (a: StandingRow, b: StandingRow) =>
  a.board < b.board ? -1 : a.board > b.board ? 1 : a.learnerId < b.learnerId ? -1 : a.learnerId > b.learnerId ? 1 : 0;

describeEachEngine("standings", (store) => {
  /** Every stored row, in a fixed order. */
  const stored = () =>
    store().read(async ({ db, t }) =>
      (
        await db
          .select({
            board: t.standings.board,
            learnerId: t.standings.learnerId,
            position: t.standings.position,
            points: t.standings.points,
            completions: t.standings.completions,
            attempts: t.standings.attempts,
            reachedAt: t.standings.reachedAt,
          })
          .from(t.standings)
      ).sort(byBoardAndLearner),
    );

  /** What core computes from the stored records for every stored view: the rows must be exactly these. */
  const expected = () =>
    store().read(async (c) => {
      const data = await loadScoringData(c);
      return buildStandings(data, storedViews(data.missions, await loadBoardFreezes(c))).sort(byBoardAndLearner);
    });

  const overallPoints = async (s: Store = store()) => {
    const rows = await s.read((c) => standingRowsOf(c, "overall"));
    return rows.reduce((n, r) => n + r.points, 0);
  };

  it("a reload that adds completions changes the standings exactly as the new completions say; the summary agrees", async () => {
    const now = clock();
    const first = await runIngest(store(), source(files.firstHalf), { mode: "upsert", source: "cli" }, now);
    const before = await stored();
    expect(before.length).toBeGreaterThan(0);
    expect(before).toEqual(await expected());
    // Every week with missions has a board, next to the overall one.
    const boards = new Set(before.map((r) => r.board));
    expect(boards.has("overall")).toBe(true);
    expect([...boards].some((b) => b.startsWith("week:"))).toBe(true);

    const second = await runIngest(store(), source(files.chats), { mode: "upsert", source: "cli" }, now);
    expect(second.completions).toBeGreaterThan(first.completions);
    const after = await stored();
    expect(after).toEqual(await expected());
    expect(after).not.toEqual(before);
    expect(await overallPoints()).toBeGreaterThan(before.filter((r) => r.board === "overall").reduce((n, r) => n + r.points, 0));

    // The ingest summary counts what the standings count (core tally, §M-11).
    const data = await store().read((c) => loadScoringData(c));
    const counts = tally(data.attempts, data.completions);
    expect({ attempts: second.attempts, completions: second.completions, participants: second.participants }).toEqual({
      attempts: counts.attempts,
      completions: counts.completions,
      participants: counts.participants,
    });
    const overall = after.filter((r) => r.board === "overall");
    expect(overall.reduce((n, r) => n + r.completions, 0)).toBe(counts.completions);
    expect(overall.reduce((n, r) => n + r.attempts, 0)).toBe(data.attempts.filter((a) => a.owuiUserId).length);
  });

  it("a re-detection that removes completions (a mission's markers edited) changes the standings", async () => {
    const now = clock();
    await runIngest(store(), source(files.chats), { mode: "upsert", source: "cli" }, now);
    const [top] = await store().read(({ db, t }) =>
      db
        .select({ missionId: t.missionCompletions.missionId, n: sql<number>`count(*)` })
        .from(t.missionCompletions)
        .groupBy(t.missionCompletions.missionId)
        .orderBy(sql`count(*) desc`)
        .limit(1),
    );
    expect(top).toBeDefined();
    const missionId = top?.missionId as string;
    const before = await stored();
    const pointsBefore = await overallPoints();
    await store().tx(({ db, t }) =>
      db
        .update(t.missions)
        .set({ markers: ["no learner ever writes this"], includeDefaultMarkers: false })
        .where(eq(t.missions.id, missionId)),
    );
    await redetect(store(), now);
    const left = await store().read(({ db, t }) =>
      db.select().from(t.missionCompletions).where(eq(t.missionCompletions.missionId, missionId)),
    );
    expect(left).toEqual([]);
    const after = await stored();
    expect(after).toEqual(await expected());
    expect(after).not.toEqual(before);
    expect(await overallPoints()).toBeLessThan(pointsBefore);
  });

  it("an adjustment moves the learner and their neighbours' positions, writing only the rows that differ", async () => {
    const now = clock();
    await runIngest(store(), source(files.chats), { mode: "upsert", source: "cli" }, now);
    const board = await store().read((c) => standingRowsOf(c, "overall"));
    const leader = board[0] as StandingRow;
    const last = board.at(-1) as StandingRow;
    expect(leader.learnerId).not.toBe(last.learnerId);
    const bonus = leader.points - last.points + 5;
    const result = await store().tx(async (c) => {
      await insertAdjustment(c, { learnerId: last.learnerId, points: bonus, reason: "Workshop host", week: null, createdBy: null }, now());
      return updateStandingsFor(c, [last.learnerId], now());
    });
    const after = await store().read((c) => standingRowsOf(c, "overall"));
    expect(after[0]).toMatchObject({ learnerId: last.learnerId, position: 1, points: leader.points + 5 });
    expect(after.find((r) => r.learnerId === leader.learnerId)?.position).toBe(2);
    expect(await stored()).toEqual(await expected());
    // Only the overall board changed (no week); of it, the learner and everyone they passed.
    const passed = board.filter((r) => r.learnerId !== last.learnerId).length;
    expect(result.rows).toBe(passed + 1);
  });

  it("a freeze stores the learners' frozen view under its own key, as core computes it", async () => {
    const now = clock();
    await runIngest(store(), source(files.chats), { mode: "upsert", source: "cli" }, now);
    const middle = await store().read(async ({ db, t }) => {
      const rows = await db
        .select({ at: t.missionCompletions.completedAt })
        .from(t.missionCompletions)
        .orderBy(asc(t.missionCompletions.completedAt));
      return rows[Math.floor(rows.length / 2)]?.at as Date;
    });
    await store().tx(async (c) => {
      await setBoardFreeze(c, "overall", middle, null, now());
      await rebuildStandings(c, now());
    });
    const key = `overall@${middle.toISOString()}`;
    const frozen = await store().read((c) => standingRowsOf(c, key));
    const data = await store().read((c) => loadScoringData(c));
    const view = viewFor({ kind: "overall" }, [{ board: "overall", freezeAt: middle }], "learner");
    expect(boardKey(view)).toBe(key);
    expect(frozen).toEqual(leaderboard(data, view));
    expect(frozen.reduce((n, r) => n + r.points, 0)).toBeLessThan(await overallPoints());
    expect(await stored()).toEqual(await expected());

    // Cleared: the frozen view's rows go with the next rebuild.
    await store().tx(async (c) => {
      await setBoardFreeze(c, "overall", null, null, now());
      await rebuildStandings(c, now());
    });
    expect(await store().read((c) => standingRowsOf(c, key))).toEqual([]);
  });

  it("notifies a linked learner's rank-up once, in-app and by email unless they opted out", async () => {
    const now = clock();
    await runIngest(store(), source(files.chats), { mode: "upsert", source: "cli" }, now);
    const board = await store().read((c) => standingRowsOf(c, "overall"));
    const [one, two] = board.filter((r) => r.points > 0);
    expect(one && two).toBeTruthy();
    // Link two learners to accounts; the second opted out of email.
    const accounts = await store().tx(async (c) => {
      const a = await makeUser(c, { role: "student", email: "one@example.test", now: now() });
      const b = await makeUser(c, { role: "student", email: "two@example.test", now: now() });
      await c.db.update(c.t.users).set({ emailNotifications: false }).where(eq(c.t.users.id, b.id));
      await c.db
        .update(c.t.owuiUsers)
        .set({ userId: a.id })
        .where(eq(c.t.owuiUsers.id, one?.learnerId as string));
      await c.db
        .update(c.t.owuiUsers)
        .set({ userId: b.id })
        .where(eq(c.t.owuiUsers.id, two?.learnerId as string));
      // A rank table every scoring learner has reached: a first build (no rows yet) is a rank-up for them.
      await replaceRankTable(
        c,
        [
          { name: "Recruit", minPoints: 0 },
          { name: "Scout", minPoints: 1, reward: "A sticker" },
        ],
        now(),
      );
      await replaceStandings(c, [], now());
      return { a, b };
    });
    const mail = recordingMail();
    const notices = { settings: TEST_SETTINGS, mail };
    const first = await store().tx((c) => rebuildStandings(c, now(), notices));
    expect(first.rankUps.length).toBe(board.filter((r) => r.points > 0).length);
    expect(first.notified).toBe(2);

    const notifications = () =>
      store().read(({ db, t }) =>
        db.select().from(t.notifications).where(eq(t.notifications.kind, "rank_up")).orderBy(asc(t.notifications.userId)),
      );
    const mails = () => store().read(({ db, t }) => db.select().from(t.mailMessages));
    const sent = await notifications();
    expect(sent.map((n) => n.userId).sort()).toEqual([accounts.a.id, accounts.b.id].sort());
    const notice = rankUpNotice({
      learnerId: one?.learnerId as string,
      from: { name: "Recruit", minPoints: 0 },
      to: { name: "Scout", minPoints: 1, reward: "A sticker" },
      points: one?.points as number,
    });
    expect(sent.find((n) => n.userId === accounts.a.id)).toMatchObject({
      title: "You reached Scout",
      body: notice.body,
      link: "/missions/me",
    });
    expect(notice.body).toContain("A sticker");
    const mailed = await mails();
    expect(mailed.map((m) => m.to)).toEqual(["one@example.test"]);
    expect(mailed[0]?.text).toContain("http://missionboard.test/missions/me");

    // An unchanged reload notifies nobody again.
    const again = await runIngest(store(), source(files.chats), { mode: "upsert", source: "cli" }, now);
    expect(again.inserted + again.updated).toBe(0);
    await store().tx((c) => rebuildStandings(c, now(), notices));
    expect(await notifications()).toHaveLength(2);
    expect(await mails()).toHaveLength(1);
  });
});
