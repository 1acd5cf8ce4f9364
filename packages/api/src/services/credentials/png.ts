/// <reference path="./libs.d.ts" />
// Baking: the signed credential in a PNG's iTXt chunk keyed `openbadgecredential` (OB 3.0 §5.3.1),
// placed before IEND. png-chunks-extract/encode handle the chunk framing and CRCs; the iTXt body
// (keyword, NUL, compression flag 0, method 0, empty language tag, NUL, empty translated keyword,
// NUL, UTF-8 text) is encoded here because those libraries only know tEXt.

import encode from "png-chunks-encode";
import extract from "png-chunks-extract";

export const BAKED_KEYWORD = "openbadgecredential";

export function encodeItxt(keyword: string, text: string): Uint8Array {
  const head = Buffer.from(`${keyword}\0`, "latin1");
  return Buffer.concat([head, Uint8Array.from([0, 0, 0, 0]), Buffer.from(text, "utf8")]);
}

/** The UTF-8 text of an iTXt chunk with `keyword` (uncompressed only); null when it is another keyword. */
export function decodeItxt(data: Uint8Array, keyword: string): string | null {
  const buf = Buffer.from(data);
  const end = buf.indexOf(0);
  if (end < 0 || buf.toString("latin1", 0, end) !== keyword) return null;
  if (buf[end + 1] !== 0) throw new Error("A compressed iTXt credential is not supported.");
  const langEnd = buf.indexOf(0, end + 3);
  const translatedEnd = buf.indexOf(0, langEnd + 1);
  if (langEnd < 0 || translatedEnd < 0) throw new Error("Malformed iTXt chunk.");
  return buf.toString("utf8", translatedEnd + 1);
}

/** The PNG with the credential baked in (any earlier `openbadgecredential` chunk replaced). */
export function bakePng(png: Uint8Array, credentialJson: string): Buffer {
  const chunks = extract(png).filter((c) => !(c.name === "iTXt" && decodeItxt(c.data, BAKED_KEYWORD) !== null));
  const iend = chunks.findIndex((c) => c.name === "IEND");
  if (iend < 0) throw new Error("Not a PNG: no IEND chunk.");
  chunks.splice(iend, 0, { name: "iTXt", data: encodeItxt(BAKED_KEYWORD, credentialJson) });
  return Buffer.from(encode(chunks));
}

/** The credential text baked into a PNG, or null when there is none. */
export function extractBakedCredential(png: Uint8Array): string | null {
  for (const chunk of extract(png)) {
    if (chunk.name !== "iTXt") continue;
    const text = decodeItxt(chunk.data, BAKED_KEYWORD);
    if (text !== null) return text;
  }
  return null;
}
