import { z } from "zod";

/** Bumped when the terms change; the version a user agreed to is stored with the time. */
export const CONSENT_VERSION = "2026-11";

const DISPLAY_NAME_CHARS = /^[A-Za-z0-9_-]+$/;

/**
 * Display name rules (docs/product/identity.md §I-6): trimmed, 3–50 characters, ASCII letters,
 * digits, `_` and `-`, not starting or ending with `_` or `-`.
 *
 * | input      | result                                             |
 * |------------|----------------------------------------------------|
 * | " ada_l "  | "ada_l"                                            |
 * | "al"       | Display name must be at least 3 characters long    |
 * | "_ada"     | Display name cannot start or end with …            |
 */
export const DisplayNameSchema = z
  .string({ error: "Display name is required" })
  .trim()
  .min(1, "Display name is required")
  .min(3, "Display name must be at least 3 characters long")
  .max(50, "Display name must not exceed 50 characters")
  .regex(DISPLAY_NAME_CHARS, "Display name can only contain letters, numbers, underscores, and hyphens")
  .refine((name) => !/^[_-]|[_-]$/.test(name), "Display name cannot start or end with underscore or hyphen");

// Local part: ASCII letters, digits and the RFC 5322 atext specials, dots anywhere; domain: labels
// of 1–63 letters/digits/hyphens, not starting or ending with a hyphen; no TLD required.
const EMAIL_GRAMMAR =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** The spec's email grammar with its exact messages; the value comes out trimmed and lower-cased. */
export const programEmailSchema = (field: string) =>
  z
    .string()
    .trim()
    .max(254, `${field} is too long`)
    .regex(EMAIL_GRAMMAR, `${field} is not a valid email address`)
    .refine((email) => (email.split("@")[0] ?? "").length <= 64, `${field} local part is too long`)
    .transform((email) => email.toLowerCase());

/** An optional email field: blank means "not given". */
const optionalProgramEmail = (field: string) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), programEmailSchema(field).optional());

export const OnboardingInputSchema = z.object({
  displayName: DisplayNameSchema,
  substackEmail: optionalProgramEmail("Substack email"),
  meetupEmail: optionalProgramEmail("Meetup email"),
  consent: z.literal(true, { error: "You must agree to the terms to continue" }),
});
export type OnboardingInput = z.input<typeof OnboardingInputSchema>;

/** Profile edits use the same rules; consent was given once and is not asked again. */
export const ProfileInputSchema = OnboardingInputSchema.omit({ consent: true });
