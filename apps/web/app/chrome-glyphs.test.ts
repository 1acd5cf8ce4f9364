// No emoji or symbol glyph is used as an icon in the app's own text (strings and JSX text of
// app/**, and its stylesheets): icons come from lucide-react, which draws them on every machine.
// Comments are not read. User data (an item's iconEmoji) lives in the database, not here.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/** Emoji, pictographs and the symbol blocks people reach for as icons (arrows, shapes, dingbats, braille…). */
const ICON_GLYPH =
  /[\p{Extended_Pictographic}\u{2190}-\u{21FF}\u{2300}-\u{23FF}\u{25A0}-\u{25FF}\u{2600}-\u{27BF}\u{2800}-\u{28FF}\u{2B00}-\u{2BFF}]|\u{FE0F}/gu;
/** Typographic marks that happen to be pictographic in Unicode's tables. */
const TYPOGRAPHY = new Set(["©", "®", "™"]);

/** Places a glyph is text, not an icon; each says why. */
const ALLOWED: { file: string; glyph: string; why: string }[] = [
  { file: "routes/admin.missions.tsx", glyph: "→", why: "“10 → 20 points” in the re-score preview reads as “to” in a sentence" },
];

function iconGlyphsIn(root: string): string[] {
  const found: string[] = [];
  const report = (file: string, text: string) => {
    for (const m of text.matchAll(ICON_GLYPH)) {
      const glyph = m[0];
      if (TYPOGRAPHY.has(glyph)) continue;
      if (ALLOWED.some((a) => a.file === file && a.glyph === glyph)) continue;
      found.push(`${file}: ${glyph} in ${JSON.stringify(text.trim().slice(0, 60))}`);
    }
  };
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  for (const full of walk(root)) {
    const file = path.relative(root, full).split(path.sep).join("/");
    if (/\.test\.tsx?$|test-utils/.test(file)) continue;
    if (file.endsWith(".css")) report(file, readFileSync(full, "utf8").replace(/\/\*[\s\S]*?\*\//g, ""));
    if (!/\.tsx?$/.test(file)) continue;
    const source = ts.createSourceFile(
      file,
      readFileSync(full, "utf8"),
      ts.ScriptTarget.Latest,
      true,
      file.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
    );
    const visit = (node: ts.Node) => {
      if (ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node) || ts.isJsxText(node)) report(file, node.text);
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

describe("app chrome", () => {
  it("uses no emoji or symbol glyph as an icon", () => {
    expect(iconGlyphsIn(import.meta.dirname)).toEqual([]);
  });

  it("finds the glyphs it is meant to find", () => {
    const probe = ts.createSourceFile(
      "probe.tsx",
      'const a = <span aria-hidden="true">🔔</span>; const b = "✓ earned"; // ⚠ a comment',
      ts.ScriptTarget.Latest,
      true,
      ts.ScriptKind.TSX,
    );
    const texts: string[] = [];
    const visit = (node: ts.Node) => {
      if (ts.isStringLiteralLike(node) || ts.isJsxText(node)) texts.push(node.text);
      ts.forEachChild(node, visit);
    };
    visit(probe);
    expect(texts.join(" ").match(ICON_GLYPH)).toEqual(["🔔", "✓"]);
    expect("▲ ▼ ↑ ↓ ⏳ ⠿ 🟢 ⭐ 🎖️".match(ICON_GLYPH)?.length).toBe(10);
    expect(("Name · page 1 of 3 — 1–50 … “quoted” ‘x’ › ©".match(ICON_GLYPH) ?? []).filter((g) => !TYPOGRAPHY.has(g))).toEqual([]);
  });
});
