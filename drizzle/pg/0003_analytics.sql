CREATE TABLE "chat_messages" (
	"chat_id" text NOT NULL,
	"message_id" text NOT NULL,
	"parent_id" text,
	"role" text NOT NULL,
	"model" text,
	"content" text NOT NULL,
	"created_at_remote" timestamp with time zone,
	"on_active_branch" boolean NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "chat_messages_pk" PRIMARY KEY("chat_id","message_id")
);
--> statement-breakpoint
CREATE TABLE "chats" (
	"id" text PRIMARY KEY NOT NULL,
	"owui_user_id" text,
	"title" text,
	"models" jsonb NOT NULL,
	"created_at_remote" timestamp with time zone,
	"updated_at_remote" timestamp with time zone,
	"message_count" integer NOT NULL,
	"content_hash" text NOT NULL,
	"archived" boolean DEFAULT false NOT NULL,
	"ingested_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "job_locks" (
	"key" text PRIMARY KEY NOT NULL,
	"holder" text NOT NULL,
	"acquired_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mission_attempts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"chat_id" text NOT NULL,
	"mission_id" uuid NOT NULL,
	"owui_user_id" text,
	"started_at" timestamp with time zone,
	"last_message_at" timestamp with time zone,
	"message_count" integer NOT NULL,
	"user_message_count" integer NOT NULL,
	"completed" boolean NOT NULL,
	"detector_version" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mission_completions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"attempt_id" uuid NOT NULL,
	"mission_id" uuid NOT NULL,
	"owui_user_id" text,
	"chat_id" text NOT NULL,
	"message_id" text NOT NULL,
	"completed_at" timestamp with time zone,
	"marker" text NOT NULL,
	"outcome" text,
	"points" integer,
	"detector_version" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "missions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"week" integer,
	"points" integer,
	"difficulty" text,
	"aliases" jsonb NOT NULL,
	"markers" jsonb NOT NULL,
	"include_default_markers" boolean DEFAULT true NOT NULL,
	"briefing_reply_counts" boolean DEFAULT false NOT NULL,
	"start_triggers" jsonb NOT NULL,
	"origin" text NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "owui_models" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"tags" jsonb NOT NULL,
	"mission_tagged" boolean DEFAULT false NOT NULL,
	"params" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "owui_users" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text,
	"email" text,
	"role" text,
	"source" text NOT NULL,
	"user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reload_runs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"mode" text NOT NULL,
	"status" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"duration_ms" integer,
	"processed" integer DEFAULT 0 NOT NULL,
	"total" integer,
	"inserted" integer DEFAULT 0 NOT NULL,
	"updated" integer DEFAULT 0 NOT NULL,
	"unchanged" integer DEFAULT 0 NOT NULL,
	"skipped" integer DEFAULT 0 NOT NULL,
	"skipped_reasons" jsonb NOT NULL,
	"error" text,
	"triggered_by" uuid
);
--> statement-breakpoint
ALTER TABLE "chat_messages" ADD CONSTRAINT "chat_messages_chat_id_chats_id_fk" FOREIGN KEY ("chat_id") REFERENCES "public"."chats"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chats" ADD CONSTRAINT "chats_owui_user_id_owui_users_id_fk" FOREIGN KEY ("owui_user_id") REFERENCES "public"."owui_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mission_attempts" ADD CONSTRAINT "mission_attempts_chat_id_chats_id_fk" FOREIGN KEY ("chat_id") REFERENCES "public"."chats"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mission_attempts" ADD CONSTRAINT "mission_attempts_mission_id_missions_id_fk" FOREIGN KEY ("mission_id") REFERENCES "public"."missions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mission_completions" ADD CONSTRAINT "mission_completions_attempt_id_mission_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."mission_attempts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mission_completions" ADD CONSTRAINT "mission_completions_mission_id_missions_id_fk" FOREIGN KEY ("mission_id") REFERENCES "public"."missions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "owui_users" ADD CONSTRAINT "owui_users_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reload_runs" ADD CONSTRAINT "reload_runs_triggered_by_users_id_fk" FOREIGN KEY ("triggered_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "chat_messages_chat_idx" ON "chat_messages" USING btree ("chat_id","position");--> statement-breakpoint
CREATE INDEX "chats_user_idx" ON "chats" USING btree ("owui_user_id");--> statement-breakpoint
CREATE INDEX "chats_updated_idx" ON "chats" USING btree ("updated_at_remote");--> statement-breakpoint
CREATE UNIQUE INDEX "mission_attempts_chat_mission_uq" ON "mission_attempts" USING btree ("chat_id","mission_id");--> statement-breakpoint
CREATE INDEX "mission_attempts_mission_idx" ON "mission_attempts" USING btree ("mission_id","owui_user_id");--> statement-breakpoint
CREATE INDEX "mission_attempts_user_idx" ON "mission_attempts" USING btree ("owui_user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "mission_completions_attempt_uq" ON "mission_completions" USING btree ("attempt_id");--> statement-breakpoint
CREATE INDEX "mission_completions_mission_idx" ON "mission_completions" USING btree ("mission_id","owui_user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "missions_key_uq" ON "missions" USING btree ("key");--> statement-breakpoint
CREATE INDEX "missions_week_idx" ON "missions" USING btree ("week");--> statement-breakpoint
CREATE INDEX "owui_users_email_idx" ON "owui_users" USING btree ("email");--> statement-breakpoint
CREATE INDEX "owui_users_user_idx" ON "owui_users" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "reload_runs_started_idx" ON "reload_runs" USING btree ("started_at");