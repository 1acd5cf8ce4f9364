CREATE TABLE "credit_job_outputs" (
	"run_id" uuid PRIMARY KEY NOT NULL,
	"requested_by" uuid,
	"snapshot_id" uuid,
	"preview" jsonb,
	"file_name" text,
	"personal_data" boolean DEFAULT false NOT NULL,
	"workbook" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "job_runs" DROP CONSTRAINT "job_runs_kind_ck";--> statement-breakpoint
ALTER TABLE "credit_job_outputs" ADD CONSTRAINT "credit_job_outputs_run_id_job_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."job_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_job_outputs" ADD CONSTRAINT "credit_job_outputs_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_job_outputs" ADD CONSTRAINT "credit_job_outputs_snapshot_id_credit_snapshots_id_fk" FOREIGN KEY ("snapshot_id") REFERENCES "public"."credit_snapshots"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "credit_job_outputs_created_idx" ON "credit_job_outputs" USING btree ("created_at");--> statement-breakpoint
ALTER TABLE "job_runs" ADD CONSTRAINT "job_runs_kind_ck" CHECK ("job_runs"."kind" in ('reload', 'redetect', 'rescore', 'standings', 'credits-import', 'credits-report'));