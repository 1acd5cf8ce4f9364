PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_auth_identities` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`provider` text NOT NULL,
	`subject` text NOT NULL,
	`email` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "auth_identities_provider_ck" CHECK("__new_auth_identities"."provider" in ('google', 'microsoft'))
);
--> statement-breakpoint
INSERT INTO `__new_auth_identities`("id", "user_id", "provider", "subject", "email", "created_at") SELECT "id", "user_id", "provider", "subject", "email", "created_at" FROM `auth_identities`;--> statement-breakpoint
DROP TABLE `auth_identities`;--> statement-breakpoint
ALTER TABLE `__new_auth_identities` RENAME TO `auth_identities`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `auth_identities_provider_subject_uq` ON `auth_identities` (`provider`,`subject`);--> statement-breakpoint
CREATE INDEX `auth_identities_user_idx` ON `auth_identities` (`user_id`);--> statement-breakpoint
CREATE TABLE `__new_auth_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`purpose` text NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "auth_tokens_purpose_ck" CHECK("__new_auth_tokens"."purpose" in ('verify_email', 'reset_password'))
);
--> statement-breakpoint
INSERT INTO `__new_auth_tokens`("id", "user_id", "purpose", "expires_at", "used_at", "created_at") SELECT "id", "user_id", "purpose", "expires_at", "used_at", "created_at" FROM `auth_tokens`;--> statement-breakpoint
DROP TABLE `auth_tokens`;--> statement-breakpoint
ALTER TABLE `__new_auth_tokens` RENAME TO `auth_tokens`;--> statement-breakpoint
CREATE INDEX `auth_tokens_user_idx` ON `auth_tokens` (`user_id`,`purpose`);--> statement-breakpoint
CREATE TABLE `__new_awards` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`item_id` text NOT NULL,
	`kind` text NOT NULL,
	`source` text NOT NULL,
	`request_id` text,
	`awarded_by` text,
	`reason` text,
	`awarded_at` integer NOT NULL,
	`revoked_at` integer,
	`revoked_by` text,
	`revoke_reason` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`item_id`) REFERENCES `catalog_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`request_id`) REFERENCES `badge_requests`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`awarded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`revoked_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "awards_kind_ck" CHECK("__new_awards"."kind" in ('program', 'skill', 'mini_badge', 'capstone', 'progress_badge')),
	CONSTRAINT "awards_source_ck" CHECK("__new_awards"."source" in ('request', 'auto', 'manual'))
);
--> statement-breakpoint
INSERT INTO `__new_awards`("id", "user_id", "item_id", "kind", "source", "request_id", "awarded_by", "reason", "awarded_at", "revoked_at", "revoked_by", "revoke_reason") SELECT "id", "user_id", "item_id", "kind", "source", "request_id", "awarded_by", "reason", "awarded_at", "revoked_at", "revoked_by", "revoke_reason" FROM `awards`;--> statement-breakpoint
DROP TABLE `awards`;--> statement-breakpoint
ALTER TABLE `__new_awards` RENAME TO `awards`;--> statement-breakpoint
CREATE UNIQUE INDEX `awards_one_live_uq` ON `awards` (`user_id`,`item_id`) WHERE revoked_at is null;--> statement-breakpoint
CREATE INDEX `awards_user_idx` ON `awards` (`user_id`,`awarded_at`);--> statement-breakpoint
CREATE INDEX `awards_item_idx` ON `awards` (`item_id`);--> statement-breakpoint
CREATE INDEX `awards_awarded_idx` ON `awards` (`awarded_at`);--> statement-breakpoint
CREATE TABLE `__new_mail_messages` (
	`id` text PRIMARY KEY NOT NULL,
	`to_address` text NOT NULL,
	`subject` text NOT NULL,
	`text_body` text,
	`html_body` text,
	`status` text DEFAULT 'queued' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`sent_at` integer,
	CONSTRAINT "mail_messages_status_ck" CHECK("__new_mail_messages"."status" in ('queued', 'sending', 'sent', 'failed', 'held'))
);
--> statement-breakpoint
INSERT INTO `__new_mail_messages`("id", "to_address", "subject", "text_body", "html_body", "status", "attempts", "last_error", "created_at", "sent_at") SELECT "id", "to_address", "subject", "text_body", "html_body", "status", "attempts", "last_error", "created_at", "sent_at" FROM `mail_messages`;--> statement-breakpoint
DROP TABLE `mail_messages`;--> statement-breakpoint
ALTER TABLE `__new_mail_messages` RENAME TO `mail_messages`;--> statement-breakpoint
CREATE INDEX `mail_messages_status_idx` ON `mail_messages` (`status`,`created_at`);--> statement-breakpoint
CREATE TABLE `__new_missions` (
	`id` text PRIMARY KEY NOT NULL,
	`key` text NOT NULL,
	`name` text NOT NULL,
	`week` integer,
	`points` integer,
	`difficulty` text,
	`aliases` text NOT NULL,
	`markers` text NOT NULL,
	`include_default_markers` integer DEFAULT true NOT NULL,
	`briefing_reply_counts` integer DEFAULT false NOT NULL,
	`start_triggers` text NOT NULL,
	`origin` text NOT NULL,
	`is_active` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "missions_origin_ck" CHECK("__new_missions"."origin" in ('model', 'manifest', 'admin'))
);
--> statement-breakpoint
INSERT INTO `__new_missions`("id", "key", "name", "week", "points", "difficulty", "aliases", "markers", "include_default_markers", "briefing_reply_counts", "start_triggers", "origin", "is_active", "created_at", "updated_at") SELECT "id", "key", "name", "week", "points", "difficulty", "aliases", "markers", "include_default_markers", "briefing_reply_counts", "start_triggers", "origin", "is_active", "created_at", "updated_at" FROM `missions`;--> statement-breakpoint
DROP TABLE `missions`;--> statement-breakpoint
ALTER TABLE `__new_missions` RENAME TO `missions`;--> statement-breakpoint
CREATE UNIQUE INDEX `missions_key_uq` ON `missions` (`key`);--> statement-breakpoint
CREATE INDEX `missions_week_idx` ON `missions` (`week`);--> statement-breakpoint
CREATE TABLE `__new_notifications` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`body` text,
	`link` text,
	`read_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "notifications_kind_ck" CHECK("__new_notifications"."kind" in ('request_approved', 'request_rejected', 'badge_awarded', 'badge_revoked'))
);
--> statement-breakpoint
INSERT INTO `__new_notifications`("id", "user_id", "kind", "title", "body", "link", "read_at", "created_at") SELECT "id", "user_id", "kind", "title", "body", "link", "read_at", "created_at" FROM `notifications`;--> statement-breakpoint
DROP TABLE `notifications`;--> statement-breakpoint
ALTER TABLE `__new_notifications` RENAME TO `notifications`;--> statement-breakpoint
CREATE INDEX `notifications_user_idx` ON `notifications` (`user_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `__new_owui_users` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text,
	`email` text,
	`role` text,
	`source` text NOT NULL,
	`user_id` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "owui_users_source_ck" CHECK("__new_owui_users"."source" in ('api', 'file', 'placeholder'))
);
--> statement-breakpoint
INSERT INTO `__new_owui_users`("id", "name", "email", "role", "source", "user_id", "created_at", "updated_at") SELECT "id", "name", "email", "role", "source", "user_id", "created_at", "updated_at" FROM `owui_users`;--> statement-breakpoint
DROP TABLE `owui_users`;--> statement-breakpoint
ALTER TABLE `__new_owui_users` RENAME TO `owui_users`;--> statement-breakpoint
CREATE INDEX `owui_users_email_idx` ON `owui_users` (`email`);--> statement-breakpoint
CREATE INDEX `owui_users_user_idx` ON `owui_users` (`user_id`);--> statement-breakpoint
CREATE TABLE `__new_reload_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`source` text NOT NULL,
	`mode` text NOT NULL,
	`status` text NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	`duration_ms` integer,
	`processed` integer DEFAULT 0 NOT NULL,
	`total` integer,
	`inserted` integer DEFAULT 0 NOT NULL,
	`updated` integer DEFAULT 0 NOT NULL,
	`unchanged` integer DEFAULT 0 NOT NULL,
	`skipped` integer DEFAULT 0 NOT NULL,
	`skipped_reasons` text NOT NULL,
	`error` text,
	`triggered_by` text,
	FOREIGN KEY (`triggered_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "reload_runs_source_ck" CHECK("__new_reload_runs"."source" in ('api', 'upload', 'cli', 'schedule')),
	CONSTRAINT "reload_runs_mode_ck" CHECK("__new_reload_runs"."mode" in ('upsert', 'truncate')),
	CONSTRAINT "reload_runs_status_ck" CHECK("__new_reload_runs"."status" in ('running', 'succeeded', 'failed'))
);
--> statement-breakpoint
INSERT INTO `__new_reload_runs`("id", "source", "mode", "status", "started_at", "finished_at", "duration_ms", "processed", "total", "inserted", "updated", "unchanged", "skipped", "skipped_reasons", "error", "triggered_by") SELECT "id", "source", "mode", "status", "started_at", "finished_at", "duration_ms", "processed", "total", "inserted", "updated", "unchanged", "skipped", "skipped_reasons", "error", "triggered_by" FROM `reload_runs`;--> statement-breakpoint
DROP TABLE `reload_runs`;--> statement-breakpoint
ALTER TABLE `__new_reload_runs` RENAME TO `reload_runs`;--> statement-breakpoint
CREATE INDEX `reload_runs_started_idx` ON `reload_runs` (`started_at`);--> statement-breakpoint
CREATE TABLE `__new_users` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`role` text DEFAULT 'student' NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`password_hash` text,
	`email_verified_at` integer,
	`display_name` text,
	`substack_email` text,
	`meetup_email` text,
	`consent_at` integer,
	`consent_version` text,
	`onboarded_at` integer,
	`origin` text DEFAULT 'local' NOT NULL,
	`email_notifications` integer DEFAULT true NOT NULL,
	`last_sign_in_at` integer,
	`role_decided_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "users_role_ck" CHECK("__new_users"."role" in ('admin', 'assistant', 'student')),
	CONSTRAINT "users_status_ck" CHECK("__new_users"."status" in ('active', 'pending', 'deactivated')),
	CONSTRAINT "users_origin_ck" CHECK("__new_users"."origin" in ('local', 'google', 'microsoft', 'precreated', 'setup'))
);
--> statement-breakpoint
INSERT INTO `__new_users`("id", "email", "name", "role", "status", "password_hash", "email_verified_at", "display_name", "substack_email", "meetup_email", "consent_at", "consent_version", "onboarded_at", "origin", "email_notifications", "last_sign_in_at", "role_decided_at", "created_at", "updated_at") SELECT "id", "email", "name", "role", "status", "password_hash", "email_verified_at", "display_name", "substack_email", "meetup_email", "consent_at", "consent_version", "onboarded_at", "origin", "email_notifications", "last_sign_in_at", "role_decided_at", "created_at", "updated_at" FROM `users`;--> statement-breakpoint
DROP TABLE `users`;--> statement-breakpoint
ALTER TABLE `__new_users` RENAME TO `users`;--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_uq` ON `users` (`email`);--> statement-breakpoint
CREATE INDEX `users_role_idx` ON `users` (`role`);--> statement-breakpoint
CREATE INDEX `users_status_idx` ON `users` (`status`);