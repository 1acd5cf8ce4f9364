// The one schema, written once for both engines. `import type` is erased at runtime: the
// function is called with the pg kit and with the sqlite kit (schema.pg.ts / schema.sqlite.ts),
// and `pnpm typecheck` checks this file against each kit's real drizzle types.
// See docs/decisions/002-dual-dialect-data-layer.md.
import {
  type AuditMetadata,
  AWARD_SOURCES,
  ITEM_KINDS,
  MAIL_STATUSES,
  NOTIFICATION_KINDS,
  OAUTH_PROVIDERS,
  REQUEST_STATUSES,
  ROLES,
  TOKEN_PURPOSES,
  USER_ORIGINS,
  USER_STATUSES,
} from "@missionboard/core";
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
      /** Email notifications on or off (in-app notifications always appear). */
      emailNotifications: k.bool("email_notifications").notNull().default(true),
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

  /**
   * The badge catalog as one tree: program → skill → mini-badge, and per program capstones and
   * progress badges. One table keeps awards, requests and notifications pointing at one key.
   */
  const catalogItems = k.table(
    "catalog_items",
    {
      id: k.id(),
      kind: k.text("kind", { enum: ITEM_KINDS }).notNull(),
      parentId: k.ref("parent_id"),
      /** The program an item belongs to (null for programs themselves), for per-program queries. */
      programId: k.ref("program_id"),
      /** `${kind}:${parentId ?? "root"}`: titles are unique among siblings of one kind. */
      siblingScope: k.text("sibling_scope").notNull(),
      title: k.text("title").notNull(),
      /** Trimmed, NFC, lower-case title: the case-insensitive uniqueness key. */
      titleKey: k.text("title_key").notNull(),
      description: k.text("description"),
      iconEmoji: k.text("icon_emoji"),
      /** An uploaded icon as a data: URL (PNG, JPEG, WebP or GIF; size-limited). */
      iconImage: k.text("icon_image"),
      isActive: k.bool("is_active").notNull().default(true),
      /** Capstones only: needed for the program award. */
      isRequired: k.bool("is_required").notNull().default(false),
      position: k.int("position").notNull().default(0),
      createdAt: k.createdAt(),
      updatedAt: k.ts("updated_at").notNull(),
    },
    (t) => [
      k.foreignKey({ columns: [t.parentId], foreignColumns: [t.id], name: "catalog_items_parent_fk" }),
      k.foreignKey({ columns: [t.programId], foreignColumns: [t.id], name: "catalog_items_program_fk" }),
      k.uniqueIndex("catalog_items_sibling_title_uq").on(t.siblingScope, t.titleKey),
      k.index("catalog_items_parent_idx").on(t.parentId, t.position),
      k.index("catalog_items_program_idx").on(t.programId),
      k.check("catalog_items_kind_ck", sql`${t.kind} in ('program', 'skill', 'mini_badge', 'capstone', 'progress_badge')`),
    ],
  );

  const badgeRequests = k.table(
    "badge_requests",
    {
      id: k.id(),
      userId: k
        .ref("user_id")
        .notNull()
        .references(() => users.id),
      itemId: k
        .ref("item_id")
        .notNull()
        .references(() => catalogItems.id),
      /** The badge's title when requested; lists show this, not the live title. */
      itemTitle: k.text("item_title").notNull(),
      note: k.text("note"),
      evidenceUrl: k.text("evidence_url"),
      status: k.text("status", { enum: REQUEST_STATUSES }).notNull().default("pending"),
      submittedAt: k.ts("submitted_at").notNull(),
      decidedAt: k.ts("decided_at"),
      decidedBy: k.ref("decided_by").references(() => users.id, { onDelete: "set null" }),
      decisionReason: k.text("decision_reason"),
      updatedAt: k.ts("updated_at").notNull(),
    },
    (t) => [
      // One pending request per student and badge, even when two submissions race.
      k.uniqueIndex("badge_requests_one_pending_uq").on(t.userId, t.itemId).where(sql`status = 'pending'`),
      k.index("badge_requests_queue_idx").on(t.status, t.submittedAt),
      k.index("badge_requests_user_idx").on(t.userId, t.submittedAt),
      k.index("badge_requests_item_idx").on(t.itemId),
      k.check("badge_requests_status_ck", sql`${t.status} in ('pending', 'approved', 'rejected', 'withdrawn')`),
    ],
  );

  /** Earned badges. Never deleted: revocation stamps revoked_at, and the badge can be earned again. */
  const awards = k.table(
    "awards",
    {
      id: k.id(),
      userId: k
        .ref("user_id")
        .notNull()
        .references(() => users.id),
      itemId: k
        .ref("item_id")
        .notNull()
        .references(() => catalogItems.id),
      kind: k.text("kind", { enum: ITEM_KINDS }).notNull(),
      source: k.text("source", { enum: AWARD_SOURCES }).notNull(),
      requestId: k.ref("request_id").references(() => badgeRequests.id, { onDelete: "set null" }),
      awardedBy: k.ref("awarded_by").references(() => users.id, { onDelete: "set null" }),
      reason: k.text("reason"),
      awardedAt: k.ts("awarded_at").notNull(),
      revokedAt: k.ts("revoked_at"),
      revokedBy: k.ref("revoked_by").references(() => users.id, { onDelete: "set null" }),
      revokeReason: k.text("revoke_reason"),
    },
    (t) => [
      // One live award per student and badge; revoked ones stay as history.
      k.uniqueIndex("awards_one_live_uq").on(t.userId, t.itemId).where(sql`revoked_at is null`),
      k.index("awards_user_idx").on(t.userId, t.awardedAt),
      k.index("awards_item_idx").on(t.itemId),
      k.index("awards_awarded_idx").on(t.awardedAt),
      k.check("awards_source_ck", sql`${t.source} in ('request', 'auto', 'manual')`),
    ],
  );

  const notifications = k.table(
    "notifications",
    {
      id: k.id(),
      userId: k
        .ref("user_id")
        .notNull()
        .references(() => users.id, { onDelete: "cascade" }),
      kind: k.text("kind", { enum: NOTIFICATION_KINDS }).notNull(),
      title: k.text("title").notNull(),
      body: k.text("body"),
      link: k.text("link"),
      readAt: k.ts("read_at"),
      createdAt: k.createdAt(),
    },
    (t) => [k.index("notifications_user_idx").on(t.userId, t.createdAt)],
  );

  return {
    users,
    sessions,
    auditLogs,
    authIdentities,
    authTokens,
    rateLimits,
    systemFlags,
    mailMessages,
    catalogItems,
    badgeRequests,
    awards,
    notifications,
  };
}

export type Schema = ReturnType<typeof defineSchema>;
export type Db = Kit.Db;
export type UserRow = Schema["users"]["$inferSelect"];
export type AuditLogRow = Schema["auditLogs"]["$inferSelect"];
