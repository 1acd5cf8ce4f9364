import { z } from "zod";
import { ConflictError, NotFoundError, RuleViolationError } from "../errors";
import type { Catalog } from "./catalog";
import { REQUESTABLE_KINDS } from "./kinds";

export const TITLE_MAX = 200;
export const REASON_MAX = 500;

/** Titles are unique among siblings regardless of case, accents' composition or spacing. */
export const titleKey = (title: string): string => title.trim().normalize("NFC").toLowerCase();

/** Length in code points (an emoji is one), as the spec measures. */
export const codePoints = (value: string): number => [...value].length;

export const TitleSchema = z
  .string()
  .trim()
  .min(1, "Title is required.")
  .refine((t) => codePoints(t) <= TITLE_MAX, `Title must be ${TITLE_MAX} characters or less.`);

export const DescriptionSchema = z
  .string()
  .trim()
  .max(5000, "Description must be 5,000 characters or less.")
  .transform((d) => (d === "" ? null : d))
  .nullable();

export const IconEmojiSchema = z
  .string()
  .trim()
  .refine((i) => codePoints(i) <= 32, "Icon must be 32 characters or fewer.")
  .transform((i) => (i === "" ? null : i))
  .nullable();

export const ICON_IMAGE_MAX_BYTES = 256 * 1024;
/** Raster images only: an SVG can carry script. */
export const IconImageSchema = z
  .string()
  .regex(/^data:image\/(png|jpeg|webp|gif);base64,[A-Za-z0-9+/]+=*$/, "The icon must be a PNG, JPEG, WebP or GIF image.")
  .refine(
    (url) => Math.floor(((url.length - url.indexOf(",") - 1) * 3) / 4) <= ICON_IMAGE_MAX_BYTES,
    "The icon image must be 256 KB or smaller.",
  )
  .nullable();

/** A reason staff must give (reject, manual award, revoke): 1–500 characters after trimming. */
export const ReasonSchema = z
  .string({ error: "A reason is required." })
  .trim()
  .min(1, "A reason is required.")
  .max(REASON_MAX, `The reason must be ${REASON_MAX} characters or less.`);

export const RequestInputSchema = z.object({
  itemId: z.uuid("Choose a badge."),
  note: z
    .string()
    .trim()
    .max(1000, "The note must be 1,000 characters or less.")
    .transform((n) => (n === "" ? null : n))
    .nullable()
    .default(null),
  evidenceUrl: z
    .string()
    .trim()
    .max(2000, "The link must be 2,000 characters or less.")
    .transform((u) => (u === "" ? null : u))
    .pipe(z.url({ protocol: /^https?$/, message: "The evidence link must be a web address starting with http:// or https://." }).nullable())
    .nullable()
    .default(null),
});
export type RequestInput = z.input<typeof RequestInputSchema>;

/**
 * Whether a student may request `itemId` now (docs/product/badges.md §B-2): it must exist, be
 * a mini-badge or capstone, be effectively active, not be held and not already be pending.
 */
export function assertRequestable(
  catalog: Catalog,
  itemId: string,
  state: { held: ReadonlySet<string>; pending: ReadonlySet<string> },
): void {
  const item = catalog.get(itemId);
  if (!item) throw new NotFoundError("That badge does not exist.");
  if (!(REQUESTABLE_KINDS as readonly string[]).includes(item.kind))
    throw new RuleViolationError("Only mini-badges and capstones can be requested.", "itemId");
  if (!catalog.isEffectivelyActive(itemId)) throw new RuleViolationError(`“${item.title}” is not open for requests right now.`, "itemId");
  if (state.held.has(itemId)) throw new RuleViolationError(`You have already earned “${item.title}”.`, "itemId");
  if (state.pending.has(itemId)) throw new ConflictError(`You already have a pending request for “${item.title}”.`);
}
