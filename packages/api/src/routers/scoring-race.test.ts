import path from "node:path";
import { findJobRun, standingRowsOf, workspaceRoot } from "@missionboard/db";
import { describeEachEngine } from "@missionboard/db/test-utils";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { readJsonArray, readUsersCsv } from "../services/ingest/files";
import { runIngest } from "../services/ingest/run";
import { createJobRunner, type JobRunner } from "../services/jobs";
import { callerAs, makeSessionUser, TEST_NOW } from "../test-helpers";

// A rebuild can be stopped between reading the records and writing the rows (`hold`), the moment
// an adjustment committed meanwhile used to be overwritten. `rebuildRead` tells the test the
// rebuild got there; `adjustmentWaits` that another standings writer then asked for the lock.
const gate = {
  hold: Promise.resolve(),
  holding: false,
  rebuildRead: () => {},
  adjustmentWaits: () => {},
};
vi.mock("@missionboard/db", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@missionboard/db")>();
  return {
    ...actual,
    lockStandings: async (conn: Parameters<typeof actual.lockStandings>[0]) => {
      if (gate.holding) gate.adjustmentWaits();
      return actual.lockStandings(conn);
    },
    replaceStandings: async (...args: Parameters<typeof actual.replaceStandings>) => {
      gate.holding = true;
      gate.rebuildRead();
      await gate.hold;
      gate.holding = false;
      return actual.replaceStandings(...args);
    },
  };
});

const fixture = (name: string) => path.join(workspaceRoot, "fixtures/openwebui", name);
const settled = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    () => undefined,
  );

describeEachEngine("scoring: an adjustment during a standings rebuild", (store) => {
  let jobs: JobRunner;
  let release: () => void = () => {};
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
    release();
    gate.hold = Promise.resolve();
    await jobs.drain();
  });

  it("is in the standings when both are done, whichever commits first", async () => {
    const admin = await makeSessionUser(store(), "admin");
    const api = callerAs(store(), admin, { jobs });
    gate.hold = new Promise((resolve) => {
      release = resolve;
    });
    const rebuildRead = new Promise<void>((resolve) => {
      gate.rebuildRead = resolve;
    });
    const adjustmentWaits = new Promise<void>((resolve) => {
      gate.adjustmentWaits = resolve;
    });

    const { runId } = await api.scoring.rebuild();
    await rebuildRead;
    const adjusting = api.scoring.adjust({ learnerId: "user-ABC", points: 40, reason: "Ran the lunch-and-learn" });
    // A Postgres server runs the two transactions side by side: let the adjustment go as far as it
    // can (before the fix, it committed here). SQLite and PGlite run one transaction at a time, so
    // the adjustment waits for the rebuild whatever the test does.
    await (store().url ? Promise.race([adjustmentWaits, settled(adjusting)]) : new Promise((r) => setTimeout(r, 20)));
    release();
    await adjusting;
    await jobs.idle();

    expect(await store().read((c) => findJobRun(c, runId))).toMatchObject({ status: "succeeded" });
    const overall = await store().read((c) => standingRowsOf(c, "overall"));
    expect(overall.map((r) => [r.learnerId, r.position, r.points])).toEqual([
      ["user-ABC", 1, 40],
      ["user-XYZ", 2, 0],
    ]);
  });
});
