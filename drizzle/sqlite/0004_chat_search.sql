-- Full-text search over chat messages (All Chats search); see docs/decisions/008-ingest.md.
-- An FTS5 external-content index on chat_messages.content, kept in step by three triggers.
-- unicode61 without stemming, to match Postgres' 'simple' configuration as closely as possible.
CREATE VIRTUAL TABLE `chat_messages_fts` USING fts5(`content`, content='chat_messages', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER `chat_messages_fts_ai` AFTER INSERT ON `chat_messages` BEGIN
  INSERT INTO `chat_messages_fts`(rowid, `content`) VALUES (new.rowid, new.`content`);
END;
--> statement-breakpoint
CREATE TRIGGER `chat_messages_fts_ad` AFTER DELETE ON `chat_messages` BEGIN
  INSERT INTO `chat_messages_fts`(`chat_messages_fts`, rowid, `content`) VALUES ('delete', old.rowid, old.`content`);
END;
--> statement-breakpoint
CREATE TRIGGER `chat_messages_fts_au` AFTER UPDATE ON `chat_messages` BEGIN
  INSERT INTO `chat_messages_fts`(`chat_messages_fts`, rowid, `content`) VALUES ('delete', old.rowid, old.`content`);
  INSERT INTO `chat_messages_fts`(rowid, `content`) VALUES (new.rowid, new.`content`);
END;
--> statement-breakpoint
INSERT INTO `chat_messages_fts`(`chat_messages_fts`) VALUES ('rebuild');
