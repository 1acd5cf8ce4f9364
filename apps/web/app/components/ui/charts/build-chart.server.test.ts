import { describe, expect, it } from "vitest";
import { barChart, formatValue, LEVEL_PLOT_WIDTH, lineChart, textWidthPx, thinLabels } from "./build-chart.server";
import { LABEL_LEVELS, type LabelLevel, type VerticalBarChartModel } from "./chart-model";

const weeks = (counts: number[]) =>
  counts.map((value, i) => ({ label: `W${String(i + 1).padStart(2, "0")}`, name: `2026-W${String(i + 1).padStart(2, "0")}`, value }));

const vertical = (counts: number[], format?: "integer" | "percent") =>
  barChart({
    title: "Awards per week",
    categoryLabel: "ISO week",
    valueLabel: "Awards",
    data: weeks(counts),
    ...(format ? { format } : {}),
  }) as VerticalBarChartModel;

describe("thinLabels", () => {
  const LABEL_GAP = 10;
  it.each([1, 5, 12, 26, 52, 90, 365])(
    "keeps %i labels from colliding at every container size, never showing one a wider chart hides",
    (n) => {
      for (const labelPx of [20, 36, 60]) {
        const hidden = thinLabels(n, labelPx);
        const levels: (LabelLevel | "wide")[] = [...LABEL_LEVELS, "wide"];
        for (const level of levels) {
          const shown = hidden.filter((h) => h !== null && (level === "wide" || !h.includes(level))).length;
          // Shown labels fit the narrowest plot of that size (or one label at least is shown).
          expect(shown * (labelPx + LABEL_GAP) <= LEVEL_PLOT_WIDTH[level] || shown === 1, `${n} labels of ${labelPx}px at ${level}`).toBe(
            true,
          );
        }
        // Monotonic: hidden at a wider size ⇒ hidden at every narrower size.
        for (const h of hidden) {
          if (h === null) continue;
          if (h.includes("md")) expect(h).toEqual(expect.arrayContaining(["sm", "xs"]));
          if (h.includes("sm")) expect(h).toContain("xs");
        }
        expect(hidden[0]).toEqual([]); // the first label is always shown
      }
    },
  );
});

describe("vertical bar chart", () => {
  it("scales bars to the value axis, on whole-number ticks for counts", () => {
    const chart = vertical([3, 5, 4, 8, 12, 9, 7, 15, 11, 6, 13, 10]);
    expect(chart.yTicks.map((t) => t.label)).toEqual(["0", "5", "10", "15"]);
    const zero = chart.yTicks[0]?.y as number;
    const top = chart.yTicks.at(-1)?.y as number;
    expect(zero).toBe(chart.plotHeight);
    // The 15 bar reaches the 15 tick; the 3 bar is a fifth of it.
    expect(chart.bars[7]?.y).toBeCloseTo(top, 1);
    expect((chart.bars[0]?.height ?? 0) / (chart.bars[7]?.height ?? 1)).toBeCloseTo(3 / 15, 2);
    // Bars stay inside the plot, left to right, without overlapping.
    for (const [i, b] of chart.bars.entries()) {
      expect(b.x).toBeGreaterThanOrEqual(0);
      expect(b.x + b.width).toBeLessThanOrEqual(100);
      if (i > 0) expect(b.x).toBeGreaterThan((chart.bars[i - 1]?.x ?? 0) + (chart.bars[i - 1]?.width ?? 0));
    }
  });

  it("never draws fractional ticks for small counts, nor an empty axis for no awards", () => {
    expect(vertical([0, 1, 2]).yTicks.map((t) => t.label)).toEqual(["0", "1", "2", "3", "4"]);
    const empty = vertical([0, 0, 0]);
    expect(empty.yTicks.length).toBeGreaterThan(1);
    expect(empty.bars.every((b) => b.height === 0)).toBe(true);
    expect(empty.summary).toBe("Awards: 0 in total; highest 0 (2026-W01).");
  });

  it("puts percentages on a 0–100% axis", () => {
    const chart = vertical([18, 72], "percent");
    expect(chart.yTicks[0]?.label).toBe("0%");
    expect(chart.yTicks.at(-1)?.label).toBe("100%");
    expect(chart.bars.map((b) => b.value)).toEqual(["18%", "72%"]);
  });

  it("makes the value axis column as wide as its longest label", () => {
    const chart = vertical([1200, 4800]);
    expect(chart.yTicks.at(-1)?.label).toBe("5,000");
    expect(chart.gutter).toBeGreaterThanOrEqual(textWidthPx("5,000"));
  });

  it("hides value labels on narrow charts when the bars are narrower than the figures", () => {
    expect(vertical([1, 2, 3]).bars[0]?.hideValueAt).toEqual([]);
    expect(vertical(Array.from({ length: 52 }, (_, i) => 1000 + i)).bars[0]?.hideValueAt).toEqual(["xs", "sm", "md"]);
  });

  it("gives each week one focusable column with its figures, and a table with the same numbers", () => {
    const chart = barChart({
      title: "Awards per week",
      categoryLabel: "ISO week",
      valueLabel: "Awards",
      extraColumns: ["Starts (Monday)"],
      data: [{ label: "W08", name: "2026-W08", value: 15, extra: ["2026-02-16"] }],
    }) as VerticalBarChartModel;
    expect(chart.hits).toHaveLength(1);
    expect(chart.hits[0]?.text).toBe("2026-W08: 15 awards");
    expect(chart.table).toEqual({ columns: ["ISO week", "Starts (Monday)", "Awards"], rows: [["2026-W08", "2026-02-16", "15"]] });
  });

  it("anchors tooltips near the edges inwards", () => {
    const aligns = vertical([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]).hits.map((h) => h.align);
    expect(aligns[0]).toBe("start");
    expect(aligns[5]).toBe("center");
    expect(aligns[9]).toBe("end");
  });
});

describe("horizontal bar chart", () => {
  it("leaves room after the longest bar for its value and shortens very long names", () => {
    const chart = barChart({
      title: "Completion",
      orientation: "horizontal",
      categoryLabel: "Program",
      valueLabel: "Completed",
      format: "percent",
      data: [
        { label: "AI Foundations", value: 100 },
        { label: "A program with a name far longer than any label should ever be", value: 50 },
      ],
    });
    if (chart.orientation !== "horizontal") throw new Error("expected horizontal");
    expect(chart.bars.map((b) => b.width)).toEqual([80, 40]);
    expect(chart.bars[1]?.label.length).toBeLessThanOrEqual(40);
    expect(chart.bars[1]?.label.endsWith("…")).toBe(true);
    expect(chart.hits[1]?.text).toBe("A program with a name far longer than any label should ever be: 50% completed");
  });
});

describe("line chart", () => {
  const categories = weeks([0, 0, 0, 0]).map(({ label, name }) => ({ label, name }));

  it("draws each series as a path through its points, broken where a value is missing", () => {
    const chart = lineChart({
      title: "Missions",
      categoryLabel: "ISO week",
      valueLabel: "Chats",
      categories,
      series: [
        { name: "Attempts", values: [10, 20, 30, 40] },
        { name: "Completions", values: [5, null, 15, 20] },
      ],
    });
    expect(chart.series.map((s) => s.tone)).toEqual([1, 2]);
    expect(chart.series[0]?.path.match(/M/g)).toHaveLength(1);
    expect(chart.series[1]?.path.match(/M/g)).toHaveLength(2);
    expect(chart.series[1]?.points).toHaveLength(3);
    expect(chart.hits[1]?.text).toBe("2026-W02: Attempts 20, Completions no data");
    expect(chart.table.rows[1]).toEqual(["2026-W02", "20", "—"]);
    expect(chart.summary).toBe("Attempts: 40 in 2026-W04; Completions: 20 in 2026-W04.");
  });

  it("leaves out point markers on long series and refuses more than five series", () => {
    const long = Array.from({ length: 90 }, (_, i) => ({ label: String(i) }));
    expect(
      lineChart({
        title: "Daily",
        categoryLabel: "Day",
        valueLabel: "Learners",
        categories: long,
        series: [{ name: "L", values: long.map(() => 1) }],
      }).series[0]?.points,
    ).toEqual([]);
    expect(() =>
      lineChart({
        title: "Too many",
        categoryLabel: "Week",
        valueLabel: "Chats",
        categories,
        series: Array.from({ length: 6 }, (_, i) => ({ name: `S${i}`, values: [1, 2, 3, 4] })),
      }),
    ).toThrow("at most 5 series");
  });
});

describe("formatValue", () => {
  it.each([
    [1234.4, "integer", "1,234"],
    [66.6, "percent", "67%"],
    [2.25, "decimal", "2.3"],
  ] as const)("%s as %s is %s", (value, format, expected) => {
    expect(formatValue(value, format)).toBe(expected);
  });
});
