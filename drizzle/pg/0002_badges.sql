CREATE TABLE "awards" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"source" text NOT NULL,
	"request_id" uuid,
	"awarded_by" uuid,
	"reason" text,
	"awarded_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by" uuid,
	"revoke_reason" text,
	CONSTRAINT "awards_source_ck" CHECK ("awards"."source" in ('request', 'auto', 'manual'))
);
--> statement-breakpoint
CREATE TABLE "badge_requests" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"item_title" text NOT NULL,
	"note" text,
	"evidence_url" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	"decision_reason" text,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "badge_requests_status_ck" CHECK ("badge_requests"."status" in ('pending', 'approved', 'rejected', 'withdrawn'))
);
--> statement-breakpoint
CREATE TABLE "catalog_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"parent_id" uuid,
	"program_id" uuid,
	"sibling_scope" text NOT NULL,
	"title" text NOT NULL,
	"title_key" text NOT NULL,
	"description" text,
	"icon_emoji" text,
	"icon_image" text,
	"is_active" boolean DEFAULT true NOT NULL,
	"is_required" boolean DEFAULT false NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "catalog_items_kind_ck" CHECK ("catalog_items"."kind" in ('program', 'skill', 'mini_badge', 'capstone', 'progress_badge'))
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text,
	"link" text,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "email_notifications" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "awards" ADD CONSTRAINT "awards_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "awards" ADD CONSTRAINT "awards_item_id_catalog_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."catalog_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "awards" ADD CONSTRAINT "awards_request_id_badge_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."badge_requests"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "awards" ADD CONSTRAINT "awards_awarded_by_users_id_fk" FOREIGN KEY ("awarded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "awards" ADD CONSTRAINT "awards_revoked_by_users_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "badge_requests" ADD CONSTRAINT "badge_requests_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "badge_requests" ADD CONSTRAINT "badge_requests_item_id_catalog_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."catalog_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "badge_requests" ADD CONSTRAINT "badge_requests_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_items" ADD CONSTRAINT "catalog_items_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."catalog_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_items" ADD CONSTRAINT "catalog_items_program_fk" FOREIGN KEY ("program_id") REFERENCES "public"."catalog_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "awards_one_live_uq" ON "awards" USING btree ("user_id","item_id") WHERE revoked_at is null;--> statement-breakpoint
CREATE INDEX "awards_user_idx" ON "awards" USING btree ("user_id","awarded_at");--> statement-breakpoint
CREATE INDEX "awards_item_idx" ON "awards" USING btree ("item_id");--> statement-breakpoint
CREATE INDEX "awards_awarded_idx" ON "awards" USING btree ("awarded_at");--> statement-breakpoint
CREATE UNIQUE INDEX "badge_requests_one_pending_uq" ON "badge_requests" USING btree ("user_id","item_id") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "badge_requests_queue_idx" ON "badge_requests" USING btree ("status","submitted_at");--> statement-breakpoint
CREATE INDEX "badge_requests_user_idx" ON "badge_requests" USING btree ("user_id","submitted_at");--> statement-breakpoint
CREATE INDEX "badge_requests_item_idx" ON "badge_requests" USING btree ("item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "catalog_items_sibling_title_uq" ON "catalog_items" USING btree ("sibling_scope","title_key");--> statement-breakpoint
CREATE INDEX "catalog_items_parent_idx" ON "catalog_items" USING btree ("parent_id","position");--> statement-breakpoint
CREATE INDEX "catalog_items_program_idx" ON "catalog_items" USING btree ("program_id");--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","created_at");