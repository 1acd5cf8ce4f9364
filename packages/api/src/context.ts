import type { RegistrationMode, Role, UserStatus } from "@missionboard/core";
import type { Store } from "@missionboard/db";
import type { CredentialSettings } from "./services/credentials/service";
import type { IngestInputs } from "./services/ingest/uploads";
import type { JobRunner } from "./services/jobs/runner";

/** What the web app resolved from the session cookie; read from the database on every request. */
export interface SessionUser {
  id: string;
  role: Role;
  status: UserStatus;
  name: string;
  email: string;
  onboarded: boolean;
  sessionId: string;
}

export const SIGN_IN_METHODS = ["local", "google", "microsoft"] as const;
export type SignInMethod = (typeof SIGN_IN_METHODS)[number];

/** Deployment settings the procedures need; the web app reads them from env once. */
export interface AppSettings {
  registrationMode: RegistrationMode;
  /** ADMIN_EMAILS: promoted to admin at their first sign-in unless an admin already decided their role. */
  adminEmails: readonly string[];
  /** Absolute base URL for links in emails, e.g. https://missionboard.example.org */
  appUrl: string;
  /** Which sign-in methods are offered (AUTH_PROVIDERS, limited to those configured). */
  signInMethods: readonly SignInMethod[];
  /** EXPORT_SECRET: the key of the pseudonyms in redacted exports (and of download tickets). */
  exportKey?: string;
  /** SESSION_IDLE_MINUTES: a session ends after this long without a request (core SESSION_RULES by default). */
  sessionIdleMinutes?: number;
  /** Open Badges credentials (ADR 030): CREDENTIAL_KEY_SECRET and the issuer profile; absent: development defaults. */
  credentials?: CredentialSettings;
}

/** Wakes the mail sender after a transaction that queued mail has committed. */
export interface MailDispatch {
  afterCommit(): void;
}

/** Built by the web app for every request and injected; the api never reads cookies or env. */
export interface Context {
  db: Store;
  user: SessionUser | null;
  now: () => Date;
  requestId: string;
  /** The client's address, used only as a rate-limit key (hashed before it is stored). */
  clientIp: string | null;
  settings: AppSettings;
  mail: MailDispatch;
  /** The process's job runner: reloads, re-detection and re-scores start through it (docs/decisions/016-job-runner.md). */
  jobs: JobRunner;
  /** Where a reload reads from: the OpenWebUI API and the uploads the web app received. */
  ingest: IngestInputs;
}
