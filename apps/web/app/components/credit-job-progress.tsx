// The progress of a credits job (the list's import on /campaign/credits, the workbook on /campaign;
// docs/decisions/028-credits-as-jobs.md), through the live progress part of ADR 021: the server's
// value first, so without JavaScript the page shows where the job was and a link refreshes it; with
// JavaScript useJobProgress asks /api/trpc every second and reloads the page's data once it ended.
import type { ApiClient } from "../lib/trpc-client";
import type { LiveJob } from "../lib/use-live-query";
import { useJobProgress } from "../lib/use-live-query";
import { JobProgressLine } from "./job-progress-line";

export type CreditLiveJob = Pick<LiveJob, "id" | "kind" | "status" | "phase" | "processed" | "total" | "percent" | "error">;

export const creditJobRunning = (job: Pick<LiveJob, "status">) => job.status === "running" || job.status === "queued";

/** Only what the progress line reads, so the loader's value and the live one have one shape. */
export const liveCreditJob = (job: CreditLiveJob): CreditLiveJob => ({
  id: job.id,
  kind: job.kind,
  status: job.status,
  phase: job.phase,
  processed: job.processed,
  total: job.total,
  percent: job.percent,
  error: job.error,
});

/**
 * While `initial` runs: its progress, refreshed; once it ended the page's loader runs again (and
 * renders the outcome itself). Renders nothing for a job that has ended.
 */
export function CreditJobProgress({
  initial,
  query,
  unit,
  refreshHref,
}: {
  initial: CreditLiveJob;
  query: (api: ApiClient, signal: AbortSignal) => Promise<CreditLiveJob>;
  unit: string;
  refreshHref: string;
}) {
  const job = useJobProgress<CreditLiveJob>(initial, query, creditJobRunning);
  return creditJobRunning(job) ? <JobProgressLine job={job} unit={unit} refreshHref={refreshHref} testId="credit-job-progress" /> : null;
}
