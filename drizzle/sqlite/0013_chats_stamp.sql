-- All chats joins the dashboards' cache (docs/decisions/024-worker-processes.md): a write to chats bumps
-- the same stamp. The ingest writes a chat's row whenever its messages change (new content hash), and a
-- truncate deletes the rows, so these triggers cover the message text that searches read.
CREATE TRIGGER `chats_stamp_i` AFTER INSERT ON `chats` BEGIN
  UPDATE `data_stamps` SET `version` = `version` + 1 WHERE `key` = 'dashboards';
END;
--> statement-breakpoint
CREATE TRIGGER `chats_stamp_u` AFTER UPDATE ON `chats` BEGIN
  UPDATE `data_stamps` SET `version` = `version` + 1 WHERE `key` = 'dashboards';
END;
--> statement-breakpoint
CREATE TRIGGER `chats_stamp_d` AFTER DELETE ON `chats` BEGIN
  UPDATE `data_stamps` SET `version` = `version` + 1 WHERE `key` = 'dashboards';
END;
