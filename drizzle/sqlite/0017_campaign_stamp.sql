-- /campaign joins the dashboards' cache (docs/decisions/028): a write to the credit snapshots (a list
-- confirmed or made current again), the mappings or the campaign settings bumps the same stamp. Credit rows
-- are written only with a pending snapshot and never change afterwards, so the snapshots' triggers cover them.
-- An account's email joins the users columns that bump it: the campaign finds a person's credit rows by email.
CREATE TRIGGER `credit_snapshots_stamp_i` AFTER INSERT ON `credit_snapshots` BEGIN
  UPDATE `data_stamps` SET `version` = `version` + 1 WHERE `key` = 'dashboards';
END;
--> statement-breakpoint
CREATE TRIGGER `credit_snapshots_stamp_u` AFTER UPDATE ON `credit_snapshots` BEGIN
  UPDATE `data_stamps` SET `version` = `version` + 1 WHERE `key` = 'dashboards';
END;
--> statement-breakpoint
CREATE TRIGGER `credit_snapshots_stamp_d` AFTER DELETE ON `credit_snapshots` BEGIN
  UPDATE `data_stamps` SET `version` = `version` + 1 WHERE `key` = 'dashboards';
END;
--> statement-breakpoint
CREATE TRIGGER `credit_mappings_stamp_i` AFTER INSERT ON `credit_mappings` BEGIN
  UPDATE `data_stamps` SET `version` = `version` + 1 WHERE `key` = 'dashboards';
END;
--> statement-breakpoint
CREATE TRIGGER `credit_mappings_stamp_u` AFTER UPDATE ON `credit_mappings` BEGIN
  UPDATE `data_stamps` SET `version` = `version` + 1 WHERE `key` = 'dashboards';
END;
--> statement-breakpoint
CREATE TRIGGER `credit_mappings_stamp_d` AFTER DELETE ON `credit_mappings` BEGIN
  UPDATE `data_stamps` SET `version` = `version` + 1 WHERE `key` = 'dashboards';
END;
--> statement-breakpoint
CREATE TRIGGER `campaign_settings_stamp_i` AFTER INSERT ON `campaign_settings` BEGIN
  UPDATE `data_stamps` SET `version` = `version` + 1 WHERE `key` = 'dashboards';
END;
--> statement-breakpoint
CREATE TRIGGER `campaign_settings_stamp_u` AFTER UPDATE ON `campaign_settings` BEGIN
  UPDATE `data_stamps` SET `version` = `version` + 1 WHERE `key` = 'dashboards';
END;
--> statement-breakpoint
CREATE TRIGGER `campaign_settings_stamp_d` AFTER DELETE ON `campaign_settings` BEGIN
  UPDATE `data_stamps` SET `version` = `version` + 1 WHERE `key` = 'dashboards';
END;
--> statement-breakpoint
DROP TRIGGER `users_stamp_u`;
--> statement-breakpoint
CREATE TRIGGER `users_stamp_u` AFTER UPDATE OF `name`, `leaderboard_name`, `email` ON `users` BEGIN
  UPDATE `data_stamps` SET `version` = `version` + 1 WHERE `key` = 'dashboards';
END;
