// Test-only helpers: callers for a role on a given store, with a fixed clock.
import type { Role, UserStatus } from "@missionboard/core";
import type { Store } from "@missionboard/db";
import { makeUser } from "@missionboard/db/factories";
import { TRPCError } from "@trpc/server";
import type { AppSettings, Context, MailDispatch, SessionUser } from "./context";
import { createCaller } from "./root";
import { type IngestInputs, UploadStaging } from "./services/ingest/uploads";
import { createJobRunner } from "./services/jobs";
import type { JobRunner } from "./services/jobs/runner";

export const TEST_NOW = new Date("2026-10-01T12:00:00.000Z");

export const TEST_SETTINGS: AppSettings = {
  registrationMode: "open",
  adminEmails: [],
  appUrl: "http://missionboard.test",
  signInMethods: ["local", "google", "microsoft"],
};

export async function makeSessionUser(
  store: Store,
  role: Role,
  overrides: { email?: string; name?: string; status?: UserStatus; onboarded?: boolean } = {},
): Promise<SessionUser> {
  const { onboarded = true, ...rest } = overrides;
  const row = await store.tx((c) => makeUser(c, { role, now: TEST_NOW, onboardedAt: onboarded ? TEST_NOW : null, ...rest }));
  return { id: row.id, role: row.role, status: row.status, name: row.name, email: row.email, onboarded, sessionId: `test-${row.id}` };
}

/** Counts wake-ups so tests can assert that mail was dispatched after commit. */
export function recordingMail(): MailDispatch & { wakeUps: number } {
  const mail = { wakeUps: 0, afterCommit: () => void mail.wakeUps++ };
  return mail;
}

export interface CallerOptions {
  now?: Date;
  settings?: Partial<AppSettings>;
  clientIp?: string | null;
  mail?: MailDispatch;
  jobs?: JobRunner;
  ingest?: Partial<IngestInputs>;
}

/** The job runner and reload inputs of a test context (no OpenWebUI, an empty upload staging). */
export function testBackground(
  store: Store,
  options: Pick<CallerOptions, "now" | "jobs" | "ingest"> = {},
): Pick<Context, "jobs" | "ingest"> {
  return {
    jobs: options.jobs ?? createJobRunner({ store, now: () => options.now ?? TEST_NOW }),
    ingest: { openWebUi: null, uploads: new UploadStaging(), ...options.ingest },
  };
}

export function callerAs(store: Store, user: SessionUser | null, options: CallerOptions = {}) {
  return createCaller({
    db: store,
    user,
    now: () => options.now ?? TEST_NOW,
    requestId: "test-request",
    clientIp: options.clientIp ?? "203.0.113.7",
    settings: { ...TEST_SETTINGS, ...options.settings },
    mail: options.mail ?? recordingMail(),
    ...testBackground(store, options),
  });
}

export async function callerFor(store: Store, role: Role | null) {
  return callerAs(store, role ? await makeSessionUser(store, role) : null);
}

type TestCaller = ReturnType<typeof callerAs>;

/** Polls a credits run until it has ended (the job runs in the caller's runner, in this process). */
async function untilEnded<T extends { job: { status: string; error: string | null } }>(read: () => Promise<T>): Promise<T> {
  for (let i = 0; i < 5_000; i++) {
    const run = await read();
    if (run.job.status === "succeeded" || run.job.status === "failed") return run;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  throw new Error("the credits job did not end");
}

/**
 * `credits.upload`, waiting for its import job: the preview and pending snapshot; a failed run
 * (a file-level problem) is thrown as the BAD_REQUEST the page shows.
 */
export async function importCredits(api: TestCaller, input: Parameters<TestCaller["credits"]["upload"]>[0]) {
  const { runId } = await api.credits.upload(input);
  const run = await untilEnded(() => api.credits.importRun({ runId }));
  if (run.job.status === "failed") throw new TRPCError({ code: "BAD_REQUEST", message: run.job.error ?? "" });
  if (!run.preview) throw new Error("the import left no preview");
  return { runId, snapshotId: run.snapshotId, preview: run.preview };
}

/** `creditReport.start`, waiting for the job, then `creditReport.download`. */
export async function creditReportWorkbook(api: TestCaller, input: { identified?: boolean } = {}) {
  const { runId } = await api.creditReport.start({ identified: input.identified ?? false });
  const run = await untilEnded(() => api.creditReport.run({ runId }));
  if (run.job.status === "failed") throw new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: run.job.error ?? "" });
  return { runId, ...(await api.creditReport.download({ runId })) };
}
