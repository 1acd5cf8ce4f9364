// Badge artwork (docs/product/badges.md §B-8): uploaded SVGs are rasterised here once, on
// upload, so an SVG is never served as it was sent; the /badge-image route renders the PNG form
// of any artwork. resvg runs no scripts, and external references are removed before it sees the
// document (it would otherwise read local files named by an <image href>).
import { createHash } from "node:crypto";
import { EMBLEM_SIZE, emblemSvg, ICON_IMAGE_MAX_BYTES, type ItemKind, looksLikeSvg, rasterArtworkSvg } from "@missionboard/core";
import { Resvg } from "@resvg/resvg-js";

export const SVG_REFUSED = {
  doctype: "The SVG must not contain a DOCTYPE or entity declarations.",
  invalid: "The SVG could not be read as an image.",
  tooLarge: `The rasterised image must be ${ICON_IMAGE_MAX_BYTES / 1024} KB or smaller; simplify the SVG.`,
} as const;

export class ArtworkRefused extends Error {}

/** Only fragment references (#id) and embedded raster images survive; everything else points nowhere. */
const SAFE_HREF = /^(#|data:image\/(png|jpeg|gif);base64,)/;

/**
 * The SVG text with every reference outside the document neutralised: `href`/`xlink:href` (under
 * any prefix) that is not `#…` or an embedded raster becomes `#`, and `url(…)` in attributes and
 * styles that is not `url(#…)` becomes `none`. Entities are refused (they could spell a reference).
 */
export function neutraliseSvg(text: string): string {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new ArtworkRefused(SVG_REFUSED.doctype);
  return text
    .replace(/(\s[\w.-]*:?href\s*=\s*)(["'])([\s\S]*?)\2/gi, (_, name: string, quote: string, value: string) =>
      SAFE_HREF.test(value.trim()) ? `${name}${quote}${value}${quote}` : `${name}${quote}#${quote}`,
    )
    .replace(/url\(\s*(["']?)\s*([^)]*?)\1\s*\)/gi, (whole, _q: string, target: string) => (target.startsWith("#") ? whole : "none"))
    .replace(/@import[^;]*;?/gi, "");
}

const render = (svg: string, width = EMBLEM_SIZE): Buffer =>
  new Resvg(svg, {
    fitTo: { mode: "width", value: width },
    font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" },
    logLevel: "off",
  })
    .render()
    .asPng();

/** An uploaded SVG file as a PNG data: URL, or ArtworkRefused with the reason. */
export function rasteriseUploadedSvg(bytes: Uint8Array): string {
  const text = new TextDecoder().decode(bytes);
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new ArtworkRefused(SVG_REFUSED.doctype);
  if (!looksLikeSvg(bytes)) throw new ArtworkRefused(SVG_REFUSED.invalid);
  let png: Buffer;
  try {
    png = render(neutraliseSvg(text));
  } catch (error) {
    if (error instanceof ArtworkRefused) throw error;
    throw new ArtworkRefused(SVG_REFUSED.invalid);
  }
  if (png.byteLength > ICON_IMAGE_MAX_BYTES) throw new ArtworkRefused(SVG_REFUSED.tooLarge);
  return `data:image/png;base64,${png.toString("base64")}`;
}

export interface Artwork {
  id: string;
  kind: ItemKind;
  title: string;
  programId: string;
  /** The uploaded image (a checked raster data: URL), or null for the generated emblem. */
  image: string | null;
}

/** The .svg form: the emblem, or an SVG showing the uploaded image. */
export const artworkSvg = (art: Artwork): string => (art.image ? rasterArtworkSvg(art.image, art.title) : emblemSvg(art));

// Rendering costs a few milliseconds; a badge page asks for the same few images over and over.
const PNG_CACHE_MAX = 256;
const pngCache = new Map<string, Buffer>();

/** The .png form: an uploaded PNG as it is, anything else rendered to a 256 px PNG. */
export function artworkPng(art: Artwork): Buffer {
  const png = art.image?.startsWith("data:image/png;base64,") ? Buffer.from(art.image.slice(22), "base64") : null;
  if (png) return png;
  const svg = artworkSvg(art);
  const key = etagOf(svg);
  const cached = pngCache.get(key);
  if (cached) return cached;
  const rendered = render(svg);
  if (pngCache.size >= PNG_CACHE_MAX) pngCache.delete(pngCache.keys().next().value ?? "");
  pngCache.set(key, rendered);
  return rendered;
}

/** A strong ETag from the bytes (or text) served. */
export const etagOf = (body: string | Uint8Array): string => `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
