CREATE TABLE `credit_job_outputs` (
	`run_id` text PRIMARY KEY NOT NULL,
	`requested_by` text,
	`snapshot_id` text,
	`preview` text,
	`file_name` text,
	`personal_data` integer DEFAULT false NOT NULL,
	`workbook` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `job_runs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`requested_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`snapshot_id`) REFERENCES `credit_snapshots`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `credit_job_outputs_created_idx` ON `credit_job_outputs` (`created_at`);--> statement-breakpoint
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
	CONSTRAINT "job_runs_kind_ck" CHECK("__new_job_runs"."kind" in ('reload', 'redetect', 'rescore', 'standings', 'credits-import', 'credits-report')),
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