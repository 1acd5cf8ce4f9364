import {
  type AuditMetadata,
  buildAuditEntry,
  JOB_LEASES,
  PageInputSchema,
  RELOAD_MODES,
  RuleViolationError,
  toPage,
} from "@missionboard/core";
import {
  analyticsRowCounts,
  currentJobRun,
  insertAuditEntry,
  latestReloadRun,
  listReloadRunsPage,
  type ReloadRunView,
} from "@missionboard/db";
import { z } from "zod";
import type { Context } from "../context";
import { readJsonArray, readUsersFile } from "../services/ingest/files";
import { reloadJob } from "../services/ingest/run";
import type { IngestSource } from "../services/ingest/types";
import { UPLOAD_KINDS, type UploadKind } from "../services/ingest/uploads";
import { jobView } from "../services/jobs/view";
import { openWebUiSource } from "../services/openwebui/client";
import { permissionProcedure, router } from "../trpc";

export { UPLOAD_KINDS, type UploadKind };

/** Data older than this (since the last successful reload) is shown as stale. */
export const DATA_STALE_AFTER_MS = 24 * 60 * 60 * 1000;

export const RELOAD_ERRORS = {
  noFiles: "Choose at least one export file (chats, models or users).",
  uploadGone: "That upload is no longer available; upload the files again.",
  notConfigured: "OpenWebUI is not configured: set OPENWEBUI_URL and OPENWEBUI_API_KEY.",
  oneEach: "Each kind of file may be uploaded once.",
} as const;

export const StartReloadInputSchema = z.discriminatedUnion(
  "source",
  [
    z.object({ source: z.literal("api"), mode: z.enum(RELOAD_MODES, "Choose upsert or truncate.") }),
    z.object({
      source: z.literal("upload"),
      mode: z.enum(RELOAD_MODES, "Choose upsert or truncate."),
      /** The id the web app's upload receiver gave the received files (never a path). */
      uploadId: z.string().trim().min(1, RELOAD_ERRORS.noFiles).max(100),
    }),
  ],
  "Choose where the data comes from.",
);
export type StartReloadInput = z.input<typeof StartReloadInputSchema>;

const runView = (run: ReloadRunView) => ({
  ...run,
  /** 0–100 when the total is known, else null. */
  percent: run.total ? Math.min(100, Math.round((run.processed / run.total) * 100)) : null,
});

/** The reload's source: the OpenWebUI API, or the files of a received upload (taken once). */
function sourceFor(ctx: Context, input: z.output<typeof StartReloadInputSchema>) {
  if (input.source === "api") {
    const client = ctx.ingest.openWebUi;
    if (!client) throw new RuleViolationError(RELOAD_ERRORS.notConfigured);
    return { source: openWebUiSource(client), metadata: { mode: input.mode, source: "api" } as AuditMetadata, dispose: null };
  }
  const upload = ctx.ingest.uploads.take(input.uploadId);
  if (!upload) throw new RuleViolationError(RELOAD_ERRORS.uploadGone, "files");
  const kinds = upload.files.map((f) => f.kind);
  if (kinds.length === 0 || new Set(kinds).size !== kinds.length) {
    void upload.dispose().catch(() => {});
    throw new RuleViolationError(kinds.length === 0 ? RELOAD_ERRORS.noFiles : RELOAD_ERRORS.oneEach, "files");
  }
  const pathOf = (kind: UploadKind) => upload.files.find((f) => f.kind === kind)?.path;
  const chats = pathOf("chats");
  const models = pathOf("models");
  const users = pathOf("users");
  const source: IngestSource = {
    ...(chats ? { chats: readJsonArray(chats) } : {}),
    ...(models ? { models: readJsonArray(models) } : {}),
    ...(users ? { users: readUsersFile(users) } : {}),
    checkKinds: true,
  };
  const metadata: AuditMetadata = {
    mode: input.mode,
    files: upload.files.map((f) => `${f.kind}: ${f.name || "(unnamed)"} (${f.bytes} bytes)`).join("; "),
    bytes: upload.files.reduce((sum, f) => sum + f.bytes, 0),
  };
  return { source, metadata, dispose: () => upload.dispose() };
}

export const reloadRouter = router({
  /** Reload runs, newest first, with their counts, skipped reasons and the first skipped records. */
  history: permissionProcedure("data.manage")
    .input(PageInputSchema.prefault({}))
    .query(async ({ ctx, input }) => {
      const { rows, total } = await ctx.db.read((c) => listReloadRunsPage(c, input));
      return toPage(rows.map(runView), total, input);
    }),

  /**
   * The analytics job running now (a reload, a re-detection or a re-score: processed / total, for
   * a live progress bar), or null. A run whose lease has expired (its instance died) is not
   * current: the next job marks it failed.
   */
  current: permissionProcedure("data.manage").query(async ({ ctx }) => {
    const run = await ctx.db.read((c) => currentJobRun(c, JOB_LEASES.reload, ctx.now()));
    return run ? jobView(run) : null;
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
   * Starts a reload from the OpenWebUI API or from the files of a received upload, as a job:
   * returns once the analytics lease is taken and the run recorded (with the audit entry, in one
   * transaction); the run row carries its progress and outcome. Refused while another analytics
   * job runs, with a message naming it.
   */
  start: permissionProcedure("data.manage")
    .input(StartReloadInputSchema)
    .mutation(async ({ ctx, input }) => {
      const { source, metadata, dispose } = sourceFor(ctx, input);
      const job = reloadJob(source, {
        mode: input.mode,
        source: input.source,
        triggeredBy: ctx.user.id,
        notices: { settings: ctx.settings, mail: ctx.mail },
        ...(ctx.ingest.maxSkippedShare !== undefined ? { maxSkippedShare: ctx.ingest.maxSkippedShare } : {}),
        ...(dispose ? { cleanup: dispose } : {}),
      });
      const begin = job.begin;
      job.begin = async (conn, run) => {
        await begin?.(conn, run);
        await insertAuditEntry(
          conn,
          buildAuditEntry(
            {
              actorId: ctx.user.id,
              action: input.source === "upload" ? "data.uploaded" : "data.reload_started",
              entityType: "reload",
              entityId: run.id,
              metadata,
              requestId: ctx.requestId,
            },
            run.startedAt,
          ),
        );
      };
      try {
        const { runId } = await ctx.jobs.start(job);
        return { runId, source: input.source, mode: input.mode };
      } catch (error) {
        await dispose?.().catch(() => {});
        throw error;
      }
    }),
});
