import { z } from "zod";
import type { UserOrigin, UserStatus } from "./roles";

export const REGISTRATION_MODES = ["open", "approval", "closed"] as const;
export type RegistrationMode = (typeof REGISTRATION_MODES)[number];

/**
 * The status a brand-new account starts in. Pre-created and first-run accounts were vouched for by
 * an admin; everyone else follows REGISTRATION_MODE (docs/product/identity.md §I-2: every sign-in path alike).
 *
 * | mode     | local / google / microsoft | precreated / setup |
 * |----------|----------------------------|--------------------|
 * | open     | active                     | active             |
 * | approval | pending                    | active             |
 * | closed   | refused (null)             | active             |
 */
export function initialStatus(mode: RegistrationMode, origin: UserOrigin): UserStatus | null {
  if (origin === "precreated" || origin === "setup") return "active";
  if (mode === "closed") return null;
  return mode === "approval" ? "pending" : "active";
}

/** ADMIN_EMAILS: a comma-separated list, compared case-insensitively. It promotes and never demotes. */
export function isConfiguredAdmin(adminEmails: readonly string[], email: string): boolean {
  const target = email.trim().toLowerCase();
  return adminEmails.some((candidate) => candidate.trim().toLowerCase() === target);
}

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

export const PasswordSchema = z
  .string()
  .min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters.`)
  .max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters.`);

export const AccountEmailSchema = z
  .string()
  .trim()
  .min(1, "Enter your email.")
  .max(254, "That email is too long.")
  .pipe(z.email("Enter a valid email address."))
  .transform((email) => email.normalize("NFC").toLowerCase());

export const PersonNameSchema = z.string().trim().min(1, "Enter your name.").max(100, "Use at most 100 characters.");

export const RegisterInputSchema = z.object({ name: PersonNameSchema, email: AccountEmailSchema, password: PasswordSchema });
export type RegisterInput = z.input<typeof RegisterInputSchema>;
