import { type CSSProperties, type FocusEvent, type KeyboardEvent, type MouseEvent, type ReactNode, useId } from "react";
import type { ChartTable, Hit, LabelLevel } from "./chart-model";

/** Height of the x-axis label row under a plot, px. */
export const X_AXIS_PX = 28;

/** The classes that hide a label on narrow charts (container queries in charts.css). */
export const hideClasses = (levels: readonly LabelLevel[]) => levels.map((l) => `hide-${l}`).join(" ");

/**
 * The figure every chart shares: title and one-sentence summary (the caption), axis titles, the
 * drawing, the keyboard- and pointer-reachable data points with their tooltips, and the same
 * figures as a table. Nothing here needs JavaScript; Escape hides an open tooltip when it runs.
 */
export function ChartFrame({
  kind,
  title,
  summary,
  valueLabel,
  categoryLabel,
  legend,
  table,
  children,
}: {
  kind: string;
  title: string;
  summary: string;
  valueLabel?: string;
  categoryLabel?: string;
  legend?: ReactNode;
  table: ChartTable;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <figure className="chart" data-chart={kind} aria-labelledby={`${id}-title`} aria-describedby={`${id}-summary`}>
      <figcaption>
        <span className="chart-title" id={`${id}-title`}>
          {title}
        </span>
        <span className="chart-summary" id={`${id}-summary`}>
          {summary}
        </span>
      </figcaption>
      {legend}
      {valueLabel ? <p className="chart-axis-title">{valueLabel}</p> : null}
      {children}
      {categoryLabel ? <p className="chart-axis-title chart-axis-x">{categoryLabel}</p> : null}
      <details className="chart-table">
        <summary>Show as a table</summary>
        <div className="table-scroll">
          <table className="table">
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                {table.columns.map((c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row) => (
                <tr key={row[0]}>
                  {row.map((cell, i) =>
                    i === 0 ? (
                      // biome-ignore lint/suspicious/noArrayIndexKey: cells keep their column's position
                      <th key={i} scope="row">
                        {cell}
                      </th>
                    ) : (
                      // biome-ignore lint/suspicious/noArrayIndexKey: cells keep their column's position
                      <td key={i} className="numeric">
                        {cell}
                      </td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}

/**
 * One focusable area per category over the drawing, named with its figures; hovering or focusing
 * it shows the same text as a tooltip (CSS only). With JavaScript, Escape hides the tooltip until
 * the pointer or focus leaves (WCAG 1.4.13).
 */
export function ChartHits({ hits, label }: { hits: readonly Hit[]; label: string }) {
  return (
    <ul className="chart-hits" aria-label={label} {...tooltipDismissal}>
      {hits.map((h) => (
        <li
          key={`${h.left}-${h.box.top}`}
          // biome-ignore lint/a11y/noNoninteractiveTabindex: each data point is reachable by keyboard, so its tooltip shows on focus
          tabIndex={0}
          aria-label={h.text}
          className={`chart-hit align-${h.align}`}
          style={
            {
              left: `${h.left}%`,
              width: `${h.width}%`,
              top: `${h.box.top}px`,
              height: `${h.box.height}px`,
              "--tip-y": `${h.top - h.box.top}px`,
            } as CSSProperties
          }
        >
          <span className="chart-tip" aria-hidden="true">
            {h.text}
          </span>
        </li>
      ))}
    </ul>
  );
}

const hitOf = (target: EventTarget | null) => (target instanceof Element ? target.closest<HTMLElement>(".chart-hit") : null);

/**
 * Escape hides the tooltip of the data point in focus until the pointer or focus leaves it
 * (WCAG 1.4.13). Delegated from an ancestor, so a chart drawn as markup (chart-markup.tsx) gets
 * it from its wrapper as a chart drawn by React gets it from its list.
 */
export const tooltipDismissal = {
  onKeyDown(event: KeyboardEvent<HTMLElement>) {
    const hit = hitOf(event.target);
    if (hit && event.key === "Escape") hit.dataset.dismissed = "";
  },
  onBlur(event: FocusEvent<HTMLElement>) {
    const hit = hitOf(event.target);
    if (hit) delete hit.dataset.dismissed;
  },
  onMouseOut(event: MouseEvent<HTMLElement>) {
    const hit = hitOf(event.target);
    if (hit && !(event.relatedTarget instanceof Node && hit.contains(event.relatedTarget))) delete hit.dataset.dismissed;
  },
};

/** The value axis: tick labels right-aligned in their own column, never scaled. */
export function ValueAxis({ ticks, gutter, height }: { ticks: readonly { label: string; y: number }[]; gutter: number; height: number }) {
  return (
    <svg className="chart-yaxis" width={gutter} height={height} aria-hidden="true" focusable="false">
      {ticks.map((t) => (
        <text key={t.label} x={gutter - 6} y={t.y} dy="0.32em" textAnchor="end" className="chart-tick">
          {t.label}
        </text>
      ))}
    </svg>
  );
}
