import type { ItemKind } from "@missionboard/core";
import { Link } from "@remix-run/react";
import { type CatalogLevel, KIND_NAMES } from "./catalog-icon";

/** `?item=…&list=…&page=…` of a catalog page (`base` is /catalog or /admin/catalog). */
export function catalogHref(base: string, itemId: string | null, list?: { kind: ItemKind; page: number | "last" }): string {
  const params = new URLSearchParams();
  if (itemId) params.set("item", itemId);
  if (list) {
    params.set("list", list.kind);
    params.set("page", String(list.page));
  }
  const query = params.toString();
  return query ? `${base}?${query}` : base;
}

/** "Catalog › Program › Skill" above an item's page. */
export function CatalogBreadcrumbs({ base, level }: { base: string; level: CatalogLevel }) {
  if (!level.item) return null;
  return (
    <nav aria-label="Breadcrumbs" className="muted" style={{ marginBottom: "0.5rem" }}>
      <Link to={base}>Catalog</Link>
      {level.path.map((p) => (
        <span key={p.id}>
          {" › "}
          <Link to={catalogHref(base, p.id)}>{p.title}</Link>
        </span>
      ))}
      {" › "}
      <span aria-current="page">{level.item.title}</span>
    </nav>
  );
}

/** Previous / next for one list of a catalog page (each list pages on its own). */
export function CatalogPager({ base, itemId, list }: { base: string; itemId: string | null; list: CatalogLevel["lists"][number] }) {
  if (list.pageCount <= 1) return null;
  const first = (list.page - 1) * list.pageSize + 1;
  const last = Math.min(list.page * list.pageSize, list.total);
  return (
    <nav className="pager" aria-label={`Pages of ${KIND_NAMES[list.kind].many.toLowerCase()}`}>
      {list.page > 1 ? <Link to={catalogHref(base, itemId, { kind: list.kind, page: list.page - 1 })}>← Previous</Link> : <span />}
      <span>
        {first.toLocaleString("en")}–{last.toLocaleString("en")} of {list.total.toLocaleString("en")} · page {list.page} of {list.pageCount}
      </span>
      {list.page < list.pageCount ? <Link to={catalogHref(base, itemId, { kind: list.kind, page: list.page + 1 })}>Next →</Link> : <span />}
    </nav>
  );
}
