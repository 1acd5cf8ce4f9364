import { barChart, lineChart } from "../ui/charts/build-chart.server";
import { SAMPLE_MISSIONS, SAMPLE_PROGRAMS, SAMPLE_WEEKS } from "./sample-data";

/** The gallery's charts, built in its loader like any page's. */
export function sampleCharts() {
  const weekLabel = (week: string) => week.slice(5);
  return {
    weekly: barChart({
      title: "Awards per ISO week",
      categoryLabel: "ISO week",
      valueLabel: "Awards",
      extraColumns: ["Starts (Monday)"],
      data: SAMPLE_WEEKS.map((w) => ({ label: weekLabel(w.week), name: w.week, value: w.count, extra: [w.start] })),
    }),
    programs: barChart({
      title: "Program completion",
      orientation: "horizontal",
      categoryLabel: "Program",
      valueLabel: "Completed",
      format: "percent",
      data: SAMPLE_PROGRAMS.map((p) => ({ label: p.title, value: p.percent })),
    }),
    missions: lineChart({
      title: "Mission attempts and completions per week",
      categoryLabel: "ISO week",
      valueLabel: "Chats",
      categories: SAMPLE_MISSIONS.weeks.map((w) => ({ label: weekLabel(w), name: w })),
      series: [
        { name: "Attempts", values: SAMPLE_MISSIONS.attempts },
        { name: "Completions", values: SAMPLE_MISSIONS.completions },
      ],
    }),
    // A year of days, thinned to fit any width.
    daily: lineChart({
      title: "Active learners per day, last 90 days",
      categoryLabel: "Day",
      valueLabel: "Learners",
      categories: Array.from({ length: 90 }, (_, i) => {
        const day = new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10);
        return { label: day.slice(5), name: day };
      }),
      series: [{ name: "Learners", values: Array.from({ length: 90 }, (_, i) => Math.round(30 + 12 * Math.sin(i / 6) + i / 4)) }],
    }),
  };
}

export type SampleCharts = ReturnType<typeof sampleCharts>;
