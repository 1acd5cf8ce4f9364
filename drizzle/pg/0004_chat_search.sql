-- Full-text search over chat messages (All Chats search); see docs/decisions/008-ingest.md.
-- A GIN expression index; queries must use the same expression: to_tsvector('simple', content).
CREATE INDEX IF NOT EXISTS "chat_messages_content_fts_idx" ON "chat_messages" USING gin (to_tsvector('simple', "content"));
