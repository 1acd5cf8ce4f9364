-- owui_users.email_key: the email as account emails are stored, for linking by email through an index
-- (docs/decisions/026-owui-email-key.md). The backfill keys only emails of printable ASCII, where
-- lower(trim()) equals core's emailKey whatever the collation; the rest (an email with a non-ASCII or
-- control character: NFC and Unicode case are the app's) stay null until the store's migrate() keys them.
ALTER TABLE "owui_users" ADD COLUMN "email_key" text;--> statement-breakpoint
CREATE INDEX "owui_users_email_key_idx" ON "owui_users" USING btree ("email_key");--> statement-breakpoint
UPDATE "owui_users" SET "email_key" = lower(trim("email"))
  WHERE "email" IS NOT NULL AND "email" ~ '^[ -~]*$' AND trim("email") <> '';
