-- The dashboards' cache stamp (docs/decisions/023-dashboard-benchmark.md, Performance work): every write to a
-- table the dashboards read bumps data_stamps 'dashboards' in the writing transaction (statement triggers:
-- one bump per statement). Users: only the columns boards show, so sign-ins do not empty the cache.
CREATE TABLE "data_stamps" (
	"key" text PRIMARY KEY NOT NULL,
	"version" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
INSERT INTO "data_stamps" ("key", "version") VALUES ('dashboards', 0);
--> statement-breakpoint
CREATE FUNCTION "bump_dashboards_stamp"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "data_stamps" SET "version" = "version" + 1 WHERE "key" = 'dashboards';
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "mission_attempts_stamp" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "mission_attempts" FOR EACH STATEMENT EXECUTE FUNCTION "bump_dashboards_stamp"();
--> statement-breakpoint
CREATE TRIGGER "mission_completions_stamp" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "mission_completions" FOR EACH STATEMENT EXECUTE FUNCTION "bump_dashboards_stamp"();
--> statement-breakpoint
CREATE TRIGGER "owui_users_stamp" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "owui_users" FOR EACH STATEMENT EXECUTE FUNCTION "bump_dashboards_stamp"();
--> statement-breakpoint
CREATE TRIGGER "missions_stamp" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "missions" FOR EACH STATEMENT EXECUTE FUNCTION "bump_dashboards_stamp"();
--> statement-breakpoint
CREATE TRIGGER "standings_stamp" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "standings" FOR EACH STATEMENT EXECUTE FUNCTION "bump_dashboards_stamp"();
--> statement-breakpoint
CREATE TRIGGER "score_adjustments_stamp" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "score_adjustments" FOR EACH STATEMENT EXECUTE FUNCTION "bump_dashboards_stamp"();
--> statement-breakpoint
CREATE TRIGGER "board_settings_stamp" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "board_settings" FOR EACH STATEMENT EXECUTE FUNCTION "bump_dashboards_stamp"();
--> statement-breakpoint
CREATE TRIGGER "rank_levels_stamp" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "rank_levels" FOR EACH STATEMENT EXECUTE FUNCTION "bump_dashboards_stamp"();
--> statement-breakpoint
CREATE TRIGGER "users_stamp" AFTER INSERT OR DELETE OR UPDATE OF "name", "leaderboard_name" ON "users" FOR EACH STATEMENT EXECUTE FUNCTION "bump_dashboards_stamp"();
