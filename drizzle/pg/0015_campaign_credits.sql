CREATE TABLE "campaign_settings" (
	"id" text PRIMARY KEY NOT NULL,
	"rank_source" text,
	"similarity_threshold" double precision,
	"updated_by" uuid,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "campaign_settings_rank_source_ck" CHECK ("campaign_settings"."rank_source" in ('detected', 'official'))
);
--> statement-breakpoint
CREATE TABLE "credit_mappings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"challenge_key" text NOT NULL,
	"challenge" text NOT NULL,
	"mission_id" uuid NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "credit_rows" (
	"snapshot_id" uuid NOT NULL,
	"line" integer NOT NULL,
	"sharepoint_user_id" integer NOT NULL,
	"first_name" text,
	"last_name" text,
	"email" text NOT NULL,
	"activity_id" integer NOT NULL,
	"activity_type" text NOT NULL,
	"activity_status" text NOT NULL,
	"points_awarded_hundredths" integer NOT NULL,
	"week_id" integer NOT NULL,
	"attachments" integer,
	"use_case_title" text,
	"use_case_type" text,
	"use_case_story" text,
	"use_case_how" text,
	"use_case_value" text,
	"training_title" text,
	"training_reflection" text,
	"training_duration" double precision,
	"training_link" text,
	"demo_title" text,
	"demo_description" text,
	"mission_challenge_week" text,
	"mission_challenge" text,
	"mission_challenge_response" double precision,
	"quiz_topic" text,
	"quiz_score" double precision,
	"quiz_completion_date" timestamp with time zone,
	"created" timestamp with time zone NOT NULL,
	CONSTRAINT "credit_rows_pk" PRIMARY KEY("snapshot_id","line")
);
--> statement-breakpoint
CREATE TABLE "credit_snapshots" (
	"id" uuid PRIMARY KEY NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"uploaded_by" uuid,
	"uploaded_at" timestamp with time zone NOT NULL,
	"file_name" text NOT NULL,
	"sha256" text NOT NULL,
	"bytes" integer NOT NULL,
	"row_count" integer NOT NULL,
	"added_count" integer NOT NULL,
	"changed_count" integer NOT NULL,
	"dropped_count" integer NOT NULL,
	"confirmed_by" uuid,
	"confirmed_at" timestamp with time zone,
	"current_since" timestamp with time zone,
	CONSTRAINT "credit_snapshots_status_ck" CHECK ("credit_snapshots"."status" in ('pending', 'current', 'superseded'))
);
--> statement-breakpoint
ALTER TABLE "campaign_settings" ADD CONSTRAINT "campaign_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_mappings" ADD CONSTRAINT "credit_mappings_mission_id_missions_id_fk" FOREIGN KEY ("mission_id") REFERENCES "public"."missions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_mappings" ADD CONSTRAINT "credit_mappings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_rows" ADD CONSTRAINT "credit_rows_snapshot_id_credit_snapshots_id_fk" FOREIGN KEY ("snapshot_id") REFERENCES "public"."credit_snapshots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_snapshots" ADD CONSTRAINT "credit_snapshots_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_snapshots" ADD CONSTRAINT "credit_snapshots_confirmed_by_users_id_fk" FOREIGN KEY ("confirmed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "credit_mappings_challenge_uq" ON "credit_mappings" USING btree ("challenge_key");--> statement-breakpoint
CREATE INDEX "credit_mappings_mission_idx" ON "credit_mappings" USING btree ("mission_id");--> statement-breakpoint
CREATE INDEX "credit_rows_email_idx" ON "credit_rows" USING btree ("snapshot_id",lower("email"));--> statement-breakpoint
CREATE UNIQUE INDEX "credit_snapshots_one_current_uq" ON "credit_snapshots" USING btree ("status") WHERE status = 'current';--> statement-breakpoint
CREATE UNIQUE INDEX "credit_snapshots_one_pending_uq" ON "credit_snapshots" USING btree ("uploaded_by") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "credit_snapshots_uploaded_idx" ON "credit_snapshots" USING btree ("uploaded_at");