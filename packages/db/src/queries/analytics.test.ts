import { tally } from "@missionboard/core";
import { and, eq } from "drizzle-orm";
import { expect, it } from "vitest";
import type { Conn } from "../store";
import { describeEachEngine } from "../test-utils";
import {
  createReloadRun,
  ensureOwuiUsers,
  insertMissionsIfAbsent,
  listReloadRuns,
  loadChatFingerprints,
  missionCounts,
  replaceChatMessages,
  replaceDetections,
  searchMessages,
  snippetOf,
  sweepUnmarked,
  updateReloadRun,
  upsertChats,
  upsertOwuiUsers,
} from "./analytics";
import { acquireLease, releaseLease, renewLease } from "./jobs";
import { missionActivityCounts } from "./missions";

const T0 = new Date(Date.UTC(2026, 0, 1));
const at = (s: number) => new Date(T0.getTime() + s * 1000);

const chat = (id: string, user: string | null, ingestedAt = T0) => ({
  id,
  owuiUserId: user,
  title: `Chat ${id}`,
  models: ["m1"],
  createdAtRemote: T0,
  updatedAtRemote: at(10),
  messageCount: 2,
  contentHash: `hash-${id}`,
  archived: false,
  ingestedAt,
});

const message = (chatId: string, messageId: string, content: string, position: number) => ({
  chatId,
  messageId,
  parentId: null,
  role: position % 2 === 0 ? "user" : "assistant",
  model: "m1",
  content,
  createdAtRemote: at(position),
  onActiveBranch: true,
  position,
});

async function seedChats(c: Conn) {
  await ensureOwuiUsers(c, ["u1", "u2"], T0, false);
  await upsertChats(c, [chat("c1", "u1"), chat("c2", "u2")]);
  await replaceChatMessages(
    c,
    ["c1", "c2"],
    [
      message("c1", "a", "Please extract the milestones from the SOW", 0),
      message("c1", "b", "Here are the milestones: kickoff, beta, GA. MISSION ACCOMPLISHED", 1),
      message("c2", "a", "What is the secret code?", 0),
      message("c2", "b", 'The code is "ALPHA-2025" – naïve café', 1),
    ],
  );
}

describeEachEngine("analytics queries", (store) => {
  it("full-text search finds words (all of them), follows updates and deletes, and cannot be injected", async () => {
    await store().tx(seedChats);
    const search = (q: string) => store().read((c) => searchMessages(c, q));
    expect((await search("milestones")).map((h) => [h.chatId, h.messageId])).toEqual([
      ["c1", "a"],
      ["c1", "b"],
    ]);
    expect((await search("MILESTONES beta")).map((h) => h.messageId)).toEqual(["b"]);
    expect((await search("alpha 2025")).map((h) => h.chatId)).toEqual(["c2"]);
    expect(await search("milestone")).toEqual([]); // words, not prefixes or stems
    // FTS5 / tsquery syntax in user input is only word separators.
    for (const q of ['"', "milestones OR secret", "NEAR(", "mil*", "a:b", "-(", "'", "\\", "!!", ""]) {
      await expect(search(q)).resolves.toBeInstanceOf(Array);
    }
    expect(await search("   ")).toEqual([]);
    const [hit] = await search("accomplished");
    expect(hit?.snippet).toContain("MISSION ACCOMPLISHED");

    // The index follows replacements and deletions.
    await store().tx((c) => replaceChatMessages(c, ["c1"], [message("c1", "z", "Entirely new words", 0)]));
    expect(await search("milestones")).toEqual([]);
    expect((await search("entirely")).map((h) => h.messageId)).toEqual(["z"]);
    await store().tx(({ db, t }) => db.update(t.chatMessages).set({ content: "changed again" }).where(eq(t.chatMessages.messageId, "z")));
    expect(await search("entirely")).toEqual([]);
    expect((await search("changed")).map((h) => h.messageId)).toEqual(["z"]);
    expect(await store().read((c) => searchMessages(c, "code", { chatIds: ["c1"] }))).toEqual([]);
  });

  it("snippets cut around the first match", () => {
    const text = `${"x ".repeat(200)}the needle is here${" y".repeat(200)}`;
    const s = snippetOf(text, ["needle"]);
    expect(s.startsWith("…")).toBe(true);
    expect(s.endsWith("…")).toBe(true);
    expect(s).toContain("the needle is here");
  });

  it("lease: one holder at a time, renew by the holder only, takeover only once expired, release", async () => {
    const ttl = 60_000;
    expect(await store().tx((c) => acquireLease(c, "reload", "a", T0, ttl))).toEqual({ ok: true, tookOver: null });
    expect(await store().tx((c) => acquireLease(c, "reload", "b", at(30), ttl))).toMatchObject({ ok: false, holder: "a", acquiredAt: T0 });
    expect(await store().tx((c) => renewLease(c, "reload", "b", at(30), ttl))).toBe(false);
    expect(await store().tx((c) => renewLease(c, "reload", "a", at(30), ttl))).toBe(true);
    // Renewed until 90 s: still held at 80 s, taken over at 91 s.
    expect((await store().tx((c) => acquireLease(c, "reload", "b", at(80), ttl))).ok).toBe(false);
    expect(await store().tx((c) => acquireLease(c, "reload", "b", at(91), ttl))).toEqual({ ok: true, tookOver: "a" });
    await store().tx((c) => releaseLease(c, "reload", "a")); // not a's any more: no effect
    expect((await store().tx((c) => acquireLease(c, "reload", "c", at(92), ttl))).ok).toBe(false);
    await store().tx((c) => releaseLease(c, "reload", "b"));
    expect((await store().tx((c) => acquireLease(c, "reload", "c", at(93), ttl))).ok).toBe(true);
  });

  it("two racing takeovers of an expired lease: exactly one wins", async () => {
    await store().tx((c) => acquireLease(c, "reload", "dead", T0, 1000));
    const results = await Promise.all(
      ["x", "y", "z"].map((holder) => store().tx((c) => acquireLease(c, "reload", holder, at(10), 60_000))),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  it("missionCounts and missionActivityCounts agree with core's tally (docs/product/missions.md §M-11)", async () => {
    await store().tx(async (c) => {
      await ensureOwuiUsers(c, ["u1", "u2"], T0, false);
      await upsertChats(c, [chat("c1", "u1"), chat("c2", "u1"), chat("c3", "u2"), chat("c4", null), chat("c5", null)]);
    });
    const missionIds = await store().tx(async (c) => {
      const base = { difficulty: null, markers: [], includeDefaultMarkers: true, briefingReplyCounts: false, startTriggers: [] };
      await insertMissionsIfAbsent(
        c,
        [
          { ...base, key: "A", name: "A", week: 1, points: 20, aliases: ["a"], origin: "model" },
          { ...base, key: "B", name: "B", week: 2, points: 25, aliases: ["b"], origin: "model" },
        ],
        T0,
      );
      const rows = await c.db.select().from(c.t.missions);
      return Object.fromEntries(rows.map((m) => [m.key, m.id])) as Record<string, string>;
    });
    const detection = (chatId: string, mission: string, user: string | null, done: boolean) => ({
      chatId,
      missionId: missionIds[mission] ?? "",
      owuiUserId: user,
      startedAt: T0,
      lastMessageAt: at(1),
      messageCount: 2,
      userMessageCount: 1,
      completed: done,
      detectorVersion: "v",
      completion: done ? { messageId: "b", completedAt: at(1), marker: "mission accomplished", outcome: null, points: 20 } : null,
    });
    await store().tx((c) =>
      replaceDetections(
        c,
        ["c1", "c2", "c3", "c4", "c5"],
        [
          detection("c1", "a", "u1", true),
          detection("c2", "a", "u1", true),
          detection("c3", "a", "u2", false),
          detection("c3", "b", "u2", true),
          detection("c4", "a", null, true),
          detection("c5", "a", null, true),
        ],
      ),
    );
    const { counts, activity, attempts, completions } = await store().read(async (c) => ({
      counts: await missionCounts(c),
      activity: await missionActivityCounts(c),
      attempts: await c.db.select().from(c.t.missionAttempts),
      completions: await c.db.select().from(c.t.missionCompletions),
    }));
    const core = tally(attempts, completions);
    expect(core).toMatchObject({ attempts: 6, completedAttempts: 5, participants: 2, completions: 2 });
    expect({ attempts: counts.attempts, completions: counts.completions, participants: counts.participants }).toEqual({
      attempts: core.attempts,
      completions: core.completions,
      participants: core.participants,
    });
    const byId = (list: { missionId: string }[]) => [...list].sort((x, y) => (x.missionId < y.missionId ? -1 : 1));
    expect(byId(counts.missions)).toEqual(byId(core.missions.map(({ completedAttempts: _, ...m }) => m)));
    expect(
      byId(
        [...activity].map(([missionId, a]) => ({
          missionId,
          attempts: a.attempts,
          completedAttempts: a.completedAttempts,
          completions: a.completions,
        })),
      ),
    ).toEqual(byId(core.missions.map(({ participants: _, ...m }) => m)));
  });

  it("upserts, fingerprints, detections, counts, sweep and reload runs", async () => {
    await store().tx(seedChats);
    await store().tx((c) => upsertOwuiUsers(c, [{ id: "u1", name: "Ada", email: "ada@x.test", role: "user", source: "api" }], T0));
    const fps = await store().read((c) => loadChatFingerprints(c, ["c1", "nope"]));
    expect([...fps.entries()]).toEqual([["c1", { updatedAtRemote: at(10), contentHash: "hash-c1" }]]);

    const [key] = await store().tx((c) =>
      insertMissionsIfAbsent(
        c,
        [
          {
            key: "M1",
            name: "Mission 1",
            week: 1,
            points: 20,
            difficulty: "Medium",
            aliases: ["m1"],
            markers: [],
            includeDefaultMarkers: true,
            briefingReplyCounts: false,
            startTriggers: [],
            origin: "model",
          },
        ],
        T0,
      ),
    );
    expect(key).toBe("m1");
    const missionId = await store().read(async ({ db, t }) => (await db.select().from(t.missions))[0]?.id ?? "");
    const attempt = (chatId: string, user: string, done: boolean) => ({
      chatId,
      missionId,
      owuiUserId: user,
      startedAt: T0,
      lastMessageAt: at(1),
      messageCount: 2,
      userMessageCount: 1,
      completed: done,
      detectorVersion: "v",
      completion: done ? { messageId: "b", completedAt: at(1), marker: "mission accomplished", outcome: null, points: 20 } : null,
    });
    await store().tx((c) => replaceDetections(c, ["c1", "c2"], [attempt("c1", "u1", true), attempt("c2", "u2", false)]));
    expect(await store().read(missionCounts)).toEqual({
      missions: [{ missionId, attempts: 2, participants: 2, completions: 1 }],
      attempts: 2,
      completions: 1,
      participants: 2,
    });

    // Sweep: c2 and u2 were not stamped with the new mark.
    const mark = at(100);
    await store().tx(async (c) => {
      await upsertChats(c, [chat("c1", "u1", mark)]);
      await upsertOwuiUsers(c, [{ id: "u1", name: "Ada", email: null, role: null, source: "api" }], mark);
      return sweepUnmarked(c, mark, new Set(["chats", "users"]));
    });
    expect(await store().read(missionCounts)).toMatchObject({ attempts: 1, completions: 1, participants: 1 });
    const left = await store().read(async ({ db, t }) => ({
      chats: (await db.select().from(t.chats)).map((c) => c.id),
      users: (await db.select().from(t.owuiUsers)).map((u) => u.id),
      messages: (
        await db
          .select()
          .from(t.chatMessages)
          .where(and(eq(t.chatMessages.chatId, "c2")))
      ).length,
    }));
    expect(left).toEqual({ chats: ["c1"], users: ["u1"], messages: 0 });

    const run = await store().tx((c) => createReloadRun(c, { source: "cli", mode: "upsert", startedAt: T0, total: 10 }));
    await store().tx((c) => updateReloadRun(c, run.id, { processed: 5, skippedReasons: { "missing id": 1 }, skipped: 1 }));
    expect(await store().read((c) => listReloadRuns(c, 5, "running"))).toMatchObject([
      { id: run.id, processed: 5, total: 10, skipped: 1, skippedReasons: { "missing id": 1 } },
    ]);
  });
});
