import type { ItemKind } from "./kinds";

// Generated default artwork for catalog items without an uploaded image
// (docs/product/badges.md §B-8): the shape says the kind, the colour the program, the letters
// the title. Pure: the same item always gives the same bytes, so the image can be cached by ETag.

/** The app path of an item's artwork: the PNG form goes into emails (and Open Badges credentials). */
export const badgeImagePath = (itemId: string, form: "png" | "svg" = "png"): string => `/badge-image/${itemId}.${form}`;

/** The side of the emblem's square drawing, in SVG user units (and PNG pixels at scale 1). */
export const EMBLEM_SIZE = 256;

/**
 * Program colours: each is the fill behind white initials, so every one has a contrast of at
 * least 4.5:1 with #ffffff (checked in emblem.test.ts), whatever the page's theme.
 */
export const EMBLEM_PALETTE = [
  "#1d4ed8", // blue
  "#047857", // green
  "#b91c1c", // red
  "#6d28d9", // violet
  "#c2410c", // orange
  "#0e7490", // cyan
  "#be185d", // pink
  "#4d7c0f", // olive
] as const;

/** One outline per kind, drawn in the 256×256 square. */
const SHAPES: Record<ItemKind, string> = {
  // Hexagon: a program holds everything else.
  program: "M128 8 L232 68 L232 188 L128 248 L24 188 L24 68 Z",
  // Shield.
  skill: "M128 8 L232 44 L232 124 C232 188 184 228 128 248 C72 228 24 188 24 124 L24 44 Z",
  // Circle (a small, frequent badge).
  mini_badge: "M128 12 A116 116 0 1 1 127.99 12 Z",
  // Eight-pointed star: the final piece of a program.
  capstone:
    "M128 6 L158 56 L214 42 L200 98 L250 128 L200 158 L214 214 L158 200 L128 250 L98 200 L42 214 L56 158 L6 128 L56 98 L42 42 L98 56 Z",
  // Rounded square: earned by doing something repeatedly.
  progress_badge: "M64 16 H192 A48 48 0 0 1 240 64 V192 A48 48 0 0 1 192 240 H64 A48 48 0 0 1 16 192 V64 A48 48 0 0 1 64 16 Z",
};

/** The palette colour of a program, from its id (FNV-1a hash): stable across renames and restarts. */
export function programColour(programId: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < programId.length; i++) {
    hash ^= programId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return EMBLEM_PALETTE[hash % EMBLEM_PALETTE.length] ?? EMBLEM_PALETTE[0];
}

/**
 * Up to two letters from a title: the first letter or digit of its first two words, upper-cased
 * ("Prompt engineering" → "PE", "RAG" → "R", "2025 kick-off" → "2K"); "?" when it has none.
 */
export function emblemInitials(title: string): string {
  const words = title
    .normalize("NFC")
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== "");
  const letters = words
    .slice(0, 2)
    .map((w) => Array.from(w)[0] ?? "")
    .join("")
    .toLocaleUpperCase("en");
  return letters === "" ? "?" : letters;
}

export const escapeXml = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c] ?? c);

export interface EmblemInput {
  kind: ItemKind;
  title: string;
  /** The item's program (a program's own id for a program). */
  programId: string;
}

/**
 * The default emblem as a standalone SVG document (no scripts, no external references, text
 * escaped). Example: a skill "Prompt engineering" in a program whose id hashes to blue is a blue
 * shield with "PE" in white.
 */
export function emblemSvg({ kind, title, programId }: EmblemInput): string {
  const fill = programColour(programId);
  const initials = emblemInitials(title);
  const fontSize = initials.length > 1 ? 92 : 112;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${EMBLEM_SIZE}" height="${EMBLEM_SIZE}" viewBox="0 0 ${EMBLEM_SIZE} ${EMBLEM_SIZE}" role="img">`,
    `<title>${escapeXml(title)}</title>`,
    `<path d="${SHAPES[kind]}" fill="${fill}" stroke="#ffffff" stroke-width="6" stroke-linejoin="round"/>`,
    `<text x="128" y="128" dy="0.35em" text-anchor="middle" font-family="DejaVu Sans, Verdana, Arial, sans-serif" font-weight="700" font-size="${fontSize}" fill="#ffffff">${escapeXml(initials)}</text>`,
    "</svg>",
  ].join("");
}

/**
 * An SVG document showing an uploaded raster image (a data: URL checked by IconImageContentSchema)
 * in the emblem's square: the .svg form of an item whose artwork was uploaded.
 */
export function rasterArtworkSvg(dataUrl: string, title: string): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${EMBLEM_SIZE}" height="${EMBLEM_SIZE}" viewBox="0 0 ${EMBLEM_SIZE} ${EMBLEM_SIZE}" role="img">`,
    `<title>${escapeXml(title)}</title>`,
    `<image href="${escapeXml(dataUrl)}" x="0" y="0" width="${EMBLEM_SIZE}" height="${EMBLEM_SIZE}" preserveAspectRatio="xMidYMid meet"/>`,
    "</svg>",
  ].join("");
}

/**
 * Whether bytes look like an SVG document (after an optional BOM, XML declaration, comments and
 * doctype, the first element is `<svg`). Decided by content, never by the file's name.
 */
export function looksLikeSvg(bytes: Uint8Array): boolean {
  const head = new TextDecoder("utf-8", { fatal: false }).decode(bytes.subarray(0, 4096)).replace(/^\uFEFF/, "");
  const rest = head.replace(/^(\s*(<\?xml[^>]*\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>))*\s*/i, "");
  return /^<svg[\s>]/i.test(rest);
}
