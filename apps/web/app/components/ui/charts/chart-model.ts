// What a chart component draws: plain, serialisable geometry that build-chart.server.ts computes
// on the server (in a loader), so the scales and path code never reach the browser bundle.
//
// Units: horizontal positions and widths are percentages of the plot's width (the plot stretches
// with its container; its text is never scaled), vertical ones are CSS pixels. So text keeps its
// CSS size (12px at least) at any width.

/** Container widths at which x labels or value labels are thinned out (CSS container queries). */
export const LABEL_LEVELS = ["xs", "sm", "md"] as const;
export type LabelLevel = (typeof LABEL_LEVELS)[number];

export interface Tick {
  label: string;
  /** px from the top of the plot. */
  y: number;
}

export interface AxisLabel {
  label: string;
  /** % of the plot width (the label's centre). */
  x: number;
  /** Container sizes at which this label is hidden to make room. */
  hideAt: LabelLevel[];
}

/** One focusable column of the chart: its tooltip and its accessible name. */
export interface Hit {
  /** % of the plot width. */
  left: number;
  width: number;
  /** px from the top of the plot where the tooltip points to. */
  top: number;
  /** The focusable area's vertical extent, px. */
  box: { top: number; height: number };
  /** "2026-W10: 5 awards" — the tooltip and the accessible name. */
  text: string;
  /** Which side the tooltip is anchored to, so it stays inside the chart. */
  align: "start" | "center" | "end";
}

export interface ChartTable {
  columns: string[];
  rows: string[][];
}

interface ChartCommon {
  title: string;
  /** One sentence with the figures that matter (total, maximum…), shown under the title. */
  summary: string;
  categoryLabel: string;
  valueLabel: string;
  table: ChartTable;
  hits: Hit[];
  /** Height of the plot area, px (the x labels go below it). */
  plotHeight: number;
}

export interface VerticalBarChartModel extends ChartCommon {
  kind: "bar";
  orientation: "vertical";
  yTicks: Tick[];
  /** Width of the value axis column, px. */
  gutter: number;
  xLabels: AxisLabel[];
  bars: { x: number; width: number; y: number; height: number; value: string; hideValueAt: LabelLevel[] }[];
}

export interface HorizontalBarChartModel extends ChartCommon {
  kind: "bar";
  orientation: "horizontal";
  rowHeight: number;
  bars: { label: string; width: number; y: number; value: string }[];
}

export type BarChartModel = VerticalBarChartModel | HorizontalBarChartModel;

export interface LineSeriesModel {
  name: string;
  /** 1–5: the --chart-N colour and the dash pattern. */
  tone: number;
  /** Path in a 100 × plotHeight box (x in % of the width, y in px). */
  path: string;
  /** Point markers (none on a long series). */
  points: { x: number; y: number }[];
}

export interface LineChartModel extends ChartCommon {
  kind: "line";
  yTicks: Tick[];
  gutter: number;
  xLabels: AxisLabel[];
  series: LineSeriesModel[];
}
