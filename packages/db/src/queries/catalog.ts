// Catalog items: reads for the tree and the editor, and the writes the catalog procedures make.
// Every write here runs inside the caller's store.tx; uniqueness of sibling titles is decided by
// the app (titleKey) and backed by the unique index catalog_items_sibling_title_uq.
import { type ItemKind, titleKey } from "@missionboard/core";
import { and, asc, count, eq, inArray, isNull, max, ne } from "drizzle-orm";
import type { Schema } from "../schema";
import type { Conn } from "../store";

export type CatalogItemRow = Schema["catalogItems"]["$inferSelect"];

/** Titles are unique among items of one kind under one parent. */
export const siblingScopeOf = (kind: ItemKind, parentId: string | null): string => `${kind}:${parentId ?? "root"}`;

/** Every catalog item, in position order within its parent. */
export async function listCatalogItems({ db, t }: Conn): Promise<CatalogItemRow[]> {
  return db.select().from(t.catalogItems).orderBy(asc(t.catalogItems.parentId), asc(t.catalogItems.position), asc(t.catalogItems.id));
}

export async function findCatalogItem({ db, t }: Conn, id: string): Promise<CatalogItemRow | null> {
  const [row] = await db.select().from(t.catalogItems).where(eq(t.catalogItems.id, id)).limit(1);
  return row ?? null;
}

/** The sibling (same kind and parent) whose title equals `title` ignoring case, other than `exceptId`. */
export async function findSiblingByTitle(
  { db, t }: Conn,
  kind: ItemKind,
  parentId: string | null,
  title: string,
  exceptId?: string,
): Promise<{ id: string; title: string } | null> {
  const conditions = [eq(t.catalogItems.siblingScope, siblingScopeOf(kind, parentId)), eq(t.catalogItems.titleKey, titleKey(title))];
  if (exceptId) conditions.push(ne(t.catalogItems.id, exceptId));
  const [row] = await db
    .select({ id: t.catalogItems.id, title: t.catalogItems.title })
    .from(t.catalogItems)
    .where(and(...conditions))
    .limit(1);
  return row ?? null;
}

/** The next free position among siblings (inactive ones count): max + 1, or 0 for the first. */
export async function nextSiblingPosition({ db, t }: Conn, kind: ItemKind, parentId: string | null): Promise<number> {
  const [row] = await db
    .select({ top: max(t.catalogItems.position) })
    .from(t.catalogItems)
    .where(eq(t.catalogItems.siblingScope, siblingScopeOf(kind, parentId)));
  const top = row?.top;
  return top === null || top === undefined ? 0 : Number(top) + 1;
}

export interface NewCatalogItem {
  kind: ItemKind;
  parentId: string | null;
  programId: string | null;
  title: string;
  description: string | null;
  iconEmoji: string | null;
  iconImage: string | null;
  isActive?: boolean;
  isRequired?: boolean;
  position: number;
}

export async function insertCatalogItem({ db, t }: Conn, item: NewCatalogItem, now: Date): Promise<CatalogItemRow> {
  const title = item.title.trim();
  const [row] = await db
    .insert(t.catalogItems)
    .values({
      kind: item.kind,
      parentId: item.parentId,
      programId: item.programId,
      siblingScope: siblingScopeOf(item.kind, item.parentId),
      title,
      titleKey: titleKey(title),
      description: item.description,
      iconEmoji: item.iconEmoji,
      iconImage: item.iconImage,
      isActive: item.isActive ?? true,
      isRequired: item.kind === "capstone" ? (item.isRequired ?? false) : false,
      position: item.position,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  if (!row) throw new Error("insert into catalog_items returned no row");
  return row;
}

export interface CatalogItemPatch {
  title?: string;
  description?: string | null;
  iconEmoji?: string | null;
  iconImage?: string | null;
  isRequired?: boolean;
}

/** Applies the given fields (absent = unchanged); null when the item does not exist. */
export async function updateCatalogItem({ db, t }: Conn, id: string, patch: CatalogItemPatch, now: Date): Promise<CatalogItemRow | null> {
  const set: Partial<CatalogItemRow> = { updatedAt: now };
  if (patch.title !== undefined) {
    set.title = patch.title.trim();
    set.titleKey = titleKey(patch.title);
  }
  if (patch.description !== undefined) set.description = patch.description;
  if (patch.iconEmoji !== undefined) set.iconEmoji = patch.iconEmoji;
  if (patch.iconImage !== undefined) set.iconImage = patch.iconImage;
  if (patch.isRequired !== undefined) set.isRequired = patch.isRequired;
  const [row] = await db.update(t.catalogItems).set(set).where(eq(t.catalogItems.id, id)).returning();
  return row ?? null;
}

/** Flips is_active only when it differs (the conditional update is the race guard); null = no change. */
export async function setCatalogItemActive(
  { db, t }: Conn,
  id: string,
  isActive: boolean,
  now: Date,
): Promise<{ id: string; kind: ItemKind; title: string } | null> {
  const [row] = await db
    .update(t.catalogItems)
    .set({ isActive, updatedAt: now })
    .where(and(eq(t.catalogItems.id, id), eq(t.catalogItems.isActive, !isActive)))
    .returning({ id: t.catalogItems.id, kind: t.catalogItems.kind, title: t.catalogItems.title });
  return row ?? null;
}

/** The items of one kind under one parent (`null` = programs), in display order. */
export async function listSiblings({ db, t }: Conn, kind: ItemKind, parentId: string | null) {
  return db
    .select({ id: t.catalogItems.id, title: t.catalogItems.title, position: t.catalogItems.position })
    .from(t.catalogItems)
    .where(eq(t.catalogItems.siblingScope, siblingScopeOf(kind, parentId)))
    .orderBy(asc(t.catalogItems.position), asc(t.catalogItems.title));
}

/**
 * Moves one sibling to `position`, but only while it still sits where the caller saw it: false
 * means someone else reordered in the meantime (the caller rolls back).
 */
export async function moveSibling(
  { db, t }: Conn,
  scope: { kind: ItemKind; parentId: string | null },
  move: { id: string; from: number; to: number },
  now: Date,
): Promise<boolean> {
  const rows = await db
    .update(t.catalogItems)
    .set({ position: move.to, updatedAt: now })
    .where(
      and(
        eq(t.catalogItems.id, move.id),
        eq(t.catalogItems.siblingScope, siblingScopeOf(scope.kind, scope.parentId)),
        eq(t.catalogItems.position, move.from),
      ),
    )
    .returning({ id: t.catalogItems.id });
  return rows.length === 1;
}

export interface CatalogItemUsage {
  children: number;
  awards: number;
  requests: number;
}

/** What still depends on an item: child items, awards (revoked ones too) and requests (any status). */
export async function catalogItemUsage({ db, t }: Conn, id: string): Promise<CatalogItemUsage> {
  const [children] = await db.select({ n: count() }).from(t.catalogItems).where(eq(t.catalogItems.parentId, id));
  const [awards] = await db.select({ n: count() }).from(t.awards).where(eq(t.awards.itemId, id));
  const [requests] = await db.select({ n: count() }).from(t.badgeRequests).where(eq(t.badgeRequests.itemId, id));
  return { children: children?.n ?? 0, awards: awards?.n ?? 0, requests: requests?.n ?? 0 };
}

/** Hard delete; the foreign keys refuse it if anything came to depend on the item meanwhile. */
export async function deleteCatalogItem({ db, t }: Conn, id: string): Promise<{ id: string; kind: ItemKind; title: string } | null> {
  const [row] = await db
    .delete(t.catalogItems)
    .where(eq(t.catalogItems.id, id))
    .returning({ id: t.catalogItems.id, kind: t.catalogItems.kind, title: t.catalogItems.title });
  return row ?? null;
}

/** Whether `error` (or its cause chain) is a foreign-key violation on either engine. */
export function isForeignKeyViolation(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === "23503" || code === "SQLITE_CONSTRAINT_FOREIGNKEY") return true;
  }
  return false;
}

/** Title keys of every program (active or not), for import clash checks. */
export async function listProgramTitleKeys({ db, t }: Conn): Promise<Set<string>> {
  const rows = await db
    .select({ key: t.catalogItems.titleKey })
    .from(t.catalogItems)
    .where(eq(t.catalogItems.siblingScope, siblingScopeOf("program", null)));
  return new Set(rows.map((r) => r.key));
}

/** A user's live awards and pending requests, as catalog item ids (for the catalog page). */
export async function loadCatalogUserState({ db, t }: Conn, userId: string): Promise<{ earned: string[]; pending: string[] }> {
  const earned = await db
    .select({ itemId: t.awards.itemId })
    .from(t.awards)
    .where(and(eq(t.awards.userId, userId), isNull(t.awards.revokedAt)));
  const pending = await db
    .select({ itemId: t.badgeRequests.itemId })
    .from(t.badgeRequests)
    .where(and(eq(t.badgeRequests.userId, userId), eq(t.badgeRequests.status, "pending")));
  return { earned: earned.map((r) => r.itemId), pending: pending.map((r) => r.itemId) };
}

/** Items by id (for checks on a handful of ids). */
export async function findCatalogItems({ db, t }: Conn, ids: readonly string[]): Promise<CatalogItemRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(t.catalogItems)
    .where(inArray(t.catalogItems.id, [...ids]));
}
