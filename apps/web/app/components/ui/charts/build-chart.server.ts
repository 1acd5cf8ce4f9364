// Chart geometry, computed on the server with d3-scale and d3-shape (docs/decisions/019-design-system.md).
// A loader calls barChart()/lineChart() and hands the model to <BarChart>/<LineChart>.
import { scaleBand, scaleLinear, scalePoint } from "d3-scale";
import { curveMonotoneX, line } from "d3-shape";
import { formatNumber, formatOneDecimal } from "../../../lib/number-format";
import type {
  AxisLabel,
  BarChartModel,
  ChartTable,
  Hit,
  HorizontalBarChartModel,
  LabelLevel,
  LineChartModel,
  Tick,
  VerticalBarChartModel,
} from "./chart-model";

export type ValueFormat = "integer" | "percent" | "decimal";

export interface ChartDatum {
  /** Short label under the axis ("W10"). */
  label: string;
  /** Full name for the tooltip and the table ("2026-W10"); defaults to `label`. */
  name?: string;
  value: number;
  /** Cells of `extraColumns` in the table alternative (e.g. the week's first day). */
  extra?: string[];
}

interface ChartInputCommon {
  title: string;
  /** Names the categories (x axis of a vertical chart): "ISO week". */
  categoryLabel: string;
  /** Names the values (y axis): "Awards". */
  valueLabel: string;
  format?: ValueFormat;
  /** Replaces the generated one-sentence summary. */
  summary?: string;
  extraColumns?: string[];
  /** Plot height in px (vertical bar and line charts). */
  height?: number;
}

export interface BarChartInput extends ChartInputCommon {
  data: readonly ChartDatum[];
  orientation?: "vertical" | "horizontal";
}

export interface LineChartInput extends ChartInputCommon {
  /** The x axis, in order. */
  categories: readonly Omit<ChartDatum, "value">[];
  /** Up to five series, one value (or null for a gap) per category. */
  series: readonly { name: string; values: readonly (number | null)[] }[];
}

/** The narrowest plot width assumed at each container size (see LABEL_LEVELS and charts.css). */
export const LEVEL_PLOT_WIDTH: Record<LabelLevel | "wide", number> = { xs: 240, sm: 360, md: 560, wide: 880 };
const LEVELS_NARROW_FIRST: LabelLevel[] = ["xs", "sm", "md"];
/** Average advance of a 12px system-ui character (digits and lower case), with a margin. */
const CHAR_PX = 7.2;
const LABEL_GAP_PX = 10;
const TOP_PAD_PX = 20;
const MAX_SERIES = 5;
/** Beyond this many categories a line has no point markers (they would merge into a bead string). */
const MAX_MARKERS = 36;

const round = (n: number) => Math.round(n * 100) / 100;

export function formatValue(value: number, format: ValueFormat = "integer"): string {
  if (format === "percent") return `${Math.round(value)}%`;
  if (format === "decimal") return formatOneDecimal(value);
  return formatNumber(Math.round(value));
}

export const textWidthPx = (text: string) => text.length * CHAR_PX;

/**
 * Which container sizes hide the i-th of n labels, `labelPx` wide each: at each size, every
 * step-th label is kept, step being the smallest power of two that makes them fit, so a label
 * hidden on a wider chart is hidden on every narrower one too. Labels that fit nowhere are null.
 */
export function thinLabels(n: number, labelPx: number): (LabelLevel[] | null)[] {
  const stepAt = (width: number) => {
    const capacity = Math.max(1, Math.floor(width / (labelPx + LABEL_GAP_PX)));
    let step = 1;
    while (Math.ceil(n / step) > capacity) step *= 2;
    return step;
  };
  const wideStep = stepAt(LEVEL_PLOT_WIDTH.wide);
  return Array.from({ length: n }, (_, i) => {
    if (i % wideStep !== 0) return null;
    return LEVELS_NARROW_FIRST.filter((level) => i % stepAt(LEVEL_PLOT_WIDTH[level]) !== 0);
  });
}

/** Ticks of a value axis from 0, on round numbers; whole numbers only for counts. */
function valueAxis(max: number, plotHeight: number, format: ValueFormat) {
  const top = format === "percent" ? Math.max(100, max) : Math.max(max, format === "integer" ? 4 : 1);
  const y = scaleLinear().domain([0, top]).range([plotHeight, TOP_PAD_PX]).nice(4);
  const ticks: Tick[] = y
    .ticks(4)
    .filter((t) => format !== "integer" || Number.isInteger(t))
    .map((t) => ({ label: formatValue(t, format), y: round(y(t)) }));
  const gutter = Math.ceil(Math.max(...ticks.map((t) => textWidthPx(t.label)), CHAR_PX) + 12);
  return { y, ticks, gutter };
}

/** Tooltips near an edge grow inwards, so they stay inside the chart on a phone. */
const alignAt = (centre: number): Hit["align"] => (centre < 35 ? "start" : centre > 65 ? "end" : "center");

function tableOf(
  input: ChartInputCommon,
  rows: { name: string; extra?: string[]; values: string[] }[],
  valueHeadings: string[],
): ChartTable {
  return {
    columns: [input.categoryLabel, ...(input.extraColumns ?? []), ...valueHeadings],
    rows: rows.map((r) => [r.name, ...(input.extraColumns ?? []).map((_, i) => r.extra?.[i] ?? ""), ...r.values]),
  };
}

function summaryOf(data: readonly ChartDatum[], format: ValueFormat, valueLabel: string): string {
  if (data.length === 0) return "No data yet.";
  const nameOf = (d: ChartDatum) => d.name ?? d.label;
  const max = data.reduce((a, b) => (b.value > a.value ? b : a));
  const min = data.reduce((a, b) => (b.value < a.value ? b : a));
  const high = `highest ${formatValue(max.value, format)} (${nameOf(max)})`;
  if (format === "integer") {
    const total = data.reduce((sum, d) => sum + d.value, 0);
    return `${valueLabel}: ${formatValue(total, format)} in total; ${high}.`;
  }
  return `${valueLabel}: ${high}, lowest ${formatValue(min.value, format)} (${nameOf(min)}).`;
}

export function barChart(input: BarChartInput): BarChartModel {
  return input.orientation === "horizontal" ? horizontalBars(input) : verticalBars(input);
}

function verticalBars(input: BarChartInput): VerticalBarChartModel {
  const format = input.format ?? "integer";
  const plotHeight = input.height ?? 200;
  const data = input.data;
  const { y, ticks, gutter } = valueAxis(Math.max(0, ...data.map((d) => d.value)), plotHeight, format);
  const x = scaleBand<number>()
    .domain(data.map((_, i) => i))
    .range([0, 100])
    .paddingInner(0.25)
    .paddingOuter(0.15);
  const labelPx = Math.max(...data.map((d) => textWidthPx(d.label)), CHAR_PX);
  const xHidden = thinLabels(data.length, labelPx);
  const valuePx = Math.max(...data.map((d) => textWidthPx(formatValue(d.value, format))), CHAR_PX) + 4;
  const valueHideAt = LEVELS_NARROW_FIRST.filter((level) => (LEVEL_PLOT_WIDTH[level] * x.bandwidth()) / 100 < valuePx);
  const nameOf = (d: ChartDatum) => d.name ?? d.label;
  return {
    kind: "bar",
    orientation: "vertical",
    title: input.title,
    summary: input.summary ?? summaryOf(data, format, input.valueLabel),
    categoryLabel: input.categoryLabel,
    valueLabel: input.valueLabel,
    plotHeight,
    gutter,
    yTicks: ticks,
    xLabels: data.flatMap((d, i): AxisLabel[] => {
      const hideAt = xHidden[i];
      return hideAt ? [{ label: d.label, x: round((x(i) ?? 0) + x.bandwidth() / 2), hideAt }] : [];
    }),
    bars: data.map((d, i) => {
      const top = y(Math.max(0, d.value));
      return {
        x: round(x(i) ?? 0),
        width: round(x.bandwidth()),
        y: round(top),
        height: round(plotHeight - top),
        value: formatValue(d.value, format),
        hideValueAt: valueHideAt,
      };
    }),
    hits: data.map((d, i) => {
      const centre = (x(i) ?? 0) + x.bandwidth() / 2;
      return {
        left: round(centre - x.step() / 2),
        width: round(x.step()),
        top: round(y(Math.max(0, d.value))),
        box: { top: 0, height: plotHeight },
        text: `${nameOf(d)}: ${formatValue(d.value, format)} ${input.valueLabel.toLowerCase()}`,
        align: alignAt(centre),
      };
    }),
    table: tableOf(
      input,
      data.map((d) => ({ name: nameOf(d), ...(d.extra ? { extra: d.extra } : {}), values: [formatValue(d.value, format)] })),
      [input.valueLabel],
    ),
  };
}

/** Longest category label drawn above a horizontal bar; the full name is in the tooltip and table. */
const MAX_ROW_LABEL = 40;
const truncate = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function horizontalBars(input: BarChartInput): HorizontalBarChartModel {
  const format = input.format ?? "integer";
  const data = input.data;
  const rowHeight = 44;
  const top = format === "percent" ? 100 : Math.max(1, ...data.map((d) => d.value));
  // Bars end at 80% at most, leaving room for the value written after them.
  const x = scaleLinear().domain([0, top]).range([0, 80]);
  const nameOf = (d: ChartDatum) => d.name ?? d.label;
  return {
    kind: "bar",
    orientation: "horizontal",
    title: input.title,
    summary: input.summary ?? summaryOf(data, format, input.valueLabel),
    categoryLabel: input.categoryLabel,
    valueLabel: input.valueLabel,
    rowHeight,
    plotHeight: rowHeight * data.length,
    bars: data.map((d, i) => ({
      label: truncate(d.label, MAX_ROW_LABEL),
      width: round(x(Math.max(0, d.value))),
      y: i * rowHeight,
      value: formatValue(d.value, format),
    })),
    hits: data.map((d, i) => ({
      left: 0,
      width: 100,
      top: i * rowHeight + 4,
      box: { top: i * rowHeight, height: rowHeight },
      text: `${nameOf(d)}: ${formatValue(d.value, format)} ${input.valueLabel.toLowerCase()}`,
      align: "start" as const,
    })),
    table: tableOf(
      input,
      data.map((d) => ({ name: nameOf(d), ...(d.extra ? { extra: d.extra } : {}), values: [formatValue(d.value, format)] })),
      [input.valueLabel],
    ),
  };
}

export function lineChart(input: LineChartInput): LineChartModel {
  if (input.series.length > MAX_SERIES) throw new Error(`A line chart shows at most ${MAX_SERIES} series.`);
  const format = input.format ?? "integer";
  const plotHeight = input.height ?? 200;
  const categories = input.categories;
  const values = input.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const { y, ticks, gutter } = valueAxis(Math.max(0, ...values), plotHeight, format);
  const x = scalePoint<number>()
    .domain(categories.map((_, i) => i))
    .range([3, 97]);
  const labelPx = Math.max(...categories.map((c) => textWidthPx(c.label)), CHAR_PX);
  const xHidden = thinLabels(categories.length, labelPx);
  const step = categories.length > 1 ? x.step() : 94;
  const nameOf = (c: Omit<ChartDatum, "value">) => c.name ?? c.label;
  const path = line<{ x: number; y: number | null }>()
    .defined((p) => p.y !== null)
    .x((p) => p.x)
    .y((p) => p.y ?? 0)
    .curve(curveMonotoneX)
    .digits(2);
  return {
    kind: "line",
    title: input.title,
    summary:
      input.summary ??
      input.series
        .map((s) => {
          const last = [...s.values].reverse().find((v) => v !== null);
          return `${s.name}: ${last === undefined || last === null ? "no data" : `${formatValue(last, format)} in ${nameOf(categories[s.values.lastIndexOf(last)] ?? { label: "" })}`}`;
        })
        .join("; ")
        .concat("."),
    categoryLabel: input.categoryLabel,
    valueLabel: input.valueLabel,
    plotHeight,
    gutter,
    yTicks: ticks,
    xLabels: categories.flatMap((c, i): AxisLabel[] => {
      const hideAt = xHidden[i];
      return hideAt ? [{ label: c.label, x: round(x(i) ?? 0), hideAt }] : [];
    }),
    series: input.series.map((s, n) => {
      const points = s.values.map((v, i) => ({ x: round(x(i) ?? 0), y: v === null ? null : round(y(v)) }));
      return {
        name: s.name,
        tone: n + 1,
        path: path(points) ?? "",
        points: categories.length > MAX_MARKERS ? [] : points.filter((p): p is { x: number; y: number } => p.y !== null),
      };
    }),
    hits: categories.map((c, i) => {
      const centre = x(i) ?? 0;
      const highest = Math.max(...input.series.map((s) => s.values[i] ?? 0));
      return {
        left: round(Math.max(0, centre - step / 2)),
        width: round(Math.min(100, centre + step / 2) - Math.max(0, centre - step / 2)),
        top: round(y(highest)),
        box: { top: 0, height: plotHeight },
        text: `${nameOf(c)}: ${input.series.map((s) => `${s.name} ${s.values[i] === null || s.values[i] === undefined ? "no data" : formatValue(s.values[i] as number, format)}`).join(", ")}`,
        align: alignAt(centre),
      };
    }),
    table: tableOf(
      input,
      categories.map((c, i) => ({
        name: nameOf(c),
        ...(c.extra ? { extra: c.extra } : {}),
        values: input.series.map((s) =>
          s.values[i] === null || s.values[i] === undefined ? "—" : formatValue(s.values[i] as number, format),
        ),
      })),
      input.series.map((s) => s.name),
    ),
  };
}
