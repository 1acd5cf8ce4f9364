// Test-only helpers: callers for a role on a given store, with a fixed clock.
import type { Role, UserStatus } from "@missionboard/core";
import type { Store } from "@missionboard/db";
import { makeUser } from "@missionboard/db/factories";
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
