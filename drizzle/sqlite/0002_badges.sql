CREATE TABLE `awards` (
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
	CONSTRAINT "awards_source_ck" CHECK("awards"."source" in ('request', 'auto', 'manual'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `awards_one_live_uq` ON `awards` (`user_id`,`item_id`) WHERE revoked_at is null;--> statement-breakpoint
CREATE INDEX `awards_user_idx` ON `awards` (`user_id`,`awarded_at`);--> statement-breakpoint
CREATE INDEX `awards_item_idx` ON `awards` (`item_id`);--> statement-breakpoint
CREATE INDEX `awards_awarded_idx` ON `awards` (`awarded_at`);--> statement-breakpoint
CREATE TABLE `badge_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`item_id` text NOT NULL,
	`item_title` text NOT NULL,
	`note` text,
	`evidence_url` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`submitted_at` integer NOT NULL,
	`decided_at` integer,
	`decided_by` text,
	`decision_reason` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`item_id`) REFERENCES `catalog_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "badge_requests_status_ck" CHECK("badge_requests"."status" in ('pending', 'approved', 'rejected', 'withdrawn'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `badge_requests_one_pending_uq` ON `badge_requests` (`user_id`,`item_id`) WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX `badge_requests_queue_idx` ON `badge_requests` (`status`,`submitted_at`);--> statement-breakpoint
CREATE INDEX `badge_requests_user_idx` ON `badge_requests` (`user_id`,`submitted_at`);--> statement-breakpoint
CREATE INDEX `badge_requests_item_idx` ON `badge_requests` (`item_id`);--> statement-breakpoint
CREATE TABLE `catalog_items` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`parent_id` text,
	`program_id` text,
	`sibling_scope` text NOT NULL,
	`title` text NOT NULL,
	`title_key` text NOT NULL,
	`description` text,
	`icon_emoji` text,
	`icon_image` text,
	`is_active` integer DEFAULT true NOT NULL,
	`is_required` integer DEFAULT false NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`parent_id`) REFERENCES `catalog_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`program_id`) REFERENCES `catalog_items`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "catalog_items_kind_ck" CHECK("catalog_items"."kind" in ('program', 'skill', 'mini_badge', 'capstone', 'progress_badge'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `catalog_items_sibling_title_uq` ON `catalog_items` (`sibling_scope`,`title_key`);--> statement-breakpoint
CREATE INDEX `catalog_items_parent_idx` ON `catalog_items` (`parent_id`,`position`);--> statement-breakpoint
CREATE INDEX `catalog_items_program_idx` ON `catalog_items` (`program_id`);--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`body` text,
	`link` text,
	`read_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `notifications_user_idx` ON `notifications` (`user_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `users` ADD `email_notifications` integer DEFAULT true NOT NULL;