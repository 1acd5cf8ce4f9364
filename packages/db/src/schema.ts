// The one schema, written once for both engines. `import type` is erased at runtime: the
// function is called with the pg kit and with the sqlite kit (schema.pg.ts / schema.sqlite.ts),
// and `pnpm typecheck` checks this file against each kit's real drizzle types.
// See docs/decisions/002-dual-dialect-data-layer.md.
import { type AuditMetadata, MAIL_STATUSES, OAUTH_PROVIDERS, ROLES, TOKEN_PURPOSES, USER_ORIGINS, USER_STATUSES } from "@missionboard/core";
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
      /** Onboarding answers; `onboardedAt` null means the onboarding gate still applies. */
      displayName: k.text("display_name"),
      substackEmail: k.text("substack_email"),
      meetupEmail: k.text("meetup_email"),
      consentAt: k.ts("consent_at"),
      consentVersion: k.text("consent_version"),
      onboardedAt: k.ts("onboarded_at"),
      /** How the account came to be: registered locally, via a provider, pre-created by an admin, or set up. */
      origin: k.text("origin", { enum: USER_ORIGINS }).notNull().default("local"),
      lastSignInAt: k.ts("last_sign_in_at"),
      createdAt: k.createdAt(),
      updatedAt: k.ts("updated_at").notNull(),
    },
    (t) => [
      k.uniqueIndex("users_email_uq").on(t.email),
      k.index("users_role_idx").on(t.role),
      k.index("users_status_idx").on(t.status),
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

  /** A Google or Microsoft account linked to a user; the provider's subject id is the stable key. */
  const authIdentities = k.table(
    "auth_identities",
    {
      id: k.id(),
      userId: k
        .ref("user_id")
        .notNull()
        .references(() => users.id, { onDelete: "cascade" }),
      provider: k.text("provider", { enum: OAUTH_PROVIDERS }).notNull(),
      subject: k.text("subject").notNull(),
      email: k.text("email").notNull(),
      createdAt: k.createdAt(),
    },
    (t) => [
      k.uniqueIndex("auth_identities_provider_subject_uq").on(t.provider, t.subject),
      k.index("auth_identities_user_idx").on(t.userId),
    ],
  );

  /** Single-use emailed tokens (verification, password reset); only their hash is stored. */
  const authTokens = k.table(
    "auth_tokens",
    {
      id: k.text("id").primaryKey(),
      userId: k
        .ref("user_id")
        .notNull()
        .references(() => users.id, { onDelete: "cascade" }),
      purpose: k.text("purpose", { enum: TOKEN_PURPOSES }).notNull(),
      expiresAt: k.ts("expires_at").notNull(),
      usedAt: k.ts("used_at"),
      createdAt: k.createdAt(),
    },
    (t) => [k.index("auth_tokens_user_idx").on(t.userId, t.purpose)],
  );

  /** Fixed-window counters for rate limits, shared by every app instance. */
  const rateLimits = k.table("rate_limits", {
    key: k.text("key").primaryKey(),
    count: k.int("count").notNull(),
    windowStartedAt: k.ts("window_started_at").notNull(),
  });

  /** One-row-per-fact switches that must happen once, e.g. first-run setup. */
  const systemFlags = k.table("system_flags", {
    key: k.text("key").primaryKey(),
    setAt: k.ts("set_at").notNull(),
  });

  /**
   * Outgoing mail. Written in the same transaction as the change that causes it, sent after commit.
   * Bodies are erased once sent; without SMTP the rows are the development outbox (/admin/outbox).
   */
  const mailMessages = k.table(
    "mail_messages",
    {
      id: k.id(),
      to: k.text("to_address").notNull(),
      subject: k.text("subject").notNull(),
      text: k.text("text_body"),
      html: k.text("html_body"),
      status: k.text("status", { enum: MAIL_STATUSES }).notNull().default("queued"),
      attempts: k.int("attempts").notNull().default(0),
      lastError: k.text("last_error"),
      createdAt: k.createdAt(),
      sentAt: k.ts("sent_at"),
    },
    (t) => [k.index("mail_messages_status_idx").on(t.status, t.createdAt)],
  );

  return { users, sessions, auditLogs, authIdentities, authTokens, rateLimits, systemFlags, mailMessages };
}

export type Schema = ReturnType<typeof defineSchema>;
export type Db = Kit.Db;
export type UserRow = Schema["users"]["$inferSelect"];
export type AuditLogRow = Schema["auditLogs"]["$inferSelect"];
