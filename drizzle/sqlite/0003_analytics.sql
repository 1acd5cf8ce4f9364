CREATE TABLE `chat_messages` (
	`chat_id` text NOT NULL,
	`message_id` text NOT NULL,
	`parent_id` text,
	`role` text NOT NULL,
	`model` text,
	`content` text NOT NULL,
	`created_at_remote` integer,
	`on_active_branch` integer NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`chat_id`, `message_id`),
	FOREIGN KEY (`chat_id`) REFERENCES `chats`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `chat_messages_chat_idx` ON `chat_messages` (`chat_id`,`position`);--> statement-breakpoint
CREATE TABLE `chats` (
	`id` text PRIMARY KEY NOT NULL,
	`owui_user_id` text,
	`title` text,
	`models` text NOT NULL,
	`created_at_remote` integer,
	`updated_at_remote` integer,
	`message_count` integer NOT NULL,
	`content_hash` text NOT NULL,
	`archived` integer DEFAULT false NOT NULL,
	`ingested_at` integer NOT NULL,
	FOREIGN KEY (`owui_user_id`) REFERENCES `owui_users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `chats_user_idx` ON `chats` (`owui_user_id`);--> statement-breakpoint
CREATE INDEX `chats_updated_idx` ON `chats` (`updated_at_remote`);--> statement-breakpoint
CREATE TABLE `job_locks` (
	`key` text PRIMARY KEY NOT NULL,
	`holder` text NOT NULL,
	`acquired_at` integer NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `mission_attempts` (
	`id` text PRIMARY KEY NOT NULL,
	`chat_id` text NOT NULL,
	`mission_id` text NOT NULL,
	`owui_user_id` text,
	`started_at` integer,
	`last_message_at` integer,
	`message_count` integer NOT NULL,
	`user_message_count` integer NOT NULL,
	`completed` integer NOT NULL,
	`detector_version` text NOT NULL,
	FOREIGN KEY (`chat_id`) REFERENCES `chats`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`mission_id`) REFERENCES `missions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `mission_attempts_chat_mission_uq` ON `mission_attempts` (`chat_id`,`mission_id`);--> statement-breakpoint
CREATE INDEX `mission_attempts_mission_idx` ON `mission_attempts` (`mission_id`,`owui_user_id`);--> statement-breakpoint
CREATE INDEX `mission_attempts_user_idx` ON `mission_attempts` (`owui_user_id`);--> statement-breakpoint
CREATE TABLE `mission_completions` (
	`id` text PRIMARY KEY NOT NULL,
	`attempt_id` text NOT NULL,
	`mission_id` text NOT NULL,
	`owui_user_id` text,
	`chat_id` text NOT NULL,
	`message_id` text NOT NULL,
	`completed_at` integer,
	`marker` text NOT NULL,
	`outcome` text,
	`points` integer,
	`detector_version` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`attempt_id`) REFERENCES `mission_attempts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`mission_id`) REFERENCES `missions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `mission_completions_attempt_uq` ON `mission_completions` (`attempt_id`);--> statement-breakpoint
CREATE INDEX `mission_completions_mission_idx` ON `mission_completions` (`mission_id`,`owui_user_id`);--> statement-breakpoint
CREATE TABLE `missions` (
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
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `missions_key_uq` ON `missions` (`key`);--> statement-breakpoint
CREATE INDEX `missions_week_idx` ON `missions` (`week`);--> statement-breakpoint
CREATE TABLE `owui_models` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`tags` text NOT NULL,
	`mission_tagged` integer DEFAULT false NOT NULL,
	`params` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `owui_users` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text,
	`email` text,
	`role` text,
	`source` text NOT NULL,
	`user_id` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `owui_users_email_idx` ON `owui_users` (`email`);--> statement-breakpoint
CREATE INDEX `owui_users_user_idx` ON `owui_users` (`user_id`);--> statement-breakpoint
CREATE TABLE `reload_runs` (
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
	FOREIGN KEY (`triggered_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `reload_runs_started_idx` ON `reload_runs` (`started_at`);