-- /campaign joins the dashboards' cache (docs/decisions/028): a write to the credit snapshots (a list
-- confirmed or made current again), the mappings or the campaign settings bumps the same stamp. Credit rows
-- are written only with a pending snapshot and never change afterwards, so the snapshots' triggers cover them.
CREATE TRIGGER "credit_snapshots_stamp" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "credit_snapshots" FOR EACH STATEMENT EXECUTE FUNCTION "bump_dashboards_stamp"();
--> statement-breakpoint
CREATE TRIGGER "credit_mappings_stamp" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "credit_mappings" FOR EACH STATEMENT EXECUTE FUNCTION "bump_dashboards_stamp"();
--> statement-breakpoint
CREATE TRIGGER "campaign_settings_stamp" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "campaign_settings" FOR EACH STATEMENT EXECUTE FUNCTION "bump_dashboards_stamp"();
