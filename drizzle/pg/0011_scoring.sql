CREATE TABLE "board_settings" (
	"board" text PRIMARY KEY NOT NULL,
	"freeze_at" timestamp with time zone,
	"updated_by" uuid,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rank_levels" (
	"id" uuid PRIMARY KEY NOT NULL,
	"min_points" integer NOT NULL,
	"name" text NOT NULL,
	"reward" text,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "score_adjustments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"learner_id" text NOT NULL,
	"points" integer NOT NULL,
	"reason" text NOT NULL,
	"week" integer,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "standings" (
	"board" text NOT NULL,
	"learner_id" text NOT NULL,
	"position" integer NOT NULL,
	"points" integer NOT NULL,
	"completions" integer NOT NULL,
	"attempts" integer NOT NULL,
	"reached_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "standings_pk" PRIMARY KEY("board","learner_id")
);
--> statement-breakpoint
ALTER TABLE "job_runs" DROP CONSTRAINT "job_runs_kind_ck";--> statement-breakpoint
ALTER TABLE "notifications" DROP CONSTRAINT "notifications_kind_ck";--> statement-breakpoint
DROP INDEX "owui_users_user_idx";--> statement-breakpoint
ALTER TABLE "owui_users" ADD COLUMN "link_method" text;--> statement-breakpoint
ALTER TABLE "owui_users" ADD COLUMN "link_blocked" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "leaderboard_name" text DEFAULT 'alias' NOT NULL;--> statement-breakpoint
ALTER TABLE "board_settings" ADD CONSTRAINT "board_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_adjustments" ADD CONSTRAINT "score_adjustments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "rank_levels_min_points_uq" ON "rank_levels" USING btree ("min_points");--> statement-breakpoint
CREATE INDEX "score_adjustments_learner_idx" ON "score_adjustments" USING btree ("learner_id","created_at");--> statement-breakpoint
CREATE INDEX "standings_board_position_idx" ON "standings" USING btree ("board","position");--> statement-breakpoint
CREATE INDEX "standings_learner_idx" ON "standings" USING btree ("learner_id");--> statement-breakpoint
CREATE UNIQUE INDEX "owui_users_user_uq" ON "owui_users" USING btree ("user_id") WHERE user_id is not null;--> statement-breakpoint
ALTER TABLE "job_runs" ADD CONSTRAINT "job_runs_kind_ck" CHECK ("job_runs"."kind" in ('reload', 'redetect', 'rescore', 'standings'));--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_kind_ck" CHECK ("notifications"."kind" in ('request_approved', 'request_rejected', 'badge_awarded', 'badge_revoked', 'requests_waiting', 'rank_up'));--> statement-breakpoint
ALTER TABLE "owui_users" ADD CONSTRAINT "owui_users_link_method_ck" CHECK ("owui_users"."link_method" in ('email', 'manual'));--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_leaderboard_name_ck" CHECK ("users"."leaderboard_name" in ('alias', 'first-initial', 'full'));