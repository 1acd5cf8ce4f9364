// The ingest engine on both engines, against the repository fixtures with hand-computed numbers
// (see the comments in packages/core/src/missions/detect.test.ts for how they were read).
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { acquireLease, findReloadRun, ingestRowCounts, listMissionChanges, listReloadRuns } from "@missionboard/db";
import { describeEachEngine } from "@missionboard/db/test-utils";
import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { generateOpenWebUiExport } from "../../../../../scripts/gen-openwebui/generate";
import { JobBusyError } from "../jobs/lease";
import { readJsonArray, readUsersCsv } from "./files";
import { redetect } from "./redetect";
import { failureMessage, runIngest } from "./run";
import type { IngestSource, RawRecord } from "./types";

const fixture = (name: string) => fileURLToPath(new URL(`../../../../../fixtures/openwebui/${name}`, import.meta.url));
const HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
const sampleChats = () => JSON.parse(readFileSync(fixture("sample_chats.json"), "utf8")) as Record<string, unknown>[];

/** A clock that moves one second per call, so every run has its own stamp. */
const clock = (start = Date.UTC(2026, 0, 1)) => {
  let t = start;
  return () => {
    t += 1000;
    return new Date(t);
  };
};

async function* records(values: unknown[], opts: { throwAfter?: number; gate?: Promise<void> } = {}): AsyncGenerator<RawRecord> {
  for (const [index, value] of values.entries()) {
    if (opts.throwAfter !== undefined && index >= opts.throwAfter) throw new Error("OpenWebUI connection reset");
    if (opts.gate && index === 1) await opts.gate;
    yield { ok: true, index, value };
  }
}

const fixtureSource = (): IngestSource => ({
  users: readUsersCsv(fixture("sample_users.csv")),
  models: readJsonArray(fixture("sample_models.json")),
  chats: readJsonArray(fixture("sample_chats.json")),
});

const modelsOnly = () => readJsonArray(fixture("sample_models.json"));

describeEachEngine("runIngest", (store) => {
  const rows = <T>(fn: Parameters<ReturnType<typeof store>["read"]>[0]) => store().read(fn) as Promise<T>;

  it("imports the sample export: 8 chats, 1 tagged mission, 2 attempts, 0 completions, 2 participants", async () => {
    const now = clock();
    const summary = await runIngest(store(), fixtureSource(), { mode: "upsert", source: "cli", batchSize: 3 }, now);
    expect(summary).toMatchObject({
      status: "succeeded",
      error: null,
      chats: 8,
      inserted: 8,
      updated: 0,
      unchanged: 0,
      skipped: {},
      attempts: 2,
      completions: 0,
      participants: 2,
    });
    expect(summary.missions).toEqual([
      {
        id: expect.any(String),
        key: HAIKU,
        name: "Anthropic Claude 3: Haiku",
        week: null,
        points: null,
        attempts: 2,
        completions: 0,
        participants: 2,
      },
    ]);
    // 11 users from the CSV + 3 placeholders for the chat owners user-XYZ, user-ABC, user-HR.
    // Messages: A01 has 3 (one regenerated), the 7 others 2 each → 17.
    expect(await store().read(ingestRowCounts)).toEqual({ users: 14, models: 5, chats: 8, messages: 17, attempts: 2, completions: 0 });
    await store().read(async ({ db, t }) => {
      const owners = await db.select().from(t.owuiUsers).where(eq(t.owuiUsers.source, "placeholder")).orderBy(asc(t.owuiUsers.id));
      expect(owners.map((u) => [u.id, u.name])).toEqual([
        ["user-ABC", null],
        ["user-HR", null],
        ["user-XYZ", null],
      ]);
      const models = await db.select().from(t.owuiModels).where(eq(t.owuiModels.missionTagged, true));
      expect(models.map((m) => m.id)).toEqual([HAIKU]);
      const a01 = await db.select().from(t.chatMessages).where(eq(t.chatMessages.chatId, "chat-A01")).orderBy(asc(t.chatMessages.position));
      expect(a01.map((m) => [m.messageId, m.onActiveBranch])).toEqual([
        ["A-001", true],
        ["A-003", true],
        ["A-002", false],
      ]);
      const [chat] = await db.select().from(t.chats).where(eq(t.chats.id, "chat-A01"));
      expect(chat?.messageCount).toBe(2);
      const attempts = await db.select().from(t.missionAttempts).orderBy(asc(t.missionAttempts.chatId));
      expect(attempts.map((a) => [a.chatId, a.owuiUserId, a.messageCount, a.userMessageCount, a.completed])).toEqual([
        ["chat-F06", "user-ABC", 2, 1, false],
        ["chat-G07", "user-XYZ", 2, 1, false],
      ]);
    });
    const [run] = await store().read((c) => listReloadRuns(c, 5));
    expect(run).toMatchObject({ status: "succeeded", processed: 8, total: 8, inserted: 8, skipped: 0, source: "cli", mode: "upsert" });
  });

  it("a second identical import re-parses nothing; one changed chat updates exactly that chat", async () => {
    const now = clock();
    await runIngest(store(), fixtureSource(), { mode: "upsert", source: "cli" }, now);
    const before = await rows<{ id: string; chatId: string }[]>(({ db, t }) => db.select().from(t.missionAttempts));

    const again = await runIngest(store(), fixtureSource(), { mode: "upsert", source: "cli" }, now);
    expect(again).toMatchObject({ status: "succeeded", chats: 8, inserted: 0, updated: 0, unchanged: 8, attempts: 2 });
    const after = await rows<{ id: string }[]>(({ db, t }) => db.select().from(t.missionAttempts));
    expect(after.map((a) => a.id).sort()).toEqual(before.map((a) => a.id).sort()); // same rows: not re-parsed

    // G07 gets a follow-up turn in which the mission is accomplished (not the briefing reply).
    const chats = sampleChats();
    const g07 = chats.find((c) => c.id === "chat-G07") as {
      updated_at: number;
      chat: { history: { messages: Record<string, unknown>; currentId: string } };
    };
    g07.updated_at += 60;
    g07.chat.history.messages["G-003"] = {
      id: "G-003",
      parentId: "G-002",
      role: "user",
      content: "The code is in the prompt",
      timestamp: 1760017960,
    };
    g07.chat.history.messages["G-004"] = {
      id: "G-004",
      parentId: "G-003",
      role: "assistant",
      model: HAIKU,
      content: "Correct! MISSION ACCOMPLISHED",
      timestamp: 1760017970,
    };
    g07.chat.history.currentId = "G-004";
    const third = await runIngest(store(), { chats: records(chats) }, { mode: "upsert", source: "cli" }, now);
    expect(third).toMatchObject({ chats: 8, inserted: 0, updated: 1, unchanged: 7, attempts: 2, completions: 1, participants: 2 });
    expect(third.missions[0]).toMatchObject({ attempts: 2, completions: 1 });
    const unchangedAttempt = before.find((a) => a.chatId === "chat-F06");
    const still = await rows<{ id: string }[]>(({ db, t }) =>
      db.select().from(t.missionAttempts).where(eq(t.missionAttempts.chatId, "chat-F06")),
    );
    expect(still.map((a) => a.id)).toEqual([unchangedAttempt?.id]);
    expect(await store().read(ingestRowCounts)).toMatchObject({ chats: 8, messages: 19, attempts: 2, completions: 1 });
  });

  it("truncate replaces chats, messages, attempts, users and models with the new export (missions stay)", async () => {
    const now = clock();
    await runIngest(store(), fixtureSource(), { mode: "upsert", source: "cli" }, now);
    // The extract holds A01–E05 only, none on a mission model.
    const summary = await runIngest(
      store(),
      { chats: readJsonArray(fixture("sample_data_extract.json")), models: modelsOnly() },
      { mode: "truncate", source: "upload" },
      now,
    );
    expect(summary).toMatchObject({ status: "succeeded", chats: 5, inserted: 0, updated: 5, unchanged: 0, attempts: 0, missions: [] });
    const counts = await store().read(ingestRowCounts);
    // Users were not in this source, so they stay; F06–H08 and their messages and attempts are gone.
    expect(counts).toEqual({ users: 14, models: 5, chats: 5, messages: 11, attempts: 0, completions: 0 });
    expect(await rows<unknown[]>(({ db, t }) => db.select().from(t.missions))).toHaveLength(1);
  });

  it("a failure mid-run marks the run failed, keeps committed batches (upsert) and removes nothing (truncate)", async () => {
    const now = clock();
    await runIngest(store(), fixtureSource(), { mode: "upsert", source: "cli" }, now);
    const before = await store().read(ingestRowCounts);

    const chats = sampleChats().map((c) => ({ ...c, title: `${String(c.title)} (v2)`, updated_at: Number(c.updated_at) + 100 }));
    const failed = await runIngest(
      store(),
      { chats: records(chats, { throwAfter: 5 }) },
      { mode: "truncate", source: "api", batchSize: 2 },
      now,
    );
    expect(failed).toMatchObject({ status: "failed", error: "OpenWebUI connection reset", chats: 4, updated: 4 });
    expect(await store().read(ingestRowCounts)).toEqual(before); // nothing removed
    const run = await store().read((c) => findReloadRun(c, failed.runId));
    expect(run).toMatchObject({ status: "failed", error: "OpenWebUI connection reset", processed: 4, updated: 4 });
    expect(run?.finishedAt).toBeInstanceOf(Date);

    // Resumable in upsert mode: the re-run skips the 4 chats that were already written.
    const resumed = await runIngest(store(), { chats: records(chats) }, { mode: "upsert", source: "api", batchSize: 2 }, now);
    expect(resumed).toMatchObject({ status: "succeeded", chats: 8, updated: 4, unchanged: 4, attempts: 2 });
    // The lease was released both times.
    expect(await rows<unknown[]>(({ db, t }) => db.select().from(t.jobLocks))).toEqual([]);
  });

  it("counts skipped records by reason: malformed JSON mid-file, duplicate and missing ids, unknown shapes", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "ingest-"));
    const file = path.join(dir, "chats.json");
    const [a01, b02] = sampleChats();
    writeFileSync(file, `{"chats": [${JSON.stringify(a01)},\n${JSON.stringify(b02)},\n{"id": "chat-X", "title": oops}]}`);
    const malformed = await runIngest(store(), { chats: readJsonArray(file) }, { mode: "upsert", source: "upload" }, clock());
    expect(malformed).toMatchObject({ status: "succeeded", chats: 3, inserted: 2, skipped: { "malformed JSON": 1 } });

    const odd = await runIngest(
      store(),
      {
        chats: records([
          a01,
          { ...b02 },
          42,
          { title: "no id", chat: { messages: [] } },
          { id: "chat-N", user_id: "user-NEW", chat: { messages: [{ role: "user", content: "hi" }] } },
        ]),
      },
      { mode: "upsert", source: "upload" },
      clock(Date.UTC(2026, 1, 1)),
    );
    expect(odd).toMatchObject({
      chats: 5,
      inserted: 1,
      unchanged: 2,
      skipped: { "unknown shape": 1, "missing id": 1 },
    });
    const dup = await runIngest(store(), { chats: records([a01, a01]) }, { mode: "upsert", source: "upload" }, clock(Date.UTC(2026, 2, 1)));
    expect(dup.skipped).toEqual({ "duplicate id": 1 });
    // The unknown owner got a placeholder.
    const [owner] = await rows<{ source: string }[]>(({ db, t }) => db.select().from(t.owuiUsers).where(eq(t.owuiUsers.id, "user-NEW")));
    expect(owner?.source).toBe("placeholder");
  });

  it("truncate removes nothing when a file has no usable record, or too many skipped ones, and says why", async () => {
    const now = clock();
    await runIngest(store(), fixtureSource(), { mode: "upsert", source: "cli" }, now);
    const before = await store().read(ingestRowCounts);
    const dir = mkdtempSync(path.join(tmpdir(), "truncate-"));
    const file = (name: string, text: string) => {
      const f = path.join(dir, name);
      writeFileSync(f, text);
      return f;
    };

    const junk = await runIngest(
      store(),
      { chats: readJsonArray(file("junk.json", '[1,"two",null,true,{}]')) },
      { mode: "truncate", source: "upload" },
      now,
    );
    expect(junk).toMatchObject({ status: "failed", chats: 5, skipped: { "unknown shape": 4, "missing id": 1 } });
    expect(junk.error).toBe(
      "The chats source has no usable record (5 read, all skipped: unknown shape 4, missing id 1), so the truncate removed nothing.",
    );
    expect(junk.skippedRecords).toEqual({
      "unknown shape": ["record 1 (line 1)", "record 2 (line 1)", "record 3 (line 1)", "record 4 (line 1)"],
      "missing id": ["record 5 (line 1)"],
    });
    expect(await store().read(ingestRowCounts)).toEqual(before);
    expect(await store().read((c) => findReloadRun(c, junk.runId))).toMatchObject({ status: "failed", error: junk.error });

    // A chats file nested 100,000 deep: skipped unparsed, no stack overflow, a clear message.
    const deep = `[${"[".repeat(100_000)}${"]".repeat(100_000)}]`;
    const deepRun = await runIngest(store(), { chats: readJsonArray(file("deep.json", deep)) }, { mode: "truncate", source: "cli" }, now);
    expect(deepRun).toMatchObject({ status: "failed", skipped: { "too deeply nested": 1 } });
    expect(deepRun.error).toMatch(/^The chats source has no usable record \(1 read, all skipped: too deeply nested 1\)/);
    expect(await store().read(ingestRowCounts)).toEqual(before);

    const empty = await runIngest(store(), { chats: readJsonArray(file("empty.json", "[]")) }, { mode: "truncate", source: "cli" }, now);
    expect(empty.error).toBe("The chats source holds no records, so the truncate removed nothing.");

    // 8 chats and 2 unusable records: 20 % skipped, more than the 10 % a truncate allows by default.
    const mostly = `[${[...sampleChats().map((c) => JSON.stringify(c)), "42", '{"title":"no id"}'].join(",\n")}]`;
    const share = await runIngest(store(), { chats: readJsonArray(file("mostly.json", mostly)) }, { mode: "truncate", source: "cli" }, now);
    expect(share.error).toBe(
      "20 % of the chats records were skipped (2 of 10: unknown shape 1, missing id 1); a truncate allows at most 10 %, so the truncate removed nothing.",
    );
    expect(await store().read(ingestRowCounts)).toEqual(before);
    // The share is configurable.
    const allowed = await runIngest(
      store(),
      { chats: readJsonArray(file("mostly.json", mostly)) },
      { mode: "truncate", source: "cli", maxSkippedShare: 0.25 },
      now,
    );
    expect(allowed).toMatchObject({ status: "succeeded", chats: 10, updated: 8 });
  });

  it("refuses a file of the wrong kind before writing anything, naming what it looks like", async () => {
    const now = clock();
    const models = await runIngest(
      store(),
      { chats: readJsonArray(fixture("sample_models.json")), checkKinds: true },
      { mode: "upsert", source: "upload" },
      now,
    );
    expect(models).toMatchObject({ status: "failed", chats: 0 });
    expect(models.error).toBe(
      "The chats file was refused: This looks like a models export, not chats (5 of the first 5 records are models). Nothing was imported.",
    );
    const asUsers = await runIngest(
      store(),
      { users: readJsonArray(fixture("sample_chats.json")), models: readJsonArray(fixture("sample_models.json")), checkKinds: true },
      { mode: "upsert", source: "upload" },
      now,
    );
    expect(asUsers.error).toMatch(/^The users file was refused: This looks like a chats export, not users \(8 of the first 8/);
    const asModels = await runIngest(
      store(),
      { models: readJsonArray(fixture("sample_chats.json")), checkKinds: true },
      { mode: "truncate", source: "cli" },
      now,
    );
    expect(asModels.error).toMatch(/^The models file was refused: This looks like a chats export, not models/);
    // Nothing at all was written, not even the right files given with the wrong one.
    expect(await store().read(ingestRowCounts)).toEqual({ users: 0, models: 0, chats: 0, messages: 0, attempts: 0, completions: 0 });

    // Without the file check (e.g. the API), a stray record of another kind is skipped and named, never stored.
    const [a01] = sampleChats();
    const modelRecord = (JSON.parse(readFileSync(fixture("sample_models.json"), "utf8")) as { data: unknown[] }).data[0];
    const mixed = await runIngest(store(), { chats: records([a01, modelRecord]) }, { mode: "upsert", source: "api" }, now);
    expect(mixed).toMatchObject({ status: "succeeded", inserted: 1, skipped: { "a model record, not a chat": 1 } });
    expect(mixed.skippedRecords).toEqual({ "a model record, not a chat": ["record 2"] });
  });

  it("names the skipped records in the run's report, a few per reason", async () => {
    const [a01, b02] = sampleChats();
    const list = [a01, b02, a01, ...Array.from({ length: 7 }, (_, i) => ({ title: `no id ${i}` }))];
    const summary = await runIngest(store(), { chats: records(list) }, { mode: "upsert", source: "api", batchSize: 3 }, clock());
    expect(summary.skipped).toEqual({ "duplicate id": 1, "missing id": 7 });
    expect(summary.skippedRecords).toEqual({
      "duplicate id": ["record 3 (id chat-A01)"],
      "missing id": ["record 4", "record 5", "record 6", "record 7", "record 8"],
    });
    const run = await store().read((c) => findReloadRun(c, summary.runId));
    expect(run?.skippedRecords).toEqual(summary.skippedRecords);
  });

  it("proposes a mission model's tag, week or points change seen in OpenWebUI instead of ignoring it", async () => {
    const now = clock();
    const models = JSON.parse(readFileSync(fixture("sample_models.json"), "utf8")) as { data: Record<string, unknown>[] };
    await runIngest(store(), { models: records(models.data) }, { mode: "upsert", source: "api" }, now);
    expect(await store().read((c) => listMissionChanges(c))).toEqual([]);

    const haiku = models.data.find((m) => m.id === HAIKU) as {
      tags?: unknown;
      info: { params: Record<string, unknown>; meta: Record<string, unknown> };
    };
    haiku.info.params = { ...haiku.info.params, custom_params: { maip_week: "3", maip_points_value: "25" } };
    await runIngest(store(), { models: records(models.data) }, { mode: "upsert", source: "api" }, now);
    const changes = await store().read((c) => listMissionChanges(c));
    expect(changes.map((c) => [c.missionKey, c.modelId, c.field, c.change])).toEqual([
      [HAIKU, HAIKU, "week", { from: null, to: 3 }],
      [HAIKU, HAIKU, "points", { from: null, to: 25 }],
    ]);
    // The mission itself is untouched until an admin accepts.
    const [mission] = await rows<{ week: number | null; points: number | null }[]>(({ db, t }) => db.select().from(t.missions));
    expect(mission).toMatchObject({ week: null, points: null });

    // The tag removed, and points changed again: one pending row per field, updated.
    haiku.tags = [];
    haiku.info.meta = { ...haiku.info.meta, tags: [] };
    haiku.info.params = { custom_params: { maip_week: "3", maip_points_value: "30" } };
    await runIngest(store(), { models: records(models.data) }, { mode: "upsert", source: "api" }, now);
    const again = await store().read((c) => listMissionChanges(c));
    expect(again.map((c) => [c.field, c.change])).toEqual([
      ["week", { from: null, to: 3 }],
      ["points", { from: null, to: 30 }],
      ["tag", { from: true, to: false }],
    ]);
  });

  it("prepares large runs in a worker thread, with the same rows as on the main thread", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "ingest-worker-"));
    const gen = { out: dir, chats: 150, users: 12, seed: 7, faults: true };
    const base = await generateOpenWebUiExport(gen);
    const changed = await generateOpenWebUiExport({ ...gen, change: { percent: 10 }, chatsOnly: true, files: { chats: "changed.json" } });
    const source = (chats: string): IngestSource => ({
      users: readJsonArray(base.files.usersJson as string),
      models: readJsonArray(base.files.models as string),
      chats: readJsonArray(chats),
    });
    const stored = () =>
      store().read(async ({ db, t }) => ({
        chats: (await db.select().from(t.chats).orderBy(asc(t.chats.id))).map(({ ingestedAt, ...chat }) => chat),
        messages: await db.select().from(t.chatMessages).orderBy(asc(t.chatMessages.chatId), asc(t.chatMessages.position)),
        attempts: (await db.select().from(t.missionAttempts).orderBy(asc(t.missionAttempts.chatId), asc(t.missionAttempts.missionId))).map(
          ({ id, ...attempt }) => attempt,
        ),
        completions: (await db.select().from(t.missionCompletions).orderBy(asc(t.missionCompletions.chatId))).map(
          ({ id, attemptId, createdAt, ...completion }) => completion,
        ),
      }));
    const now = clock();
    const options = { source: "cli", batchSize: 20 } as const;

    const inline = await runIngest(store(), source(base.files.chats), { ...options, mode: "upsert", parallelAfter: Infinity }, now);
    // 150 chats + 8 faulty records + a duplicate of the first. Kept: the chats without a user, with
    // a dangling parent and with bad times. Skipped: 42, an array and null (not chats), no id, a
    // chat blob that is a string, the duplicate; and a user and a model without an id.
    expect(inline).toMatchObject({ status: "succeeded", chats: 159, inserted: 153, workerChats: 0 });
    expect(inline.skipped).toEqual({
      "unknown shape": 3,
      "missing id": 1,
      "malformed record": 1,
      "duplicate id": 1,
      "users: missing id": 1,
      "models: missing id": 1,
    });
    expect(inline.completions).toBeGreaterThan(0);
    const before = await stored();

    // The same export again, replacing everything: prepared in the worker from the first batch.
    const parallel = await runIngest(store(), source(base.files.chats), { ...options, mode: "truncate", parallelAfter: 0 }, now);
    expect(parallel).toMatchObject({
      status: "succeeded",
      chats: 159,
      inserted: 0,
      updated: 153,
      skipped: inline.skipped,
      workerChats: 159,
    });
    expect(parallel).toMatchObject({ attempts: inline.attempts, completions: inline.completions, participants: inline.participants });
    expect(await stored()).toEqual(before);

    // 10 % changed: exactly those are prepared (in the worker) and updated; the rest are skipped unparsed.
    const again = await runIngest(
      store(),
      { chats: readJsonArray(changed.files.chats) },
      { ...options, mode: "upsert", parallelAfter: 0 },
      now,
    );
    expect(again).toMatchObject({ status: "succeeded", updated: changed.changed, unchanged: 153 - changed.changed, inserted: 0 });
    const after = await stored();
    const updatedIds = new Set(after.chats.filter((c, i) => c.contentHash !== before.chats[i]?.contentHash).map((c) => c.id));
    expect([...updatedIds].sort()).toEqual([...changed.changedIds].sort());
  });

  it("looks up chats whose id is not where it is usually read (chat.id, chat_id) before writing them", async () => {
    const now = clock();
    const [a01] = sampleChats();
    const { id, ...rest } = a01 as Record<string, unknown> & { updated_at: number };
    const nested = { ...rest, chat_id: id };
    const first = await runIngest(store(), { chats: records([nested]) }, { mode: "upsert", source: "api", parallelAfter: 0 }, now);
    expect(first).toMatchObject({ status: "succeeded", inserted: 1 });
    const same = await runIngest(store(), { chats: records([nested]) }, { mode: "upsert", source: "api", parallelAfter: 0 }, now);
    expect(same).toMatchObject({ status: "succeeded", inserted: 0, unchanged: 1 });
    const edited = { ...nested, title: "Renamed", updated_at: Number(nested.updated_at) + 60 };
    const third = await runIngest(store(), { chats: records([edited]) }, { mode: "upsert", source: "api", parallelAfter: 0 }, now);
    expect(third).toMatchObject({ status: "succeeded", inserted: 0, updated: 1 });
    expect(await store().read(ingestRowCounts)).toMatchObject({ chats: 1, messages: 3 });
  });

  it("stores text with NUL characters and unpaired surrogates the same on both engines", async () => {
    const chat = {
      id: "chat-\u0000odd",
      user_id: "user-\ud800x",
      title: "Title\u0000 with \udc00",
      updated_at: 1760000000,
      chat: {
        history: {
          currentId: "m\u00002",
          messages: {
            m1: { id: "m1", parentId: null, role: "user", content: "hello\u0000 \ud83d", timestamp: 1760000000 },
            "m\u00002": { id: "m2", parentId: "m1", role: "assistant\u0000", content: "ok 🚀", timestamp: 1760000001 },
          },
        },
      },
    };
    const summary = await runIngest(store(), { chats: records([chat]) }, { mode: "upsert", source: "api" }, clock());
    expect(summary).toMatchObject({ status: "succeeded", inserted: 1 });
    const [stored] = await rows<{ id: string; title: string; owuiUserId: string }[]>(({ db, t }) => db.select().from(t.chats));
    expect(stored).toMatchObject({ id: "chat-odd", title: "Title with \ufffd", owuiUserId: "user-\ufffdx" });
    const messages = await rows<{ messageId: string; role: string; content: string }[]>(({ db, t }) =>
      db.select().from(t.chatMessages).orderBy(asc(t.chatMessages.position)),
    );
    expect(messages.map((m) => [m.messageId, m.role, m.content])).toEqual([
      ["m1", "user", "hello \ufffd"],
      ["m2", "assistant", "ok 🚀"],
    ]);
  });

  it("keeps chats with a broken parent link or a cycle: the walked part is the active branch", async () => {
    const msg = (id: string, parentId: string | null, role: string, content: string) => ({
      id,
      parentId,
      role,
      content,
      model: role === "assistant" ? HAIKU : undefined,
    });
    const broken = {
      id: "chat-broken",
      user_id: "u1",
      chat: {
        models: [HAIKU],
        history: {
          currentId: "m3",
          messages: {
            m1: msg("m1", null, "user", "start"),
            m2: msg("m2", "missing", "assistant", "briefing"),
            m3: msg("m3", "m2", "assistant", "Mission accomplished"),
          },
        },
      },
    };
    const cycle = {
      id: "chat-cycle",
      user_id: "u1",
      chat: {
        models: [HAIKU],
        history: { currentId: "x2", messages: { x1: msg("x1", "x2", "user", "a"), x2: msg("x2", "x1", "assistant", "b") } },
      },
    };
    const res = await runIngest(
      store(),
      { models: modelsOnly(), chats: records([broken, cycle]) },
      { mode: "upsert", source: "cli" },
      clock(),
    );
    expect(res).toMatchObject({ status: "succeeded", inserted: 2, skipped: {}, attempts: 2 });
    const msgs = await rows<{ chatId: string; messageId: string; onActiveBranch: boolean }[]>(({ db, t }) =>
      db.select().from(t.chatMessages).orderBy(asc(t.chatMessages.chatId), asc(t.chatMessages.position)),
    );
    expect(msgs.map((m) => [m.chatId, m.messageId, m.onActiveBranch])).toEqual([
      ["chat-broken", "m2", true],
      ["chat-broken", "m3", true],
      ["chat-broken", "m1", false],
      ["chat-cycle", "x1", true],
      ["chat-cycle", "x2", true],
    ]);
  });

  it("refuses a second concurrent run with a clear message, and takes over an expired lease", async () => {
    const now = clock();
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    let started!: () => void;
    const running = new Promise<void>((resolve) => {
      started = resolve;
    });
    const first = runIngest(
      store(),
      { chats: records(sampleChats(), { gate }) },
      { mode: "upsert", source: "api", batchSize: 1, onProgress: () => started() },
      now,
    );
    await running;
    await expect(runIngest(store(), { chats: records(sampleChats()) }, { mode: "upsert", source: "cli" }, now)).rejects.toThrow(
      /^A reload is already running \(started \d{4}-/,
    );
    await expect(redetect(store(), now)).rejects.toBeInstanceOf(JobBusyError);
    open();
    expect((await first).status).toBe("succeeded");

    // A lease left behind by a dead instance (expired) is taken over, and its run marked failed.
    const past = new Date(Date.UTC(2025, 0, 1));
    const dead = await store().tx(async (c) => {
      await acquireLease(c, "analytics", "dead-run", past, 1000);
      const [run] = await c.db
        .insert(c.t.reloadRuns)
        .values({ source: "api", mode: "upsert", status: "running", startedAt: past, skippedReasons: {} })
        .returning();
      await c.db.update(c.t.jobLocks).set({ holder: run?.id ?? "" });
      return run?.id ?? "";
    });
    const next = await runIngest(store(), { chats: records([]) }, { mode: "upsert", source: "cli" }, now);
    expect(next.status).toBe("succeeded");
    expect(await store().read((c) => findReloadRun(c, dead))).toMatchObject({
      status: "failed",
      error: expect.stringMatching(/Abandoned/),
    });
  });

  it("two runs started at the same moment: exactly one runs, the other is refused", async () => {
    const now = clock();
    const results = await Promise.allSettled(
      [0, 1].map(() => runIngest(store(), { chats: records(sampleChats()) }, { mode: "upsert", source: "api", batchSize: 2 }, now)),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected");
    expect(refused?.status === "rejected" && refused.reason).toBeInstanceOf(JobBusyError);
    expect(await store().read((c) => listReloadRuns(c, 5))).toHaveLength(1);
  });

  it("redetect applies a mission edit to stored chats without refetching; points stay a snapshot", async () => {
    const now = clock();
    await runIngest(store(), fixtureSource(), { mode: "upsert", source: "cli" }, now);
    const setMission = (patch: Record<string, unknown>) =>
      store().tx(({ db, t }) => db.update(t.missions).set(patch).where(eq(t.missions.key, HAIKU)));

    // The first reply may complete: F06's "Mission accomplished!" now counts (default markers).
    await setMission({ briefingReplyCounts: true, points: 20 });
    expect(await redetect(store(), now)).toMatchObject({ chats: 8, attempts: 2, completions: 1 });
    const completions = () =>
      rows<{ chatId: string; messageId: string; points: number | null; marker: string }[]>(({ db, t }) =>
        db.select().from(t.missionCompletions).orderBy(asc(t.missionCompletions.chatId)),
      );
    expect((await completions()).map((c) => [c.chatId, c.messageId, c.points, c.marker])).toEqual([
      ["chat-F06", "F-002", 20, "mission accomplished"],
    ]);

    // Points edited later: the stored completion keeps its snapshot (docs/product/missions.md §M-8).
    await setMission({ points: 50 });
    await redetect(store(), now);
    expect((await completions()).map((c) => c.points)).toEqual([20]);

    // New markers only: "Keep trying!" completes G07, F06 no longer completes.
    await setMission({ markers: ["keep trying"], includeDefaultMarkers: false });
    await redetect(store(), now);
    expect((await completions()).map((c) => [c.chatId, c.messageId, c.points])).toEqual([["chat-G07", "G-002", 50]]);
    expect(await store().read(ingestRowCounts)).toMatchObject({ chats: 8, messages: 17, attempts: 2, completions: 1 });
  });

  it("never overwrites an admin's edits of a model mission; a re-import only adds aliases", async () => {
    const now = clock();
    await runIngest(store(), { models: modelsOnly() }, { mode: "upsert", source: "cli" }, now);
    await store().tx(({ db, t }) =>
      db
        .update(t.missions)
        .set({ name: "Secret code", week: 3, points: 15, markers: ["alpha-2025"] })
        .where(eq(t.missions.key, HAIKU)),
    );
    const models = JSON.parse(readFileSync(fixture("sample_models.json"), "utf8")) as { data: Record<string, unknown>[] };
    const haiku = models.data.find((m) => m.id === HAIKU) as Record<string, unknown>;
    haiku.name = "Claude Haiku (renamed)";
    await runIngest(store(), { models: records(models.data) }, { mode: "upsert", source: "cli" }, now);
    const [mission] = await rows<{ name: string; week: number; points: number; markers: unknown[]; aliases: string[] }[]>(({ db, t }) =>
      db.select().from(t.missions),
    );
    expect(mission).toMatchObject({ name: "Secret code", week: 3, points: 15, markers: ["alpha-2025"] });
    expect(mission?.aliases).toEqual([HAIKU, "Anthropic Claude 3: Haiku", "Claude Haiku (renamed)"]);
  });
});

describe("failureMessage", () => {
  it("keeps a failed query's database error, not the query and its parameters", () => {
    const failed = new Error('Failed query: insert into "chats" …\nparams: alice@example.org,…', {
      cause: new Error('duplicate key value violates unique constraint "chats_pkey"'),
    });
    expect(failureMessage(failed)).toBe('Database error: duplicate key value violates unique constraint "chats_pkey"');
  });

  it("bounds the length and makes the text storable", () => {
    expect(failureMessage(new Error(`boom\u0000 ${"x".repeat(600)}`))).toMatch(/^boom x{494}…$/);
    expect(failureMessage("plain")).toBe("plain");
  });
});
