-- All chats joins the dashboards' cache (docs/decisions/024-worker-processes.md): a write to chats bumps
-- the same stamp. The ingest writes a chat's row whenever its messages change (new content hash), and a
-- truncate empties the table, so this trigger covers the message text that searches read.
CREATE TRIGGER "chats_stamp" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "chats" FOR EACH STATEMENT EXECUTE FUNCTION "bump_dashboards_stamp"();
