// The app's runner (createJobRunner): a re-detection queued behind a busy lease is re-created
// from its kind and params and runs the real re-detection, whose modules are loaded only then.
import { listJobRuns } from "@missionboard/db";
import { describeEachEngine } from "@missionboard/db/test-utils";
import { expect, it } from "vitest";
import { createJobRunner } from "./index";
import type { JobEvent } from "./runner";

describeEachEngine("app job runner", (store) => {
  it("runs a queued re-detection (loaded when it runs) with its params, and keeps its summary", async () => {
    const jobs = createJobRunner({ store: store() });
    let release!: () => void;
    const hold = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const { done } = await jobs.start({
      kind: "reload",
      async run() {
        entered();
        await hold;
        return "done";
      },
    });
    await inside;
    const asked = await jobs.startOrQueue({ kind: "redetect", params: { missionId: "m-1" }, run: async () => "not this one" });
    expect(asked).toMatchObject({ queued: true });
    const finished = new Promise<JobEvent>((resolve) =>
      jobs.on((e) => (e.type === "finished" && e.kind === "redetect" ? resolve(e) : undefined)),
    );
    release();
    await done;
    expect(await finished).toMatchObject({ status: "succeeded" });
    const [run] = await store().read((c) => listJobRuns(c, { kinds: ["redetect"] }));
    // The real re-detection ran (on an empty database: no chats), re-created from the queued row.
    expect(run).toMatchObject({ status: "succeeded", params: { missionId: "m-1" }, result: { chats: 0, attempts: 0, completions: 0 } });
    await jobs.drain(0);
  });
});
