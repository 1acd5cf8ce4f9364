import path from "node:path";
import type { AuditAction } from "@missionboard/core";
import { findJobRun, standingRowsOf, workspaceRoot } from "@missionboard/db";
import { describeEachEngine } from "@missionboard/db/test-utils";
import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, expect, it } from "vitest";
import { readJsonArray, readUsersCsv } from "../services/ingest/files";
import { runIngest } from "../services/ingest/run";
import { createJobRunner, type JobRunner } from "../services/jobs";
import { callerAs, makeSessionUser, TEST_NOW } from "../test-helpers";

const fixture = (name: string) => path.join(workspaceRoot, "fixtures/openwebui", name);

async function failure(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return error;
}

describeEachEngine("scoring router", (store) => {
  let jobs: JobRunner;
  beforeEach(async () => {
    jobs = createJobRunner({ store: store(), now: () => TEST_NOW });
    // The sample export: two learners (user-XYZ, user-ABC) with an attempt each, no completion.
    await runIngest(
      store(),
      {
        users: readUsersCsv(fixture("sample_users.csv")),
        models: readJsonArray(fixture("sample_models.json")),
        chats: readJsonArray(fixture("sample_chats.json")),
      },
      { mode: "upsert", source: "cli" },
      () => TEST_NOW,
    );
  });
  afterEach(async () => {
    await jobs.drain();
  });
  const admin = async () => {
    const user = await makeSessionUser(store(), "admin", { name: "Ada Admin" });
    return { api: callerAs(store(), user, { jobs }), user };
  };
  const auditRows = (action: AuditAction) =>
    store().read(({ db, t }) => db.select().from(t.auditLogs).where(eq(t.auditLogs.action, action)));
  const adjustmentCount = () => store().read(async ({ db, t }) => (await db.select().from(t.scoreAdjustments)).length);
  const overall = () => store().read((c) => standingRowsOf(c, "overall"));

  it("adjusts a learner's score with a reason, audited, and moves them on the board at once", async () => {
    const { api, user } = await admin();
    const before = await overall();
    expect(before.map((r) => r.learnerId).sort()).toEqual(["user-ABC", "user-XYZ"]);
    const last = before.at(-1)?.learnerId as string;
    const res = await api.scoring.adjust({ learnerId: last, points: 130, reason: "  Ran the lunch-and-learn  " });
    expect(res).toMatchObject({ learnerId: last, rankUps: ["Analyst"], notified: 0 });
    const after = await overall();
    expect(after[0]).toMatchObject({ learnerId: last, position: 1, points: 130 });
    expect(after[1]).toMatchObject({ position: 2, points: 0 });
    const [audit] = await auditRows("score.adjusted");
    expect(audit).toMatchObject({ actorId: user.id, entityId: res.id });
    expect(audit?.metadata).toMatchObject({ learnerId: last, points: 130, reason: "Ran the lunch-and-learn" });

    const list = await api.scoring.adjustments({ learnerId: last });
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({ points: 130, reason: "Ran the lunch-and-learn", createdByName: "Ada Admin", week: null });
    expect((await api.scoring.adjustments({ learnerId: "user-XYZ" === last ? "user-ABC" : "user-XYZ" })).total).toBe(0);
  });

  it("a refused adjustment writes nothing: bad points, no reason, a bad week, an unknown learner", async () => {
    const { api } = await admin();
    const before = await overall();
    for (const [input, field] of [
      [{ learnerId: "user-ABC", points: 0, reason: "x" }, /Points must be a whole number other than 0/],
      [{ learnerId: "user-ABC", points: 2.5, reason: "x" }, /Points must be a whole number/],
      [{ learnerId: "user-ABC", points: 5, reason: "   " }, /Give a reason/],
      [{ learnerId: "user-ABC", points: 5, reason: "x".repeat(501) }, /at most 500 characters/],
      [{ learnerId: "user-ABC", points: 5, reason: "x", week: 0 }, /week must be a whole number from 1/],
    ] as const) {
      const error = await failure(api.scoring.adjust(input));
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.message).toMatch(field);
    }
    const unknown = await failure(api.scoring.adjust({ learnerId: "user-nobody", points: 5, reason: "x" }));
    expect(unknown).toMatchObject({ code: "NOT_FOUND", message: "No OpenWebUI user has that id; search by name or email and pick one." });
    expect(await adjustmentCount()).toBe(0);
    expect(await auditRows("score.adjusted")).toHaveLength(0);
    expect(await overall()).toEqual(before);
  });

  it("finds learners by name, email or id for the picker", async () => {
    const { api } = await admin();
    const all = await api.scoring.learners({ q: "user-" });
    expect(all.length).toBeGreaterThan(1);
    expect((await api.scoring.learners({ q: "USER-ABC" })).map((l) => l.id)).toEqual(["user-ABC"]);
    expect(await api.scoring.learners({ q: "  " })).toEqual([]);
    expect(await api.scoring.learners({ q: "100%_" })).toEqual([]);
  });

  it("replaces the rank table when it is valid, audited; every signed-in user can read it", async () => {
    const { api } = await admin();
    const refused = await failure(api.scoring.setRanks({ ranks: [{ name: "Rookie", minPoints: 10 }] }));
    expect(refused).toMatchObject({ code: "BAD_REQUEST", message: "The lowest rank must start at 0 points." });
    const unordered = await failure(
      api.scoring.setRanks({
        ranks: [
          { name: "Rookie", minPoints: 0 },
          { name: "Pro", minPoints: 0 },
        ],
      }),
    );
    expect(unordered.message).toBe("Pro: must need more points than Rookie.");
    expect(await auditRows("ranks.updated")).toHaveLength(0);

    await api.scoring.setRanks({
      ranks: [
        { name: "Rookie", minPoints: 0, reward: "" },
        { name: "Pro", minPoints: 50, reward: " A mug " },
      ],
    });
    const learner = callerAs(store(), await makeSessionUser(store(), "student"));
    expect(await learner.scoring.ranks()).toEqual([
      { name: "Rookie", minPoints: 0, reward: null },
      { name: "Pro", minPoints: 50, reward: "A mug" },
    ]);
    expect((await auditRows("ranks.updated"))[0]?.metadata).toMatchObject({ ranks: "Rookie 0, Pro 50" });
  });

  it("sets and clears a board's freeze, audited, and rebuilds the stored views", async () => {
    const { api } = await admin();
    const at = new Date("2026-09-01T00:00:00.000Z");
    const set = await api.scoring.setFreeze({ board: "overall", freezeAt: at });
    expect(set).toMatchObject({ board: "overall", freezeAt: at });
    const overview = await api.scoring.overview();
    expect(overview.boards[0]).toEqual({ board: "overall", label: "Overall", freezeAt: at });
    expect(overview.stored.map((s) => s.board)).toContain(`overall@${at.toISOString()}`);
    expect((await auditRows("board.freeze_set"))[0]).toMatchObject({ entityId: "overall" });

    await api.scoring.setFreeze({ board: "overall", freezeAt: null });
    expect((await api.scoring.overview()).stored.map((s) => s.board)).not.toContain(`overall@${at.toISOString()}`);
    expect((await auditRows("board.freeze_set")).map((r) => r.metadata.freezeAt).sort()).toEqual([at.toISOString(), "cleared"]);
  });

  it("rebuilds the standings as a job, audited; refused while another analytics job runs", async () => {
    const { api, user } = await admin();
    await store().tx(({ db, t }) => db.delete(t.standings));
    const { runId } = await api.scoring.rebuild();
    await jobs.idle();
    const run = await store().read((c) => findJobRun(c, runId));
    expect(run).toMatchObject({ kind: "standings", status: "succeeded", triggeredBy: user.id });
    expect(run?.result).toMatchObject({ learners: 2, boards: 1 });
    expect((await overall()).map((r) => r.learnerId).sort()).toEqual(["user-ABC", "user-XYZ"]);
    expect((await auditRows("standings.rebuilt"))[0]).toMatchObject({ entityId: runId });
    expect((await api.scoring.overview()).lastRebuild).toMatchObject({ id: runId, status: "succeeded" });

    await store().tx(({ db, t }) =>
      db.insert(t.jobLocks).values({
        key: "analytics",
        holder: "other",
        acquiredAt: new Date(TEST_NOW.getTime() - 60_000),
        expiresAt: new Date(TEST_NOW.getTime() + 60_000),
      }),
    );
    const busy = await failure(api.scoring.rebuild());
    expect(busy.code).toBe("CONFLICT");
    expect(busy.message).toMatch(/^Another job is already running/);
    expect(await auditRows("standings.rebuilt")).toHaveLength(1);
  });
});
