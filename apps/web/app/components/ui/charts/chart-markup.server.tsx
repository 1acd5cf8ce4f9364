import { renderToStaticMarkup } from "react-dom/server";
import { BarChart } from "./bar-chart";
import type { BarChartModel } from "./chart-model";

/** Markup kept per source: a dashboard answer the api's cache hands out again until its data changes. */
const kept = new WeakMap<object, Map<string, string>>();

/**
 * The markup of a bar chart built from `source` (for ChartMarkup), made once per source object and
 * `name`: the api's dashboards' cache returns the same answer objects until the data changes, so
 * charts of the same figures are drawn once (docs/decisions/032-server-render-route-cache.md).
 * `name` also prefixes the chart's ids, so two charts on a page never share one.
 */
export function barChartMarkup<T extends object>(source: T, name: string, build: (source: T) => BarChartModel): string {
  let charts = kept.get(source);
  if (!charts) {
    charts = new Map();
    kept.set(source, charts);
  }
  let html = charts.get(name);
  if (html === undefined) {
    html = renderToStaticMarkup(<BarChart chart={build(source)} />, { identifierPrefix: `${name}-` });
    charts.set(name, html);
  }
  return html;
}
