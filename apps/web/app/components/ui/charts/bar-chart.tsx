import { ChartFrame, ChartHits, hideClasses, ValueAxis, X_AXIS_PX } from "./chart-frame";
import type { BarChartModel, HorizontalBarChartModel, VerticalBarChartModel } from "./chart-model";

/**
 * A bar chart from a model built on the server (`barChart()` in build-chart.server.ts): vertical
 * bars with a value axis, or horizontal bars with their labels above them (long names, phones).
 */
export function BarChart({ chart }: { chart: BarChartModel }) {
  return chart.orientation === "horizontal" ? <HorizontalBars chart={chart} /> : <VerticalBars chart={chart} />;
}

function VerticalBars({ chart }: { chart: VerticalBarChartModel }) {
  const height = chart.plotHeight + X_AXIS_PX;
  return (
    <ChartFrame
      kind="bar-vertical"
      title={chart.title}
      summary={chart.summary}
      valueLabel={chart.valueLabel}
      categoryLabel={chart.categoryLabel}
      table={chart.table}
    >
      <div className="chart-body">
        <ValueAxis ticks={chart.yTicks} gutter={chart.gutter} height={height} />
        <div className="chart-plot">
          <svg className="chart-canvas" width="100%" height={height} aria-hidden="true" focusable="false">
            {chart.yTicks.map((t) => (
              <line key={t.label} className="chart-grid" x1="0" x2="100%" y1={t.y} y2={t.y} />
            ))}
            {chart.bars.map((b) => (
              <rect key={`bar-${b.x}`} className="chart-bar tone-1" x={`${b.x}%`} width={`${b.width}%`} y={b.y} height={b.height} rx={2} />
            ))}
            {chart.bars.map((b) => (
              <text
                key={`value-${b.x}`}
                className={`chart-value ${hideClasses(b.hideValueAt)}`}
                x={`${b.x + b.width / 2}%`}
                y={b.y - 6}
                textAnchor="middle"
              >
                {b.value}
              </text>
            ))}
            <line className="chart-baseline" x1="0" x2="100%" y1={chart.plotHeight} y2={chart.plotHeight} />
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

function HorizontalBars({ chart }: { chart: HorizontalBarChartModel }) {
  return (
    <ChartFrame kind="bar-horizontal" title={chart.title} summary={chart.summary} table={chart.table}>
      <div className="chart-plot">
        <svg className="chart-canvas" width="100%" height={chart.plotHeight} aria-hidden="true" focusable="false">
          {chart.bars.map((b) => (
            <g key={`row-${b.y}`}>
              <text className="chart-row-label" x="0" y={b.y + 14}>
                {b.label}
              </text>
              <rect className="chart-bar tone-1" x="0" y={b.y + 20} width={`${Math.max(b.width, 0.4)}%`} height={14} rx={2} />
              <text className="chart-value" x={`${b.width}%`} dx={6} y={b.y + 31}>
                {b.value}
              </text>
            </g>
          ))}
        </svg>
        <ChartHits hits={chart.hits} label={`${chart.title}: values`} />
      </div>
    </ChartFrame>
  );
}
