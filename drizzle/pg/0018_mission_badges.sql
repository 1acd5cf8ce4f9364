CREATE TABLE "award_evidence" (
	"award_id" uuid NOT NULL,
	"mission_id" uuid NOT NULL,
	"chat_id" text NOT NULL,
	"mission_name" text NOT NULL,
	"completed_at" timestamp with time zone,
	"points" integer,
	"gone_at" timestamp with time zone,
	CONSTRAINT "award_evidence_pk" PRIMARY KEY("award_id","mission_id","chat_id")
);
--> statement-breakpoint
CREATE TABLE "badge_mission_rules" (
	"id" uuid PRIMARY KEY NOT NULL,
	"item_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"n" integer,
	"week" integer,
	"updated_by" uuid,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "badge_mission_rules_kind_ck" CHECK ("badge_mission_rules"."kind" in ('all', 'any', 'week_points'))
);
--> statement-breakpoint
CREATE TABLE "badge_rule_missions" (
	"item_id" uuid NOT NULL,
	"mission_id" uuid NOT NULL,
	CONSTRAINT "badge_rule_missions_pk" PRIMARY KEY("item_id","mission_id")
);
--> statement-breakpoint
ALTER TABLE "awards" DROP CONSTRAINT "awards_source_ck";--> statement-breakpoint
ALTER TABLE "awards" ADD COLUMN "review_flagged_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "awards" ADD COLUMN "review_reason" text;--> statement-breakpoint
ALTER TABLE "award_evidence" ADD CONSTRAINT "award_evidence_award_id_awards_id_fk" FOREIGN KEY ("award_id") REFERENCES "public"."awards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "award_evidence" ADD CONSTRAINT "award_evidence_mission_id_missions_id_fk" FOREIGN KEY ("mission_id") REFERENCES "public"."missions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "badge_mission_rules" ADD CONSTRAINT "badge_mission_rules_item_id_catalog_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."catalog_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "badge_mission_rules" ADD CONSTRAINT "badge_mission_rules_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "badge_rule_missions" ADD CONSTRAINT "badge_rule_missions_item_id_catalog_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."catalog_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "badge_rule_missions" ADD CONSTRAINT "badge_rule_missions_mission_id_missions_id_fk" FOREIGN KEY ("mission_id") REFERENCES "public"."missions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "badge_mission_rules_item_uq" ON "badge_mission_rules" USING btree ("item_id");--> statement-breakpoint
CREATE INDEX "badge_rule_missions_mission_idx" ON "badge_rule_missions" USING btree ("mission_id");--> statement-breakpoint
CREATE INDEX "awards_review_idx" ON "awards" USING btree ("review_flagged_at") WHERE review_flagged_at is not null;--> statement-breakpoint
ALTER TABLE "awards" ADD CONSTRAINT "awards_source_ck" CHECK ("awards"."source" in ('request', 'auto', 'manual', 'mission'));