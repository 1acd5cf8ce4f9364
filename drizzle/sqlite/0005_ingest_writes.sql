-- Faster ingest writes (docs/decisions/009-ingest-throughput.md): the primary key serves lookups
-- by chat, and new messages enter the search index in one INSERT … SELECT per batch
-- (replaceChatMessages) instead of a trigger per row. Deletes and updates keep their triggers.
DROP INDEX `chat_messages_chat_idx`;
--> statement-breakpoint
DROP TRIGGER `chat_messages_fts_ai`;
