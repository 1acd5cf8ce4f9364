import { missionFunnels, tally } from "@missionboard/core";
import { eq, sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { makeUser } from "../factories";
import { newId } from "../ids";
import { type Conn, openStore } from "../store";
import { describeEachEngine } from "../test-utils";
import { ensureOwuiUsers, insertMissionsIfAbsent, replaceDetections, upsertChats, upsertOwuiUsers } from "./analytics";
import {
  completingLearnerRecords,
  dashboardSummary,
  knownLearnerCount,
  missionBreakdown,
  missionGridPage,
  missionLearnerStatuses,
  recentReloadJobs,
  standingsPage,
} from "./mission-dashboards";

const T0 = new Date(Date.UTC(2026, 0, 1));
const at = (s: number) => new Date(T0.getTime() + s * 1000);
const page = (n: number, size: number) => ({ page: n, pageSize: size });

const chat = (id: string, user: string | null) => ({
  id,
  owuiUserId: user,
  title: `Chat ${id}`,
  models: ["m"],
  createdAtRemote: T0,
  updatedAtRemote: T0,
  messageCount: 2,
  contentHash: `hash-${id}`,
  archived: false,
  ingestedAt: T0,
});

/**
 * Learners: u1 Ada, u2 Bob, u3 Cy (no attempt), p1 (placeholder with an attempt), p2 (placeholder
 * without one: not a known learner), l1 (placeholder linked to the account "Lee Learner").
 * Missions A (week 1), B and C (week 2; nobody tried C). Ownerless attempts: owner null and "".
 */
async function seed(c: Conn): Promise<Record<"A" | "B" | "C", string>> {
  await upsertOwuiUsers(
    c,
    [
      { id: "u1", name: "Ada", email: "ada@x.test", role: "user", source: "api" },
      { id: "u2", name: "Bob", email: "bob@x.test", role: "user", source: "api" },
      { id: "u3", name: "Cy", email: null, role: "user", source: "file" },
    ],
    T0,
  );
  await ensureOwuiUsers(c, ["p1", "p2", "l1"], T0, false);
  const account = await makeUser(c, { name: "Lee Learner" });
  await c.db.update(c.t.owuiUsers).set({ userId: account.id, linkMethod: "manual" }).where(eq(c.t.owuiUsers.id, "l1"));
  const base = { difficulty: null, markers: [], includeDefaultMarkers: true, briefingReplyCounts: false, startTriggers: [] };
  await insertMissionsIfAbsent(
    c,
    [
      { ...base, key: "A", name: "A", week: 1, points: 20, aliases: ["a"], origin: "model" },
      { ...base, key: "B", name: "B", week: 2, points: 25, aliases: ["b"], origin: "model" },
      { ...base, key: "C", name: "C", week: 2, points: 30, aliases: ["c"], origin: "model" },
    ],
    T0,
  );
  const ids = Object.fromEntries((await c.db.select().from(c.t.missions)).map((m) => [m.name, m.id])) as Record<"A" | "B" | "C", string>;
  const owners: [string, string | null][] = [
    ["c1", "u1"],
    ["c2", "u1"],
    ["c3", "u2"],
    ["c4", "u2"],
    ["c5", null],
    ["c6", null],
    ["c7", "p1"],
    ["c8", "u1"],
  ];
  await upsertChats(
    c,
    owners.map(([id, user]) => chat(id, user)),
  );
  const attempt = (chatId: string, mission: "A" | "B", user: string | null, start: number, doneAt: number | null) => ({
    chatId,
    missionId: ids[mission],
    owuiUserId: user,
    startedAt: at(start),
    lastMessageAt: at(start + 1),
    messageCount: 2,
    userMessageCount: 1,
    completed: doneAt !== null,
    detectorVersion: "v",
    completion:
      doneAt === null ? null : { messageId: "b", completedAt: at(doneAt), marker: "mission accomplished", outcome: null, points: 20 },
  });
  await replaceDetections(
    c,
    [],
    [
      attempt("c1", "A", "u1", 60, 100),
      attempt("c2", "A", "u1", 40, 50),
      attempt("c3", "A", "u2", 5, null),
      attempt("c4", "B", "u2", 5, 30),
      attempt("c5", "A", null, 5, 10),
      attempt("c6", "A", "", 5, 10),
      attempt("c7", "B", "p1", 5, null),
      attempt("c8", "A", "u1", 10, null),
    ],
  );
  return ids;
}

describeEachEngine("mission dashboard queries", (store) => {
  it("the summary and per-mission counts agree with core's tally; rates as §M-23 defines them", async () => {
    await store().tx(seed);
    const { summary, missions, attempts, completions } = await store().read(async (c) => ({
      ...(await dashboardSummary(c)),
      attempts: await c.db.select().from(c.t.missionAttempts),
      completions: await c.db.select().from(c.t.missionCompletions),
    }));
    const core = tally(attempts, completions);
    expect(core).toMatchObject({ attempts: 8, completedAttempts: 5, participants: 3, completions: 2 });
    expect(summary).toEqual({
      missions: 3,
      attempts: core.attempts,
      completedAttempts: core.completedAttempts,
      completions: core.completions,
      participants: core.participants,
      startedPairs: 4,
      knownLearners: 5,
      participationRate: 60,
      completionRate: 50,
    });
    expect(missions).toEqual(core.missions);
  });

  it("filters by week, mission, status and user", async () => {
    const ids = await store().tx(seed);
    const summary = async (filter: Parameters<typeof dashboardSummary>[1]) =>
      (await store().read((c) => dashboardSummary(c, filter))).summary;
    expect(await summary({ week: 2 })).toMatchObject({ missions: 2, attempts: 2, completedAttempts: 1, participants: 2, completions: 1 });
    expect(await summary({ missionId: ids.A })).toMatchObject({
      missions: 1,
      attempts: 6,
      completedAttempts: 4,
      participants: 2,
      completions: 1,
    });
    // Completed pairs: u1 at A (3 attempts) and u2 at B (1); ownerless attempts belong to no status.
    expect(await summary({ status: "completed" })).toMatchObject({ attempts: 4, completions: 2, participants: 2, completionRate: 100 });
    expect(await summary({ status: "in_progress" })).toMatchObject({ attempts: 2, completions: 0, participants: 2 });
    expect(await summary({ status: "not_started" })).toMatchObject({ attempts: 0, participants: 0 });
    expect(await summary({ user: "ADA" })).toMatchObject({ attempts: 3, completions: 1, participants: 1, knownLearners: 1 });
    expect(await summary({ user: "lee" })).toMatchObject({ attempts: 0, knownLearners: 1, participationRate: 0 });
    expect(await summary({ user: "%" })).toMatchObject({ knownLearners: 0 });
    expect(await store().read((c) => missionBreakdown(c, { week: 1, user: "bob" }))).toEqual([
      { missionId: ids.A, attempts: 1, completedAttempts: 0, participants: 1, completions: 0 },
    ]);
    expect(await store().read((c) => knownLearnerCount(c))).toBe(5);
  });

  it("status rows cover every known learner, completed first, paged", async () => {
    const ids = await store().tx(seed);
    const first = await store().read((c) => missionLearnerStatuses(c, ids.A, { page: page(1, 2) }));
    expect(first.total).toBe(5);
    expect(first.rows.map((r) => [r.learnerId, r.status, r.attempts, r.firstCompletedAt])).toEqual([
      ["u1", "completed", 3, at(50)],
      ["u2", "in_progress", 1, null],
    ]);
    const rest = await store().read((c) => missionLearnerStatuses(c, ids.A, { page: page(2, 2) }));
    expect(rest.rows.map((r) => [r.learnerId, r.status])).toEqual([
      ["u3", "not_started"],
      ["l1", "not_started"],
    ]);
    expect(rest.rows[1]?.accountName).toBe("Lee Learner");
    const notStarted = await store().read((c) => missionLearnerStatuses(c, ids.A, { status: "not_started", page: page(1, 10) }));
    expect(notStarted.rows.map((r) => r.learnerId)).toEqual(["u3", "l1", "p1"]);
    expect(notStarted.total).toBe(3);
    const unknown = await store().read((c) => missionLearnerStatuses(c, ids.C, { page: page(1, 10) }));
    expect(unknown.rows.every((r) => r.status === "not_started")).toBe(true);
  });

  it("funnel inputs: only the completing learners' records of one mission, and core's medians from them", async () => {
    const ids = await store().tx(seed);
    const records = await store().read((c) => completingLearnerRecords(c, ids.A));
    expect(records.attempts.map((a) => a.owuiUserId).sort()).toEqual(["u1", "u1", "u1"]);
    expect(records.completions.map((c) => c.owuiUserId)).toEqual(["u1", "u1"]);
    const [funnel] = missionFunnels(records.attempts, records.completions, { missionIds: [ids.A] });
    // u1's counted completion (at 50 s) is in their 2nd attempt by start; first start at 10 s.
    expect(funnel).toMatchObject({ completed: 1, medianAttemptsToComplete: 2, medianTimeToCompleteMs: 40_000 });
    expect(await store().read((c) => completingLearnerRecords(c, ids.A, ["u2"]))).toEqual({
      attempts: [expect.objectContaining({ owuiUserId: "u2", completed: false })],
      completions: [],
    });
  });

  it("grid: a bounded page of known learners with a cell per attempted mission", async () => {
    const ids = await store().tx(seed);
    const missionIds = [ids.A, ids.B, ids.C];
    const grid = await store().read((c) => missionGridPage(c, missionIds, { page: page(1, 2) }));
    expect(grid.total).toBe(5);
    expect(grid.rows.map((r) => r.learnerId)).toEqual(["u1", "u2"]);
    expect(grid.rows[0]?.cells).toEqual([{ missionId: ids.A, attempts: 3, completed: true, firstCompletedAt: at(50) }]);
    expect(grid.rows[1]?.cells.sort((x, y) => (x.missionId < y.missionId ? -1 : 1))).toEqual(
      [
        { missionId: ids.A, attempts: 1, completed: false, firstCompletedAt: null },
        { missionId: ids.B, attempts: 1, completed: true, firstCompletedAt: at(30) },
      ].sort((x, y) => (x.missionId < y.missionId ? -1 : 1)),
    );
    const last = await store().read((c) => missionGridPage(c, missionIds, { page: page(3, 2) }));
    expect(last.rows.map((r) => r.learnerId)).toEqual(["p1"]);
    expect(await store().read((c) => missionGridPage(c, missionIds, { user: "cy", page: page(1, 10) }))).toMatchObject({
      total: 1,
      rows: [{ learnerId: "u3", cells: [] }],
    });
  });

  it("the leaderboard reads stored standings, sorted and filtered in SQL", async () => {
    const ids = await store().tx(seed);
    await store().tx(({ db, t }) =>
      db.insert(t.standings).values([
        { board: "overall", learnerId: "u2", position: 1, points: 25, completions: 1, attempts: 2, reachedAt: at(30), updatedAt: T0 },
        { board: "overall", learnerId: "u1", position: 2, points: 20, completions: 1, attempts: 3, reachedAt: at(50), updatedAt: T0 },
        { board: "overall", learnerId: "p1", position: 3, points: 0, completions: 0, attempts: 1, reachedAt: null, updatedAt: T0 },
        { board: "week:2", learnerId: "u2", position: 1, points: 25, completions: 1, attempts: 1, reachedAt: at(30), updatedAt: T0 },
      ]),
    );
    const list = (options: Partial<Parameters<typeof standingsPage>[1]>) =>
      store().read(async (c) =>
        (await standingsPage(c, { board: "overall", filter: {}, sort: "points", dir: "desc", page: page(1, 10), ...options })).rows.map(
          (r) => r.learnerId,
        ),
      );
    expect(await list({})).toEqual(["u2", "u1", "p1"]);
    expect(await list({ dir: "asc" })).toEqual(["p1", "u1", "u2"]);
    expect(await list({ sort: "efficiency" })).toEqual(["u2", "u1", "p1"]);
    expect(await list({ sort: "attempts", dir: "asc" })).toEqual(["p1", "u2", "u1"]);
    expect(await list({ sort: "completions", dir: "asc" })).toEqual(["p1", "u2", "u1"]);
    expect(await list({ filter: { status: "completed", missionId: ids.A } })).toEqual(["u1"]);
    expect(await list({ filter: { status: "not_started", missionId: ids.A } })).toEqual(["p1"]);
    expect(await list({ filter: { status: "in_progress", week: 2 } })).toEqual(["p1"]);
    expect(await list({ filter: { missionId: ids.B } })).toEqual(["u2", "p1"]);
    expect(await list({ filter: { user: "bob" } })).toEqual(["u2"]);
    expect(await list({ board: "week:2" })).toEqual(["u2"]);
    const paged = await store().read((c) =>
      standingsPage(c, { board: "overall", filter: {}, sort: "points", dir: "desc", page: page(2, 2) }),
    );
    expect(paged).toMatchObject({ total: 3, rows: [{ learnerId: "p1", owuiName: null, position: 3 }] });
  });
});

describeEachEngine("freshness: the newest reloads", (store) => {
  it("are the 50 newest finished reloads, newest first, whatever else the job history holds", async () => {
    const run = (i: number, kind: "reload" | "redetect", status: "succeeded" | "failed" | "running") => ({
      id: newId(),
      kind,
      status,
      lease: kind,
      params: { i },
      startedAt: at(i),
      finishedAt: status === "running" ? null : at(i + 1),
    });
    const runs = [
      ...Array.from({ length: 2_000 }, (_, i) => run(i, "redetect", "succeeded")),
      ...Array.from({ length: 60 }, (_, i) => run(10 * i, "reload", i % 7 === 0 ? "failed" : "succeeded")),
      run(5_000, "reload", "running"),
    ];
    await store().tx(async ({ db, t }) => {
      for (let i = 0; i < runs.length; i += 500) await db.insert(t.jobRuns).values(runs.slice(i, i + 500));
    });
    const newest = await store().read((c) => recentReloadJobs(c));
    expect(newest.map((r) => r.params.i)).toEqual(Array.from({ length: 50 }, (_, k) => 10 * (59 - k)));
    expect(new Set(newest.map((r) => r.kind))).toEqual(new Set(["reload"]));
  });
});

it("on SQLite the newest reloads are read through job_runs_kind_finished_idx, not by scanning the job history", async () => {
  const store = openStore("file::memory:");
  try {
    await store.migrate();
    const plan = await store.read(async ({ db }) =>
      (db as unknown as { all(q: unknown): Promise<{ detail: string }[]> }).all(
        sql`explain query plan select id from job_runs where kind = 'reload' and status in ('succeeded', 'failed') order by finished_at desc, id desc limit 50`,
      ),
    );
    expect(plan.map((p) => p.detail).join(" | ")).toMatch(/USING INDEX job_runs_kind_finished_idx/);
  } finally {
    await store.close();
  }
});
