/**
 * Background jobs (run by the api's job runner, docs/decisions/016-job-runner.md): what kinds
 * exist, which lease each takes, and how a person reads a busy refusal.
 */
export const JOB_KINDS = ["reload", "redetect", "rescore", "standings", "credits-import", "credits-report", "credentials"] as const;
export type JobKind = (typeof JOB_KINDS)[number];

/** `queued`: waiting for its lease (e.g. a re-detection asked for while a reload runs). */
export const JOB_STATUSES = ["queued", "running", "succeeded", "failed"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/**
 * The lease each kind takes. Every job that reads or writes the mirrored OpenWebUI data, the
 * detections or the points snapshots takes the same one, so they never interleave.
 */
export const JOB_LEASES: Readonly<Record<JobKind, string>> = {
  reload: "analytics",
  redetect: "analytics",
  rescore: "analytics",
  standings: "analytics",
  // Credit imports and reports read the credit list and the chats but write neither: a lease of
  // their own, so they never wait for a reload, and never run two at once (docs/decisions/028).
  "credits-import": "credits",
  "credits-report": "credits",
  // Issuing credentials reads awards only: it never waits for a reload.
  credentials: "credentials",
};

/** The kind as the subject of a sentence ("A reload is already running …"). */
export const JOB_NAMES: Readonly<Record<JobKind, string>> = {
  reload: "A reload",
  redetect: "A re-detection of the stored chats",
  rescore: "A re-score",
  standings: "A rebuild of the standings",
  "credits-import": "An import of the credit list",
  "credits-report": "A credits workbook",
  credentials: "An issue of credentials",
};

/** The kind as a title in a job list ("Reload"). */
export const JOB_TITLES: Readonly<Record<JobKind, string>> = {
  reload: "Reload",
  redetect: "Re-detection of the stored chats",
  rescore: "Re-score",
  standings: "Rebuild of the standings",
  "credits-import": "Import of the credit list",
  "credits-report": "Credits workbook",
  credentials: "Issue of credentials for past awards",
};

/**
 * Why a job could not start while another holds its lease.
 *
 * @example
 * jobBusyMessage("reload", new Date("2026-10-01T12:00:00Z"))
 * // "A reload is already running (started 2026-10-01T12:00:00.000Z). Wait for it to finish, then try again."
 */
export function jobBusyMessage(running: JobKind | null, startedAt: Date): string {
  const subject = running ? JOB_NAMES[running] : "Another job";
  return `${subject} is already running (started ${startedAt.toISOString()}). Wait for it to finish, then try again.`;
}
