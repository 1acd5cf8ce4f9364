-- owui_users.email_key: the email as account emails are stored, for linking by email through an index
-- (docs/decisions/026-owui-email-key.md). SQL's lower() folds only ASCII here and trim() only spaces, so
-- the backfill keys only emails of printable ASCII, where they equal core's emailKey; the rest (an email
-- with a non-ASCII or control character) stay null until the store's migrate() keys them in the app.
ALTER TABLE `owui_users` ADD `email_key` text;--> statement-breakpoint
CREATE INDEX `owui_users_email_key_idx` ON `owui_users` (`email_key`);--> statement-breakpoint
UPDATE `owui_users` SET `email_key` = lower(trim(`email`))
  WHERE `email` IS NOT NULL AND `email` NOT GLOB '*[^ -~]*' AND trim(`email`) <> '';
