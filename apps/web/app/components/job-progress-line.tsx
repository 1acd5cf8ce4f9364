// A running background job as one status line and a bar (ADR 021's live parts): what runs, its
// phase, how far it got, and, without JavaScript, a link that refreshes the page to see more. Every
// page that starts a job shows its progress with this.
import { JOB_TITLES } from "@missionboard/core";
import { formatNumber } from "../lib/number-format";
import type { LiveJob } from "../lib/use-live-query";

export function JobProgressLine({
  job,
  title = `${JOB_TITLES[job.kind]} running`,
  unit,
  refreshHref,
  testId,
}: {
  job: Pick<LiveJob, "kind" | "phase" | "processed" | "total"> & Partial<Pick<LiveJob, "percent" | "status">>;
  /** What runs, as a sentence start ("Reload running (api, upsert)"); the job kind's title by default. */
  title?: string;
  /** What the count counts ("chats processed"); without it the line shows no count. */
  unit?: string;
  refreshHref?: string;
  testId?: string;
}) {
  const count = unit ? `: ${formatNumber(job.processed)}${job.total ? ` of ${formatNumber(job.total)}` : ""} ${unit}` : "";
  const percent = unit && job.percent !== null && job.percent !== undefined ? ` (${job.percent} %)` : "";
  return (
    <div role="status" aria-live="polite" data-testid={testId} data-status={job.status}>
      <p style={{ margin: "0 0 0.25rem" }}>
        {title}
        {job.phase ? ` — ${job.phase}` : ""}
        {count}
        {percent}.
        {refreshHref ? (
          <noscript>
            {" "}
            <a href={refreshHref}>Refresh</a> to see how far it got.
          </noscript>
        ) : null}
      </p>
      <progress
        max={job.total ?? undefined}
        value={job.total ? job.processed : undefined}
        aria-label="Progress"
        style={{ width: "100%" }}
      />
    </div>
  );
}
