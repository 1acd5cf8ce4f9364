import type { ReactElement, ReactNode } from "react";

/**
 * A column heading: its text; `{ hidden }`, read to screen readers only (a checkbox column); or a
 * keyed `<th>` element of its own (a sortable heading).
 */
export type Column = string | { hidden: string } | ReactElement;

/**
 * A table in its scrolling wrapper: the column headings, the rows (`children`), and, when
 * `rowCount` is 0, one row saying so across every column.
 */
export function DataTable({
  columns,
  rowCount,
  empty,
  children,
}: {
  columns: readonly Column[];
  rowCount: number;
  empty: string;
  children: ReactNode;
}) {
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            {columns.map((c) =>
              typeof c === "string" ? (
                <th key={c} scope="col">
                  {c}
                </th>
              ) : "hidden" in c ? (
                <th key={c.hidden} scope="col">
                  <span className="visually-hidden">{c.hidden}</span>
                </th>
              ) : (
                c
              ),
            )}
          </tr>
        </thead>
        <tbody>
          {children}
          {rowCount === 0 ? (
            <tr>
              <td colSpan={columns.length} className="empty">
                {empty}
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}
