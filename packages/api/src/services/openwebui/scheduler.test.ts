// End to end on both engines: fake OpenWebUI server → scheduled reload → detection → rows; a
// second reload with one chat changed updates exactly that chat. Also overlap, the cross-instance
// lease ("busy" is a skip) and a refused key (a failed run with the person-readable reason).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { acquireLease, ingestRowCounts, latestReloadRun } from "@missionboard/db";
import { describeEachEngine } from "@missionboard/db/test-utils";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, expect, it } from "vitest";
import { type FakeOpenWebUi, startFakeOpenWebUi } from "../../test-support/fake-openwebui";
import { JobRunner } from "../jobs/runner";
import { createOpenWebUiClient, type OpenWebUiClient } from "./client";
import { startReloadScheduler } from "./scheduler";

const fixture = (name: string) => fileURLToPath(new URL(`../../../../../fixtures/openwebui/${name}`, import.meta.url));
const sampleChats = JSON.parse(readFileSync(fixture("sample_chats.json"), "utf8")) as Record<string, unknown>[];
const sampleModels = (JSON.parse(readFileSync(fixture("sample_models.json"), "utf8")) as { data: Record<string, unknown>[] }).data;
const users = ["user-XYZ", "user-ABC", "user-HR"].map((id, i) => ({ id, name: `Person ${i}`, email: `p${i}@example.org`, role: "user" }));
const HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";

/** A clock that moves one second per call, so every run has its own stamp. */
const clock = (start = Date.UTC(2026, 0, 1)) => {
  let t = start;
  return () => {
    t += 1000;
    return new Date(t);
  };
};

let fake: FakeOpenWebUi;
let client: OpenWebUiClient;
beforeEach(async () => {
  fake = await startFakeOpenWebUi({ users, models: sampleModels, chats: sampleChats });
  client = createOpenWebUiClient({ baseUrl: fake.url, apiKey: fake.apiKey, retryDelayMs: 5 });
});
afterEach(async () => {
  await fake.close();
});

describeEachEngine("scheduled reload from OpenWebUI", (store) => {
  it("loads the API's data, detects attempts, then updates exactly the one chat that changed", async () => {
    const lines: Record<string, unknown>[] = [];
    const scheduler = startReloadScheduler({
      jobs: new JobRunner({ store: store(), now: clock() }),
      client,
      minutes: 0,
      log: (l) => lines.push(l),
    });
    expect(scheduler.intervalMs).toBeNull();

    const first = await scheduler.tick();
    if (!first.ran) throw new Error(`first reload did not run: ${JSON.stringify(first)}`);
    expect(first.summary).toMatchObject({
      status: "succeeded",
      error: null,
      chats: 8,
      inserted: 8,
      updated: 0,
      unchanged: 0,
      attempts: 2,
      completions: 0,
      participants: 2,
    });
    expect(await store().read(ingestRowCounts)).toMatchObject({
      users: 3,
      models: sampleModels.length,
      chats: 8,
      attempts: 2,
      completions: 0,
    });
    const run = await store().read((c) => latestReloadRun(c));
    expect(run).toMatchObject({ source: "schedule", mode: "upsert", status: "succeeded" });
    expect(lines.at(-1)).toMatchObject({ msg: "scheduled reload finished", inserted: 8, status: "succeeded" });

    // In OpenWebUI, the learner continues chat-G07 and the mission answers with its success code.
    const g07 = sampleChats.find((c) => c.id === "chat-G07") as { chat: { history: { messages: Record<string, unknown> } } };
    fake.updateChat("chat-G07", {
      chat: {
        history: {
          currentId: "G-004",
          messages: {
            ...g07.chat.history.messages,
            "G-002": { ...(g07.chat.history.messages["G-002"] as object), childrenIds: ["G-003"] },
            "G-003": {
              id: "G-003",
              parentId: "G-002",
              childrenIds: ["G-004"],
              role: "user",
              content: "The code is in the prompt.",
              timestamp: 1760018000,
            },
            "G-004": {
              id: "G-004",
              parentId: "G-003",
              childrenIds: [],
              role: "assistant",
              content: "Correct, agent. ⟦MISSION_CODE:314-GHOST⟧ Mission accomplished.",
              timestamp: 1760018010,
              model: HAIKU,
            },
          },
        },
      },
    });

    const second = await scheduler.tick();
    if (!second.ran) throw new Error(`second reload did not run: ${JSON.stringify(second)}`);
    expect(second.summary).toMatchObject({
      status: "succeeded",
      chats: 8,
      inserted: 0,
      updated: 1,
      unchanged: 7,
      attempts: 2,
      completions: 1,
    });
    const counts = await store().read(ingestRowCounts);
    expect(counts).toMatchObject({ chats: 8, attempts: 2, completions: 1 });
    const attempt = await store().read(({ db, t }) => db.select().from(t.missionAttempts).where(eq(t.missionAttempts.chatId, "chat-G07")));
    expect(attempt).toHaveLength(1);
    expect(attempt[0]?.completed).toBe(true);
    scheduler.stop();
  });

  it("runs on its timer", async () => {
    const done: Record<string, unknown>[] = [];
    const scheduler = startReloadScheduler({
      jobs: new JobRunner({ store: store() }),
      client,
      minutes: 1,
      intervalMs: 40,
      log: (l) => {
        if (l.msg === "scheduled reload finished") done.push(l);
      },
    });
    expect(scheduler.intervalMs).toBe(40);
    const deadline = Date.now() + 20_000;
    while (done.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    scheduler.stop();
    // Let a tick that started just before stop() finish before the store is dropped.
    await scheduler.tick();
    expect(done[0]).toMatchObject({ status: "succeeded", inserted: 8 });
    expect(await store().read(ingestRowCounts)).toMatchObject({ chats: 8 });
  });

  it("never overlaps itself, and skips (not fails) while another instance holds the reload lease", async () => {
    const lines: Record<string, unknown>[] = [];
    const now = clock();
    const scheduler = startReloadScheduler({ jobs: new JobRunner({ store: store(), now }), client, minutes: 0, log: (l) => lines.push(l) });
    const [a, b] = await Promise.all([scheduler.tick(), scheduler.tick()]);
    expect(a.ran).toBe(true);
    expect(b).toEqual({ ran: false, reason: "overlap" });

    await store().tx((c) => acquireLease(c, "analytics", "another-instance", now(), 60 * 60_000));
    const busy = await scheduler.tick();
    expect(busy).toMatchObject({ ran: false, reason: "busy" });
    expect(lines.at(-1)).toMatchObject({ msg: "scheduled reload skipped", reason: "another reload is running" });
  });

  it("records a refused key as a failed run with the reason, and recovers on the next tick", async () => {
    const scheduler = startReloadScheduler({ jobs: new JobRunner({ store: store(), now: clock() }), client, minutes: 0 });
    fake.breakAuth();
    const failed = await scheduler.tick();
    if (!failed.ran) throw new Error("expected a failed run");
    expect(failed.summary.status).toBe("failed");
    expect(failed.summary.error).toBe("OpenWebUI refused the API key (401). Check OPENWEBUI_API_KEY.");
    expect(failed.summary.error).not.toContain(fake.apiKey);
    fake.restoreAuth();
    const ok = await scheduler.tick();
    expect(ok).toMatchObject({ ran: true, summary: { status: "succeeded", inserted: 8 } });
  });
});
