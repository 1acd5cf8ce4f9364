-- The primary key serves lookups by chat (docs/decisions/009-ingest-throughput.md).
DROP INDEX "chat_messages_chat_idx";
