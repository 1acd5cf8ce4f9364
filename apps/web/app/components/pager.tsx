import { Link, useSearchParams } from "@remix-run/react";

/** Previous/next links that keep the current filters in the query string. */
export function Pager({ page, pageCount }: { page: number; pageCount: number }) {
  const [params] = useSearchParams();
  const hrefFor = (n: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(n));
    return `?${next.toString()}`;
  };
  if (pageCount <= 1) return null;
  return (
    <nav className="pager" aria-label="Pages">
      {page > 1 ? <Link to={hrefFor(page - 1)}>← Previous</Link> : <span />}
      <span>
        Page {page} of {pageCount}
      </span>
      {page < pageCount ? <Link to={hrefFor(page + 1)}>Next →</Link> : <span />}
    </nav>
  );
}
