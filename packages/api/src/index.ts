export type { Context, SessionUser } from "./context";
export { INTERNAL_MESSAGE } from "./errors";
export * from "./root";
export { hashPassword } from "./services/password";
export { resolveSessionUser, SESSION_TTL_MS } from "./services/sessions";
export type { Access, Meta } from "./trpc";
