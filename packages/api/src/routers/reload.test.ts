import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { AuditAction, ReloadStatus } from "@missionboard/core";
import { findJobRun, findReloadRun, ingestRowCounts, replaceChatMessages, type Store, workspaceRoot } from "@missionboard/db";
import { describeEachEngine } from "@missionboard/db/test-utils";
import { TRPCError } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, expect, it } from "vitest";
import { appRouter } from "../root";
import { type UploadKind, UploadStaging } from "../services/ingest/uploads";
import { createJobRunner, type JobRunner } from "../services/jobs";
import { createOpenWebUiClient } from "../services/openwebui/client";
import { callerAs, makeSessionUser, TEST_NOW, TEST_SETTINGS } from "../test-helpers";
import { startFakeOpenWebUi } from "../test-support";

const fixtureText = (name: string) => readFileSync(path.join(workspaceRoot, "fixtures/openwebui", name), "utf8");

/** Writes `files` to a temp dir and stages them as an upload; `removed()` tells whether the reload cleaned up. */
function stage(uploads: UploadStaging, files: Partial<Record<UploadKind, string>>) {
  const dir = mkdtempSync(path.join(tmpdir(), "reload-test-"));
  const staged = Object.entries(files).map(([kind, text]) => {
    const file = path.join(dir, kind);
    writeFileSync(file, text);
    return { kind: kind as UploadKind, name: `${kind}.json`, bytes: Buffer.byteLength(text), path: file };
  });
  const uploadId = uploads.stage({ files: staged, dispose: async () => rmSync(dir, { recursive: true, force: true }) });
  return { uploadId, removed: () => !existsSync(dir) };
}

async function failure(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return error;
}

const minutesAgo = (n: number) => new Date(TEST_NOW.getTime() - n * 60_000);

describeEachEngine("reload router", (store) => {
  let jobs: JobRunner;
  let uploads: UploadStaging;
  beforeEach(() => {
    jobs = createJobRunner({ store: store(), now: () => TEST_NOW });
    uploads = new UploadStaging();
  });
  afterEach(async () => {
    await jobs.drain();
  });
  const auditRows = (action: AuditAction) =>
    store().read(({ db, t }) => db.select().from(t.auditLogs).where(eq(t.auditLogs.action, action)));
  const admin = async (s: Store = store()) => {
    const user = await makeSessionUser(s, "admin", { name: "Ada Admin" });
    return { api: callerAs(s, user, { jobs, ingest: { uploads } }), user };
  };

  async function addRun(
    status: ReloadStatus,
    startedMinutesAgo: number,
    extra: { processed?: number; total?: number | null; error?: string; triggeredBy?: string; skipped?: Record<string, number> } = {},
  ) {
    const startedAt = minutesAgo(startedMinutesAgo);
    const finished = status !== "running";
    const [row] = await store().tx(({ db, t }) =>
      db
        .insert(t.reloadRuns)
        .values({
          source: "upload",
          mode: "upsert",
          status,
          startedAt,
          finishedAt: finished ? new Date(startedAt.getTime() + 60_000) : null,
          durationMs: finished ? 60_000 : null,
          processed: extra.processed ?? 0,
          total: extra.total ?? null,
          inserted: 3,
          skipped: Object.values(extra.skipped ?? {}).reduce((a, b) => a + b, 0),
          skippedReasons: extra.skipped ?? {},
          error: extra.error ?? null,
          triggeredBy: extra.triggeredBy ?? null,
        })
        .returning(),
    );
    if (!row) throw new Error("no run");
    return row;
  }

  it("starts with empty history, no current run, zero counts and never-loaded freshness", async () => {
    const { api } = await admin();
    expect(await api.reload.history()).toMatchObject({ items: [], total: 0, page: 1 });
    expect(await api.reload.current()).toBeNull();
    const status = await api.reload.status();
    expect(status).toMatchObject({
      engine: store().engine,
      counts: { owuiUsers: 0, models: 0, missions: 0, chats: 0, messages: 0, attempts: 0, completions: 0 },
      lastRun: null,
      lastSucceeded: null,
      freshness: { asOf: null, ageMs: null, stale: true, reason: "never" },
    });
  });

  it("lists runs newest first, paged, with counts, skipped reasons and who started them", async () => {
    const { api, user } = await admin();
    await addRun("succeeded", 300, { processed: 10, total: 10, skipped: { "missing id": 2, "malformed JSON": 1 }, triggeredBy: user.id });
    await addRun("failed", 200, { error: "OpenWebUI answered 502" });
    await addRun("succeeded", 100);
    const page1 = await api.reload.history({ page: 1, pageSize: 2 });
    expect(page1).toMatchObject({ total: 3, pageCount: 2 });
    expect(page1.items.map((r) => r.status)).toEqual(["succeeded", "failed"]);
    expect(page1.items[1]).toMatchObject({ error: "OpenWebUI answered 502" });
    const page2 = await api.reload.history({ page: 2, pageSize: 2 });
    expect(page2.items).toHaveLength(1);
    expect(page2.items[0]).toMatchObject({
      processed: 10,
      total: 10,
      percent: 100,
      skipped: 3,
      skippedReasons: { "missing id": 2, "malformed JSON": 1 },
      triggeredByName: "Ada Admin",
    });
  });

  it("shows the running run's progress, and freshness from the last successful run", async () => {
    const { api } = await admin();
    await addRun("succeeded", 13);
    const fresh = await api.reload.status();
    // Finished one minute after it started, 13 minutes ago.
    expect(fresh.freshness).toMatchObject({ ageMs: 12 * 60_000, stale: false, reason: null });

    const running = await addRun("running", 1, { processed: 250, total: 1000 });
    await store().tx(({ db, t }) =>
      db.insert(t.jobRuns).values({
        id: running.id,
        kind: "reload",
        status: "running",
        lease: "analytics",
        params: { source: "upload", mode: "upsert" },
        startedAt: running.startedAt,
        processed: 250,
        total: 1000,
        phase: "chats",
      }),
    );
    // Without a live lease the run's instance is gone: it is not shown as running.
    expect(await api.reload.current()).toBeNull();
    await store().tx(({ db, t }) =>
      db.insert(t.jobLocks).values({ key: "analytics", holder: running.id, acquiredAt: minutesAgo(1), expiresAt: minutesAgo(-4) }),
    );
    expect(await api.reload.current()).toMatchObject({
      id: running.id,
      kind: "reload",
      status: "running",
      processed: 250,
      total: 1000,
      percent: 25,
      params: { source: "upload", mode: "upsert" },
    });
    const during = await api.reload.status();
    expect(during.lastRun?.id).toBe(running.id);
    expect(during.freshness.stale).toBe(false);
  });

  it("marks the data stale when the last run failed or the last success is older than a day", async () => {
    const { api } = await admin();
    await addRun("succeeded", 60 * 30);
    expect((await api.reload.status()).freshness).toMatchObject({ stale: true, reason: "old" });
    await addRun("failed", 5, { error: "boom" });
    const status = await api.reload.status();
    expect(status.freshness).toMatchObject({ stale: true, reason: "last_failed" });
    expect(status.lastRun).toMatchObject({ status: "failed", error: "boom" });
  });

  it("counts the analytics tables", async () => {
    const { api } = await admin();
    await store().tx(async (conn) => {
      const { db, t } = conn;
      await db.insert(t.owuiUsers).values({ id: "u1", source: "file", updatedAt: TEST_NOW });
      await db.insert(t.owuiModels).values({ id: "m1", name: "M1", tags: [], params: {}, updatedAt: TEST_NOW });
      await db
        .insert(t.chats)
        .values({ id: "c1", owuiUserId: "u1", models: ["m1"], messageCount: 2, contentHash: "h", ingestedAt: TEST_NOW });
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
            content: "hi",
            onActiveBranch: true,
            position: 0,
            createdAtRemote: null,
          },
          {
            chatId: "c1",
            messageId: "b",
            parentId: "a",
            role: "assistant",
            model: "m1",
            content: "hello",
            onActiveBranch: true,
            position: 1,
            createdAtRemote: null,
          },
        ],
      );
    });
    expect((await api.reload.status()).counts).toMatchObject({ owuiUsers: 1, models: 1, chats: 1, messages: 2, attempts: 0 });
  });

  it("starts the reload of an upload as a job: audited with the run, files removed afterwards", async () => {
    const { api, user } = await admin();
    const upload = stage(uploads, { chats: fixtureText("sample_chats.json"), models: fixtureText("sample_models.json") });
    const started = await api.reload.start({ source: "upload", mode: "upsert", uploadId: upload.uploadId });
    expect(started).toMatchObject({ runId: expect.any(String), source: "upload", mode: "upsert" });
    await jobs.idle();
    expect(await store().read((c) => findReloadRun(c, started.runId))).toMatchObject({
      status: "succeeded",
      source: "upload",
      inserted: 8,
      triggeredBy: user.id,
    });
    expect(await store().read((c) => findJobRun(c, started.runId))).toMatchObject({ kind: "reload", status: "succeeded" });
    expect(await store().read(ingestRowCounts)).toMatchObject({ chats: 8, models: 5, attempts: 2 });
    expect(upload.removed()).toBe(true);
    const [audit] = await auditRows("data.uploaded");
    expect(audit).toMatchObject({ entityType: "reload", entityId: started.runId });
    expect(audit?.metadata).toMatchObject({
      mode: "upsert",
      bytes: Buffer.byteLength(fixtureText("sample_chats.json")) + Buffer.byteLength(fixtureText("sample_models.json")),
    });
    expect(String(audit?.metadata.files)).toContain("chats: chats.json (");

    // An upload is taken once; an unknown or used id is refused.
    const gone = await failure(api.reload.start({ source: "upload", mode: "upsert", uploadId: upload.uploadId }));
    expect(gone).toMatchObject({ code: "BAD_REQUEST", message: "That upload is no longer available; upload the files again." });
  });

  it("refuses while another job holds the lease, naming it, without an audit entry, and removes the upload", async () => {
    const { api } = await admin();
    await store().tx(({ db, t }) =>
      db.insert(t.jobLocks).values({ key: "analytics", holder: "other", acquiredAt: minutesAgo(2), expiresAt: minutesAgo(-3) }),
    );
    const upload = stage(uploads, { chats: fixtureText("sample_chats.json") });
    const busy = await failure(api.reload.start({ source: "upload", mode: "upsert", uploadId: upload.uploadId }));
    expect(busy.code).toBe("CONFLICT");
    expect(busy.message).toMatch(/^Another job is already running \(started /);
    expect(upload.removed()).toBe(true);
    expect(await auditRows("data.uploaded")).toHaveLength(0);
    expect(await store().read(({ db, t }) => db.select().from(t.jobRuns))).toHaveLength(0);
  });

  it("refuses an API reload when OpenWebUI is not configured", async () => {
    const { api } = await admin();
    const error = await failure(api.reload.start({ source: "api", mode: "upsert" }));
    expect(error).toMatchObject({ code: "BAD_REQUEST", message: "OpenWebUI is not configured: set OPENWEBUI_URL and OPENWEBUI_API_KEY." });
  });

  it("ignores a lease left by an instance that stopped renewing it", async () => {
    const { api } = await admin();
    await store().tx(({ db, t }) =>
      db.insert(t.jobLocks).values({ key: "analytics", holder: "dead", acquiredAt: minutesAgo(60), expiresAt: minutesAgo(50) }),
    );
    const upload = stage(uploads, { chats: fixtureText("sample_chats.json") });
    expect(await api.reload.start({ source: "upload", mode: "upsert", uploadId: upload.uploadId })).toMatchObject({ source: "upload" });
    await jobs.idle();
  });

  it("reload.start over HTTP (/api/trpc) starts the reload itself: the run ends with OpenWebUI's data", async () => {
    const sample = JSON.parse(fixtureText("sample_chats.json")) as unknown[];
    const models = (JSON.parse(fixtureText("sample_models.json")) as { data: unknown[] }).data;
    const fake = await startFakeOpenWebUi({ users: [], models: models as never, chats: sample as never });
    try {
      const user = await makeSessionUser(store(), "admin");
      const openWebUi = createOpenWebUiClient({ baseUrl: fake.url, apiKey: fake.apiKey, retryDelayMs: 5 });
      const response = await fetchRequestHandler({
        endpoint: "/api/trpc",
        req: new Request("http://missionboard.test/api/trpc/reload.start", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ source: "api", mode: "upsert" }),
        }),
        router: appRouter,
        createContext: () => ({
          db: store(),
          user,
          now: () => TEST_NOW,
          requestId: "http-test",
          clientIp: null,
          settings: TEST_SETTINGS,
          mail: { afterCommit: () => {} },
          jobs,
          ingest: { openWebUi, uploads },
        }),
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { result: { data: { runId: string } } };
      await jobs.idle();
      expect(await store().read((c) => findReloadRun(c, body.result.data.runId))).toMatchObject({
        status: "succeeded",
        source: "api",
        inserted: 8,
      });
      expect(await store().read(ingestRowCounts)).toMatchObject({ chats: 8, attempts: 2 });
      expect((await auditRows("data.reload_started"))[0]).toMatchObject({ entityId: body.result.data.runId });
    } finally {
      await fake.close();
    }
  });

  it("is for admins only", async () => {
    for (const role of ["assistant", "student"] as const) {
      const api = callerAs(store(), await makeSessionUser(store(), role));
      expect((await failure(api.reload.status())).code).toBe("FORBIDDEN");
      expect((await failure(api.reload.start({ source: "api", mode: "upsert" }))).code).toBe("FORBIDDEN");
      expect((await failure(api.reload.current())).code).toBe("FORBIDDEN");
    }
  });
});
