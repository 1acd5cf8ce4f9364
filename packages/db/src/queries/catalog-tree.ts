import type { CatalogNode } from "@missionboard/core";
import { asc } from "drizzle-orm";
import type { Conn } from "../store";

/** The whole catalog as the rule engine sees it (core's Catalog is built from this). */
export async function loadCatalogNodes({ db, t }: Conn): Promise<CatalogNode[]> {
  return db
    .select({
      id: t.catalogItems.id,
      kind: t.catalogItems.kind,
      parentId: t.catalogItems.parentId,
      title: t.catalogItems.title,
      isActive: t.catalogItems.isActive,
      isRequired: t.catalogItems.isRequired,
      position: t.catalogItems.position,
    })
    .from(t.catalogItems)
    .orderBy(asc(t.catalogItems.position));
}
