ALTER TABLE "auth_identities" ADD CONSTRAINT "auth_identities_provider_ck" CHECK ("auth_identities"."provider" in ('google', 'microsoft'));--> statement-breakpoint
ALTER TABLE "auth_tokens" ADD CONSTRAINT "auth_tokens_purpose_ck" CHECK ("auth_tokens"."purpose" in ('verify_email', 'reset_password'));--> statement-breakpoint
ALTER TABLE "awards" ADD CONSTRAINT "awards_kind_ck" CHECK ("awards"."kind" in ('program', 'skill', 'mini_badge', 'capstone', 'progress_badge'));--> statement-breakpoint
ALTER TABLE "mail_messages" ADD CONSTRAINT "mail_messages_status_ck" CHECK ("mail_messages"."status" in ('queued', 'sending', 'sent', 'failed', 'held'));--> statement-breakpoint
ALTER TABLE "missions" ADD CONSTRAINT "missions_origin_ck" CHECK ("missions"."origin" in ('model', 'manifest', 'admin'));--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_kind_ck" CHECK ("notifications"."kind" in ('request_approved', 'request_rejected', 'badge_awarded', 'badge_revoked'));--> statement-breakpoint
ALTER TABLE "owui_users" ADD CONSTRAINT "owui_users_source_ck" CHECK ("owui_users"."source" in ('api', 'file', 'placeholder'));--> statement-breakpoint
ALTER TABLE "reload_runs" ADD CONSTRAINT "reload_runs_source_ck" CHECK ("reload_runs"."source" in ('api', 'upload', 'cli', 'schedule'));--> statement-breakpoint
ALTER TABLE "reload_runs" ADD CONSTRAINT "reload_runs_mode_ck" CHECK ("reload_runs"."mode" in ('upsert', 'truncate'));--> statement-breakpoint
ALTER TABLE "reload_runs" ADD CONSTRAINT "reload_runs_status_ck" CHECK ("reload_runs"."status" in ('running', 'succeeded', 'failed'));--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_origin_ck" CHECK ("users"."origin" in ('local', 'google', 'microsoft', 'precreated', 'setup'));