-- The dashboards' cache stamp (docs/decisions/023-dashboard-benchmark.md, Performance work): every write to a
-- table the dashboards read bumps data_stamps 'dashboards' in the writing transaction. Users: only the
-- columns boards show (name, leaderboard name), so sign-ins do not empty the cache.
CREATE TABLE `data_stamps` (
	`key` text PRIMARY KEY NOT NULL,
	`version` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
INSERT INTO `data_stamps` (`key`, `version`) VALUES ('dashboards', 0);
--> statement-breakpoint
CREATE TRIGGER `mission_attempts_stamp_i` AFTER INSERT ON `mission_attempts` BEGIN
  UPDATE `data_stamps` SET `version` = `version` + 1 WHERE `key` = 'dashboards';
END;
--> statement-breakpoint
CREATE TRIGGER `mission_attempts_stamp_u` AFTER UPDATE ON `mission_attempts` BEGIN
  UPDATE `data_stamps` SET `version` = `version` + 1 WHERE `key` = 'dashboards';
END;
--> statement-breakpoint
CREATE TRIGGER `mission_attempts_stamp_d` AFTER DELETE ON `mission_attempts` BEGIN
  UPDATE `data_stamps` SET `version` = `version` + 1 WHERE `key` = 'dashboards';
END;
--> statement-breakpoint
CREATE TRIGGER `mission_completions_stamp_i` AFTER INSERT ON `mission_completions` BEGIN
  UPDATE `data_stamps` SET `version` = `version` + 1 WHERE `key` = 'dashboards';
END;
--> statement-breakpoint
CREATE TRIGGER `mission_completions_stamp_u` AFTER UPDATE ON `mission_completions` BEGIN
  UPDATE `data_stamps` SET `version` = `version` + 1 WHERE `key` = 'dashboards';
END;
--> statement-breakpoint
CREATE TRIGGER `mission_completions_stamp_d` AFTER DELETE ON `mission_completions` BEGIN
  UPDATE `data_stamps` SET `version` = `version` + 1 WHERE `key` = 'dashboards';
END;
--> statement-breakpoint
CREATE TRIGGER `owui_users_stamp_i` AFTER INSERT ON `owui_users` BEGIN
  UPDATE `data_stamps` SET `version` = `version` + 1 WHERE `key` = 'dashboards';
END;
--> statement-breakpoint
CREATE TRIGGER `owui_users_stamp_u` AFTER UPDATE ON `owui_users` BEGIN
  UPDATE `data_stamps` SET `version` = `version` + 1 WHERE `key` = 'dashboards';
END;
--> statement-breakpoint
CREATE TRIGGER `owui_users_stamp_d` AFTER DELETE ON `owui_users` BEGIN
  UPDATE `data_stamps` SET `version` = `version` + 1 WHERE `key` = 'dashboards';
END;
--> statement-breakpoint
CREATE TRIGGER `missions_stamp_i` AFTER INSERT ON `missions` BEGIN
  UPDATE `data_stamps` SET `version` = `version` + 1 WHERE `key` = 'dashboards';
END;
--> statement-breakpoint
CREATE TRIGGER `missions_stamp_u` AFTER UPDATE ON `missions` BEGIN
  UPDATE `data_stamps` SET `version` = `version` + 1 WHERE `key` = 'dashboards';
END;
--> statement-breakpoint
CREATE TRIGGER `missions_stamp_d` AFTER DELETE ON `missions` BEGIN
  UPDATE `data_stamps` SET `version` = `version` + 1 WHERE `key` = 'dashboards';
END;
--> statement-breakpoint
CREATE TRIGGER `standings_stamp_i` AFTER INSERT ON `standings` BEGIN
  UPDATE `data_stamps` SET `version` = `version` + 1 WHERE `key` = 'dashboards';
END;
--> statement-breakpoint
CREATE TRIGGER `standings_stamp_u` AFTER UPDATE ON `standings` BEGIN
  UPDATE `data_stamps` SET `version` = `version` + 1 WHERE `key` = 'dashboards';
END;
--> statement-breakpoint
CREATE TRIGGER `standings_stamp_d` AFTER DELETE ON `standings` BEGIN
  UPDATE `data_stamps` SET `version` = `version` + 1 WHERE `key` = 'dashboards';
END;
--> statement-breakpoint
CREATE TRIGGER `score_adjustments_stamp_i` AFTER INSERT ON `score_adjustments` BEGIN
  UPDATE `data_stamps` SET `version` = `version` + 1 WHERE `key` = 'dashboards';
END;
--> statement-breakpoint
CREATE TRIGGER `score_adjustments_stamp_u` AFTER UPDATE ON `score_adjustments` BEGIN
  UPDATE `data_stamps` SET `version` = `version` + 1 WHERE `key` = 'dashboards';
END;
--> statement-breakpoint
CREATE TRIGGER `score_adjustments_stamp_d` AFTER DELETE ON `score_adjustments` BEGIN
  UPDATE `data_stamps` SET `version` = `version` + 1 WHERE `key` = 'dashboards';
END;
--> statement-breakpoint
CREATE TRIGGER `board_settings_stamp_i` AFTER INSERT ON `board_settings` BEGIN
  UPDATE `data_stamps` SET `version` = `version` + 1 WHERE `key` = 'dashboards';
END;
--> statement-breakpoint
CREATE TRIGGER `board_settings_stamp_u` AFTER UPDATE ON `board_settings` BEGIN
  UPDATE `data_stamps` SET `version` = `version` + 1 WHERE `key` = 'dashboards';
END;
--> statement-breakpoint
CREATE TRIGGER `board_settings_stamp_d` AFTER DELETE ON `board_settings` BEGIN
  UPDATE `data_stamps` SET `version` = `version` + 1 WHERE `key` = 'dashboards';
END;
--> statement-breakpoint
CREATE TRIGGER `rank_levels_stamp_i` AFTER INSERT ON `rank_levels` BEGIN
  UPDATE `data_stamps` SET `version` = `version` + 1 WHERE `key` = 'dashboards';
END;
--> statement-breakpoint
CREATE TRIGGER `rank_levels_stamp_u` AFTER UPDATE ON `rank_levels` BEGIN
  UPDATE `data_stamps` SET `version` = `version` + 1 WHERE `key` = 'dashboards';
END;
--> statement-breakpoint
CREATE TRIGGER `rank_levels_stamp_d` AFTER DELETE ON `rank_levels` BEGIN
  UPDATE `data_stamps` SET `version` = `version` + 1 WHERE `key` = 'dashboards';
END;
--> statement-breakpoint
CREATE TRIGGER `users_stamp_i` AFTER INSERT ON `users` BEGIN
  UPDATE `data_stamps` SET `version` = `version` + 1 WHERE `key` = 'dashboards';
END;
--> statement-breakpoint
CREATE TRIGGER `users_stamp_d` AFTER DELETE ON `users` BEGIN
  UPDATE `data_stamps` SET `version` = `version` + 1 WHERE `key` = 'dashboards';
END;
--> statement-breakpoint
CREATE TRIGGER `users_stamp_u` AFTER UPDATE OF `name`, `leaderboard_name` ON `users` BEGIN
  UPDATE `data_stamps` SET `version` = `version` + 1 WHERE `key` = 'dashboards';
END;
