/** Emails are compared in one form everywhere: trimmed, NFC, lower-case. */
export const normalizeEmail = (email: string): string => email.trim().normalize("NFC").toLowerCase();

/**
 * The key an email is looked up by: its normalised form, or null when there is no email at all
 * (missing or blank), so a blank email never matches anything.
 *
 * @example emailKey(" ÉLODIE@X.org ") // "élodie@x.org"; emailKey("  ") // null
 */
export const emailKey = (email: string | null | undefined): string | null => (email ? normalizeEmail(email) || null : null);
