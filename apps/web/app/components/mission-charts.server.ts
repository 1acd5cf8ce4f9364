import { weekLabel } from "./mission-figures";
import { barChart } from "./ui/charts/build-chart.server";
import type { BarChartModel } from "./ui/charts/chart-model";

/** The Overview's "Completions per week" chart (program weeks, from the missions' week). */
export function completionsPerWeekChart(weeks: readonly { week: number | null; completions: number }[]): BarChartModel {
  return barChart({
    title: "Completions per week",
    categoryLabel: "Week",
    valueLabel: "Completions",
    data: weeks.map((w) => ({ label: w.week === null ? "—" : `W${w.week}`, name: weekLabel(w.week), value: w.completions })),
  });
}

/** The Overview's "Completions per mission" chart. */
export function completionsPerMissionChart(missions: readonly { name: string; week: number | null; completions: number }[]): BarChartModel {
  return barChart({
    title: "Completions per mission",
    categoryLabel: "Mission",
    valueLabel: "Completions",
    orientation: "horizontal",
    extraColumns: ["Week"],
    data: missions.map((m) => ({ label: m.name, value: m.completions, extra: [weekLabel(m.week)] })),
  });
}

/** One mission's funnel (§M-16): known learners → started → completed, as bars with their numbers. */
export function funnelChart(mission: string, funnel: { started: number; completed: number; notStarted: number }): BarChartModel {
  return barChart({
    title: `Funnel of ${mission}`,
    categoryLabel: "Stage",
    valueLabel: "Learners",
    orientation: "horizontal",
    summary: `${funnel.started + funnel.notStarted} known learners, ${funnel.started} started, ${funnel.completed} completed.`,
    data: [
      { label: "Known learners", value: funnel.started + funnel.notStarted },
      { label: "Started", value: funnel.started },
      { label: "Completed", value: funnel.completed },
    ],
  });
}
