// The app's job runner, with the jobs that may wait for their lease. See runner.ts and
// docs/decisions/016-job-runner.md.
import type { Store } from "@missionboard/db";
import { redetectJob } from "../ingest/redetect";
import type { RankUpNotices } from "../standings";
import { type JobEvent, JobRunner } from "./runner";

export interface AppJobRunnerOptions {
  store: Store;
  now?: () => Date;
  leaseTtlMs?: number;
  onListenerError?: (error: unknown, event: JobEvent) => void;
  /** For the rank-up notices of queued jobs (their standings phase). */
  notices?: RankUpNotices;
}

/**
 * The runner a process shares (`ctx.jobs`). A re-detection asked for while another analytics job
 * runs (a mission edited during a reload) is queued and runs when the lease is free, so the edit
 * reaches every stored chat.
 */
export function createJobRunner({ notices, ...options }: AppJobRunnerOptions): JobRunner {
  return new JobRunner({
    ...options,
    queued: {
      redetect: (params, triggeredBy) =>
        redetectJob({ triggeredBy, missionId: typeof params.missionId === "string" ? params.missionId : null, notices }),
    },
  });
}

export { DEFAULT_LEASE_TTL_MS, type HeldLease, JobBusyError } from "./lease";
export {
  DATA_AREAS,
  type DataArea,
  failureMessage,
  type JobContext,
  type JobDefinition,
  type JobEvent,
  type JobListener,
  type JobOutcome,
  JobRunner,
  ShuttingDownError,
  type StartedJob,
} from "./runner";
