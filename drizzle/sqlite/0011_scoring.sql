CREATE TABLE `board_settings` (
	`board` text PRIMARY KEY NOT NULL,
	`freeze_at` integer,
	`updated_by` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `rank_levels` (
	`id` text PRIMARY KEY NOT NULL,
	`min_points` integer NOT NULL,
	`name` text NOT NULL,
	`reward` text,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `rank_levels_min_points_uq` ON `rank_levels` (`min_points`);--> statement-breakpoint
CREATE TABLE `score_adjustments` (
	`id` text PRIMARY KEY NOT NULL,
	`learner_id` text NOT NULL,
	`points` integer NOT NULL,
	`reason` text NOT NULL,
	`week` integer,
	`created_by` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `score_adjustments_learner_idx` ON `score_adjustments` (`learner_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `standings` (
	`board` text NOT NULL,
	`learner_id` text NOT NULL,
	`position` integer NOT NULL,
	`points` integer NOT NULL,
	`completions` integer NOT NULL,
	`attempts` integer NOT NULL,
	`reached_at` integer,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`board`, `learner_id`)
);
--> statement-breakpoint
CREATE INDEX `standings_board_position_idx` ON `standings` (`board`,`position`);--> statement-breakpoint
CREATE INDEX `standings_learner_idx` ON `standings` (`learner_id`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_job_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`lease` text NOT NULL,
	`params` text NOT NULL,
	`started_at` integer,
	`finished_at` integer,
	`duration_ms` integer,
	`processed` integer DEFAULT 0 NOT NULL,
	`total` integer,
	`phase` text,
	`result` text,
	`error` text,
	`triggered_by` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`triggered_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "job_runs_kind_ck" CHECK("__new_job_runs"."kind" in ('reload', 'redetect', 'rescore', 'standings')),
	CONSTRAINT "job_runs_status_ck" CHECK("__new_job_runs"."status" in ('queued', 'running', 'succeeded', 'failed'))
);
--> statement-breakpoint
INSERT INTO `__new_job_runs`("id", "kind", "status", "lease", "params", "started_at", "finished_at", "duration_ms", "processed", "total", "phase", "result", "error", "triggered_by", "created_at") SELECT "id", "kind", "status", "lease", "params", "started_at", "finished_at", "duration_ms", "processed", "total", "phase", "result", "error", "triggered_by", "created_at" FROM `job_runs`;--> statement-breakpoint
DROP TABLE `job_runs`;--> statement-breakpoint
ALTER TABLE `__new_job_runs` RENAME TO `job_runs`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `job_runs_lease_status_idx` ON `job_runs` (`lease`,`status`);--> statement-breakpoint
CREATE INDEX `job_runs_started_idx` ON `job_runs` (`started_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `job_runs_one_queued_uq` ON `job_runs` (`kind`) WHERE status = 'queued';--> statement-breakpoint
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
	CONSTRAINT "notifications_kind_ck" CHECK("__new_notifications"."kind" in ('request_approved', 'request_rejected', 'badge_awarded', 'badge_revoked', 'requests_waiting', 'rank_up'))
);
--> statement-breakpoint
INSERT INTO `__new_notifications`("id", "user_id", "kind", "title", "body", "link", "read_at", "created_at") SELECT "id", "user_id", "kind", "title", "body", "link", "read_at", "created_at" FROM `notifications`;--> statement-breakpoint
DROP TABLE `notifications`;--> statement-breakpoint
ALTER TABLE `__new_notifications` RENAME TO `notifications`;--> statement-breakpoint
CREATE INDEX `notifications_user_idx` ON `notifications` (`user_id`,`created_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `notifications_one_waiting_uq` ON `notifications` (`user_id`) WHERE kind = 'requests_waiting' and read_at is null;--> statement-breakpoint
CREATE TABLE `__new_owui_users` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text,
	`email` text,
	`role` text,
	`source` text NOT NULL,
	`user_id` text,
	`link_method` text,
	`link_blocked` integer DEFAULT false NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "owui_users_source_ck" CHECK("__new_owui_users"."source" in ('api', 'file', 'placeholder')),
	CONSTRAINT "owui_users_link_method_ck" CHECK("__new_owui_users"."link_method" in ('email', 'manual'))
);
--> statement-breakpoint
INSERT INTO `__new_owui_users`("id", "name", "email", "role", "source", "user_id", "created_at", "updated_at") SELECT "id", "name", "email", "role", "source", "user_id", "created_at", "updated_at" FROM `owui_users`;--> statement-breakpoint
DROP TABLE `owui_users`;--> statement-breakpoint
ALTER TABLE `__new_owui_users` RENAME TO `owui_users`;--> statement-breakpoint
CREATE INDEX `owui_users_email_idx` ON `owui_users` (`email`);--> statement-breakpoint
CREATE UNIQUE INDEX `owui_users_user_uq` ON `owui_users` (`user_id`) WHERE user_id is not null;--> statement-breakpoint
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
	`leaderboard_name` text DEFAULT 'alias' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "users_role_ck" CHECK("__new_users"."role" in ('admin', 'assistant', 'student')),
	CONSTRAINT "users_status_ck" CHECK("__new_users"."status" in ('active', 'pending', 'deactivated')),
	CONSTRAINT "users_origin_ck" CHECK("__new_users"."origin" in ('local', 'google', 'microsoft', 'precreated', 'setup')),
	CONSTRAINT "users_leaderboard_name_ck" CHECK("__new_users"."leaderboard_name" in ('alias', 'first-initial', 'full'))
);
--> statement-breakpoint
INSERT INTO `__new_users`("id", "email", "name", "role", "status", "password_hash", "email_verified_at", "display_name", "substack_email", "meetup_email", "consent_at", "consent_version", "onboarded_at", "origin", "email_notifications", "last_sign_in_at", "role_decided_at", "created_at", "updated_at") SELECT "id", "email", "name", "role", "status", "password_hash", "email_verified_at", "display_name", "substack_email", "meetup_email", "consent_at", "consent_version", "onboarded_at", "origin", "email_notifications", "last_sign_in_at", "role_decided_at", "created_at", "updated_at" FROM `users`;--> statement-breakpoint
DROP TABLE `users`;--> statement-breakpoint
ALTER TABLE `__new_users` RENAME TO `users`;--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_uq` ON `users` (`email`);--> statement-breakpoint
CREATE INDEX `users_role_idx` ON `users` (`role`);--> statement-breakpoint
CREATE INDEX `users_status_idx` ON `users` (`status`);