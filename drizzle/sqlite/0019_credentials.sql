CREATE TABLE `credential_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`public_key_multibase` text NOT NULL,
	`encrypted_seed` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`retired_at` integer,
	`retired_by` text,
	FOREIGN KEY (`retired_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `credential_keys_version_uq` ON `credential_keys` (`version`);--> statement-breakpoint
CREATE TABLE `credential_status_lists` (
	`id` text PRIMARY KEY NOT NULL,
	`next_index` integer DEFAULT 0 NOT NULL,
	`signed_json` text,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `credentials` (
	`id` text PRIMARY KEY NOT NULL,
	`award_id` text NOT NULL,
	`key_version` integer NOT NULL,
	`status_index` integer NOT NULL,
	`signed_json` text NOT NULL,
	`jwt` text NOT NULL,
	`is_public` integer DEFAULT false NOT NULL,
	`show_name` integer DEFAULT false NOT NULL,
	`issued_at` integer NOT NULL,
	FOREIGN KEY (`award_id`) REFERENCES `awards`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `credentials_award_key_uq` ON `credentials` (`award_id`,`key_version`);--> statement-breakpoint
CREATE UNIQUE INDEX `credentials_status_index_uq` ON `credentials` (`status_index`);--> statement-breakpoint
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
	CONSTRAINT "job_runs_kind_ck" CHECK("__new_job_runs"."kind" in ('reload', 'redetect', 'rescore', 'standings', 'credits-import', 'credits-report', 'credentials')),
	CONSTRAINT "job_runs_status_ck" CHECK("__new_job_runs"."status" in ('queued', 'running', 'succeeded', 'failed'))
);
--> statement-breakpoint
INSERT INTO `__new_job_runs`("id", "kind", "status", "lease", "params", "started_at", "finished_at", "duration_ms", "processed", "total", "phase", "result", "error", "triggered_by", "created_at") SELECT "id", "kind", "status", "lease", "params", "started_at", "finished_at", "duration_ms", "processed", "total", "phase", "result", "error", "triggered_by", "created_at" FROM `job_runs`;--> statement-breakpoint
DROP TABLE `job_runs`;--> statement-breakpoint
ALTER TABLE `__new_job_runs` RENAME TO `job_runs`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `job_runs_lease_status_idx` ON `job_runs` (`lease`,`status`);--> statement-breakpoint
CREATE INDEX `job_runs_started_idx` ON `job_runs` (`started_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `job_runs_one_queued_uq` ON `job_runs` (`kind`) WHERE status = 'queued';