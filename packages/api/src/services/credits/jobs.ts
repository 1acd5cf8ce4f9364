// The credit list's import and the credits workbook as jobs of the job runner (docs/decisions/
// 028-credits-as-jobs.md): the page that starts one gets the run's id at once, shows its progress
// (job_runs, through the live progress part) and, once it has ended, what it left in
// credit_job_outputs — the import's preview and pending snapshot, or the report's workbook. A file
// the import refuses fails the job with the reader's message; nothing is stored then (ADR 025).
// Both take the `credits` lease, so two never run at once and neither waits for a reload.
import type { JobKind } from "@missionboard/core";
import { type Conn, findCreditJobOutput, pruneCreditJobOutputs, type Store, saveCreditJobOutput } from "@missionboard/db";
import { buildSheetsWorkbook } from "../exports";
import { collectGarbage } from "../jobs/collect-garbage";
import type { JobContext, JobDefinition } from "../jobs/runner";
import { type CampaignState, loadCampaignState } from "./campaign-state";
import type { CreditFileInput } from "./read-csv";
import { type Actor, type CreditPreviewView, type CreditUploadResult, uploadCredits } from "./snapshots";
import { campaignReportFileName, campaignReportSheets } from "./workbook";

/** Outputs nobody came back for are removed by the next credits job after this long. */
export const CREDIT_JOB_OUTPUT_TTL_MS = 24 * 60 * 60_000;

export const CREDIT_JOB_MESSAGES = {
  unknownRun: "There is no such import or report; it may have expired. Start it again.",
  notYours: "This import or report was started by someone else.",
} as const;

async function prune(c: Conn, now: Date) {
  await pruneCreditJobOutputs(c, new Date(now.getTime() - CREDIT_JOB_OUTPUT_TTL_MS));
}

export interface CreditsImportJobInput {
  file: CreditFileInput;
  fileName: string;
  actor: Actor;
  maxBytes?: number;
}

/**
 * Reads the file (progress: records read), previews it against the current list and keeps it
 * pending when it can be confirmed (uploadCredits); the preview is kept for the page. A file-level
 * problem throws: the run fails with its message and nothing is written.
 */
export function creditsImportJob(input: CreditsImportJobInput): JobDefinition<CreditUploadResult> {
  return {
    kind: "credits-import",
    triggeredBy: input.actor.userId,
    params: { fileName: input.fileName.slice(0, 300) },
    async run(ctx: JobContext) {
      await ctx.progress({ phase: "reading the file", processed: 0, total: null });
      const result = await uploadCredits(ctx.store, input.file, input.fileName, input.actor, {
        maxBytes: input.maxBytes,
        onProgress: (update, conn) => ctx.progress(update, conn),
        inTransaction: async (c) => {
          await ctx.lease.renewIn(c, ctx.now());
          await prune(c, ctx.now());
        },
      });
      await ctx.store.tx(async (c) => {
        await ctx.lease.renewIn(c, ctx.now());
        await saveCreditJobOutput(c, {
          runId: ctx.runId,
          requestedBy: input.actor.userId,
          snapshotId: result.snapshotId,
          preview: result.preview,
        });
      });
      return result;
    },
    summarise: (result) => ({
      rows: result.preview.rowCount,
      rowErrors: result.preview.rowErrors.total,
      canConfirm: result.snapshotId !== null,
    }),
  };
}

export interface CreditReport {
  bytes: Uint8Array;
  fileName: string;
  /** What the report covered (counts only: the state itself is not kept once the sheets exist). */
  state: Pick<CampaignState, "snapshot"> & { rows: number; pairs: number };
}

/** Reconciles (loadCampaignState) and writes the workbook: what the report job and `pnpm credits:report` run. */
export async function buildCreditReport(
  store: Store,
  options: { personalData: boolean; key: string | undefined; now: Date; onProgress?: JobContext["progress"] },
): Promise<CreditReport> {
  await options.onProgress?.({ phase: "reconciling the credit list with the chats", processed: 0, total: 2 });
  // What ran before (an import's tens of megabytes) is collected before the reconciliation reads
  // the list and the chats' completions, and the reconciliation's before the workbook is written.
  collectGarbage();
  let state: CampaignState | null = await store.read((c) => loadCampaignState(c));
  await options.onProgress?.({ phase: "writing the workbook", processed: 1, total: 2 });
  const summary = { snapshot: state.snapshot, rows: state.rows.length, pairs: state.reconciliation.pairs.length };
  // The sheets' cells first; then the state can be collected while they are written, so the two
  // are never held together with the sheets' XML.
  const sheets = campaignReportSheets(state, { personalData: options.personalData, key: options.key, now: options.now });
  state = null;
  collectGarbage();
  const bytes = buildSheetsWorkbook(sheets);
  return { bytes, fileName: campaignReportFileName(options.now), state: summary };
}

export interface CreditsReportJobInput {
  actor: Actor;
  personalData: boolean;
  key: string | undefined;
}

/** The credits workbook, kept (base64) for its requester to download; the download is audited. */
export function creditsReportJob(input: CreditsReportJobInput): JobDefinition<{ pairs: number; bytes: number }> {
  return {
    kind: "credits-report",
    triggeredBy: input.actor.userId,
    params: { personalData: input.personalData },
    async run(ctx: JobContext) {
      const report = await buildCreditReport(ctx.store, {
        personalData: input.personalData,
        key: input.key,
        now: ctx.now(),
        onProgress: (update) => ctx.progress(update),
      });
      await ctx.store.tx(async (c) => {
        await ctx.lease.renewIn(c, ctx.now());
        await prune(c, ctx.now());
        await saveCreditJobOutput(c, {
          runId: ctx.runId,
          requestedBy: input.actor.userId,
          fileName: report.fileName,
          personalData: input.personalData,
          workbook: Buffer.from(report.bytes).toString("base64"),
        });
      });
      await ctx.progress({ phase: "done", processed: 2, total: 2 });
      return { pairs: report.state.pairs, bytes: report.bytes.byteLength };
    },
    summarise: (result) => ({ pairs: result.pairs, bytes: result.bytes }),
  };
}

/** What a credits job left, for the person who started it (others get NOT FOUND / FORBIDDEN from the caller). */
export async function creditJobOutput(conn: Conn, runId: string) {
  return findCreditJobOutput(conn, runId);
}

export const CREDIT_JOB_KINDS: readonly JobKind[] = ["credits-import", "credits-report"];
export type { CreditPreviewView };
