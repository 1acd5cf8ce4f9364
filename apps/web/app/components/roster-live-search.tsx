import { Link } from "@remix-run/react";
import { useId } from "react";
import { useLiveSearch } from "../lib/use-live-query";

/** How many people the live matches list shows; the Search button filters the whole table. */
export const ROSTER_LIVE_LIMIT = 8;

/**
 * The roster's search field. Without JavaScript it is a plain field of the filter form; with it,
 * the first people matching what is typed show under it as you type (name or email, through
 * /api/trpc), each a link that filters the table to them.
 */
export function RosterSearchField({ name, defaultValue }: { name: string; defaultValue: string }) {
  const live = useLiveSearch((api, q, signal) => api.roster.list.query({ search: q, page: 1, pageSize: ROSTER_LIVE_LIMIT }, { signal }));
  const listId = useId();
  const typed = live.query?.trim() ?? "";
  const result = typed === "" ? null : live.result;
  return (
    <div className="live-search">
      <label>
        Search
        <input
          type="search"
          name={name}
          defaultValue={defaultValue}
          maxLength={200}
          placeholder="Name or email"
          autoComplete="off"
          aria-controls={listId}
          onChange={(event) => live.setQuery(event.currentTarget.value)}
        />
      </label>
      <div id={listId} role="status" aria-live="polite" data-testid="roster-live-results" aria-busy={live.pending}>
        {result ? (
          <>
            <p className="muted" style={{ margin: "var(--space-1) 0" }}>
              {result.total === 0
                ? `Nobody matches “${typed}”.`
                : result.total > result.items.length
                  ? `${result.total} people match; the first ${result.items.length}:`
                  : `${result.total} ${result.total === 1 ? "person matches" : "people match"}:`}
            </p>
            {result.items.length > 0 ? (
              <ul aria-label="Matching people" style={{ margin: 0, paddingLeft: "var(--space-4)" }}>
                {result.items.map((u) => (
                  <li key={u.id}>
                    <Link to={`/roster?${new URLSearchParams({ [name]: u.email }).toString()}`}>{u.name}</Link>{" "}
                    <span className="muted">
                      {u.email} · {u.role} · {u.status}
                    </span>
                  </li>
                ))}
              </ul>
            ) : null}
          </>
        ) : null}
      </div>
    </div>
  );
}
