import type { AuditAction, ReloadStatus } from "@missionboard/core";
import { replaceChatMessages, type Store } from "@missionboard/db";
import { describeEachEngine } from "@missionboard/db/test-utils";
import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { callerAs, makeSessionUser, TEST_NOW } from "../test-helpers";

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
  const auditRows = (action: AuditAction) =>
    store().read(({ db, t }) => db.select().from(t.auditLogs).where(eq(t.auditLogs.action, action)));
  const admin = async (s: Store = store()) => {
    const user = await makeSessionUser(s, "admin", { name: "Ada Admin" });
    return { api: callerAs(s, user), user };
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
    // Without a live lease the run's instance is gone: it is not shown as running.
    expect(await api.reload.current()).toBeNull();
    await store().tx(({ db, t }) =>
      db.insert(t.jobLocks).values({ key: "reload", holder: running.id, acquiredAt: minutesAgo(1), expiresAt: minutesAgo(-4) }),
    );
    expect(await api.reload.current()).toMatchObject({ id: running.id, status: "running", processed: 250, total: 1000, percent: 25 });
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

  it("records the start of an upload or an API reload, and refuses one while another runs", async () => {
    const { api } = await admin();
    const files = [
      { kind: "chats" as const, name: "sample_chats.json", bytes: 1234 },
      { kind: "models" as const, name: "sample_models.json", bytes: 99 },
    ];
    expect(await api.reload.start({ source: "upload", mode: "upsert", files })).toEqual({ source: "upload", mode: "upsert" });
    expect(await api.reload.start({ source: "api", mode: "truncate" })).toEqual({ source: "api", mode: "truncate" });
    const uploaded = await auditRows("data.uploaded");
    expect(uploaded).toHaveLength(1);
    expect(uploaded[0]?.metadata).toMatchObject({ mode: "upsert", bytes: 1333 });
    expect(String(uploaded[0]?.metadata.files)).toContain("chats: sample_chats.json (1234 bytes)");
    expect((await auditRows("data.reload_started"))[0]?.metadata).toMatchObject({ mode: "truncate", source: "api" });

    const none = await failure(api.reload.start({ source: "upload", mode: "upsert", files: [] }));
    expect(none.code).toBe("BAD_REQUEST");
    const twice = await failure(api.reload.start({ source: "upload", mode: "upsert", files: [files[0], files[0]] as never }));
    expect(twice.code).toBe("BAD_REQUEST");

    // Another reload (or re-detection) holds the engine's lease: its message is shown.
    await store().tx(({ db, t }) =>
      db.insert(t.jobLocks).values({ key: "reload", holder: "other", acquiredAt: minutesAgo(2), expiresAt: minutesAgo(-3) }),
    );
    const busy = await failure(api.reload.start({ source: "api", mode: "upsert" }));
    expect(busy.code).toBe("CONFLICT");
    expect(busy.message).toMatch(/^A reload is already running/);
    expect(await auditRows("data.reload_started")).toHaveLength(1);
  });

  it("ignores a lease left by an instance that stopped renewing it", async () => {
    const { api } = await admin();
    await store().tx(({ db, t }) =>
      db.insert(t.jobLocks).values({ key: "reload", holder: "dead", acquiredAt: minutesAgo(60), expiresAt: minutesAgo(50) }),
    );
    expect(await api.reload.start({ source: "api", mode: "upsert" })).toMatchObject({ source: "api" });
  });

  it("is for admins only", async () => {
    for (const role of ["assistant", "student"] as const) {
      const api = callerAs(store(), await makeSessionUser(store(), role));
      expect((await failure(api.reload.status())).code).toBe("FORBIDDEN");
      expect((await failure(api.reload.start({ source: "api", mode: "upsert" }))).code).toBe("FORBIDDEN");
    }
  });
});
