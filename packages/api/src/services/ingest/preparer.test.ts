// The preparer's worker thread: same outcomes as the main thread, and a worker that cannot start
// or dies leaves the main thread to finish the job.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { AnalyticsMissionRow } from "@missionboard/db";
import { describe, expect, it } from "vitest";
import { readJsonArrayRaw } from "./files";
import { type ChatItem, ChatPreparer, type PrepareJob } from "./prepare";
import { openPreparer } from "./preparer";

const fixture = (name: string) => fileURLToPath(new URL(`../../../../../fixtures/openwebui/${name}`, import.meta.url));
const HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
const AT = new Date(Date.UTC(2026, 0, 1));

const haiku: AnalyticsMissionRow = {
  id: "mission-haiku",
  key: HAIKU,
  name: "Haiku",
  week: 1,
  points: 10,
  difficulty: null,
  aliases: [HAIKU],
  markers: [],
  includeDefaultMarkers: true,
  briefingReplyCounts: false,
  startTriggers: [],
  origin: "model",
  isActive: true,
  createdAt: AT,
  updatedAt: AT,
};

/** The sample chats as raw elements (8 chats). */
async function sampleItems(): Promise<ChatItem[]> {
  const items: ChatItem[] = [];
  for await (const el of readJsonArrayRaw(fixture("sample_chats.json"))) if (el.ok) items.push({ el });
  return items;
}

const jobOf = (items: ChatItem[], lookedUp: Iterable<string> = []): PrepareJob => ({
  items,
  lookedUp: new Set(lookedUp),
  fingerprints: new Map(),
  snapshots: [],
});

const preparer = () => new ChatPreparer({ missions: [haiku], truncate: false, mark: AT });

describe("openPreparer", () => {
  it("prepares in the worker thread exactly what the main thread prepares", async () => {
    const items = await sampleItems();
    const ids = items.map((i) => String(JSON.parse(i.el?.bytes.toString() ?? "{}").id));
    const broken = Buffer.from('{"id": "chat-X", "title": tru}');
    items.push({ el: { ok: true, index: 8, bytes: broken, offset: 0, line: 1, lineStart: 0 } });
    // Its id is not where it is usually read: left for the caller to look up.
    items.push({ rec: { ok: true, index: 9, value: { chat_id: "chat-Y", chat: { messages: [] } } } });
    const full = jobOf(items, ids);

    const local = preparer();
    const expected = local.prepare(full);
    expect(expected.map((o) => o.kind)).toEqual([...Array(8).fill("changed"), "skipped", "unresolved"]);
    expect(expected[8]).toMatchObject({ kind: "skipped", reason: "malformed JSON", unreadable: true, stop: true });
    const attempts = expected.flatMap((o) => (o.kind === "changed" ? o.write.attempts : []));
    expect(attempts.map((a) => a.chatId).sort()).toEqual(["chat-F06", "chat-G07"]);

    const host = openPreparer(preparer(), { parallelAfter: 0 });
    try {
      expect(await host.prepare(full)).toEqual(expected);
      expect(await host.prepare(full)).toEqual(expected);
      expect(host.workerChats).toBe(20);
    } finally {
      await host.close();
    }
  });

  it("stays on the main thread for the first chats of a run", async () => {
    const host = openPreparer(preparer(), { parallelAfter: 5 });
    const job = jobOf((await sampleItems()).slice(0, 4));
    await host.prepare(job);
    await host.prepare(job); // 4 so far: still below 5
    expect(host.workerChats).toBe(0);
    await host.prepare(job);
    expect(host.workerChats).toBe(4);
    await host.close();
  });

  it("falls back to the main thread when the worker cannot start or dies", async () => {
    const job = jobOf(await sampleItems());
    const expected = preparer().prepare(job);

    const missing = openPreparer(preparer(), { parallelAfter: 0, entry: path.join(tmpdir(), "no-such-worker.mjs") });
    expect(await missing.prepare(job)).toEqual(expected);
    expect(missing.workerChats).toBe(0);
    await missing.close();

    const dir = mkdtempSync(path.join(tmpdir(), "preparer-"));
    const dying = path.join(dir, "dying-worker.mjs");
    writeFileSync(dying, "process.exit(3);\n");
    const dies = openPreparer(preparer(), { parallelAfter: 0, entry: dying });
    expect(await dies.prepare(job)).toEqual(expected);
    expect(await dies.prepare(job)).toEqual(expected);
    expect(dies.workerChats).toBe(0);
    await dies.close();
  });
});
