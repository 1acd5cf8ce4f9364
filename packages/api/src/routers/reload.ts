import { type AuditMetadata, buildAuditEntry, PageInputSchema, RELOAD_MODES, RuleViolationError, toPage } from "@missionboard/core";
import { analyticsRowCounts, findLease, insertAuditEntry, latestReloadRun, listReloadRunsPage, type ReloadRunView } from "@missionboard/db";
import { z } from "zod";
import { RELOAD_LEASE_KEY, ReloadBusyError } from "../services/ingest/lease";
import { permissionProcedure, router } from "../trpc";

/** Data older than this (since the last successful reload) is shown as stale. */
export const DATA_STALE_AFTER_MS = 24 * 60 * 60 * 1000;
export const UPLOAD_KINDS = ["chats", "models", "users"] as const;
export type UploadKind = (typeof UPLOAD_KINDS)[number];

export const RELOAD_ERRORS = {
  noFiles: "Choose at least one export file (chats, models or users).",
} as const;

export const StartReloadInputSchema = z.object({
  source: z.enum(["api", "upload"], "Choose where the data comes from."),
  mode: z.enum(RELOAD_MODES, "Choose upsert or truncate."),
  /** For uploads: what was received (the files themselves stay on the web server's disk). */
  files: z
    .array(
      z.object({
        kind: z.enum(UPLOAD_KINDS),
        name: z.string().trim().max(300).default(""),
        bytes: z.number().int().min(0),
      }),
    )
    .max(UPLOAD_KINDS.length)
    .default([]),
});

const runView = (run: ReloadRunView) => ({
  ...run,
  /** 0–100 when the total is known, else null. */
  percent: run.total ? Math.min(100, Math.round((run.processed / run.total) * 100)) : null,
});

export const reloadRouter = router({
  /** Reload runs, newest first, with their counts and skipped reasons. */
  history: permissionProcedure("data.manage")
    .input(PageInputSchema.prefault({}))
    .query(async ({ ctx, input }) => {
      const { rows, total } = await ctx.db.read((c) => listReloadRunsPage(c, input));
      return toPage(rows.map(runView), total, input);
    }),

  /**
   * The running reload (processed / total, for a live progress bar), or null. A run whose lease
   * has expired (its instance died) is not current: the next reload marks it failed.
   */
  current: permissionProcedure("data.manage").query(async ({ ctx }) => {
    const now = ctx.now();
    const { run, lease } = await ctx.db.read(async (c) => ({
      run: await latestReloadRun(c, "running"),
      lease: await findLease(c, RELOAD_LEASE_KEY),
    }));
    return run && lease && lease.expiresAt.getTime() > now.getTime() ? runView(run) : null;
  }),

  /**
   * Row counts of the analytics tables, the last run and the data's freshness: the time since the
   * last successful run; stale when there is none, it is older than 24 h, or the last run failed.
   */
  status: permissionProcedure("data.manage").query(async ({ ctx }) => {
    const now = ctx.now();
    const { counts, last, lastSucceeded } = await ctx.db.read(async (c) => ({
      counts: await analyticsRowCounts(c),
      last: await latestReloadRun(c),
      lastSucceeded: await latestReloadRun(c, "succeeded"),
    }));
    const asOf = lastSucceeded ? (lastSucceeded.finishedAt ?? lastSucceeded.startedAt) : null;
    const ageMs = asOf ? Math.max(0, now.getTime() - asOf.getTime()) : null;
    const lastFailed = last?.status === "failed";
    const stale = ageMs === null || ageMs > DATA_STALE_AFTER_MS || lastFailed;
    return {
      engine: ctx.db.engine,
      counts,
      lastRun: last ? runView(last) : null,
      lastSucceeded: lastSucceeded ? runView(lastSucceeded) : null,
      freshness: {
        asOf,
        ageMs,
        stale,
        reason: lastFailed ? ("last_failed" as const) : ageMs === null ? ("never" as const) : stale ? ("old" as const) : null,
      },
    };
  }),

  /**
   * Checks and records the start of a reload (from the OpenWebUI API or uploaded export files):
   * refused while another reload (or re-detection) holds the engine's lease, with the engine's message. The caller (the web app) then starts the ingest engine
   * in the background; the run row carries its progress and outcome.
   */
  start: permissionProcedure("data.manage")
    .input(StartReloadInputSchema)
    .mutation(async ({ ctx, input }) => {
      const now = ctx.now();
      if (input.source === "upload" && input.files.length === 0) throw new RuleViolationError(RELOAD_ERRORS.noFiles, "files");
      const kinds = input.files.map((f) => f.kind);
      if (new Set(kinds).size !== kinds.length) throw new RuleViolationError("Each kind of file may be uploaded once.", "files");
      return ctx.db.tx(async (c) => {
        // The engine's lease decides (a lease left by a dead instance expires and can be taken over).
        const lease = await findLease(c, RELOAD_LEASE_KEY);
        if (lease && lease.expiresAt.getTime() > now.getTime()) throw new ReloadBusyError(lease.acquiredAt);
        const metadata: AuditMetadata =
          input.source === "upload"
            ? {
                mode: input.mode,
                files: input.files.map((f) => `${f.kind}: ${f.name || "(unnamed)"} (${f.bytes} bytes)`).join("; "),
                bytes: input.files.reduce((sum, f) => sum + f.bytes, 0),
              }
            : { mode: input.mode, source: "api" };
        await insertAuditEntry(
          c,
          buildAuditEntry(
            {
              actorId: ctx.user.id,
              action: input.source === "upload" ? "data.uploaded" : "data.reload_started",
              entityType: "reload",
              entityId: null,
              metadata,
              requestId: ctx.requestId,
            },
            now,
          ),
        );
        return { source: input.source, mode: input.mode };
      });
    }),
});
