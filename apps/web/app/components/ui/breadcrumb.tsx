import { Link } from "@remix-run/react";
import { ChevronRight } from "lucide-react";
import type { ReactNode } from "react";

export interface Crumb {
  label: ReactNode;
  /** Absent on the last crumb: the current page. */
  to?: string;
}

/** Where this page sits: links up the hierarchy, the current page last (aria-current="page"). */
export function Breadcrumb({ items, label = "Breadcrumbs" }: { items: readonly Crumb[]; label?: string }) {
  return (
    <nav className="breadcrumb" aria-label={label}>
      <ol>
        {items.map((item, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a crumb's place is its identity
          <li key={i}>
            {i > 0 ? <ChevronRight className="icon" aria-hidden="true" /> : null}
            {item.to && i < items.length - 1 ? <Link to={item.to}>{item.label}</Link> : <span aria-current="page">{item.label}</span>}
          </li>
        ))}
      </ol>
    </nav>
  );
}
