import { ChartFrame, ChartHits, hideClasses, ValueAxis, X_AXIS_PX } from "./chart-frame";
import type { LineChartModel } from "./chart-model";

/**
 * A line chart from a model built on the server (`lineChart()` in build-chart.server.ts). The lines
 * are drawn in a box stretched to the plot's width (their stroke is not scaled); points and text
 * sit in the unscaled drawing, so they keep their size. Series differ in colour and dash.
 */
export function LineChart({ chart }: { chart: LineChartModel }) {
  const height = chart.plotHeight + X_AXIS_PX;
  const legend =
    chart.series.length > 1 ? (
      <ul className="chart-legend" aria-label="Series">
        {chart.series.map((s) => (
          <li key={s.name}>
            <svg width="28" height="12" aria-hidden="true" focusable="false">
              <line className={`chart-line tone-${s.tone}`} x1="2" x2="26" y1="6" y2="6" />
            </svg>
            {s.name}
          </li>
        ))}
      </ul>
    ) : null;
  return (
    <ChartFrame
      kind="line"
      title={chart.title}
      summary={chart.summary}
      valueLabel={chart.valueLabel}
      categoryLabel={chart.categoryLabel}
      legend={legend}
      table={chart.table}
    >
      <div className="chart-body">
        <ValueAxis ticks={chart.yTicks} gutter={chart.gutter} height={height} />
        <div className="chart-plot">
          <svg className="chart-canvas" width="100%" height={height} aria-hidden="true" focusable="false">
            {chart.yTicks.map((t) => (
              <line key={t.label} className="chart-grid" x1="0" x2="100%" y1={t.y} y2={t.y} />
            ))}
            <line className="chart-baseline" x1="0" x2="100%" y1={chart.plotHeight} y2={chart.plotHeight} />
            <svg
              x="0"
              y="0"
              width="100%"
              height={chart.plotHeight}
              viewBox={`0 0 100 ${chart.plotHeight}`}
              preserveAspectRatio="none"
              overflow="visible"
              aria-hidden="true"
            >
              {chart.series.map((s) => (
                <path key={s.name} className={`chart-line tone-${s.tone}`} d={s.path} vectorEffect="non-scaling-stroke" />
              ))}
            </svg>
            {chart.series.map((s) =>
              s.points.map((p) => (
                <circle key={`${s.name}-${p.x}`} className={`chart-point tone-${s.tone}`} cx={`${p.x}%`} cy={p.y} r={3.5} />
              )),
            )}
            {chart.xLabels.map((l) => (
              <text
                key={`label-${l.x}`}
                className={`chart-tick ${hideClasses(l.hideAt)}`}
                x={`${l.x}%`}
                y={chart.plotHeight + 18}
                textAnchor="middle"
              >
                {l.label}
              </text>
            ))}
          </svg>
          <ChartHits hits={chart.hits} label={`${chart.title}: values`} />
        </div>
      </div>
    </ChartFrame>
  );
}
