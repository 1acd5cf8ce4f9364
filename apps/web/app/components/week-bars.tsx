import { useId } from "react";

export interface WeekBar {
  week: string;
  start: string | Date;
  count: number;
}

/**
 * Awards per ISO week as an inline SVG bar chart, with the same figures as a table (the chart is
 * an image with a summary for screen readers; the table is the accessible and printable version).
 */
export function WeekBars({ weeks, caption }: { weeks: readonly WeekBar[]; caption: string }) {
  const id = useId();
  const max = Math.max(1, ...weeks.map((w) => w.count));
  const total = weeks.reduce((sum, w) => sum + w.count, 0);
  const barWidth = 32;
  const gap = 8;
  const height = 120;
  const width = weeks.length * (barWidth + gap);
  const summary = `${caption}: ${total} in ${weeks.length} weeks, at most ${max === 1 && total === 0 ? 0 : max} in one week.`;
  return (
    <figure className="bar-chart">
      <figcaption id={`${id}-caption`}>{caption}</figcaption>
      <svg viewBox={`0 0 ${width} ${height + 30}`} role="img" aria-labelledby={`${id}-title`}>
        <title id={`${id}-title`}>{summary}</title>
        {weeks.map((w, i) => {
          const h = Math.round((w.count / max) * height);
          const x = i * (barWidth + gap) + gap / 2;
          return (
            <g key={w.week}>
              <rect className="bar" x={x} y={height - h} width={barWidth} height={h}>
                <title>{`${w.week}: ${w.count}`}</title>
              </rect>
              <text x={x + barWidth / 2} y={height - h - 3} textAnchor="middle">
                {w.count}
              </text>
              <text x={x + barWidth / 2} y={height + 14} textAnchor="middle">
                {w.week.slice(5)}
              </text>
            </g>
          );
        })}
      </svg>
      <details>
        <summary>Show as a table</summary>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">ISO week</th>
              <th scope="col">Starts (Monday)</th>
              <th scope="col">Awards</th>
            </tr>
          </thead>
          <tbody>
            {weeks.map((w) => (
              <tr key={w.week}>
                <td>{w.week}</td>
                <td>{new Date(w.start).toISOString().slice(0, 10)}</td>
                <td>{w.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
