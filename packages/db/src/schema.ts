// The one schema, written once for both engines. `import type` is erased at runtime: the
// function is called with the pg kit and with the sqlite kit (schema.pg.ts / schema.sqlite.ts),
// and `pnpm typecheck` checks this file against each kit's real drizzle types.
// See docs/decisions/002-dual-dialect-data-layer.md.
import { type AuditMetadata, ROLES, USER_STATUSES } from "@missionboard/core";
import { sql } from "drizzle-orm";
import type * as Kit from "#dialect";

export function defineSchema(k: typeof Kit) {
  const users = k.table(
    "users",
    {
      id: k.id(),
      /** Stored normalised (trimmed, NFC, lower-case); the unique index is the backstop. */
      email: k.text("email").notNull(),
      name: k.text("name").notNull(),
      role: k.text("role", { enum: ROLES }).notNull().default("student"),
      status: k.text("status", { enum: USER_STATUSES }).notNull().default("active"),
      passwordHash: k.text("password_hash"),
      emailVerifiedAt: k.ts("email_verified_at"),
      createdAt: k.createdAt(),
      updatedAt: k.ts("updated_at").notNull(),
    },
    (t) => [
      k.uniqueIndex("users_email_uq").on(t.email),
      k.index("users_role_idx").on(t.role),
      k.check("users_role_ck", sql`${t.role} in ('admin', 'assistant', 'student')`),
      k.check("users_status_ck", sql`${t.status} in ('active', 'pending', 'deactivated')`),
    ],
  );

  const sessions = k.table(
    "sessions",
    {
      /** sha256 of the cookie's token, so a database leak does not hand out live sessions. */
      id: k.text("id").primaryKey(),
      userId: k
        .ref("user_id")
        .notNull()
        .references(() => users.id, { onDelete: "cascade" }),
      createdAt: k.createdAt(),
      expiresAt: k.ts("expires_at").notNull(),
    },
    (t) => [k.index("sessions_user_idx").on(t.userId), k.index("sessions_expires_idx").on(t.expiresAt)],
  );

  const auditLogs = k.table(
    "audit_logs",
    {
      id: k.id(),
      actorId: k.ref("actor_id").references(() => users.id, { onDelete: "set null" }),
      action: k.text("action").notNull(),
      entityType: k.text("entity_type").notNull(),
      entityId: k.text("entity_id"),
      metadata: k.json<AuditMetadata>("metadata").notNull(),
      requestId: k.text("request_id"),
      createdAt: k.createdAt(),
    },
    (t) => [
      k.index("audit_logs_created_idx").on(t.createdAt),
      k.index("audit_logs_action_idx").on(t.action, t.createdAt),
      k.index("audit_logs_actor_idx").on(t.actorId, t.createdAt),
      k.index("audit_logs_entity_idx").on(t.entityType, t.entityId),
    ],
  );

  return { users, sessions, auditLogs };
}

export type Schema = ReturnType<typeof defineSchema>;
export type Db = Kit.Db;
export type UserRow = Schema["users"]["$inferSelect"];
export type AuditLogRow = Schema["auditLogs"]["$inferSelect"];
