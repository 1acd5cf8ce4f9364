/** Emails are compared in one form everywhere: trimmed, NFC, lower-case. */
export const normalizeEmail = (email: string): string => email.trim().normalize("NFC").toLowerCase();
