export * from "./env";
export * from "./ids";
export * from "./queries/audit";
export * from "./queries/sessions";
export * from "./queries/users";
export type { AuditLogRow, Db, Schema, UserRow } from "./schema";
export * from "./store";
export { loadDotEnv, workspaceRoot } from "./workspace";
