export type { AppSettings, Context, MailDispatch, SessionUser, SignInMethod } from "./context";
export { SIGN_IN_METHODS } from "./context";
export { INTERNAL_MESSAGE } from "./errors";
export * from "./root";
export { createMailer, type Mailer, type MailTransport, smtpTransport } from "./services/mailer";
export { hashPassword } from "./services/password";
export { resolveSessionUser, SESSION_TTL_MS } from "./services/sessions";
export type { Access, Meta } from "./trpc";
