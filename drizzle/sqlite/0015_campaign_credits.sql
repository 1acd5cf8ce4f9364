CREATE TABLE `campaign_settings` (
	`id` text PRIMARY KEY NOT NULL,
	`rank_source` text,
	`similarity_threshold` real,
	`updated_by` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "campaign_settings_rank_source_ck" CHECK("campaign_settings"."rank_source" in ('detected', 'official'))
);
--> statement-breakpoint
CREATE TABLE `credit_mappings` (
	`id` text PRIMARY KEY NOT NULL,
	`challenge_key` text NOT NULL,
	`challenge` text NOT NULL,
	`mission_id` text NOT NULL,
	`updated_by` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`mission_id`) REFERENCES `missions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `credit_mappings_challenge_uq` ON `credit_mappings` (`challenge_key`);--> statement-breakpoint
CREATE INDEX `credit_mappings_mission_idx` ON `credit_mappings` (`mission_id`);--> statement-breakpoint
CREATE TABLE `credit_rows` (
	`snapshot_id` text NOT NULL,
	`line` integer NOT NULL,
	`sharepoint_user_id` integer NOT NULL,
	`first_name` text,
	`last_name` text,
	`email` text NOT NULL,
	`activity_id` integer NOT NULL,
	`activity_type` text NOT NULL,
	`activity_status` text NOT NULL,
	`points_awarded_hundredths` integer NOT NULL,
	`week_id` integer NOT NULL,
	`attachments` integer,
	`use_case_title` text,
	`use_case_type` text,
	`use_case_story` text,
	`use_case_how` text,
	`use_case_value` text,
	`training_title` text,
	`training_reflection` text,
	`training_duration` real,
	`training_link` text,
	`demo_title` text,
	`demo_description` text,
	`mission_challenge_week` text,
	`mission_challenge` text,
	`mission_challenge_response` real,
	`quiz_topic` text,
	`quiz_score` real,
	`quiz_completion_date` integer,
	`created` integer NOT NULL,
	PRIMARY KEY(`snapshot_id`, `line`),
	FOREIGN KEY (`snapshot_id`) REFERENCES `credit_snapshots`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `credit_rows_email_idx` ON `credit_rows` (`snapshot_id`,lower("email"));--> statement-breakpoint
CREATE TABLE `credit_snapshots` (
	`id` text PRIMARY KEY NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`uploaded_by` text,
	`uploaded_at` integer NOT NULL,
	`file_name` text NOT NULL,
	`sha256` text NOT NULL,
	`bytes` integer NOT NULL,
	`row_count` integer NOT NULL,
	`added_count` integer NOT NULL,
	`changed_count` integer NOT NULL,
	`dropped_count` integer NOT NULL,
	`confirmed_by` text,
	`confirmed_at` integer,
	`current_since` integer,
	FOREIGN KEY (`uploaded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`confirmed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "credit_snapshots_status_ck" CHECK("credit_snapshots"."status" in ('pending', 'current', 'superseded'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `credit_snapshots_one_current_uq` ON `credit_snapshots` (`status`) WHERE status = 'current';--> statement-breakpoint
CREATE UNIQUE INDEX `credit_snapshots_one_pending_uq` ON `credit_snapshots` (`uploaded_by`) WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX `credit_snapshots_uploaded_idx` ON `credit_snapshots` (`uploaded_at`);