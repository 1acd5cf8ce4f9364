import { Link, useSearchParams } from "@remix-run/react";
import { ChevronLeft, ChevronRight } from "lucide-react";
import type { ReactNode } from "react";

/**
 * Previous / next links. By default they keep the page's query string (filters, sort) and change
 * `page`; `hrefFor` builds the links instead. `summary` replaces "Page 2 of 7".
 */
export function Pager({
  page,
  pageCount,
  hrefFor,
  label = "Pages",
  summary,
}: {
  page: number;
  pageCount: number;
  hrefFor?: (page: number) => string;
  label?: string;
  summary?: ReactNode;
}) {
  const [params] = useSearchParams();
  if (pageCount <= 1) return null;
  const href =
    hrefFor ??
    ((n: number) => {
      const next = new URLSearchParams(params);
      next.set("page", String(n));
      return `?${next.toString()}`;
    });
  return (
    <nav className="pager" aria-label={label}>
      {page > 1 ? (
        <Link to={href(page - 1)} className="button ghost" rel="prev">
          <ChevronLeft className="icon" aria-hidden="true" />
          Previous
        </Link>
      ) : (
        <span />
      )}
      <span className="pager-summary">{summary ?? `Page ${page} of ${pageCount}`}</span>
      {page < pageCount ? (
        <Link to={href(page + 1)} className="button ghost" rel="next">
          Next
          <ChevronRight className="icon" aria-hidden="true" />
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
