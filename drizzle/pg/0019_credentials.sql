CREATE TABLE "credential_keys" (
	"id" uuid PRIMARY KEY NOT NULL,
	"version" integer NOT NULL,
	"public_key_multibase" text NOT NULL,
	"encrypted_seed" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone,
	"retired_by" uuid
);
--> statement-breakpoint
CREATE TABLE "credential_status_lists" (
	"id" text PRIMARY KEY NOT NULL,
	"next_index" integer DEFAULT 0 NOT NULL,
	"signed_json" text,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "credentials" (
	"id" uuid PRIMARY KEY NOT NULL,
	"award_id" uuid NOT NULL,
	"key_version" integer NOT NULL,
	"status_index" integer NOT NULL,
	"signed_json" text NOT NULL,
	"jwt" text NOT NULL,
	"is_public" boolean DEFAULT false NOT NULL,
	"show_name" boolean DEFAULT false NOT NULL,
	"issued_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "job_runs" DROP CONSTRAINT "job_runs_kind_ck";--> statement-breakpoint
ALTER TABLE "credential_keys" ADD CONSTRAINT "credential_keys_retired_by_users_id_fk" FOREIGN KEY ("retired_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credentials" ADD CONSTRAINT "credentials_award_id_awards_id_fk" FOREIGN KEY ("award_id") REFERENCES "public"."awards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "credential_keys_version_uq" ON "credential_keys" USING btree ("version");--> statement-breakpoint
CREATE UNIQUE INDEX "credentials_award_key_uq" ON "credentials" USING btree ("award_id","key_version");--> statement-breakpoint
CREATE UNIQUE INDEX "credentials_status_index_uq" ON "credentials" USING btree ("status_index");--> statement-breakpoint
ALTER TABLE "job_runs" ADD CONSTRAINT "job_runs_kind_ck" CHECK ("job_runs"."kind" in ('reload', 'redetect', 'rescore', 'standings', 'credits-import', 'credits-report', 'credentials'));