export type { AppSettings, Context, MailDispatch, SessionUser, SignInMethod } from "./context";
export { SIGN_IN_METHODS } from "./context";
export { INTERNAL_MESSAGE } from "./errors";
export * from "./inputs";
export * from "./root";
export { CredentialItemSchema, VisibilitySchema } from "./routers/credential";
export { bakePng, extractBakedCredential } from "./services/credentials/png";
export { type CredentialSettings, DEV_CREDENTIAL_KEY_SECRET } from "./services/credentials/service";
export { CREDIT_FILE_MAX_BYTES, creditFileHeadProblem } from "./services/credits/read-csv";
export { type DigestResult, type DigestScheduler, sendStaffDigest, startDigestScheduler } from "./services/digest";
export { csvStream, type ExportPage } from "./services/exports";
// The job runner (ctx.jobs) and what the web app hands the reload procedure (uploads, the API).
export {
  type IngestInputs,
  type StagedFile,
  type StagedUpload,
  UPLOAD_KINDS,
  type UploadKind,
  UploadStaging,
} from "./services/ingest/uploads";
export {
  type AppJobRunnerOptions,
  createJobRunner,
  DATA_AREAS,
  type DataArea,
  JobBusyError,
  type JobEvent,
  type JobListener,
  JobRunner,
  ShuttingDownError,
} from "./services/jobs";
export { createMailer, type Mailer, type MailTransport, smtpTransport } from "./services/mailer";
export {
  MISSING_EMAIL_MESSAGE,
  PROVIDER_DISABLED_MESSAGE,
  type ProviderIdentity,
  REGISTRATION_CLOSED_MESSAGE,
  signInWithProvider,
  UNCONFIRMED_ACCOUNT_MESSAGE,
  UNVERIFIED_EMAIL_MESSAGE,
} from "./services/oauth-sign-in";
export {
  createOpenWebUiClient,
  type OpenWebUiClient,
  type OpenWebUiClientOptions,
  OpenWebUiError,
  openWebUiSource,
} from "./services/openwebui/client";
export { type ReloadScheduler, type ReloadTickResult, startReloadScheduler } from "./services/openwebui/scheduler";
export { hashPassword } from "./services/password";
export { type PurgeResult, purgeExpired, resolveSessionUser, startPurgeScheduler } from "./services/sessions";
export { DEACTIVATED_MESSAGE } from "./services/sign-in";
export {
  type RankUpNotices,
  type RebuildResult,
  rebuildStandings,
  rebuildStandingsNow,
  standingsJob,
  standingsTx,
  updateStandingsFor,
} from "./services/standings";
export type { Access, Meta } from "./trpc";
