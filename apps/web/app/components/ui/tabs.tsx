import { Link } from "@remix-run/react";
import type { LucideIcon } from "lucide-react";
import type { ReactNode } from "react";
import { formatNumber } from "../../lib/number-format";

export interface TabItem {
  id: string;
  label: ReactNode;
  /** Where the tab leads: each tab is its own URL (a path or `?tab=…`), so it works without JavaScript. */
  to: string;
  /** A count after the label ("Pending 3"). */
  count?: number;
  icon?: LucideIcon;
}

/**
 * Tabs as navigation: links between views of one page, the current one marked with
 * `aria-current="page"`. They scroll sideways on a narrow screen rather than wrap.
 */
export function Tabs({ label, items, current }: { label: string; items: readonly TabItem[]; current: string }) {
  return (
    <nav className="tabs" aria-label={label}>
      <ul>
        {items.map(({ id, label: text, to, count, icon: Icon }) => (
          <li key={id}>
            <Link to={to} className="tab" aria-current={id === current ? "page" : undefined} preventScrollReset>
              {Icon ? <Icon className="icon" aria-hidden="true" /> : null}
              {text}
              {count !== undefined ? <span className="tab-count">{formatNumber(count)}</span> : null}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
