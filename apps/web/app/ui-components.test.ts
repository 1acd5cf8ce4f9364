// One way to draw each control: pages and components use the ui/ set (docs/decisions/019), so a
// button has its variants, focus ring and pending state everywhere. A raw <button> or an unstyled
// <table> outside app/components/ui/ would be a second way that drifts from the first.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const APP = import.meta.dirname;
const UI = path.join(APP, "components", "ui");
const RAW = [/<button[\s>]/, /<table[\s>]/];

const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return full === UI ? [] : sources(full);
    return entry.name.endsWith(".tsx") && !entry.name.includes(".test.") ? [full] : [];
  });

describe("the ui component set", () => {
  it("is the only place that writes a raw <button> or <table>", () => {
    const found = sources(APP).flatMap((file) => {
      // Comments may name the elements ("/admin/exports/<table>.<format>").
      const text = readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, "");
      return RAW.filter((re) => re.test(text)).map((re) => `${path.relative(APP, file)}: ${re.source}`);
    });
    expect(found).toEqual([]);
  });
});
