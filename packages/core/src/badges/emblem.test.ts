import { describe, expect, it } from "vitest";
import { EMBLEM_PALETTE, emblemInitials, emblemSvg, looksLikeSvg, programColour, rasterArtworkSvg } from "./emblem";
import { ITEM_KINDS, type ItemKind } from "./kinds";

/** WCAG 2 relative luminance of #rrggbb. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const contrastWithWhite = (hex: string) => 1.05 / (luminance(hex) + 0.05);

describe("emblemSvg", () => {
  const input = { kind: "skill" as const, title: "Prompt engineering", programId: "9b0c2c1e-0000-4000-8000-000000000001" };

  it("is deterministic: the same item gives the same bytes", () => {
    expect(emblemSvg(input)).toBe(emblemSvg({ ...input }));
  });

  it("draws a different shape for each kind", () => {
    const paths = ITEM_KINDS.map((kind) => /<path d="([^"]+)"/.exec(emblemSvg({ ...input, kind }))?.[1]);
    expect(new Set(paths).size).toBe(ITEM_KINDS.length);
  });

  it("colours by program: items of one program share a colour; the colour comes from the palette", () => {
    const fill = (programId: string, kind: ItemKind = input.kind) =>
      /fill="(#[0-9a-f]{6})"/.exec(emblemSvg({ ...input, programId, kind }))?.[1];
    expect(fill(input.programId)).toBe(fill(input.programId, "capstone"));
    expect(EMBLEM_PALETTE).toContain(fill(input.programId));
    const colours = new Set(Array.from({ length: 40 }, (_, i) => programColour(`program-${i}`)));
    expect(colours.size).toBeGreaterThan(4);
  });

  it("puts the initials in white on every palette colour with at least 4.5:1 contrast", () => {
    for (const colour of EMBLEM_PALETTE) expect(contrastWithWhite(colour)).toBeGreaterThanOrEqual(4.5);
    expect(emblemSvg(input)).toContain(">PE</text>");
  });

  it("escapes the title: markup in a title is text, never an element or attribute", () => {
    const svg = emblemSvg({ ...input, title: `<script>alert("x")</script> & "more"` });
    expect(svg).not.toContain("<script");
    expect(svg).toContain("<title>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;more&quot;</title>");
    expect(svg.match(/<[a-z]+/g)).toEqual(["<svg", "<title", "<path", "<text"]);
    const amp = emblemSvg({ ...input, title: "& <b>" });
    expect(amp).toContain(">B</text>");
  });

  it("has no script, event handler or external reference", () => {
    for (const kind of ITEM_KINDS) {
      const svg = emblemSvg({ ...input, kind });
      expect(svg).not.toMatch(/<script|\son[a-z]+=|href=|url\(/i);
    }
  });
});

describe("emblemInitials", () => {
  it.each([
    ["Prompt engineering", "PE"],
    ["RAG", "R"],
    ["2025 kick-off", "2K"],
    ["  first   week streak ", "FW"],
    ["Évaluation des agents", "ÉD"],
    ["!!!", "?"],
    ["", "?"],
  ])("%j → %s", (title, initials) => {
    expect(emblemInitials(title)).toBe(initials);
  });
});

describe("rasterArtworkSvg", () => {
  it("embeds the data URL and escapes the title", () => {
    const svg = rasterArtworkSvg("data:image/png;base64,iVBORw0KGgo=", "A < B");
    expect(svg).toContain('href="data:image/png;base64,iVBORw0KGgo="');
    expect(svg).toContain("<title>A &lt; B</title>");
  });
});

describe("looksLikeSvg", () => {
  const bytes = (s: string) => new TextEncoder().encode(s);
  it.each([
    ['<svg xmlns="http://www.w3.org/2000/svg"></svg>', true],
    ['\uFEFF<?xml version="1.0"?>\n<!-- made by hand -->\n<svg viewBox="0 0 1 1"/>', true],
    ["<html><svg></svg></html>", false],
    ["\x89PNG\r\n\x1a\n", false],
    ["<svgx>", false],
  ])("%j → %s", (text, expected) => {
    expect(looksLikeSvg(bytes(text))).toBe(expected);
  });
});
