import { ArrowDownRight, ArrowUpRight, type LucideIcon, Minus } from "lucide-react";
import { Children, type CSSProperties, type ReactNode } from "react";
import { cx } from "./class-names";

/**
 * A row of figures as a description list. The grid shares the row evenly between the cards and
 * caps its own width by their number, so a few figures never stretch across the page and one never
 * fills two thirds of it; on a phone the cards go two abreast.
 */
export function StatGrid({ label, children }: { label: string; children: ReactNode }) {
  const count = Children.toArray(children).length;
  return (
    <dl className="stat-grid" aria-label={label} style={{ "--stat-count": count } as CSSProperties}>
      {children}
    </dl>
  );
}

export interface StatTrend {
  direction: "up" | "down" | "flat";
  /** "+3 on last week": read with the figure, so it must make sense on its own. */
  label: string;
  /** Whether the change is good news; colours the trend (the arrow and the words carry it too). */
  tone?: "positive" | "negative" | "neutral";
}

const TREND_ICONS: Record<StatTrend["direction"], LucideIcon> = { up: ArrowUpRight, down: ArrowDownRight, flat: Minus };

/** One figure: its label, the value, and optionally a hint and a trend. Goes inside a StatGrid. */
export function StatCard({
  label,
  value,
  hint,
  trend,
  icon: Icon,
}: {
  label: ReactNode;
  value: ReactNode;
  hint?: ReactNode;
  trend?: StatTrend | undefined;
  icon?: LucideIcon | undefined;
}) {
  const TrendIcon = trend ? TREND_ICONS[trend.direction] : null;
  return (
    <div className="stat-card">
      <dt className="stat-label">
        {Icon ? <Icon className="icon" aria-hidden="true" /> : null}
        {label}
      </dt>
      <dd className="stat-value">{value}</dd>
      {trend && TrendIcon ? (
        <dd className={cx("stat-trend", `trend-${trend.tone ?? "neutral"}`)}>
          <TrendIcon className="icon" aria-hidden="true" />
          {trend.label}
        </dd>
      ) : null}
      {hint ? <dd className="stat-hint">{hint}</dd> : null}
    </div>
  );
}
