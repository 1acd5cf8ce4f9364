import { startDigestScheduler, startPurgeScheduler, startReloadScheduler } from "@missionboard/api";
import { closeStore, getStore } from "./db.server";
import { getEnv } from "./env.server";
import { drainJobs, getJobs } from "./jobs.server";
import { log, logError } from "./log.server";
import { getMailer } from "./mail.server";
import { getOpenWebUiClient } from "./openwebui.server";
import { appSettings } from "./settings.server";

/** How long a shutdown waits for running jobs before stopping them (server.mjs allows for it). */
export const JOB_DRAIN_MS = 20_000;

/** Called by server.mjs before it listens: env, database and migrations are checked up front. */
export async function startup() {
  // Reading the settings writes their warnings (see getEnv).
  const env = getEnv();
  const store = await getStore();
  const status = await store.migrationStatus();
  log({ msg: "database ready", engine: store.engine, migrationsApplied: status.applied, migrationsTotal: status.total });
  // Mail queued before a restart (or while SMTP was down) goes out now rather than at the first commit.
  (await getMailer()).afterCommit();
  // The staff's daily digest: checked now and hourly; a system flag makes it once a day across instances.
  startDigestScheduler({
    store,
    settings: appSettings(),
    mail: await getMailer(),
    hourUtc: env.DIGEST_HOUR_UTC,
    onError: (error) => logError(error, { msg: "staff digest failed" }),
    onSent: (result) => log({ msg: "staff digest sent", recipients: result.recipients, pending: result.pending }),
  });
  // Ended sessions, used or expired emailed tokens and dead rate-limit counters, in bounded batches
  // every 15 minutes; the deletes are idempotent, so several instances may run it at once.
  startPurgeScheduler({
    store,
    idleMinutes: env.SESSION_IDLE_MINUTES,
    onError: (error) => logError(error, { msg: "purge of expired sessions failed" }),
    onPurged: (result) => log({ msg: "expired sessions purged", ...result }),
  });
  // Background jobs; one queued while its lease was taken (e.g. before a restart) runs now.
  const jobs = await getJobs();
  void jobs.startQueued();
  // Scheduled reloads from OpenWebUI (OPENWEBUI_REFRESH_MINUTES), run as jobs: the analytics lease keeps one at a time across instances.
  const openWebUi = getOpenWebUiClient();
  if (openWebUi && env.OPENWEBUI_REFRESH_MINUTES > 0)
    startReloadScheduler({
      jobs,
      client: openWebUi,
      minutes: env.OPENWEBUI_REFRESH_MINUTES,
      log,
      notices: { settings: appSettings(), mail: await getMailer() },
    });
  else if (!openWebUi && env.OPENWEBUI_REFRESH_MINUTES > 0)
    log({
      msg: "warning",
      warning: "OPENWEBUI_REFRESH_MINUTES is set but OPENWEBUI_URL or OPENWEBUI_API_KEY is not: no scheduled reloads.",
    });
  // Shutdown (server.mjs): `drain` lets running jobs finish for JOB_DRAIN_MS, then stops them at
  // their next step (recorded as failed, their lease freed); `close` then closes the database.
  const drain = () => drainJobs(JOB_DRAIN_MS);
  return { port: env.PORT, host: env.HOST, trustProxy: env.TRUST_PROXY === "true", log, drain, close: closeStore };
}
