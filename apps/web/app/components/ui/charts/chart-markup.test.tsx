import { parseHTML } from "linkedom";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { BarChart } from "./bar-chart";
import { barChart } from "./build-chart.server";
import { ChartMarkup } from "./chart-markup";
import { barChartMarkup } from "./chart-markup.server";

const model = (weeks: readonly { week: number; completions: number }[]) =>
  barChart({
    title: "Completions per week",
    categoryLabel: "Week",
    valueLabel: "Completions",
    data: weeks.map((w) => ({ label: `W${w.week}`, value: w.completions })),
  });

describe("charts drawn as markup (the dashboards)", () => {
  it("is the markup React renders for the chart, with the ids prefixed by its name", () => {
    const weeks = [
      { week: 1, completions: 4 },
      { week: 2, completions: 9 },
    ];
    const html = barChartMarkup(weeks, "per-week", model);
    expect(html).toBe(renderToStaticMarkup(<BarChart chart={model(weeks)} />, { identifierPrefix: "per-week-" }));
    const { document } = parseHTML(`<!doctype html><html><body>${renderToStaticMarkup(<ChartMarkup html={html} />)}</body></html>`);
    const figure = document.querySelector(".chart-markup > figure.chart");
    const title = document.getElementById(figure?.getAttribute("aria-labelledby") ?? "");
    expect(title?.textContent).toBe("Completions per week");
    expect(figure?.getAttribute("aria-labelledby")).toMatch(/^:per-week-/);
    expect([...document.querySelectorAll(".chart-hit")].map((li) => li.getAttribute("aria-label"))).toEqual([
      "W1: 4 completions",
      "W2: 9 completions",
    ]);
  });

  it("draws a chart once per source object and name: the api's cache hands the same answer out until the data changes", () => {
    const weeks = [{ week: 1, completions: 4 }];
    let builds = 0;
    const counted = (w: typeof weeks) => {
      builds++;
      return model(w);
    };
    const first = barChartMarkup(weeks, "per-week", counted);
    expect(barChartMarkup(weeks, "per-week", counted)).toBe(first);
    expect(builds).toBe(1);
    // Another chart of the same source, and a new answer (after a change), are drawn anew.
    expect(barChartMarkup(weeks, "other", counted)).toContain("other-");
    const changed = [{ week: 1, completions: 5 }];
    expect(barChartMarkup(changed, "per-week", counted)).toContain("W1: 5 completions");
    expect(builds).toBe(3);
  });
});
