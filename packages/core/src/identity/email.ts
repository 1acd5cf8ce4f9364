import { rememberEach } from "../remember-each";

/** Emails are compared in one form everywhere: trimmed, NFC, lower-case. */
export const normalizeEmail = (email: string): string => email.trim().normalize("NFC").toLowerCase();

/**
 * normalizeEmail remembering each text it was given: a credit list repeats a person's email on
 * every row of theirs, and each call makes up to three new strings (docs/decisions/
 * 028-credits-as-jobs.md). One per pass over a list; it holds every distinct text it saw.
 *
 * @example const key = emailNormalizer(); rows.map((r) => key(r.email))
 */
export const emailNormalizer = (): ((email: string) => string) => rememberEach(normalizeEmail);

/**
 * The key an email is looked up by: its normalised form, or null when there is no email at all
 * (missing or blank), so a blank email never matches anything.
 *
 * @example emailKey(" ÉLODIE@X.org ") // "élodie@x.org"; emailKey("  ") // null
 */
export const emailKey = (email: string | null | undefined): string | null => (email ? normalizeEmail(email) || null : null);
