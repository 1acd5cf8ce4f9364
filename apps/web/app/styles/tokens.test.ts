// WCAG AA for every text/background and UI/background pair the stylesheets use, in both themes.
// Changing a token to a low-contrast value fails here. The pairs are the ones app/styles/*.css
// actually combine; add a row when a stylesheet puts a colour token on a new background.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { wcagContrast } from "culori";
import { describe, expect, it } from "vitest";

const stylesDir = import.meta.dirname;
const tokensCss = readFileSync(path.join(stylesDir, "tokens.css"), "utf8");

/** `--name: light-dark(#light, #dark)` → { name: { light, dark } }. */
function parseThemeTokens(css: string): Record<string, { light: string; dark: string }> {
  const tokens: Record<string, { light: string; dark: string }> = {};
  for (const m of css.matchAll(/--([\w-]+):\s*light-dark\(\s*(#[0-9a-fA-F]{6})\s*,\s*(#[0-9a-fA-F]{6})\s*\)\s*;/g)) {
    tokens[m[1] as string] = { light: m[2] as string, dark: m[3] as string };
  }
  return tokens;
}

const BODY = 4.5; // normal text
const UI = 3; // large text, icons, control boundaries, focus rings, chart marks

const SURFACES = ["bg", "surface", "surface-raised", "surface-sunken", "surface-hover"];
const CARD_SURFACES = ["surface", "surface-raised"];

type Pair = [foreground: string, background: string, minimum: number, use: string];

const PAIRS: Pair[] = [
  ...SURFACES.flatMap((bg): Pair[] => [
    ["color-text", `color-${bg}`, BODY, "body text"],
    ["color-text-muted", `color-${bg}`, BODY, "secondary text, hints, table headings"],
    ["color-link", `color-${bg}`, BODY, "links"],
    ["color-border-strong", `color-${bg}`, UI, "form control outlines"],
    ["color-focus", `color-${bg}`, UI, "focus ring"],
    ["color-danger", `color-${bg}`, BODY, "field errors"],
  ]),
  ["color-primary-text", "color-primary", BODY, "primary button label"],
  ["color-primary-text", "color-primary-hover", BODY, "primary button label, hovered"],
  ["color-primary", "color-surface", UI, "primary button against the card"],
  ["color-primary", "color-bg", UI, "primary button against the page"],
  ["color-primary-soft-text", "color-primary-soft", BODY, "current tab, selected option"],
  ["color-danger-text", "color-danger", BODY, "danger button label"],
  ["color-danger-text", "color-danger-hover", BODY, "danger button label, hovered"],
  ["color-danger", "color-surface", UI, "danger button against the card"],
  ["color-text", "color-neutral-soft", BODY, "neutral chip"],
  ["color-text-muted", "color-neutral-soft", BODY, "muted text in a neutral chip"],
  ...(["success", "warning", "danger", "info"] as const).flatMap((tone): Pair[] => [
    [`color-${tone}`, `color-${tone}-soft`, BODY, `${tone} chip and flash text`],
    [`color-${tone}`, "color-surface", BODY, `${tone} text and icons on a card`],
    [`color-text`, `color-${tone}-soft`, BODY, `body text inside a ${tone} flash`],
  ]),
  ...[1, 2, 3, 4, 5].flatMap((n) => CARD_SURFACES.map((bg): Pair => [`chart-${n}`, `color-${bg}`, UI, `chart series ${n}`])),
  ...CARD_SURFACES.map((bg): Pair => ["chart-axis", `color-${bg}`, UI, "chart axis line"]),
];

describe("design tokens", () => {
  const tokens = parseThemeTokens(tokensCss);

  it("defines every colour as light-dark(#hex, #hex), so both themes can be checked", () => {
    const declared = [...tokensCss.matchAll(/--((?:color|chart)-[\w-]+):/g)].map((m) => m[1]);
    expect(declared.length).toBeGreaterThan(20);
    expect(declared.filter((name) => !(name && tokens[name]))).toEqual([]);
  });

  for (const theme of ["light", "dark"] as const) {
    it.each(PAIRS)(`${theme}: %s on %s reaches %s:1 (%s)`, (fg, bg, minimum) => {
      const a = tokens[fg]?.[theme];
      const b = tokens[bg]?.[theme];
      expect(a, `token --${fg}`).toBeDefined();
      expect(b, `token --${bg}`).toBeDefined();
      const ratio = wcagContrast(a as string, b as string);
      expect(ratio, `--${fg} ${a} on --${bg} ${b}: ${ratio.toFixed(2)}:1`).toBeGreaterThanOrEqual(minimum);
    });
  }

  it("keeps the chart series apart from each other in both themes", () => {
    // Series also differ in dash and marker; their colours must at least differ.
    for (const theme of ["light", "dark"] as const)
      for (let i = 1; i <= 5; i++)
        for (let j = i + 1; j <= 5; j++) {
          const a = tokens[`chart-${i}`]?.[theme] as string;
          const b = tokens[`chart-${j}`]?.[theme] as string;
          expect(a === b, `chart-${i} and chart-${j} differ in ${theme}`).toBe(false);
        }
  });
});

describe("stylesheets", () => {
  const files = ["../styles.css", ...readdirSync(stylesDir).filter((f) => f.endsWith(".css"))].map((f) => ({
    name: f,
    css: readFileSync(path.join(stylesDir, f), "utf8").replace(/\/\*[\s\S]*?\*\//g, ""),
  }));
  const defined = new Set(files.flatMap(({ css }) => [...css.matchAll(/(--[\w-]+)\s*:/g)].map((m) => m[1])));

  it("use only custom properties that are defined (or give a fallback)", () => {
    const missing = files.flatMap(({ name, css }) =>
      [...css.matchAll(/var\(\s*(--[\w-]+)\s*([,)])/g)]
        .filter((m) => m[2] === ")" && !defined.has(m[1] as string))
        .map((m) => `${name}: ${m[1]}`),
    );
    expect(missing).toEqual([]);
  });

  it("take every colour from the tokens (no literal colours outside tokens.css)", () => {
    const literals = files
      .filter(({ name }) => name !== "tokens.css")
      .flatMap(({ name, css }) => [...css.matchAll(/#[0-9a-fA-F]{3,8}\b|\brgba?\(|\bhsla?\(/g)].map((m) => `${name}: ${m[0]}`));
    expect(literals).toEqual([]);
  });
});
