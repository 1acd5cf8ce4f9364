CREATE TABLE "job_runs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"lease" text NOT NULL,
	"params" jsonb NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"duration_ms" integer,
	"processed" integer DEFAULT 0 NOT NULL,
	"total" integer,
	"phase" text,
	"result" jsonb,
	"error" text,
	"triggered_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "job_runs_kind_ck" CHECK ("job_runs"."kind" in ('reload', 'redetect', 'rescore')),
	CONSTRAINT "job_runs_status_ck" CHECK ("job_runs"."status" in ('queued', 'running', 'succeeded', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "mission_changes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"mission_id" uuid NOT NULL,
	"model_id" text NOT NULL,
	"field" text NOT NULL,
	"change" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"detected_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	CONSTRAINT "mission_changes_field_ck" CHECK ("mission_changes"."field" in ('tag', 'week', 'points')),
	CONSTRAINT "mission_changes_status_ck" CHECK ("mission_changes"."status" in ('pending', 'accepted', 'dismissed'))
);
--> statement-breakpoint
ALTER TABLE "reload_runs" ADD COLUMN "skipped_records" jsonb;--> statement-breakpoint
ALTER TABLE "job_runs" ADD CONSTRAINT "job_runs_triggered_by_users_id_fk" FOREIGN KEY ("triggered_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mission_changes" ADD CONSTRAINT "mission_changes_mission_id_missions_id_fk" FOREIGN KEY ("mission_id") REFERENCES "public"."missions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mission_changes" ADD CONSTRAINT "mission_changes_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "job_runs_lease_status_idx" ON "job_runs" USING btree ("lease","status");--> statement-breakpoint
CREATE INDEX "job_runs_started_idx" ON "job_runs" USING btree ("started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "job_runs_one_queued_uq" ON "job_runs" USING btree ("kind") WHERE status = 'queued';--> statement-breakpoint
CREATE UNIQUE INDEX "mission_changes_one_pending_uq" ON "mission_changes" USING btree ("mission_id","field") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "mission_changes_status_idx" ON "mission_changes" USING btree ("status");