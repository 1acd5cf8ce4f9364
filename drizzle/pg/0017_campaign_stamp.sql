-- /campaign joins the dashboards' cache (docs/decisions/028): a write to the credit snapshots (a list
-- confirmed or made current again), the mappings or the campaign settings bumps the same stamp. Credit rows
-- are written only with a pending snapshot and never change afterwards, so the snapshots' triggers cover them.
-- An account's email joins the users columns that bump it: the campaign finds a person's credit rows by email.
CREATE TRIGGER "credit_snapshots_stamp" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "credit_snapshots" FOR EACH STATEMENT EXECUTE FUNCTION "bump_dashboards_stamp"();
--> statement-breakpoint
CREATE TRIGGER "credit_mappings_stamp" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "credit_mappings" FOR EACH STATEMENT EXECUTE FUNCTION "bump_dashboards_stamp"();
--> statement-breakpoint
CREATE TRIGGER "campaign_settings_stamp" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "campaign_settings" FOR EACH STATEMENT EXECUTE FUNCTION "bump_dashboards_stamp"();
--> statement-breakpoint
DROP TRIGGER "users_stamp" ON "users";
--> statement-breakpoint
CREATE TRIGGER "users_stamp" AFTER INSERT OR DELETE OR UPDATE OF "name", "leaderboard_name", "email" ON "users" FOR EACH STATEMENT EXECUTE FUNCTION "bump_dashboards_stamp"();
