// The one schema, written once for both engines. `import type` is erased at runtime: the
// function is called with the pg kit and with the sqlite kit (schema.pg.ts / schema.sqlite.ts),
// and `pnpm typecheck` checks this file against each kit's real drizzle types.
// Every `text(…, { enum })` column has a CHECK built by `k.enumCheck` from the same constant.
// See docs/decisions/002-dual-dialect-data-layer.md.
import {
  type AuditMetadata,
  AWARD_SOURCES,
  CAMPAIGN_RANK_SOURCES,
  CREDIT_SNAPSHOT_STATUSES,
  ITEM_KINDS,
  JOB_KINDS,
  JOB_STATUSES,
  LEADERBOARD_NAME_STYLES,
  MAIL_STATUSES,
  MISSION_CHANGE_STATUSES,
  MISSION_ORIGINS,
  MISSION_RULE_KINDS,
  MODEL_CHANGE_FIELDS,
  NOTIFICATION_KINDS,
  OAUTH_PROVIDERS,
  OWUI_LINK_METHODS,
  OWUI_USER_SOURCES,
  RELOAD_MODES,
  RELOAD_SOURCES,
  RELOAD_STATUSES,
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
      /**
       * When an admin (or ADMIN_EMAILS, once) last decided this account's role. Once set,
       * ADMIN_EMAILS leaves the role alone, so a demotion on the roster sticks.
       */
      roleDecidedAt: k.ts("role_decided_at"),
      /** How boards other learners see show this person (docs/product/missions.md §M-17); alias by default. */
      leaderboardName: k.text("leaderboard_name", { enum: LEADERBOARD_NAME_STYLES }).notNull().default("alias"),
      createdAt: k.createdAt(),
      updatedAt: k.ts("updated_at").notNull(),
    },
    (t) => [
      k.uniqueIndex("users_email_uq").on(t.email),
      k.index("users_role_idx").on(t.role),
      k.index("users_status_idx").on(t.status),
      k.enumCheck("users_role_ck", t.role, ROLES),
      k.enumCheck("users_status_ck", t.status, USER_STATUSES),
      k.enumCheck("users_origin_ck", t.origin, USER_ORIGINS),
      k.enumCheck("users_leaderboard_name_ck", t.leaderboardName, LEADERBOARD_NAME_STYLES),
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
      /** Absolute end of the session, whatever its use. */
      expiresAt: k.ts("expires_at").notNull(),
      /**
       * Last request seen (refreshed at most once a minute); the session ends after
       * SESSION_IDLE_MINUTES without one. Null only for sessions older than the idle rule: their
       * creation time stands in.
       */
      lastSeenAt: k.ts("last_seen_at"),
    },
    (t) => [
      k.index("sessions_user_idx").on(t.userId),
      k.index("sessions_expires_idx").on(t.expiresAt),
      k.index("sessions_last_seen_idx").on(t.lastSeenAt),
    ],
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
      k.enumCheck("auth_identities_provider_ck", t.provider, OAUTH_PROVIDERS),
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
    (t) => [k.index("auth_tokens_user_idx").on(t.userId, t.purpose), k.enumCheck("auth_tokens_purpose_ck", t.purpose, TOKEN_PURPOSES)],
  );

  /**
   * Fixed-window counters for rate limits, shared by every app instance; one conditional upsert
   * checks and counts an attempt (core/identity/rate-limit.ts has the rules).
   */
  const rateLimits = k.table(
    "rate_limits",
    {
      key: k.text("key").primaryKey(),
      count: k.int("count").notNull(),
      windowStartedAt: k.ts("window_started_at").notNull(),
      /** Growing delays: no attempt before this time (null: no wait). */
      nextAllowedAt: k.ts("next_allowed_at"),
    },
    (t) => [k.index("rate_limits_window_idx").on(t.windowStartedAt)],
  );

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
    (t) => [k.index("mail_messages_status_idx").on(t.status, t.createdAt), k.enumCheck("mail_messages_status_ck", t.status, MAIL_STATUSES)],
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
      /** What earns the badge, in the catalog editor's words (docs/product/badges.md §B-1). */
      criteria: k.text("criteria"),
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
      k.enumCheck("catalog_items_kind_ck", t.kind, ITEM_KINDS),
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
      k.enumCheck("badge_requests_status_ck", t.status, REQUEST_STATUSES),
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
      /**
       * Set when a completion a mission award rested on disappeared (re-detection, a truncate
       * reload): the award waits on /admin/awards for staff to keep or revoke it (ADR 029).
       */
      reviewFlaggedAt: k.ts("review_flagged_at"),
      /** Why it was flagged, in words (the missions whose completion is gone). */
      reviewReason: k.text("review_reason"),
    },
    (t) => [
      // One live award per student and badge; revoked ones stay as history.
      k.uniqueIndex("awards_one_live_uq").on(t.userId, t.itemId).where(sql`revoked_at is null`),
      k.index("awards_user_idx").on(t.userId, t.awardedAt),
      k.index("awards_item_idx").on(t.itemId),
      k.index("awards_awarded_idx").on(t.awardedAt),
      k.enumCheck("awards_kind_ck", t.kind, ITEM_KINDS),
      k.enumCheck("awards_source_ck", t.source, AWARD_SOURCES),
      k.index("awards_review_idx").on(t.reviewFlaggedAt).where(sql`review_flagged_at is not null`),
    ],
  );

  /**
   * A mini-badge's or capstone's mission rule (core mission-rules.ts; ADR 029): at most one per
   * item. `n`: any N / N points; `week`: the week of a points rule. Missions in badge_rule_missions.
   */
  const badgeMissionRules = k.table(
    "badge_mission_rules",
    {
      id: k.id(),
      itemId: k
        .ref("item_id")
        .notNull()
        .references(() => catalogItems.id, { onDelete: "cascade" }),
      kind: k.text("kind", { enum: MISSION_RULE_KINDS }).notNull(),
      n: k.int("n"),
      week: k.int("week"),
      updatedBy: k.ref("updated_by").references(() => users.id, { onDelete: "set null" }),
      updatedAt: k.ts("updated_at").notNull(),
    },
    (t) => [
      k.uniqueIndex("badge_mission_rules_item_uq").on(t.itemId),
      k.enumCheck("badge_mission_rules_kind_ck", t.kind, MISSION_RULE_KINDS),
    ],
  );

  /** The missions of an `all` / `any` rule (removed with the rule: clearMissionRule, or the item's deletion). */
  const badgeRuleMissions = k.table(
    "badge_rule_missions",
    {
      itemId: k
        .ref("item_id")
        .notNull()
        .references(() => catalogItems.id, { onDelete: "cascade" }),
      missionId: k
        .ref("mission_id")
        .notNull()
        .references(() => missions.id, { onDelete: "cascade" }),
    },
    (t) => [
      k.primaryKey({ columns: [t.itemId, t.missionId], name: "badge_rule_missions_pk" }),
      k.index("badge_rule_missions_mission_idx").on(t.missionId),
    ],
  );

  /**
   * What a mission award rested on: one row per mission completed in a chat. Keyed by mission and
   * chat (completion rows are rewritten by re-detection). `goneAt`: the completion disappeared and
   * the award was flagged; such rows are no longer evidence.
   */
  const awardEvidence = k.table(
    "award_evidence",
    {
      awardId: k
        .ref("award_id")
        .notNull()
        .references(() => awards.id, { onDelete: "cascade" }),
      missionId: k
        .ref("mission_id")
        .notNull()
        .references(() => missions.id, { onDelete: "cascade" }),
      chatId: k.text("chat_id").notNull(),
      /** The mission's name when awarded (the mission may be renamed or removed later). */
      missionName: k.text("mission_name").notNull(),
      completedAt: k.ts("completed_at"),
      points: k.int("points"),
      goneAt: k.ts("gone_at"),
    },
    (t) => [k.primaryKey({ columns: [t.awardId, t.missionId, t.chatId], name: "award_evidence_pk" })],
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
    (t) => [
      k.index("notifications_user_idx").on(t.userId, t.createdAt),
      k.enumCheck("notifications_kind_ck", t.kind, NOTIFICATION_KINDS),
      // The staff's "N requests waiting" notice: at most one unread per person, even when two requests race.
      k.uniqueIndex("notifications_one_waiting_uq").on(t.userId).where(sql`kind = 'requests_waiting' and read_at is null`),
    ],
  );

  // --- Mission analytics: OpenWebUI data mirrored locally, missions, detection results ---------

  /** OpenWebUI accounts (not Missionboard users); `userId` links one to a Missionboard account by email. */
  const owuiUsers = k.table(
    "owui_users",
    {
      id: k.text("id").primaryKey(),
      name: k.text("name"),
      email: k.text("email"),
      /**
       * The email as account emails are stored (core's emailKey: trimmed, NFC, lower-case in every
       * script), null without one: what linking by email compares with `users.email`, through its
       * index. Written with `email` by upsertOwuiUsers; see docs/decisions/026-owui-email-key.md.
       */
      emailKey: k.text("email_key"),
      role: k.text("role"),
      source: k.text("source", { enum: OWUI_USER_SOURCES }).notNull(),
      userId: k.ref("user_id").references(() => users.id, { onDelete: "set null" }),
      /** How `userId` was set: by verified email (automatic) or by staff on /staff/people. */
      linkMethod: k.text("link_method", { enum: OWUI_LINK_METHODS }),
      /** Set when staff unlinked it by hand: automatic linking by email leaves it alone from then on. */
      linkBlocked: k.bool("link_blocked").notNull().default(false),
      createdAt: k.createdAt(),
      updatedAt: k.ts("updated_at").notNull(),
    },
    (t) => [
      k.index("owui_users_email_idx").on(t.email),
      k.index("owui_users_email_key_idx").on(t.emailKey),
      // An account is one learner on the boards: at most one OpenWebUI user links to it.
      k.uniqueIndex("owui_users_user_uq").on(t.userId).where(sql`user_id is not null`),
      k.enumCheck("owui_users_source_ck", t.source, OWUI_USER_SOURCES),
      k.enumCheck("owui_users_link_method_ck", t.linkMethod, OWUI_LINK_METHODS),
    ],
  );

  /** Every OpenWebUI model seen, so an admin can link untagged ones to missions. */
  const owuiModels = k.table("owui_models", {
    id: k.text("id").primaryKey(),
    name: k.text("name").notNull(),
    tags: k.json<string[]>("tags").notNull(),
    missionTagged: k.bool("mission_tagged").notNull().default(false),
    params: k.json<Record<string, string | number | boolean | null>>("params").notNull(),
    createdAt: k.createdAt(),
    updatedAt: k.ts("updated_at").notNull(),
  });

  /** The mission registry: from tagged models, a campaign manifest, or an admin. */
  const missions = k.table(
    "missions",
    {
      id: k.id(),
      /** The registry key (a model's primary id, or a manifest challenge id), lower-case. */
      key: k.text("key").notNull(),
      name: k.text("name").notNull(),
      week: k.int("week"),
      points: k.int("points"),
      difficulty: k.text("difficulty"),
      /** Model ids/names that count as this mission. */
      aliases: k.json<string[]>("aliases").notNull(),
      /** Completion markers (phrases, or /regex/ with optional points and outcome). */
      markers: k.json<unknown[]>("markers").notNull(),
      includeDefaultMarkers: k.bool("include_default_markers").notNull().default(true),
      briefingReplyCounts: k.bool("briefing_reply_counts").notNull().default(false),
      startTriggers: k.json<string[]>("start_triggers").notNull(),
      origin: k.text("origin", { enum: MISSION_ORIGINS }).notNull(),
      isActive: k.bool("is_active").notNull().default(true),
      createdAt: k.createdAt(),
      updatedAt: k.ts("updated_at").notNull(),
    },
    (t) => [
      k.uniqueIndex("missions_key_uq").on(t.key),
      k.index("missions_week_idx").on(t.week),
      k.enumCheck("missions_origin_ck", t.origin, MISSION_ORIGINS),
    ],
  );

  /** OpenWebUI chats (metadata); the messages live in chat_messages. */
  const chats = k.table(
    "chats",
    {
      id: k.text("id").primaryKey(),
      owuiUserId: k.text("owui_user_id").references(() => owuiUsers.id, { onDelete: "set null" }),
      title: k.text("title"),
      models: k.json<string[]>("models").notNull(),
      createdAtRemote: k.ts("created_at_remote"),
      updatedAtRemote: k.ts("updated_at_remote"),
      messageCount: k.int("message_count").notNull(),
      /** Hash of the normalised chat: with updated_at, decides whether a reload re-parses it. */
      contentHash: k.text("content_hash").notNull(),
      archived: k.bool("archived").notNull().default(false),
      ingestedAt: k.ts("ingested_at").notNull(),
    },
    (t) => [k.index("chats_user_idx").on(t.owuiUserId), k.index("chats_updated_idx").on(t.updatedAtRemote)],
  );

  /**
   * Message text for transcripts and search. On SQLite, write rows only through
   * replaceChatMessages: it adds them to the search index (no insert trigger; migration 0005).
   */
  const chatMessages = k.table(
    "chat_messages",
    {
      chatId: k
        .text("chat_id")
        .notNull()
        .references(() => chats.id, { onDelete: "cascade" }),
      messageId: k.text("message_id").notNull(),
      parentId: k.text("parent_id"),
      role: k.text("role").notNull(),
      model: k.text("model"),
      content: k.text("content").notNull(),
      createdAtRemote: k.ts("created_at_remote"),
      /** On the branch the chat currently shows (walked back from currentId). */
      onActiveBranch: k.bool("on_active_branch").notNull(),
      position: k.int("position").notNull(),
    },
    // The primary key also serves lookups by chat (a chat's ~20 rows sort by position in memory);
    // a second index on (chat_id, position) cost more at ingest than it saved at read.
    (t) => [k.primaryKey({ columns: [t.chatId, t.messageId], name: "chat_messages_pk" })],
  );

  /** A (chat, mission) pair, as detected. */
  const missionAttempts = k.table(
    "mission_attempts",
    {
      id: k.id(),
      chatId: k
        .text("chat_id")
        .notNull()
        .references(() => chats.id, { onDelete: "cascade" }),
      missionId: k
        .ref("mission_id")
        .notNull()
        .references(() => missions.id, { onDelete: "cascade" }),
      owuiUserId: k.text("owui_user_id"),
      startedAt: k.ts("started_at"),
      lastMessageAt: k.ts("last_message_at"),
      messageCount: k.int("message_count").notNull(),
      userMessageCount: k.int("user_message_count").notNull(),
      completed: k.bool("completed").notNull(),
      detectorVersion: k.text("detector_version").notNull(),
    },
    (t) => [
      k.uniqueIndex("mission_attempts_chat_mission_uq").on(t.chatId, t.missionId),
      k.index("mission_attempts_mission_idx").on(t.missionId, t.owuiUserId),
      k.index("mission_attempts_user_idx").on(t.owuiUserId),
    ],
  );

  /** The completing message of an attempt, with the points snapshot taken at detection. */
  const missionCompletions = k.table(
    "mission_completions",
    {
      id: k.id(),
      attemptId: k
        .ref("attempt_id")
        .notNull()
        .references(() => missionAttempts.id, { onDelete: "cascade" }),
      missionId: k
        .ref("mission_id")
        .notNull()
        .references(() => missions.id, { onDelete: "cascade" }),
      owuiUserId: k.text("owui_user_id"),
      chatId: k.text("chat_id").notNull(),
      messageId: k.text("message_id").notNull(),
      completedAt: k.ts("completed_at"),
      marker: k.text("marker").notNull(),
      outcome: k.text("outcome"),
      points: k.int("points"),
      detectorVersion: k.text("detector_version").notNull(),
      createdAt: k.createdAt(),
    },
    (t) => [
      k.uniqueIndex("mission_completions_attempt_uq").on(t.attemptId),
      k.index("mission_completions_mission_idx").on(t.missionId, t.owuiUserId),
    ],
  );

  /** One row per reload (API, upload, CLI or schedule) with its counts and outcome. */
  const reloadRuns = k.table(
    "reload_runs",
    {
      id: k.id(),
      source: k.text("source", { enum: RELOAD_SOURCES }).notNull(),
      mode: k.text("mode", { enum: RELOAD_MODES }).notNull(),
      status: k.text("status", { enum: RELOAD_STATUSES }).notNull(),
      startedAt: k.ts("started_at").notNull(),
      finishedAt: k.ts("finished_at"),
      durationMs: k.int("duration_ms"),
      processed: k.int("processed").notNull().default(0),
      total: k.int("total"),
      inserted: k.int("inserted").notNull().default(0),
      updated: k.int("updated").notNull().default(0),
      unchanged: k.int("unchanged").notNull().default(0),
      skipped: k.int("skipped").notNull().default(0),
      skippedReasons: k.json<Record<string, number>>("skipped_reasons").notNull(),
      /** Up to a few skipped records per reason, each named by its place in the source ("record 3, line 12"). */
      skippedRecords: k.json<Record<string, string[]>>("skipped_records"),
      error: k.text("error"),
      triggeredBy: k.ref("triggered_by").references(() => users.id, { onDelete: "set null" }),
    },
    (t) => [
      k.index("reload_runs_started_idx").on(t.startedAt),
      k.enumCheck("reload_runs_source_ck", t.source, RELOAD_SOURCES),
      k.enumCheck("reload_runs_mode_ck", t.mode, RELOAD_MODES),
      k.enumCheck("reload_runs_status_ck", t.status, RELOAD_STATUSES),
    ],
  );

  /**
   * One row per background job (docs/decisions/016-job-runner.md): created with the job's lease in
   * one transaction, its progress while it runs, its outcome. A reload also has its reload_runs row
   * (same id) with the ingest's counts. `queued`: asked for while its lease was taken.
   */
  const jobRuns = k.table(
    "job_runs",
    {
      id: k.id(),
      kind: k.text("kind", { enum: JOB_KINDS }).notNull(),
      status: k.text("status", { enum: JOB_STATUSES }).notNull(),
      /** The job_locks key it runs under. */
      lease: k.text("lease").notNull(),
      /** What the job works on, e.g. { missionId } (ids and counts only, never personal data). */
      params: k.json<Record<string, string | number | boolean | null>>("params").notNull(),
      startedAt: k.ts("started_at"),
      finishedAt: k.ts("finished_at"),
      durationMs: k.int("duration_ms"),
      processed: k.int("processed").notNull().default(0),
      total: k.int("total"),
      /** What it is doing now, for a progress line ("chats", "re-detecting"). */
      phase: k.text("phase"),
      /** Its outcome in counts (never personal data). */
      result: k.json<Record<string, string | number | boolean | null>>("result"),
      error: k.text("error"),
      triggeredBy: k.ref("triggered_by").references(() => users.id, { onDelete: "set null" }),
      createdAt: k.createdAt(),
    },
    (t) => [
      k.index("job_runs_lease_status_idx").on(t.lease, t.status),
      k.index("job_runs_started_idx").on(t.startedAt),
      // Every analytics page reads the newest reloads (freshness); job runs are kept, so without
      // this the read scans and sorts the whole history on each request.
      k.index("job_runs_kind_finished_idx").on(t.kind, t.finishedAt),
      k.uniqueIndex("job_runs_one_queued_uq").on(t.kind).where(sql`status = 'queued'`),
      k.enumCheck("job_runs_kind_ck", t.kind, JOB_KINDS),
      k.enumCheck("job_runs_status_ck", t.status, JOB_STATUSES),
    ],
  );

  /**
   * A value that changed in OpenWebUI for a model that counts as a mission (its Missions tag, week
   * or points), for an admin to accept or dismiss on /admin/missions. One pending row per mission
   * and field; a later reload updates it.
   */
  const missionChanges = k.table(
    "mission_changes",
    {
      id: k.id(),
      missionId: k
        .ref("mission_id")
        .notNull()
        .references(() => missions.id, { onDelete: "cascade" }),
      modelId: k.text("model_id").notNull(),
      field: k.text("field", { enum: MODEL_CHANGE_FIELDS }).notNull(),
      /** The mission's value when the change was seen → what OpenWebUI says. */
      change: k.json<{ from: number | boolean | null; to: number | boolean | null }>("change").notNull(),
      status: k.text("status", { enum: MISSION_CHANGE_STATUSES }).notNull().default("pending"),
      detectedAt: k.ts("detected_at").notNull(),
      decidedAt: k.ts("decided_at"),
      decidedBy: k.ref("decided_by").references(() => users.id, { onDelete: "set null" }),
    },
    (t) => [
      k.uniqueIndex("mission_changes_one_pending_uq").on(t.missionId, t.field).where(sql`status = 'pending'`),
      k.index("mission_changes_status_idx").on(t.status),
      k.enumCheck("mission_changes_field_ck", t.field, MODEL_CHANGE_FIELDS),
      k.enumCheck("mission_changes_status_ck", t.status, MISSION_CHANGE_STATUSES),
    ],
  );

  /** Leases that make a job run on one instance at a time (e.g. "analytics"). Expired leases can be taken over. */
  const jobLocks = k.table("job_locks", {
    key: k.text("key").primaryKey(),
    holder: k.text("holder").notNull(),
    acquiredAt: k.ts("acquired_at").notNull(),
    expiresAt: k.ts("expires_at").notNull(),
  });

  // --- Scoring: adjustments, stored standings, ranks and board settings (docs/product/missions.md §M-12..M-15)

  /**
   * A signed change to a learner's score with a reason, entered by an admin. Keyed by the OpenWebUI
   * user id (the board's learner) without a foreign key: a truncate reload must not sweep it away.
   */
  const scoreAdjustments = k.table(
    "score_adjustments",
    {
      id: k.id(),
      learnerId: k.text("learner_id").notNull(),
      points: k.int("points").notNull(),
      reason: k.text("reason").notNull(),
      /** The week's board it also counts on; null counts only on the overall board. */
      week: k.int("week"),
      createdBy: k.ref("created_by").references(() => users.id, { onDelete: "set null" }),
      createdAt: k.createdAt(),
    },
    (t) => [k.index("score_adjustments_learner_idx").on(t.learnerId, t.createdAt)],
  );

  /**
   * One row per learner and board view (core boardKey: `overall`, `week:3`, `week:3@<freeze>`),
   * written by the jobs that change completions or adjustments; pages only read them.
   */
  const standings = k.table(
    "standings",
    {
      board: k.text("board").notNull(),
      learnerId: k.text("learner_id").notNull(),
      position: k.int("position").notNull(),
      points: k.int("points").notNull(),
      completions: k.int("completions").notNull(),
      attempts: k.int("attempts").notNull(),
      reachedAt: k.ts("reached_at"),
      updatedAt: k.ts("updated_at").notNull(),
    },
    (t) => [
      k.primaryKey({ columns: [t.board, t.learnerId], name: "standings_pk" }),
      k.index("standings_board_position_idx").on(t.board, t.position),
      k.index("standings_learner_idx").on(t.learnerId),
    ],
  );

  /** The rank table (§M-14); empty means core's DEFAULT_RANKS. Replaced as a whole by an admin. */
  const rankLevels = k.table(
    "rank_levels",
    {
      id: k.id(),
      minPoints: k.int("min_points").notNull(),
      name: k.text("name").notNull(),
      reward: k.text("reward"),
      updatedAt: k.ts("updated_at").notNull(),
    },
    (t) => [k.uniqueIndex("rank_levels_min_points_uq").on(t.minPoints)],
  );

  /** Per-board settings (§M-13): the freeze time after which learners see the board as it stood. */
  const boardSettings = k.table("board_settings", {
    /** `overall` or `week:N` (core boardKey without a freeze). */
    board: k.text("board").primaryKey(),
    freezeAt: k.ts("freeze_at"),
    updatedBy: k.ref("updated_by").references(() => users.id, { onDelete: "set null" }),
    updatedAt: k.ts("updated_at").notNull(),
  });

  /**
   * Change counters the dashboards' per-process cache is keyed by (docs/decisions/023-dashboard-benchmark.md,
   * "Performance work"). Database triggers (migration 0012) bump `dashboards` in the same transaction as
   * every write to what the dashboards read, whatever code path writes it, so every instance sharing the
   * database sees the change as soon as it commits.
   */
  const dataStamps = k.table("data_stamps", {
    key: k.text("key").primaryKey(),
    version: k.int("version").notNull().default(0),
  });

  // --- Campaign credits: SharePoint "Submitted Activity List" uploads (docs/decisions/025-credit-snapshots.md)

  /**
   * One uploaded credits file. `pending` until an admin confirms its preview, then `current` (at
   * most one, enforced by the partial unique index), then `superseded`. Never deleted, except a
   * pending upload nobody confirmed (one per uploader at most: the next upload replaces it).
   */
  const creditSnapshots = k.table(
    "credit_snapshots",
    {
      id: k.id(),
      status: k.text("status", { enum: CREDIT_SNAPSHOT_STATUSES }).notNull().default("pending"),
      /** Null when the CLI uploaded it (or the uploader's account was deleted). */
      uploadedBy: k.ref("uploaded_by").references(() => users.id, { onDelete: "set null" }),
      uploadedAt: k.ts("uploaded_at").notNull(),
      /** The name the browser or the command line gave (display and audit only). */
      fileName: k.text("file_name").notNull(),
      sha256: k.text("sha256").notNull(),
      bytes: k.int("bytes").notNull(),
      rowCount: k.int("row_count").notNull(),
      /** Against the snapshot that was current at upload: rows added, changed and dropped. */
      addedCount: k.int("added_count").notNull(),
      changedCount: k.int("changed_count").notNull(),
      droppedCount: k.int("dropped_count").notNull(),
      confirmedBy: k.ref("confirmed_by").references(() => users.id, { onDelete: "set null" }),
      confirmedAt: k.ts("confirmed_at"),
      /** When it last became current (confirmation, or made current again). */
      currentSince: k.ts("current_since"),
    },
    (t) => [
      k.uniqueIndex("credit_snapshots_one_current_uq").on(t.status).where(sql`status = 'current'`),
      k.uniqueIndex("credit_snapshots_one_pending_uq").on(t.uploadedBy).where(sql`status = 'pending'`),
      k.index("credit_snapshots_uploaded_idx").on(t.uploadedAt),
      k.enumCheck("credit_snapshots_status_ck", t.status, CREDIT_SNAPSHOT_STATUSES),
    ],
  );

  /** The rows of a snapshot, one per data line of the file, every column of analytics spec §1.4 typed. */
  const creditRows = k.table(
    "credit_rows",
    {
      snapshotId: k
        .ref("snapshot_id")
        .notNull()
        .references(() => creditSnapshots.id, { onDelete: "cascade" }),
      /** The line of the file the row starts on (the header is line 1). */
      line: k.int("line").notNull(),
      sharepointUserId: k.int("sharepoint_user_id").notNull(),
      firstName: k.text("first_name"),
      lastName: k.text("last_name"),
      email: k.text("email").notNull(),
      activityId: k.int("activity_id").notNull(),
      activityType: k.text("activity_type").notNull(),
      activityStatus: k.text("activity_status").notNull(),
      /** PointsAwarded in hundredths (exact sums; 12.5 points is 1250). */
      pointsAwardedHundredths: k.int("points_awarded_hundredths").notNull(),
      weekId: k.int("week_id").notNull(),
      attachments: k.int("attachments"),
      useCaseTitle: k.text("use_case_title"),
      useCaseType: k.text("use_case_type"),
      useCaseStory: k.text("use_case_story"),
      useCaseHow: k.text("use_case_how"),
      useCaseValue: k.text("use_case_value"),
      trainingTitle: k.text("training_title"),
      trainingReflection: k.text("training_reflection"),
      trainingDuration: k.real("training_duration"),
      trainingLink: k.text("training_link"),
      demoTitle: k.text("demo_title"),
      demoDescription: k.text("demo_description"),
      missionChallengeWeek: k.text("mission_challenge_week"),
      missionChallenge: k.text("mission_challenge"),
      missionChallengeResponse: k.real("mission_challenge_response"),
      quizTopic: k.text("quiz_topic"),
      quizScore: k.real("quiz_score"),
      quizCompletionDate: k.ts("quiz_completion_date"),
      created: k.ts("created").notNull(),
    },
    (t) => [
      k.primaryKey({ columns: [t.snapshotId, t.line], name: "credit_rows_pk" }),
      k.index("credit_rows_email_idx").on(t.snapshotId, sql`lower(${t.email})`),
    ],
  );

  /**
   * An admin's answer to "which mission is this MissionChallenge text?": matching tries it before
   * names and similarity. `challengeKey` is the text trimmed and lower-cased (one mapping per text).
   */
  const creditMappings = k.table(
    "credit_mappings",
    {
      id: k.id(),
      challengeKey: k.text("challenge_key").notNull(),
      /** The text as the reviewer typed it (first seen), for display. */
      challenge: k.text("challenge").notNull(),
      missionId: k
        .ref("mission_id")
        .notNull()
        .references(() => missions.id, { onDelete: "cascade" }),
      updatedBy: k.ref("updated_by").references(() => users.id, { onDelete: "set null" }),
      updatedAt: k.ts("updated_at").notNull(),
    },
    (t) => [k.uniqueIndex("credit_mappings_challenge_uq").on(t.challengeKey), k.index("credit_mappings_mission_idx").on(t.missionId)],
  );

  /** The campaign's settings: one row (`id` = "campaign"); absent values mean the defaults. */
  const campaignSettings = k.table(
    "campaign_settings",
    {
      id: k.text("id").primaryKey(),
      /** Null: official points once a credit list is current, detected points before. */
      rankSource: k.text("rank_source", { enum: CAMPAIGN_RANK_SOURCES }),
      /** Null: core's default (0.82). */
      similarityThreshold: k.real("similarity_threshold"),
      updatedBy: k.ref("updated_by").references(() => users.id, { onDelete: "set null" }),
      updatedAt: k.ts("updated_at").notNull(),
    },
    (t) => [k.enumCheck("campaign_settings_rank_source_ck", t.rankSource, CAMPAIGN_RANK_SOURCES)],
  );

  /**
   * What a credits job leaves for the page that started it (docs/decisions/028): an import's
   * preview (lists capped, as the page shows them) and its pending snapshot, or a report's
   * workbook (base64) and whether it holds names. One row per job run; removed with the run, and
   * by the next credits job once older than a day. Read only by the person who started the job.
   */
  const creditJobOutputs = k.table(
    "credit_job_outputs",
    {
      runId: k
        .ref("run_id")
        .primaryKey()
        .references(() => jobRuns.id, { onDelete: "cascade" }),
      requestedBy: k.ref("requested_by").references(() => users.id, { onDelete: "set null" }),
      snapshotId: k.ref("snapshot_id").references(() => creditSnapshots.id, { onDelete: "set null" }),
      preview: k.json<unknown>("preview"),
      fileName: k.text("file_name"),
      personalData: k.bool("personal_data").notNull().default(false),
      workbook: k.text("workbook"),
      createdAt: k.createdAt(),
    },
    (t) => [k.index("credit_job_outputs_created_idx").on(t.createdAt)],
  );

  // --- Open Badges 3.0 credentials (docs/product/credentials.md, ADR 030)

  /**
   * The issuer's Ed25519 signing keys, one row per version. The 32-byte seed is stored encrypted
   * (AES-256-GCM, key derived by scrypt from CREDENTIAL_KEY_SECRET with the row's own salt). The
   * highest version without `retired_at` signs; retired keys stay listed in the DID document.
   */
  const credentialKeys = k.table(
    "credential_keys",
    {
      id: k.id(),
      version: k.int("version").notNull(),
      publicKeyMultibase: k.text("public_key_multibase").notNull(),
      /** `v1.<salt>.<iv>.<tag>.<ciphertext>`, base64url parts. */
      encryptedSeed: k.text("encrypted_seed").notNull(),
      createdAt: k.createdAt(),
      retiredAt: k.ts("retired_at"),
      retiredBy: k.ref("retired_by").references(() => users.id, { onDelete: "set null" }),
    },
    (t) => [k.uniqueIndex("credential_keys_version_uq").on(t.version)],
  );

  /**
   * One signed OpenBadgeCredential per award and key version (the unique index makes issuing
   * idempotent). `status_index` is the credential's bit in the revocation list, allocated once.
   */
  const credentials = k.table(
    "credentials",
    {
      id: k.id(),
      awardId: k
        .ref("award_id")
        .notNull()
        .references(() => awards.id, { onDelete: "cascade" }),
      /** The signing key's version (credential_keys.version; keys are never deleted). */
      keyVersion: k.int("key_version").notNull(),
      statusIndex: k.int("status_index").notNull(),
      /** The signed credential (Data Integrity proof), exactly as served. */
      signedJson: k.text("signed_json").notNull(),
      /** The same credential as a VC-JWT (EdDSA). */
      jwt: k.text("jwt").notNull(),
      /** The learner turned on the public verification page. */
      isPublic: k.bool("is_public").notNull().default(false),
      /** The public page shows the learner's name (off by default). */
      showName: k.bool("show_name").notNull().default(false),
      issuedAt: k.ts("issued_at").notNull(),
    },
    (t) => [
      k.uniqueIndex("credentials_award_key_uq").on(t.awardId, t.keyVersion),
      k.uniqueIndex("credentials_status_index_uq").on(t.statusIndex),
    ],
  );

  /**
   * The revocation status list (one row, id "1"): the next free index and the signed
   * BitstringStatusListCredential, re-signed whenever a credential's award is revoked.
   */
  const credentialStatusLists = k.table("credential_status_lists", {
    /** The list's number as text ("1"): its URL is /credentials/status/<id>. */
    id: k.text("id").primaryKey(),
    nextIndex: k.int("next_index").notNull().default(0),
    /** Null until the first credential is issued. */
    signedJson: k.text("signed_json"),
    updatedAt: k.ts("updated_at").notNull(),
  });

  return {
    creditSnapshots,
    creditRows,
    creditMappings,
    campaignSettings,
    creditJobOutputs,
    dataStamps,
    scoreAdjustments,
    standings,
    rankLevels,
    boardSettings,
    owuiUsers,
    owuiModels,
    missions,
    chats,
    chatMessages,
    missionAttempts,
    missionCompletions,
    reloadRuns,
    jobRuns,
    missionChanges,
    jobLocks,
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
    badgeMissionRules,
    badgeRuleMissions,
    awardEvidence,
    notifications,
    credentialKeys,
    credentials,
    credentialStatusLists,
  };
}

export type Schema = ReturnType<typeof defineSchema>;
export type Db = Kit.Db;
export type UserRow = Schema["users"]["$inferSelect"];
export type AuditLogRow = Schema["auditLogs"]["$inferSelect"];
