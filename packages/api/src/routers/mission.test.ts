import { readFileSync } from "node:fs";
import path from "node:path";
import { type AuditAction, ownedAliases, parseCampaignManifest } from "@missionboard/core";
import {
  currentJobRun,
  listJobRuns,
  listMissionRows,
  loadMissionRows,
  replaceChatMessages,
  type Store,
  workspaceRoot,
} from "@missionboard/db";
import { describeEachEngine } from "@missionboard/db/test-utils";
import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { redetectJob } from "../services/ingest/redetect";
import { createJobRunner, type JobRunner } from "../services/jobs";
import { callerAs, makeSessionUser, TEST_NOW } from "../test-helpers";

// The real re-detection job runs; the spy counts when the router asks for one, and `hold` can keep
// it waiting (to show that an edit does not wait for it).
let hold: Promise<void> = Promise.resolve();
vi.mock("../services/ingest/redetect", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../services/ingest/redetect")>();
  return {
    ...actual,
    redetectJob: vi.fn((options: Parameters<typeof actual.redetectJob>[0]) => {
      const job = actual.redetectJob(options);
      return {
        ...job,
        run: async (ctx: Parameters<typeof job.run>[0]) => {
          await hold;
          return job.run(ctx);
        },
      };
    }),
  };
});
const redetectMock = vi.mocked(redetectJob);

const CAMPAIGN = readFileSync(path.join(workspaceRoot, "fixtures/campaign/campaign.json"), "utf8");
const CHALLENGES = (JSON.parse(CAMPAIGN) as { challenges: unknown[] }).challenges.length;

async function failure(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return error;
}

const fieldOf = (error: TRPCError) => (error.cause as { field?: string } | undefined)?.field;

describeEachEngine("mission router", (store) => {
  let jobs: JobRunner;
  beforeEach(() => {
    redetectMock.mockClear();
    hold = Promise.resolve();
    jobs = createJobRunner({ store: store(), now: () => TEST_NOW });
  });
  afterEach(async () => {
    await jobs.drain();
  });

  const auditRows = (action: AuditAction) =>
    store().read(({ db, t }) => db.select().from(t.auditLogs).where(eq(t.auditLogs.action, action)));
  const admin = async (s: Store = store()) => callerAs(s, await makeSessionUser(s, "admin"), { jobs });
  const redetections = () => store().read((c) => listJobRuns(c, { kinds: ["redetect"] }));

  async function addModel(id: string, name: string, tagged = false) {
    await store().tx(({ db, t }) =>
      db
        .insert(t.owuiModels)
        .values({ id, name, tags: tagged ? ["Missions"] : [], missionTagged: tagged, params: {}, updatedAt: TEST_NOW }),
    );
  }

  it("imports fixtures/campaign/campaign.json: one mission per challenge; a second import updates instead of duplicating", async () => {
    const api = await admin();
    expect(CHALLENGES).toBeGreaterThan(0);
    const first = await api.mission.importManifest({ text: CAMPAIGN });
    expect(first).toMatchObject({ missions: CHALLENGES, created: CHALLENGES, updated: 0, detection: { status: "started" } });
    expect(redetectMock).toHaveBeenCalledTimes(1);
    await jobs.idle();
    expect((await redetections()).map((r) => [r.status, r.result])).toEqual([["succeeded", { chats: 0, attempts: 0, completions: 0 }]]);
    const listed = await api.mission.list();
    expect(listed).toHaveLength(CHALLENGES);
    const compass = listed.find((m) => m.key === "week-3-broken-compass");
    expect(compass).toMatchObject({ week: 3, origin: "manifest", isActive: true, attempts: 0, completions: 0 });
    expect(compass?.aliases.length).toBeGreaterThan(0);

    // An admin's edits to aliases survive a re-import; the manifest's values come back.
    const one = listed[0];
    if (!one) throw new Error("no mission");
    await api.mission.update({ id: one.id, aliases: [...one.aliases, "my-extra-alias"], points: 999 });
    const second = await api.mission.importManifest({ text: CAMPAIGN });
    expect(second).toMatchObject({ missions: CHALLENGES, created: 0, updated: CHALLENGES });
    const rows = await store().read(listMissionRows);
    expect(rows).toHaveLength(CHALLENGES);
    const again = rows.find((m) => m.id === one.id);
    expect(again?.aliases).toContain("my-extra-alias");
    expect(again?.points).toBe(one.points);

    const audits = await auditRows("mission.imported");
    expect(audits).toHaveLength(2);
    expect(audits[0]?.metadata).toMatchObject({ missions: CHALLENGES, created: CHALLENGES, updated: 0 });
    // The parse and the import agree on the keys.
    const keys = parseCampaignManifest(JSON.parse(CAMPAIGN)).missions.map((m) => m.key);
    expect(rows.map((m) => m.key).sort()).toEqual([...keys].sort());
  });

  it("refuses a malformed manifest with the problems by path and writes nothing", async () => {
    const api = await admin();
    const notJson = await failure(api.mission.importManifest({ text: "{ not json" }));
    expect(notJson.code).toBe("BAD_REQUEST");
    expect(fieldOf(notJson)).toBe("file");
    expect(notJson.message).toMatch(/not valid JSON/);

    // One good challenge and one without a slug: the whole file is refused.
    const manifest = JSON.stringify({
      weeks: [{ week: 1 }],
      challenges: [
        { slug: "good-one", week: 1, name: "Good one", points: 10 },
        { week: 1, name: "No slug" },
      ],
    });
    const bad = await failure(api.mission.importManifest({ text: manifest }));
    expect(bad.code).toBe("BAD_REQUEST");
    expect(bad.message).toMatch(/nothing was imported/);
    expect(bad.message).toMatch(/challenges\[1\]/);

    const unsafe = JSON.stringify({ challenges: [{ slug: "regex", week: 2, markers: ["/(a+)+$/"] }] });
    const refused = await failure(api.mission.importManifest({ text: unsafe }));
    expect(refused.message).toMatch(/week-2-regex.*nested quantifier/);

    expect(await store().read(listMissionRows)).toHaveLength(0);
    expect(await auditRows("mission.imported")).toHaveLength(0);
    expect(redetectMock).not.toHaveBeenCalled();
  });

  it("updates a mission, audits it and re-scores stored chats only when detection changes", async () => {
    const api = await admin();
    await api.mission.importManifest({ text: CAMPAIGN });
    await jobs.idle(); // the import's own re-detection ends first, so later edits are not queued behind it
    redetectMock.mockClear();
    const [mission] = await api.mission.list();
    if (!mission) throw new Error("no mission");

    const points = await api.mission.update({ id: mission.id, week: 9, points: 42, difficulty: "Hard" });
    expect(points).toMatchObject({ changed: ["week", "points", "difficulty"], detection: null });
    expect(redetectMock).not.toHaveBeenCalled();

    const markers = await api.mission.update({
      id: mission.id,
      markers: ["MISSION ACCOMPLISHED", "/score:\\s*20\\/20/i", { phrase: "MISSION REFERRED", points: 15, outcome: "refer" }],
      briefingReplyCounts: true,
      isActive: false,
    });
    expect(markers.changed).toEqual(["markers", "briefingReplyCounts", "isActive"]);
    expect(markers.detection).toEqual({ status: "started", runId: expect.any(String) });
    expect(redetectMock).toHaveBeenCalledTimes(1);
    expect(points.rescoreSuggested).toBe(true);

    const after = (await api.mission.list()).find((m) => m.id === mission.id);
    expect(after).toMatchObject({ week: 9, points: 42, difficulty: "Hard", briefingReplyCounts: true, isActive: false });
    expect(after?.markers).toHaveLength(3);

    // Nothing changed: no audit row, no re-score.
    const same = await api.mission.update({ id: mission.id, week: 9 });
    expect(same.changed).toEqual([]);

    const audits = await auditRows("mission.updated");
    expect(audits).toHaveLength(2);
    expect(audits[0]).toMatchObject({ entityType: "mission", entityId: mission.id });
    expect(audits[0]?.metadata).toMatchObject({ changed: "week,points,difficulty", weekFrom: mission.week, weekTo: 9, pointsTo: 42 });
  });

  it("refuses a bad or unsafe marker as a field error, an unknown mission as NOT_FOUND, and a taken alias", async () => {
    const api = await admin();
    await api.mission.importManifest({ text: CAMPAIGN });
    await jobs.idle();
    const [a, b] = await api.mission.list();
    if (!a || !b) throw new Error("missions missing");

    for (const marker of ["/(a+)+$/", "/[unclosed/", "/.*/", "/x/g"]) {
      const error = await failure(api.mission.update({ id: a.id, markers: ["mission complete", marker] }));
      expect(error.code, marker).toBe("BAD_REQUEST");
      expect(fieldOf(error), marker).toBe("markers");
      expect(error.message, marker).toMatch(/^Marker 2: The marker/);
    }
    const empty = await failure(api.mission.update({ id: a.id, markers: [""] }));
    expect(empty.code).toBe("BAD_REQUEST");

    const missing = await failure(api.mission.update({ id: "0190f0f0-0000-7000-8000-000000000000", points: 1 }));
    expect(missing.code).toBe("NOT_FOUND");

    const taken = await failure(api.mission.update({ id: a.id, aliases: [b.aliases[0] ?? b.key] }));
    expect(taken.code).toBe("BAD_REQUEST");
    expect(fieldOf(taken)).toBe("aliases");

    const badWeek = await failure(api.mission.update({ id: a.id, week: 0 }));
    expect(badWeek.code).toBe("BAD_REQUEST");
    expect(await auditRows("mission.updated")).toHaveLength(0);
  });

  it("lists models with the mission they count for, and links an untagged model as an alias or as a new mission", async () => {
    const api = await admin();
    await api.mission.importManifest({ text: CAMPAIGN });
    await jobs.idle();
    const compass = (await api.mission.list()).find((m) => m.key === "week-3-broken-compass");
    if (!compass) throw new Error("no compass");
    await addModel("week-3-broken-compass", "Week 3 - Broken Compass (Medium)", true);
    await addModel("compass-v2", "Broken Compass v2");
    await addModel("bonus-round", "Week 9 - Bonus Round (Hard)");
    await addModel("gpt-4o", "GPT-4o");

    const before = await api.mission.models();
    expect(before.map((m) => [m.id, m.mission?.key ?? null])).toEqual([
      ["compass-v2", null],
      ["gpt-4o", null],
      ["week-3-broken-compass", "week-3-broken-compass"],
      ["bonus-round", null],
    ]);

    redetectMock.mockClear();
    const alias = await api.mission.link({ modelId: "compass-v2", missionKey: "WEEK-3-BROKEN-COMPASS" });
    expect(alias).toMatchObject({ created: false, key: "week-3-broken-compass", detection: { status: "started" } });
    expect(redetectMock).toHaveBeenCalledTimes(1);

    const created = await api.mission.link({ modelId: "bonus-round" });
    expect(created).toMatchObject({ created: true, key: "bonus-round" });
    const own = (await api.mission.list()).find((m) => m.key === "bonus-round");
    expect(own).toMatchObject({ origin: "admin", week: 9, difficulty: "Hard", isActive: true });

    const after = await api.mission.models();
    expect(after.find((m) => m.id === "compass-v2")?.mission?.key).toBe("week-3-broken-compass");
    expect(after.find((m) => m.id === "bonus-round")?.mission?.key).toBe("bonus-round");
    expect(after.find((m) => m.id === "gpt-4o")?.mission).toBeNull();

    // Linking again, or to an unknown model or mission, is refused.
    expect((await failure(api.mission.link({ modelId: "bonus-round" }))).code).toBe("CONFLICT");
    expect(await api.mission.link({ modelId: "compass-v2", missionKey: compass.key })).toMatchObject({ changed: false, detection: null });
    expect((await failure(api.mission.link({ modelId: "compass-v2", missionKey: "bonus-round" }))).code).toBe("CONFLICT");
    expect((await failure(api.mission.link({ modelId: "nope" }))).code).toBe("NOT_FOUND");
    const noMission = await failure(api.mission.link({ modelId: "gpt-4o", missionKey: "no-such-mission" }));
    expect(noMission.code).toBe("BAD_REQUEST");
    expect(fieldOf(noMission)).toBe("missionKey");
    expect((await failure(api.mission.link({ modelId: " " }))).code).toBe("BAD_REQUEST");

    const audits = await auditRows("mission.linked");
    expect(audits.map((r) => r.metadata)).toEqual([
      expect.objectContaining({ modelId: "compass-v2", missionKey: "week-3-broken-compass", created: false }),
      expect.objectContaining({ modelId: "bonus-round", missionKey: "bonus-round", created: true }),
      expect.objectContaining({ modelId: "compass-v2", missionKey: "week-3-broken-compass", aliasesAdded: 0 }),
    ]);
  });

  it("an edit returns at once; its re-detection runs as a job with progress", async () => {
    const api = await admin();
    await api.mission.importManifest({ text: CAMPAIGN });
    await jobs.idle();
    const [mission] = await api.mission.list();
    if (!mission) throw new Error("no mission");
    let release!: () => void;
    hold = new Promise((resolve) => {
      release = resolve;
    });
    const result = await api.mission.update({ id: mission.id, aliases: ["solo-alias"] });
    // The edit has answered while its re-detection still waits: it did not wait for the re-scan.
    if (result.detection?.status !== "started") throw new Error(`expected a started re-detection, got ${JSON.stringify(result.detection)}`);
    const running = await store().read((c) => currentJobRun(c, "analytics", TEST_NOW));
    expect(running).toMatchObject({ id: result.detection.runId, kind: "redetect", status: "running", params: { missionId: mission.id } });
    expect((await api.mission.activity()).current).toMatchObject({ id: result.detection.runId, kind: "redetect" });
    release();
    await jobs.idle();
    const [done] = await redetections();
    expect(done).toMatchObject({ id: result.detection.runId, status: "succeeded", phase: "re-detecting" });
    expect((await api.mission.activity()).recent[0]).toMatchObject({ kind: "redetect", status: "succeeded" });
  });

  it("queues the re-detection behind a running reload without undoing the saved change", async () => {
    const api = await admin();
    await api.mission.importManifest({ text: CAMPAIGN });
    await jobs.idle();
    const [mission] = await api.mission.list();
    if (!mission) throw new Error("no mission");
    await store().tx(({ db, t }) =>
      db.insert(t.jobLocks).values({
        key: "analytics",
        holder: "another-instance",
        acquiredAt: new Date(TEST_NOW.getTime() - 60_000),
        expiresAt: new Date(TEST_NOW.getTime() + 60_000),
      }),
    );
    const result = await api.mission.update({ id: mission.id, aliases: ["solo-alias"] });
    expect(result.detection).toMatchObject({
      status: "queued",
      message: expect.stringMatching(/already running .* re-scored when it ends/),
    });
    expect((await api.mission.list()).find((m) => m.id === mission.id)?.aliases).toEqual(["solo-alias"]);
    expect((await redetections()).map((r) => r.status)).toEqual(["queued", "succeeded"]);
    // The other job ends: the queued re-detection runs.
    await store().tx(({ db, t }) => db.delete(t.jobLocks));
    await jobs.startQueued();
    await jobs.idle();
    expect((await redetections()).map((r) => r.status)).toEqual(["succeeded", "succeeded"]);
  });

  it("counts attempts and distinct completing users per mission (docs/product/missions.md §M-11)", async () => {
    const api = await admin();
    await api.mission.importManifest({ text: CAMPAIGN });
    await jobs.idle();
    const [mission] = await api.mission.list();
    if (!mission) throw new Error("no mission");
    await store().tx(async ({ db, t }) => {
      for (const [chat, user, completed] of [
        ["c1", "u1", true],
        ["c2", "u1", true],
        ["c3", "u2", false],
        // Completing chats without an OpenWebUI owner: completed attempts, but nobody's completion (§M-11).
        ["c4", null, true],
        ["c5", null, true],
      ] as const) {
        await db
          .insert(t.chats)
          .values({ id: chat, owuiUserId: null, models: [], messageCount: 2, contentHash: chat, ingestedAt: TEST_NOW });
        const [attempt] = await db
          .insert(t.missionAttempts)
          .values({
            chatId: chat,
            missionId: mission.id,
            owuiUserId: user,
            messageCount: 2,
            userMessageCount: 1,
            completed,
            detectorVersion: "t",
          })
          .returning();
        if (completed && attempt)
          await db.insert(t.missionCompletions).values({
            attemptId: attempt.id,
            missionId: mission.id,
            owuiUserId: user,
            chatId: chat,
            messageId: "m",
            marker: "mission complete",
            detectorVersion: "t",
          });
      }
    });
    const listed = (await api.mission.list()).find((m) => m.id === mission.id);
    expect(listed).toMatchObject({ attempts: 5, completedAttempts: 4, completions: 1 });
  });

  it("re-scores stored chats when a mission's markers change (no refetch)", async () => {
    const api = await admin();
    await api.mission.importManifest({ text: CAMPAIGN });
    await jobs.idle();
    const compass = (await api.mission.list()).find((m) => m.key === "week-3-broken-compass");
    if (!compass) throw new Error("no compass");
    const model = "week-3-broken-compass";
    await store().tx(async (conn) => {
      const { db, t } = conn;
      await db.insert(t.owuiUsers).values({ id: "u1", source: "file", updatedAt: TEST_NOW });
      await db
        .insert(t.chats)
        .values({ id: "chat-1", owuiUserId: "u1", models: [model], messageCount: 4, contentHash: "h", ingestedAt: TEST_NOW });
      const at = (s: number) => new Date(TEST_NOW.getTime() - 3_600_000 + s * 1000);
      await replaceChatMessages(
        conn,
        ["chat-1"],
        [
          {
            chatId: "chat-1",
            messageId: "m1",
            parentId: null,
            role: "user",
            model: null,
            content: "Start",
            onActiveBranch: true,
            position: 0,
            createdAtRemote: at(1),
          },
          {
            chatId: "chat-1",
            messageId: "m2",
            parentId: "m1",
            role: "assistant",
            model,
            content: "Your briefing, agent.",
            onActiveBranch: true,
            position: 1,
            createdAtRemote: at(2),
          },
          {
            chatId: "chat-1",
            messageId: "m3",
            parentId: "m2",
            role: "user",
            model: null,
            content: "I refer the case.",
            onActiveBranch: true,
            position: 2,
            createdAtRemote: at(3),
          },
          {
            chatId: "chat-1",
            messageId: "m4",
            parentId: "m3",
            role: "assistant",
            model,
            content: "ZEBRA PROTOCOL SEALED. Well done.",
            onActiveBranch: true,
            position: 3,
            createdAtRemote: at(4),
          },
        ],
      );
    });
    await api.mission.update({ id: compass.id, markers: ["mission accomplished"] });
    await jobs.idle();
    expect((await api.mission.list()).find((m) => m.id === compass.id)).toMatchObject({ attempts: 1, completions: 0 });

    await jobs.idle();
    const result = await api.mission.update({ id: compass.id, markers: ["/zebra protocol sealed/"] });
    expect(result.detection).toMatchObject({ status: "started" });
    await jobs.idle();
    expect((await redetections())[0]).toMatchObject({ status: "succeeded", result: { chats: 1, attempts: 1, completions: 1 } });
    expect((await api.mission.list()).find((m) => m.id === compass.id)).toMatchObject({
      attempts: 1,
      completedAttempts: 1,
      completions: 1,
    });
  });

  it("re-score: a preview in counts, then a job that applies the current points to past completions, audited", async () => {
    const api = await admin();
    await api.mission.importManifest({ text: CAMPAIGN });
    await jobs.idle();
    const compass = (await api.mission.list()).find((m) => m.key === "week-3-broken-compass");
    if (!compass) throw new Error("no compass");
    await api.mission.update({
      id: compass.id,
      markers: ["mission accomplished", { phrase: "MISSION REFERRED", outcome: "refer", points: 15 }],
    });
    await jobs.idle();
    // Completions detected when the mission was worth 20 (u1 twice, u2 once) and one under its "refer" outcome.
    await store().tx(async ({ db, t }) => {
      for (const [i, [user, points, marker, outcome]] of (
        [
          ["u1", 20, "mission accomplished", null],
          ["u1", 20, "mission accomplished", null],
          ["u2", 20, "mission accomplished", null],
          ["u3", 15, "MISSION REFERRED", "refer"],
        ] as const
      ).entries()) {
        await db.insert(t.owuiUsers).values({ id: user, source: "file", updatedAt: TEST_NOW }).onConflictDoNothing();
        await db
          .insert(t.chats)
          .values({ id: `c${i}`, owuiUserId: user, models: [], messageCount: 2, contentHash: "h", ingestedAt: TEST_NOW });
        const [attempt] = await db
          .insert(t.missionAttempts)
          .values({
            chatId: `c${i}`,
            missionId: compass.id,
            owuiUserId: user,
            messageCount: 2,
            userMessageCount: 1,
            completed: true,
            detectorVersion: "t",
          })
          .returning();
        await db.insert(t.missionCompletions).values({
          attemptId: attempt?.id ?? "",
          missionId: compass.id,
          owuiUserId: user,
          chatId: `c${i}`,
          messageId: "m",
          marker,
          outcome,
          points,
          detectorVersion: "t",
        });
      }
    });
    await api.mission.update({ id: compass.id, points: 25 });
    const preview = await api.mission.rescorePreview({ id: compass.id });
    expect(preview).toEqual({
      missionId: compass.id,
      key: "week-3-broken-compass",
      name: compass.name,
      points: 25,
      completions: 4,
      changed: 3,
      unchanged: 1,
      moves: [{ from: 20, to: 25, completions: 3 }],
      usersAffected: 2,
    });
    // Nothing changes until the admin applies it.
    const points = () => store().read(async ({ db, t }) => (await db.select().from(t.missionCompletions)).map((c) => c.points).sort());
    expect(await points()).toEqual([15, 20, 20, 20]);

    const applied = await api.mission.rescore({ id: compass.id });
    expect(applied).toMatchObject({ runId: expect.any(String), missionId: compass.id });
    await jobs.idle();
    expect(await points()).toEqual([15, 25, 25, 25]);
    const [run] = await store().read((c) => listJobRuns(c, { kinds: ["rescore"] }));
    expect(run).toMatchObject({ id: applied.runId, status: "succeeded", processed: 3, total: 3, result: { changed: 3, usersAffected: 2 } });
    const [audit] = await auditRows("mission.rescored");
    expect(audit).toMatchObject({ entityId: compass.id, actorId: expect.any(String) });
    expect(audit?.metadata).toMatchObject({
      key: "week-3-broken-compass",
      points: 25,
      completions: 4,
      changed: 3,
      usersAffected: 2,
      moves: "20 → 25: 3 completions",
    });
    expect(await api.mission.rescorePreview({ id: compass.id })).toMatchObject({ changed: 0, unchanged: 4, moves: [] });

    // Refused with a clear message while another analytics job runs.
    await store().tx(({ db, t }) =>
      db
        .insert(t.jobLocks)
        .values({ key: "analytics", holder: "x", acquiredAt: TEST_NOW, expiresAt: new Date(TEST_NOW.getTime() + 60_000) }),
    );
    const busy = await failure(api.mission.rescore({ id: compass.id }));
    expect(busy).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/already running/) });
    expect((await failure(api.mission.rescorePreview({ id: "0190f0f0-0000-7000-8000-000000000000" }))).code).toBe("NOT_FOUND");
  });

  it("shows OpenWebUI's changes to a mission model for an admin to accept (then re-score) or dismiss, audited", async () => {
    const api = await admin();
    await addModel("m1", "Model One", true);
    await api.mission.link({ modelId: "m1" });
    await jobs.idle();
    const [mission] = await api.mission.list();
    if (!mission) throw new Error("no mission");
    await store().tx(({ db, t }) =>
      db.insert(t.missionChanges).values([
        { missionId: mission.id, modelId: "m1", field: "points", change: { from: null, to: 25 }, detectedAt: TEST_NOW },
        { missionId: mission.id, modelId: "m1", field: "week", change: { from: null, to: 4 }, detectedAt: TEST_NOW },
        { missionId: mission.id, modelId: "m1", field: "tag", change: { from: true, to: false }, detectedAt: TEST_NOW },
      ]),
    );
    const changes = await api.mission.changes();
    expect(changes.map((c) => [c.field, c.from, c.to, c.description])).toEqual([
      ["points", null, 25, "OpenWebUI now gives m1 points 25 (the mission has none)."],
      ["week", null, 4, "OpenWebUI now gives m1 week 4 (the mission has none)."],
      ["tag", true, false, "The model m1 no longer carries the Missions tag: make the mission inactive?"],
    ]);
    const byField = (f: string) => changes.find((c) => c.field === f)?.id ?? "";

    const points = await api.mission.decideChange({ id: byField("points"), decision: "accept" });
    expect(points).toMatchObject({ accepted: true, field: "points", rescoreSuggested: true, detection: null });
    const week = await api.mission.decideChange({ id: byField("week"), decision: "dismiss" });
    expect(week).toMatchObject({ accepted: false, rescoreSuggested: false });
    const tag = await api.mission.decideChange({ id: byField("tag"), decision: "accept" });
    expect(tag).toMatchObject({ accepted: true, field: "tag", detection: { status: "started" } });
    await jobs.idle();
    expect((await api.mission.list())[0]).toMatchObject({ points: 25, week: null, isActive: false });
    expect(await api.mission.changes()).toEqual([]);
    expect((await failure(api.mission.decideChange({ id: byField("week"), decision: "accept" }))).code).toBe("CONFLICT");
    expect((await auditRows("mission.change_accepted")).map((a) => a.metadata)).toEqual([
      expect.objectContaining({ field: "points", from: null, to: 25, modelId: "m1" }),
      expect.objectContaining({ field: "tag", from: true, to: false }),
    ]);
    expect(await auditRows("mission.change_dismissed")).toHaveLength(1);
  });

  it("the models list and detection agree on a shared alias's owner; a manifest import cannot create one", async () => {
    const api = await admin();
    // An older mission lists "shared-model" as an alias; a newer one is keyed by it.
    await store().tx(async ({ db, t }) => {
      await db.insert(t.missions).values({
        key: "older",
        name: "Older",
        aliases: ["older", "shared-model"],
        markers: ["older done"],
        includeDefaultMarkers: false,
        startTriggers: [],
        origin: "admin",
        createdAt: new Date(TEST_NOW.getTime() - 60_000),
        updatedAt: TEST_NOW,
      });
      await db.insert(t.missions).values({
        key: "shared-model",
        name: "Keyed",
        aliases: ["shared-model"],
        markers: ["keyed done"],
        includeDefaultMarkers: false,
        startTriggers: [],
        origin: "model",
        updatedAt: TEST_NOW,
      });
    });
    await addModel("shared-model", "Shared model", true);
    const [model] = await api.mission.models();
    expect(model?.mission?.name).toBe("Keyed");
    // Detection counts a chat with that model as the same mission.
    await store().tx(async (conn) => {
      await conn.db
        .insert(conn.t.chats)
        .values({ id: "c1", owuiUserId: null, models: ["shared-model"], messageCount: 2, contentHash: "h", ingestedAt: TEST_NOW });
      await replaceChatMessages(
        conn,
        ["c1"],
        [
          {
            chatId: "c1",
            messageId: "a",
            parentId: null,
            role: "user",
            model: null,
            content: "go",
            onActiveBranch: true,
            position: 0,
            createdAtRemote: null,
          },
          {
            chatId: "c1",
            messageId: "b",
            parentId: "a",
            role: "assistant",
            model: "shared-model",
            content: "brief",
            onActiveBranch: true,
            position: 1,
            createdAtRemote: null,
          },
        ],
      );
    });
    const older = (await api.mission.list()).find((m) => m.key === "older");
    await api.mission.update({ id: older?.id ?? "", briefingReplyCounts: true });
    await jobs.idle();
    const attempts = await store().read(({ db, t }) =>
      db.select({ mission: t.missions.name }).from(t.missionAttempts).innerJoin(t.missions, eq(t.missions.id, t.missionAttempts.missionId)),
    );
    expect(attempts).toEqual([{ mission: "Keyed" }]);

    // A manifest naming "shared-model" for a new challenge: merged into the mission keyed by it, never shared.
    const manifest = {
      challenges: [{ slug: "new-one", id: "week-1-new-one", week: 1, name: "New one", aliases: ["shared-model", "older"] }],
    };
    const imported = await api.mission.importManifest({ text: JSON.stringify(manifest) });
    expect(imported).toMatchObject({ created: 0, updated: 1 });
    expect(imported.warnings).toEqual(
      expect.arrayContaining([
        'challenge week-1-new-one: merged into the mission "Keyed" (shared-model), whose model it names',
        'challenge week-1-new-one: "older" already counts as the mission "Older". It was left out.',
      ]),
    );
    const { conflicts } = ownedAliases(await store().read(loadMissionRows));
    expect(conflicts.map((c) => c.alias)).toEqual(["shared-model"]); // only the pre-existing one, set up above
  });

  it("is for admins only", async () => {
    for (const role of ["assistant", "student"] as const) {
      const api = callerAs(store(), await makeSessionUser(store(), role));
      expect((await failure(api.mission.list())).code).toBe("FORBIDDEN");
      expect((await failure(api.mission.importManifest({ text: CAMPAIGN }))).code).toBe("FORBIDDEN");
    }
  });
});
