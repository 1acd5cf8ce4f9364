// The job runner on both engines: lease and run row in one transaction, a second start refused
// (also from a second Store on the same database), progress on the row, draining, failures
// recorded without personal data, listeners, and jobs queued behind a busy lease.
import { currentJobRun, findJobRun, findLease } from "@missionboard/db";
import { createSharedDatabase, describeEachEngine, TEST_ENGINES } from "@missionboard/db/test-utils";
import { describe, expect, it } from "vitest";
import { JobBusyError } from "./lease";
import { type JobContext, type JobDefinition, type JobEvent, JobRunner, ShuttingDownError, STOPPED_MESSAGE } from "./runner";

/** A promise with its resolver, to hold a job where a test wants it. */
function gate() {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** A job that reports progress, then waits at `hold` until released. */
function heldJob(hold: Promise<void>, extra: Partial<JobDefinition<string>> = {}): JobDefinition<string> & { entered: Promise<void> } {
  const entered = gate();
  return {
    kind: "redetect",
    async run(job: JobContext) {
      await job.progress({ processed: 3, total: 10, phase: "testing" });
      entered.open();
      await hold;
      job.changed("attempts");
      return "done";
    },
    summarise: (r) => ({ result: r }),
    ...extra,
    entered: entered.promise,
  };
}

describeEachEngine("job runner", (store) => {
  it("takes the lease and creates the run row together; a second start is refused with a message naming the job", async () => {
    const jobs = new JobRunner({ store: store() });
    const hold = gate();
    const first = heldJob(hold.promise);
    const { runId, done } = await jobs.start(first);
    await first.entered;
    expect(await store().read((c) => findJobRun(c, runId))).toMatchObject({ kind: "redetect", status: "running", lease: "analytics" });
    expect(await store().read((c) => findLease(c, "analytics"))).toMatchObject({ holder: runId });

    const refused = await jobs.start({ kind: "reload", run: async () => "never" }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(JobBusyError);
    expect((refused as Error).message).toMatch(
      /^A re-detection of the stored chats is already running \(started \d{4}-\d\d-\d\dT[\d:.]+Z\)\. Wait for it to finish, then try again\.$/,
    );
    hold.open();
    expect(await done).toMatchObject({ status: "succeeded", error: null, result: "done" });
    expect(await store().read((c) => findJobRun(c, runId))).toMatchObject({ status: "succeeded", result: { result: "done" } });
    expect(await store().read((c) => findLease(c, "analytics"))).toBeNull();
  });

  it("writes neither the lease nor the run row when the start's transaction fails", async () => {
    const jobs = new JobRunner({ store: store() });
    let runId = "";
    const failing: JobDefinition<string> = {
      kind: "reload",
      begin: async (_conn, run) => {
        runId = run.id;
        throw new Error("the run's own row could not be written");
      },
      run: async () => "never",
    };
    await expect(jobs.start(failing)).rejects.toThrow("the run's own row could not be written");
    expect(await store().read((c) => findJobRun(c, runId))).toBeNull();
    expect(await store().read((c) => findLease(c, "analytics"))).toBeNull();
    // The lease is free: the next job starts.
    expect(await jobs.run({ kind: "reload", run: async () => "ok" })).toMatchObject({ status: "succeeded" });
  });

  it("two starts at the same moment: exactly one runs", async () => {
    const jobs = new JobRunner({ store: store() });
    const hold = gate();
    const results = await Promise.allSettled([0, 1].map(() => jobs.start(heldJob(hold.promise))));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: expect.any(JobBusyError) });
    hold.open();
    await jobs.drain();
  });

  it("shows progress on the run row while it runs, and tells listeners what happened and changed", async () => {
    const jobs = new JobRunner({ store: store() });
    const events: JobEvent[] = [];
    jobs.on((e) => {
      events.push(e);
    });
    jobs.on(() => {
      throw new Error("a broken listener does not break the job");
    });
    const hold = gate();
    const job = heldJob(hold.promise);
    const { runId, done } = await jobs.start(job);
    await job.entered;
    const running = await store().read((c) => currentJobRun(c, "analytics", new Date()));
    expect(running).toMatchObject({ id: runId, processed: 3, total: 10, phase: "testing", status: "running" });
    hold.open();
    await done;
    expect(await store().read((c) => currentJobRun(c, "analytics", new Date()))).toBeNull();
    expect(events.map((e) => e.type)).toEqual(["started", "progress", "finished"]);
    expect(events[1]).toMatchObject({ runId, kind: "redetect", processed: 3, total: 10 });
    expect(events[2]).toMatchObject({ runId, status: "succeeded", changed: ["attempts"] });
  });

  it("drain waits for the running job and then refuses new ones", async () => {
    const jobs = new JobRunner({ store: store() });
    const hold = gate();
    const job = heldJob(hold.promise);
    const { done } = await jobs.start(job);
    await job.entered;
    let drained = false;
    const draining = jobs.drain(30_000).then(() => {
      drained = true;
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(drained).toBe(false);
    expect(jobs.running).toBe(1);
    await expect(jobs.start(heldJob(Promise.resolve()))).rejects.toBeInstanceOf(ShuttingDownError);
    hold.open();
    await draining;
    expect(drained).toBe(true);
    expect((await done).status).toBe("succeeded");
    expect(jobs.running).toBe(0);
  });

  it("past its grace period, drain stops the job at its next step: the run fails and the lease is freed", async () => {
    const jobs = new JobRunner({ store: store() });
    const entered = gate();
    const looping: JobDefinition<string> = {
      kind: "reload",
      async run(job) {
        entered.open();
        for (;;) {
          job.lease.check();
          await new Promise((r) => setTimeout(r, 10));
        }
      },
    };
    const { runId, done } = await jobs.start(looping);
    await entered.promise;
    await jobs.drain(50);
    expect(await done).toMatchObject({ status: "failed", error: STOPPED_MESSAGE });
    expect(await store().read((c) => findJobRun(c, runId))).toMatchObject({ status: "failed", error: STOPPED_MESSAGE });
    expect(await store().read((c) => findLease(c, "analytics"))).toBeNull();
  });

  it("records a failure with the database's reason, never the failed query's parameters (people's data)", async () => {
    const jobs = new JobRunner({ store: store() });
    const leaky: JobDefinition<string> = {
      kind: "reload",
      run: async () => {
        throw new Error('Failed query: insert into "owui_users" values ($1, $2)\nparams: u1,alice@example.org', {
          cause: new Error('duplicate key value violates unique constraint "owui_users_pkey"'),
        });
      },
    };
    const outcome = await jobs.run(leaky);
    expect(outcome).toMatchObject({ status: "failed", result: null });
    const row = await store().read((c) => findJobRun(c, outcome.runId));
    expect(row?.error).toBe('Database error: duplicate key value violates unique constraint "owui_users_pkey"');
    expect(JSON.stringify(row)).not.toContain("alice@example.org");
    const bare = await jobs.run({
      ...leaky,
      run: async () => Promise.reject(new Error("Failed query: select … params: alice@example.org")),
    });
    expect(bare.error).toBe("Database error.");
    // A result that reports its own failure marks the run failed too.
    const selfReported = await jobs.run({ kind: "reload", run: async () => "bad", failureOf: (r) => (r === "bad" ? "It said so." : null) });
    expect(await store().read((c) => findJobRun(c, selfReported.runId))).toMatchObject({ status: "failed", error: "It said so." });
  });

  it("queues a job asked for while the lease is taken, and runs it when the lease is freed", async () => {
    const ran: string[] = [];
    const jobs = new JobRunner({
      store: store(),
      queued: { redetect: () => ({ kind: "redetect", run: async () => void ran.push("queued redetect") }) },
    });
    const hold = gate();
    const first = heldJob(hold.promise, { kind: "reload" });
    const { done } = await jobs.start(first);
    await first.entered;
    const asked = await jobs.startOrQueue({ kind: "redetect", run: async () => void ran.push("direct") });
    expect(asked).toMatchObject({ queued: true });
    // Asking again while one is queued queues nothing more.
    expect(await jobs.startOrQueue({ kind: "redetect", run: async () => void ran.push("direct") })).toMatchObject({ queued: true });
    const finished = new Promise<JobEvent>((resolve) =>
      jobs.on((e) => (e.type === "finished" && e.kind === "redetect" ? resolve(e) : undefined)),
    );
    hold.open();
    await done;
    expect(await finished).toMatchObject({ status: "succeeded" });
    expect(ran).toEqual(["queued redetect"]);
    const rows = await store().read(({ db, t }) => db.select().from(t.jobRuns));
    expect(rows.map((r) => [r.kind, r.status]).sort()).toEqual([
      ["redetect", "succeeded"],
      ["reload", "succeeded"],
    ]);
  });
});

// Two Stores on one database: two app instances, or the ingest CLI beside the web server.
describe.each(TEST_ENGINES)("job runner across processes [%s]", (engine) => {
  it("refuses a start from another Store on the same database while a job runs", async () => {
    const database = await createSharedDatabase(engine, "jobs");
    const here = database.open();
    const other = database.open();
    try {
      const hold = gate();
      const job = heldJob(hold.promise, { kind: "reload" });
      const { done } = await new JobRunner({ store: here }).start(job);
      await job.entered;
      const there = new JobRunner({ store: other });
      await expect(there.start({ kind: "rescore", run: async () => "x" })).rejects.toThrow(/^A reload is already running \(started /);
      hold.open();
      await done;
      expect(await there.run({ kind: "rescore", run: async () => "x" })).toMatchObject({ status: "succeeded" });
    } finally {
      await here.close();
      await other.close();
      await database.dispose();
    }
  });
});
