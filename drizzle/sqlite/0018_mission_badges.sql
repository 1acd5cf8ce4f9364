CREATE TABLE `award_evidence` (
	`award_id` text NOT NULL,
	`mission_id` text NOT NULL,
	`chat_id` text NOT NULL,
	`mission_name` text NOT NULL,
	`completed_at` integer,
	`points` integer,
	`gone_at` integer,
	PRIMARY KEY(`award_id`, `mission_id`, `chat_id`),
	FOREIGN KEY (`award_id`) REFERENCES `awards`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`mission_id`) REFERENCES `missions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `badge_mission_rules` (
	`id` text PRIMARY KEY NOT NULL,
	`item_id` text NOT NULL,
	`kind` text NOT NULL,
	`n` integer,
	`week` integer,
	`updated_by` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`item_id`) REFERENCES `catalog_items`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "badge_mission_rules_kind_ck" CHECK("badge_mission_rules"."kind" in ('all', 'any', 'week_points'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `badge_mission_rules_item_uq` ON `badge_mission_rules` (`item_id`);--> statement-breakpoint
CREATE TABLE `badge_rule_missions` (
	`item_id` text NOT NULL,
	`mission_id` text NOT NULL,
	PRIMARY KEY(`item_id`, `mission_id`),
	FOREIGN KEY (`item_id`) REFERENCES `catalog_items`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`mission_id`) REFERENCES `missions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `badge_rule_missions_mission_idx` ON `badge_rule_missions` (`mission_id`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
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
	`review_flagged_at` integer,
	`review_reason` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`item_id`) REFERENCES `catalog_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`request_id`) REFERENCES `badge_requests`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`awarded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`revoked_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "awards_kind_ck" CHECK("__new_awards"."kind" in ('program', 'skill', 'mini_badge', 'capstone', 'progress_badge')),
	CONSTRAINT "awards_source_ck" CHECK("__new_awards"."source" in ('request', 'auto', 'manual', 'mission'))
);
--> statement-breakpoint
INSERT INTO `__new_awards`("id", "user_id", "item_id", "kind", "source", "request_id", "awarded_by", "reason", "awarded_at", "revoked_at", "revoked_by", "revoke_reason") SELECT "id", "user_id", "item_id", "kind", "source", "request_id", "awarded_by", "reason", "awarded_at", "revoked_at", "revoked_by", "revoke_reason" FROM `awards`;--> statement-breakpoint
DROP TABLE `awards`;--> statement-breakpoint
ALTER TABLE `__new_awards` RENAME TO `awards`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `awards_one_live_uq` ON `awards` (`user_id`,`item_id`) WHERE revoked_at is null;--> statement-breakpoint
CREATE INDEX `awards_user_idx` ON `awards` (`user_id`,`awarded_at`);--> statement-breakpoint
CREATE INDEX `awards_item_idx` ON `awards` (`item_id`);--> statement-breakpoint
CREATE INDEX `awards_awarded_idx` ON `awards` (`awarded_at`);--> statement-breakpoint
CREATE INDEX `awards_review_idx` ON `awards` (`review_flagged_at`) WHERE review_flagged_at is not null;