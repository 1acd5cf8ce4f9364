// The app's job runner, with the jobs that may wait for their lease. See runner.ts and
// docs/decisions/016-job-runner.md.
import type { Store } from "@missionboard/db";
import type { RedetectSummary } from "../ingest/redetect";
import type { RankUpNotices } from "../standings";
import { type JobDefinition, type JobEvent, JobRunner } from "./runner";

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
        lazyRedetectJob({ triggeredBy, missionId: typeof params.missionId === "string" ? params.missionId : null, notices }),
    },
  });
}

/**
 * A queued re-detection whose modules (ingest, detection, standings, badges, mail) are loaded when
 * it runs, not when a runner is made: a process that never re-detects — the credits jobs' and the
 * CLIs' — does not load them (~15 MB of resident memory; docs/decisions/028-credits-as-jobs.md).
 */
function lazyRedetectJob(options: {
  triggeredBy: string | null;
  missionId: string | null;
  notices: RankUpNotices | undefined;
}): JobDefinition<RedetectSummary> {
  let loaded: JobDefinition<RedetectSummary> | null = null;
  return {
    kind: "redetect",
    params: options.missionId ? { missionId: options.missionId } : {},
    triggeredBy: options.triggeredBy,
    async run(ctx) {
      const { redetectJob } = await import("../ingest/redetect");
      loaded = redetectJob(options);
      return loaded.run(ctx);
    },
    summarise: (result) => loaded?.summarise?.(result) ?? {},
  };
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
