import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Store } from "@missionboard/db";
import { describeEachEngine } from "@missionboard/db/test-utils";
import { TRPCError } from "@trpc/server";
import { expect, it } from "vitest";
import { generateOpenWebUiExport } from "../../../../scripts/gen-openwebui/generate";
import { readJsonArray } from "../services/ingest/files";
import { runIngest } from "../services/ingest/run";
import type { IngestSource, IngestSummary } from "../services/ingest/types";
import { callerAs, callerFor, makeSessionUser, TEST_NOW } from "../test-helpers";

/** A clock that moves one second per call, so every run has its own stamp. */
const clock = (start = TEST_NOW.getTime() - 3_600_000) => {
  let t = start;
  return () => {
    t += 1000;
    return new Date(t);
  };
};

/** A generated export (missions by week with completions), written once for every test. */
const generated = (async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "dashboards-"));
  return generateOpenWebUiExport({ out: dir, chats: 120, users: 15, seed: 11 });
})();

async function ingestAll(store: Store, now = clock()): Promise<IngestSummary> {
  const gen = await generated;
  const source: IngestSource = {
    users: readJsonArray(gen.files.usersJson as string),
    models: readJsonArray(gen.files.models as string),
    chats: readJsonArray(gen.files.chats),
  };
  return runIngest(store, source, { mode: "upsert", source: "cli" }, now);
}

async function failure(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return error;
}

describeEachEngine("analytics router", (store) => {
  const staff = async () => callerAs(store(), await makeSessionUser(store(), "assistant"));

  it("the ingest summary, the overview, the results and the grid agree on attempts, completions and participants", async () => {
    const ingest = await ingestAll(store());
    expect(ingest.completions).toBeGreaterThan(0);
    const api = await staff();
    const overview = await api.analytics.overview();
    expect(overview.summary).toMatchObject({
      attempts: ingest.attempts,
      completions: ingest.completions,
      participants: ingest.participants,
    });
    for (const m of ingest.missions) {
      expect(overview.perMission.find((x) => x.id === m.id)).toMatchObject({ attempts: m.attempts, completions: m.completions });
    }
    expect(overview.perWeek.reduce((n, w) => n + w.completions, 0)).toBe(ingest.completions);

    const results = await api.analytics.results();
    for (const m of ingest.missions) {
      expect(results.hardest.find((f) => f.missionId === m.id)).toMatchObject({ started: m.participants, completed: m.completions });
    }
    // Every funnel splits the known learners into started and not started.
    for (const f of results.hardest) expect(f.started + f.notStarted).toBe(results.knownLearners);

    // The grid, page by page: its completed cells are the completions, its learners with a cell the participants.
    let completed = 0;
    let attempts = 0;
    const participants = new Set<string>();
    let pageCount = 1;
    for (let page = 1; page <= pageCount; page++) {
      const grid = await api.analytics.grid({ page });
      pageCount = grid.learners.pageCount;
      expect(grid.learners.items.length).toBeLessThanOrEqual(grid.learners.pageSize);
      for (const row of grid.learners.items)
        for (const cell of row.cells) {
          if (cell.status === "completed") completed++;
          attempts += cell.attempts;
          if (cell.status !== "not_started") participants.add(row.learnerId);
        }
      expect(grid.learners.total).toBe(results.knownLearners);
    }
    expect(completed).toBe(ingest.completions);
    expect(participants.size).toBe(ingest.participants);
    // Ownerless attempts are attempts but belong to no learner's cell.
    expect(attempts).toBeLessThanOrEqual(ingest.attempts);

    // One mission's learner list: completed rows are its completions, with attempts to complete.
    const busiest = [...ingest.missions].sort((x, y) => y.completions - x.completions)[0];
    if (!busiest) throw new Error("no mission");
    const one = await api.analytics.results({ mission: busiest.id, status: "completed" });
    expect(one.learners?.total).toBe(busiest.completions);
    expect(one.funnel).toMatchObject({ started: busiest.participants, completed: busiest.completions });
    for (const row of one.learners?.items ?? []) {
      expect(row.attemptsToComplete).toBeGreaterThanOrEqual(1);
      expect(row.attemptsToComplete).toBeLessThanOrEqual(row.attempts);
    }
    expect(one.funnel?.medianAttemptsToComplete).toBeGreaterThanOrEqual(1);
  });

  it("filters the overview by week, mission, status and user; the board is the week's and sorts", async () => {
    await ingestAll(store());
    const api = await staff();
    const all = await api.analytics.overview();
    const week = all.filters.weeks[0];
    if (week === undefined) throw new Error("no weeks");
    const weekly = await api.analytics.overview({ week });
    expect(weekly.perMission.every((m) => m.week === week)).toBe(true);
    expect(weekly.summary.missions).toBe(all.filters.missions.filter((m) => m.week === week).length);
    expect(weekly.summary.attempts).toBe(weekly.perMission.reduce((n, m) => n + m.attempts, 0));
    expect(weekly.summary.attempts).toBeLessThan(all.summary.attempts);
    expect(weekly.board).toBe(`week:${week}`);

    const completedOnly = await api.analytics.overview({ status: "completed" });
    expect(completedOnly.summary.completionRate).toBe(100);
    expect((await api.analytics.overview({ status: "not_started" })).summary.attempts).toBe(0);
    expect((await api.analytics.overview({ user: "no such learner at all" })).summary).toMatchObject({ knownLearners: 0, attempts: 0 });

    // The board reads the stored rows (the ingest's standings phase wrote the real ones: replace them).
    await store().tx(async ({ db, t }) => {
      await db.delete(t.standings);
      await db.insert(t.standings).values([
        {
          board: "overall",
          learnerId: "x-1",
          position: 1,
          points: 50,
          completions: 2,
          attempts: 8,
          reachedAt: TEST_NOW,
          updatedAt: TEST_NOW,
        },
        {
          board: "overall",
          learnerId: "x-2",
          position: 2,
          points: 20,
          completions: 1,
          attempts: 1,
          reachedAt: TEST_NOW,
          updatedAt: TEST_NOW,
        },
      ]);
    });
    const byPoints = await api.analytics.overview();
    expect(byPoints.leaderboard.items.map((r) => [r.learnerId, r.position, r.efficiency])).toEqual([
      ["x-1", 1, 0.25],
      ["x-2", 2, 1],
    ]);
    // Unknown to OpenWebUI's users table: staff see the alias.
    expect(byPoints.leaderboard.items[0]?.name).toMatch(/^Agent /);
    const byEfficiency = await api.analytics.overview({ sort: "efficiency", dir: "desc" });
    expect(byEfficiency.leaderboard.items.map((r) => r.learnerId)).toEqual(["x-2", "x-1"]);
  });

  it("results: no mission gives the summary across missions; an unknown mission is not found", async () => {
    const api = await staff();
    expect(await api.analytics.results()).toMatchObject({ mission: null, funnel: null, learners: null, hardest: [] });
    const missing = await failure(api.analytics.results({ mission: "0190a0c4-0000-7000-8000-000000000000" }));
    expect(missing.code).toBe("NOT_FOUND");
  });

  it("freshness: each resource's last load, what the chats load changed, and a running job", async () => {
    const api = await callerFor(store(), "student");
    expect(await api.analytics.freshness()).toEqual({
      resources: {
        users: { at: null, ageMs: null, changes: null },
        models: { at: null, ageMs: null, changes: null },
        chats: { at: null, ageMs: null, changes: null },
      },
      lastRun: null,
      running: null,
    });
    const now = clock();
    await ingestAll(store(), now);
    const first = await api.analytics.freshness();
    expect(first.resources.chats.changes).toMatchObject({ changed: true, updated: 0 });
    expect(first.resources.chats.changes?.inserted).toBeGreaterThan(0);
    expect(first.resources.users.at).toEqual(first.resources.chats.at);
    expect(first.lastRun).toMatchObject({ status: "succeeded", error: null });

    // A models-only reload dates the models, leaves users and chats as they were.
    const gen = await generated;
    await runIngest(store(), { models: readJsonArray(gen.files.models as string) }, { mode: "upsert", source: "upload" }, now);
    const second = await api.analytics.freshness();
    expect(second.resources.models.at?.getTime()).toBeGreaterThan(first.resources.models.at?.getTime() ?? 0);
    expect(second.resources.users).toEqual({ ...first.resources.users, ageMs: second.resources.users.ageMs });
    expect(second.resources.chats.at).toEqual(first.resources.chats.at);

    // The same chats again: nothing changed.
    await ingestAll(store(), now);
    expect((await api.analytics.freshness()).resources.chats.changes).toEqual({ inserted: 0, updated: 0, changed: false });

    // A job holding the lease is shown as running.
    await store().tx(async ({ db, t }) => {
      const [job] = await db
        .insert(t.jobRuns)
        .values({
          kind: "redetect",
          status: "running",
          lease: "analytics",
          params: {},
          startedAt: TEST_NOW,
          phase: "chats",
          total: 10,
          processed: 5,
        })
        .returning();
      await db
        .insert(t.jobLocks)
        .values({ key: "analytics", holder: String(job?.id), acquiredAt: TEST_NOW, expiresAt: new Date(TEST_NOW.getTime() + 60_000) });
    });
    expect((await api.analytics.freshness()).running).toMatchObject({ kind: "redetect", status: "running", percent: 50 });
  });

  it("is for staff: a student is refused the dashboards", async () => {
    const api = await callerFor(store(), "student");
    for (const call of [() => api.analytics.overview(), () => api.analytics.results(), () => api.analytics.grid()])
      expect((await failure(call())).code).toBe("FORBIDDEN");
    const admin = await callerFor(store(), "admin");
    await expect(admin.analytics.grid()).resolves.toMatchObject({ missions: [] });
  });
});
