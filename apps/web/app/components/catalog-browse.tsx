import type { ItemKind } from "@missionboard/core";
import { formatNumber } from "../lib/number-format";
import { type CatalogLevel, KIND_NAMES } from "./catalog-icon";
import { Breadcrumb } from "./ui/breadcrumb";
import { Pager } from "./ui/pager";

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
    <Breadcrumb
      items={[
        { label: "Catalog", to: base },
        ...level.path.map((p) => ({ label: p.title, to: catalogHref(base, p.id) })),
        { label: level.item.title },
      ]}
    />
  );
}

/** Previous / next for one list of a catalog page (each list pages on its own). */
export function CatalogPager({ base, itemId, list }: { base: string; itemId: string | null; list: CatalogLevel["lists"][number] }) {
  const first = (list.page - 1) * list.pageSize + 1;
  const last = Math.min(list.page * list.pageSize, list.total);
  return (
    <Pager
      page={list.page}
      pageCount={list.pageCount}
      label={`Pages of ${KIND_NAMES[list.kind].many.toLowerCase()}`}
      hrefFor={(page) => catalogHref(base, itemId, { kind: list.kind, page })}
      summary={`${formatNumber(first)}–${formatNumber(last)} of ${formatNumber(list.total)} · page ${list.page} of ${list.pageCount}`}
    />
  );
}
