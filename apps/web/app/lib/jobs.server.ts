import { createJobRunner, type IngestInputs, type JobRunner, UploadStaging } from "@missionboard/api";
import { getStore } from "./db.server";
import { getEnv } from "./env.server";
import { log, logError } from "./log.server";
import { getMailer } from "./mail.server";
import { getOpenWebUiClient } from "./openwebui.server";
import { appSettings } from "./settings.server";

let runner: Promise<JobRunner> | undefined;

/**
 * The process's one job runner (`ctx.jobs`): reloads, re-detection and re-scores run on it, and
 * startup.server.ts drains it on shutdown. Each job's start and end is logged (ids, counts and
 * outcome only; a failure's message never carries query parameters).
 */
export function getJobs(): Promise<JobRunner> {
  runner ??= (async () => {
    const jobs = createJobRunner({
      store: await getStore(),
      notices: { settings: appSettings(), mail: await getMailer() },
      onListenerError: (error, event) => logError(error, { msg: "job listener failed", job: event.kind, runId: event.runId }),
    });
    jobs.on((event) => {
      if (event.type === "started") log({ msg: "job started", job: event.kind, runId: event.runId });
      if (event.type === "finished")
        log({
          msg: "job finished",
          job: event.kind,
          runId: event.runId,
          status: event.status,
          error: event.error,
          changed: event.changed.join(","),
        });
    });
    return jobs;
  })();
  return runner;
}

/** Stops taking jobs and waits for the running ones (stopping them after `graceMs`). */
export async function drainJobs(graceMs: number): Promise<void> {
  if (runner) await (await runner).drain(graceMs);
}

/** Uploads received by /admin/data, waiting for the reload procedure to take them by id. */
export const stagedUploads = new UploadStaging();

/** Where a reload reads from: the OpenWebUI API (when configured) and the received uploads. */
export function ingestInputs(): IngestInputs {
  return { openWebUi: getOpenWebUiClient(), uploads: stagedUploads, maxSkippedShare: getEnv().TRUNCATE_MAX_SKIPPED_PERCENT / 100 };
}
