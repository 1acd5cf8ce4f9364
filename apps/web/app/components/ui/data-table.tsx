import { Link, useSearchParams } from "@remix-run/react";
import { ArrowDown, ArrowUp, ArrowUpDown, Inbox } from "lucide-react";
import { isValidElement, type ReactElement, type ReactNode } from "react";
import { cx } from "./class-names";

export type SortDirection = "asc" | "desc";
export interface SortDefault {
  by: string;
  dir: SortDirection;
}

/**
 * A column heading:
 * - its text;
 * - `{ hidden }`: read to screen readers only (a checkbox column);
 * - `{ label, sort?, numeric? }`: `sort` makes it a sortable heading (a link, see SortableHeading),
 *   `numeric` right-aligns it with its figures;
 * - a keyed `<th>` element of its own.
 */
export type Column = string | { hidden: string } | ColumnSpec | ReactElement;
export interface ColumnSpec {
  label: string;
  sort?: string;
  numeric?: boolean;
}

const isSpec = (c: Column): c is ColumnSpec => typeof c === "object" && !isValidElement(c) && "label" in c;
const isHidden = (c: Column): c is { hidden: string } => typeof c === "object" && !isValidElement(c) && "hidden" in c;

/**
 * `?sort=<key>&dir=<asc|desc>` for a heading: the same filters, the first page, and the other
 * direction when the table is already sorted by this key.
 */
export function sortHref(search: URLSearchParams, key: string, defaults: SortDefault): string {
  const current = search.get("sort") ?? defaults.by;
  const dir: SortDirection =
    search.get("dir") === "desc" || search.get("dir") === "asc" ? (search.get("dir") as SortDirection) : defaults.dir;
  const next = new URLSearchParams(search);
  next.set("sort", key);
  next.set("dir", current === key && dir === "asc" ? "desc" : "asc");
  next.delete("page");
  return `?${next.toString()}`;
}

/**
 * A sortable column heading: a plain link to the same page sorted by this column (so it works
 * without JavaScript), with `aria-sort` on the sorted column and an arrow that says which way.
 */
export function SortableHeading({
  label,
  sortKey,
  defaults,
  numeric = false,
}: {
  label: string;
  sortKey: string;
  defaults: SortDefault;
  numeric?: boolean;
}) {
  const [params] = useSearchParams();
  const active = (params.get("sort") ?? defaults.by) === sortKey;
  const dir = params.get("dir") === "desc" || params.get("dir") === "asc" ? params.get("dir") : defaults.dir;
  const Arrow = !active ? ArrowUpDown : dir === "asc" ? ArrowUp : ArrowDown;
  return (
    <th scope="col" className={cx(numeric && "numeric")} aria-sort={active ? (dir === "asc" ? "ascending" : "descending") : undefined}>
      <Link to={sortHref(params, sortKey, defaults)} className={cx("sort-link", active && "active")}>
        {label}
        <Arrow className="icon" aria-hidden="true" />
      </Link>
    </th>
  );
}

function Heading({ column, sortDefault }: { column: Column; sortDefault: SortDefault | undefined }) {
  if (typeof column === "string") return <th scope="col">{column}</th>;
  if (isSpec(column)) {
    if (column.sort && sortDefault)
      return <SortableHeading label={column.label} sortKey={column.sort} defaults={sortDefault} numeric={column.numeric ?? false} />;
    return (
      <th scope="col" className={cx(column.numeric && "numeric")}>
        {column.label}
      </th>
    );
  }
  if (isHidden(column))
    return (
      <th scope="col">
        <span className="visually-hidden">{column.hidden}</span>
      </th>
    );
  return column;
}

const keyOf = (c: Column, i: number): string | number =>
  typeof c === "string" ? c : isSpec(c) ? (c.sort ?? c.label) : isHidden(c) ? c.hidden : (c.key ?? i);

/**
 * A table in its own scrolling box: on a narrow screen, or when it is long, the table scrolls
 * inside its card (the page never does) and the header row stays in view. Renders the column
 * headings, the rows (`children`), and, when `rowCount` is 0, one row saying so across every
 * column. `caption` names the table (visually hidden with `captionHidden`).
 */
export function DataTable({
  columns,
  rowCount,
  empty,
  caption,
  captionHidden = false,
  sortDefault,
  className,
  children,
  rowsHtml,
}: {
  columns: readonly Column[];
  rowCount: number;
  empty: ReactNode;
  caption?: ReactNode;
  captionHidden?: boolean;
  /** The sort the page applies when the query string names none (for sortable headings). */
  sortDefault?: SortDefault;
  className?: string;
  children?: ReactNode;
  /**
   * The rows as markup text instead of `children`, for tables of hundreds of cells (the Missions
   * grid): built by a pure function that escapes every text and runs on the server and in the browser
   * alike (docs/decisions/032-server-render-route-cache.md).
   */
  rowsHtml?: string;
}) {
  return (
    // The scrolling box is reachable by keyboard so it can be scrolled (WCAG 2.1.1); named by the
    // caption when there is one (the responsive-table pattern: a labelled region).
    <div
      className={cx("table-wrap", className)}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: see above
      tabIndex={0}
      {...(typeof caption === "string" ? { role: "region", "aria-label": caption } : {})}
    >
      <table className="table">
        {caption ? <caption className={cx(captionHidden && "visually-hidden")}>{caption}</caption> : null}
        <thead>
          <tr>
            {columns.map((c, i) => (
              <Heading key={keyOf(c, i)} column={c} sortDefault={sortDefault} />
            ))}
          </tr>
        </thead>
        {rowsHtml !== undefined && rowCount > 0 ? (
          // biome-ignore lint/security/noDangerouslySetInnerHtml: markup from a pure builder that escapes every text (see rowsHtml)
          <tbody dangerouslySetInnerHTML={{ __html: rowsHtml }} />
        ) : (
          <tbody>
            {children}
            {rowCount === 0 ? (
              <tr className="empty-row">
                <td colSpan={columns.length} className="empty">
                  <Inbox className="icon" aria-hidden="true" />
                  {empty}
                </td>
              </tr>
            ) : null}
          </tbody>
        )}
      </table>
    </div>
  );
}
