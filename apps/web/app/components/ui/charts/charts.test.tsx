// What the chart components send: an accessible figure whose text is never inside a scaled
// (viewBox) drawing, and the CSS that sizes that text at 12px or more.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { renderStatic } from "../render-test-utils";
import { BarChart } from "./bar-chart";
import { barChart, lineChart } from "./build-chart.server";
import { LineChart } from "./line-chart";

const stylesDir = path.resolve(import.meta.dirname, "../../../styles");
const remOf = (value: string, tokens: Record<string, string>): number => {
  const token = value.match(/^var\((--[\w-]+)\)$/)?.[1];
  const resolved = token ? (tokens[token] ?? "") : value;
  const rem = resolved.match(/^([\d.]+)rem$/);
  const px = resolved.match(/^([\d.]+)px$/);
  if (rem) return Number(rem[1]);
  if (px) return Number(px[1]) / 16;
  throw new Error(`font size ${value} is not in rem or px`);
};

const weekly = barChart({
  title: "Awards per ISO week",
  categoryLabel: "ISO week",
  valueLabel: "Awards",
  data: [3, 5, 15].map((value, i) => ({ label: `W0${i + 1}`, name: `2026-W0${i + 1}`, value })),
});
const trend = lineChart({
  title: "Attempts and completions",
  categoryLabel: "ISO week",
  valueLabel: "Chats",
  categories: [{ label: "W01" }, { label: "W02" }],
  series: [
    { name: "Attempts", values: [10, 20] },
    { name: "Completions", values: [4, 8] },
  ],
});

describe("chart markup", () => {
  for (const [name, ui] of [
    ["bar chart", <BarChart key="bar" chart={weekly} />],
    ["line chart", <LineChart key="line" chart={trend} />],
  ] as const)
    it(`${name}: a figure named by its title, a hidden drawing, focusable data points and a table`, () => {
      const { $, $$ } = renderStatic(ui);
      const figure = $("figure");
      expect($(`[id="${figure?.getAttribute("aria-labelledby")}"]`)?.textContent).toBe(
        name === "bar chart" ? "Awards per ISO week" : "Attempts and completions",
      );
      expect($(`[id="${figure?.getAttribute("aria-describedby")}"]`)?.textContent).toMatch(/\d/);
      expect($$("figure > div svg, figure svg.chart-yaxis").every((s) => s.getAttribute("aria-hidden") === "true")).toBe(true);
      const points = $$("ul.chart-hits > li");
      expect(points.length).toBeGreaterThan(1);
      for (const p of points) {
        expect(p.getAttribute("tabindex")).toBe("0");
        expect(p.getAttribute("aria-label")).toMatch(/: /);
        expect(p.querySelector(".chart-tip")?.textContent).toBe(p.getAttribute("aria-label"));
      }
      expect($("details > summary")?.textContent).toBe("Show as a table");
      expect($$("details table thead th").every((th) => th.getAttribute("scope") === "col")).toBe(true);
      expect($$("details table tbody th").every((th) => th.getAttribute("scope") === "row")).toBe(true);
    });

  it("puts no text inside a scaled drawing, so labels keep their CSS size at any width", () => {
    for (const ui of [<BarChart key="bar" chart={weekly} />, <LineChart key="line" chart={trend} />]) {
      const { $$ } = renderStatic(ui);
      expect($$("text").length).toBeGreaterThan(3);
      for (const text of $$("text")) expect(text.closest("svg[viewBox]"), text.textContent ?? "").toBeNull();
      // The drawing's own size is CSS pixels or a percentage of its box: never a viewBox.
      for (const svg of $$("svg.chart-canvas, svg.chart-yaxis")) expect(svg.hasAttribute("viewBox")).toBe(false);
    }
  });
});

describe("chart label sizes", () => {
  const tokens = Object.fromEntries(
    [...readFileSync(path.join(stylesDir, "tokens.css"), "utf8").matchAll(/(--text-[\w-]+):\s*([^;]+);/g)].map((m) => [m[1], m[2]?.trim()]),
  );
  const chartsCss = readFileSync(path.join(stylesDir, "charts.css"), "utf8").replace(/\/\*[\s\S]*?\*\//g, "");

  it("sets every chart text and tooltip at 12px (0.75rem) or more", () => {
    const sizes = [...chartsCss.matchAll(/([^{}]+)\{([^}]*)\}/g)].flatMap((rule) =>
      [...(rule[2] ?? "").matchAll(/font-size:\s*([^;]+);/g)].map((m) => ({
        selector: rule[1]?.trim(),
        rem: remOf(m[1]?.trim() ?? "", tokens),
      })),
    );
    expect(sizes.map((s) => s.selector)).toEqual(expect.arrayContaining([".chart text", ".chart .chart-row-label", ".chart-tip"]));
    expect(sizes.filter((s) => s.rem < 0.75)).toEqual([]);
  });
});
