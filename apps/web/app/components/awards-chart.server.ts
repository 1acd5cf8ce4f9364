import { barChart } from "./ui/charts/build-chart.server";
import type { BarChartModel } from "./ui/charts/chart-model";

export interface WeekBar {
  /** ISO week, "2026-W10". */
  week: string;
  start: string | Date;
  count: number;
}

/** The admin dashboard's "Awards per ISO week" chart, built in the loader. */
export function awardsPerWeekChart(weeks: readonly WeekBar[]): BarChartModel {
  return barChart({
    title: "Awards per ISO week, last 12 weeks",
    categoryLabel: "ISO week",
    valueLabel: "Awards",
    extraColumns: ["Starts (Monday)"],
    data: weeks.map((w) => ({
      label: w.week.slice(5),
      name: w.week,
      value: w.count,
      extra: [new Date(w.start).toISOString().slice(0, 10)],
    })),
  });
}
