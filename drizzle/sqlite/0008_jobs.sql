CREATE TABLE `job_runs` (
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
	CONSTRAINT "job_runs_kind_ck" CHECK("job_runs"."kind" in ('reload', 'redetect', 'rescore')),
	CONSTRAINT "job_runs_status_ck" CHECK("job_runs"."status" in ('queued', 'running', 'succeeded', 'failed'))
);
--> statement-breakpoint
CREATE INDEX `job_runs_lease_status_idx` ON `job_runs` (`lease`,`status`);--> statement-breakpoint
CREATE INDEX `job_runs_started_idx` ON `job_runs` (`started_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `job_runs_one_queued_uq` ON `job_runs` (`kind`) WHERE status = 'queued';--> statement-breakpoint
CREATE TABLE `mission_changes` (
	`id` text PRIMARY KEY NOT NULL,
	`mission_id` text NOT NULL,
	`model_id` text NOT NULL,
	`field` text NOT NULL,
	`change` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`detected_at` integer NOT NULL,
	`decided_at` integer,
	`decided_by` text,
	FOREIGN KEY (`mission_id`) REFERENCES `missions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "mission_changes_field_ck" CHECK("mission_changes"."field" in ('tag', 'week', 'points')),
	CONSTRAINT "mission_changes_status_ck" CHECK("mission_changes"."status" in ('pending', 'accepted', 'dismissed'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `mission_changes_one_pending_uq` ON `mission_changes` (`mission_id`,`field`) WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX `mission_changes_status_idx` ON `mission_changes` (`status`);--> statement-breakpoint
ALTER TABLE `reload_runs` ADD `skipped_records` text;