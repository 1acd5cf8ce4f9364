// Catalog items: reads for the tree and the editor, and the writes the catalog procedures make.
// Every write here runs inside the caller's store.tx; uniqueness of sibling titles is decided by
// the app (titleKey) and backed by the unique index catalog_items_sibling_title_uq.
import { type ItemKind, REQUESTABLE_KINDS, titleKey } from "@missionboard/core";
import { aliasedTable, and, asc, count, eq, gt, gte, inArray, isNull, lt, lte, max, ne, type SQL, sql } from "drizzle-orm";
import type { Schema } from "../schema";
import type { Conn } from "../store";
import { containsLower } from "./text-match";

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
  criteria?: string | null;
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
      criteria: item.criteria ?? null,
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
  criteria?: string | null;
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
  if (patch.criteria !== undefined) set.criteria = patch.criteria;
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

/** Items by id (for checks on a handful of ids). */
export async function findCatalogItems({ db, t }: Conn, ids: readonly string[]): Promise<CatalogItemRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(t.catalogItems)
    .where(inArray(t.catalogItems.id, [...ids]));
}

// ---------------------------------------------------------------------------------------------
// Browsing: one level of the tree at a time, a page of each list, so no page or query grows with
// the size of the catalog.

/** What a catalog page shows of an item: everything but the icon image (served on its own URL). */
export interface CatalogEntryRow {
  id: string;
  kind: ItemKind;
  parentId: string | null;
  programId: string | null;
  title: string;
  description: string | null;
  criteria: string | null;
  iconEmoji: string | null;
  hasImage: boolean;
  isActive: boolean;
  isRequired: boolean;
  position: number;
  updatedAt: Date;
}

const entryColumns = (c: Schema["catalogItems"]) => ({
  id: c.id,
  kind: c.kind,
  parentId: c.parentId,
  programId: c.programId,
  title: c.title,
  description: c.description,
  criteria: c.criteria,
  iconEmoji: c.iconEmoji,
  hasImage: sql<number>`case when ${c.iconImage} is null then 0 else 1 end`.mapWith(Number),
  isActive: c.isActive,
  isRequired: c.isRequired,
  position: c.position,
  updatedAt: c.updatedAt,
});

const toEntry = (row: Omit<CatalogEntryRow, "hasImage"> & { hasImage: number }): CatalogEntryRow => ({
  ...row,
  hasImage: row.hasImage === 1,
});

const inScope = (c: Schema["catalogItems"], kind: ItemKind, parentId: string | null, activeOnly: boolean): SQL | undefined =>
  and(eq(c.siblingScope, siblingScopeOf(kind, parentId)), activeOnly ? eq(c.isActive, true) : undefined);

/** One page of the items of one kind under one parent (null = programs), in display order (position, id). */
export async function listSiblingPage(
  { db, t }: Conn,
  kind: ItemKind,
  parentId: string | null,
  page: { offset: number; limit: number; activeOnly: boolean },
): Promise<CatalogEntryRow[]> {
  const c = t.catalogItems;
  const rows = await db
    .select(entryColumns(c))
    .from(c)
    .where(inScope(c, kind, parentId, page.activeOnly))
    .orderBy(asc(c.position), asc(c.id))
    .limit(page.limit)
    .offset(page.offset);
  return rows.map(toEntry);
}

/** How many items of one kind sit under one parent (active ones only, for students). */
export async function countSiblings({ db, t }: Conn, kind: ItemKind, parentId: string | null, activeOnly: boolean): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(t.catalogItems)
    .where(inScope(t.catalogItems, kind, parentId, activeOnly));
  return row?.n ?? 0;
}

/** Children per kind of each of `parentIds` (a page's worth), active ones only for students. */
export async function countChildrenByKind(
  { db, t }: Conn,
  parentIds: readonly string[],
  activeOnly: boolean,
): Promise<Map<string, Partial<Record<ItemKind, number>>>> {
  const out = new Map<string, Partial<Record<ItemKind, number>>>();
  if (parentIds.length === 0) return out;
  const c = t.catalogItems;
  const rows = await db
    .select({ parentId: c.parentId, kind: c.kind, n: count() })
    .from(c)
    .where(and(inArray(c.parentId, [...parentIds]), activeOnly ? eq(c.isActive, true) : undefined))
    .groupBy(c.parentId, c.kind);
  for (const row of rows) {
    if (row.parentId === null) continue;
    out.set(row.parentId, { ...out.get(row.parentId), [row.kind]: row.n });
  }
  return out;
}

/** Items by id without their icon images (an item and its ancestors, for a page's header). */
export async function findCatalogEntries({ db, t }: Conn, ids: readonly string[]): Promise<CatalogEntryRow[]> {
  if (ids.length === 0) return [];
  const c = t.catalogItems;
  const rows = await db
    .select(entryColumns(c))
    .from(c)
    .where(inArray(c.id, [...ids]));
  return rows.map(toEntry);
}

/** An item's uploaded icon (a data: URL) and when the item last changed, or null. */
export async function findCatalogIcon({ db, t }: Conn, id: string): Promise<{ iconImage: string; updatedAt: Date } | null> {
  const [row] = await db
    .select({ iconImage: t.catalogItems.iconImage, updatedAt: t.catalogItems.updatedAt })
    .from(t.catalogItems)
    .where(eq(t.catalogItems.id, id))
    .limit(1);
  return row?.iconImage ? { iconImage: row.iconImage, updatedAt: row.updatedAt } : null;
}

/** Which of `itemIds` (a page's worth) the user holds (live award) or has a pending request for. */
export async function catalogUserStateFor(
  { db, t }: Conn,
  userId: string,
  itemIds: readonly string[],
): Promise<{ earned: Set<string>; pending: Set<string> }> {
  if (itemIds.length === 0) return { earned: new Set(), pending: new Set() };
  const ids = [...itemIds];
  const earned = await db
    .select({ itemId: t.awards.itemId })
    .from(t.awards)
    .where(and(eq(t.awards.userId, userId), isNull(t.awards.revokedAt), inArray(t.awards.itemId, ids)));
  const pending = await db
    .select({ itemId: t.badgeRequests.itemId })
    .from(t.badgeRequests)
    .where(and(eq(t.badgeRequests.userId, userId), eq(t.badgeRequests.status, "pending"), inArray(t.badgeRequests.itemId, ids)));
  return { earned: new Set(earned.map((r) => r.itemId)), pending: new Set(pending.map((r) => r.itemId)) };
}

// ---------------------------------------------------------------------------------------------
// Moving one item among its siblings

const byPositionThenId = (a: { id: string; position: number }, b: { id: string; position: number }) =>
  a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The siblings in display order, their rows locked for the rest of the transaction (a no-op
 * UPDATE … RETURNING: portable, unlike SELECT … FOR UPDATE), so concurrent moves in one list run
 * one after another on pooled Postgres and each sees the order the previous one left.
 */
export async function lockSiblingOrder(
  { db, t }: Conn,
  kind: ItemKind,
  parentId: string | null,
): Promise<{ id: string; position: number }[]> {
  const c = t.catalogItems;
  const rows = await db
    .update(c)
    .set({ position: sql`${c.position}` })
    .where(inScope(c, kind, parentId, false))
    .returning({ id: c.id, position: c.position });
  // Ids compare the same way in JS and in both databases (lower-case hex UUIDs, binary order).
  return rows.sort(byPositionThenId);
}

/** Rewrites the siblings' positions to 0..n-1 in display order, in one statement. */
export async function renumberSiblings({ db, t }: Conn, kind: ItemKind, parentId: string | null, now: Date): Promise<void> {
  const c = t.catalogItems;
  const ranked = db
    .select({ id: c.id, rank: sql<number>`row_number() over (order by ${c.position}, ${c.id}) - 1`.as("rank") })
    .from(c)
    .where(inScope(c, kind, parentId, false))
    .as("ranked");
  await db
    .update(c)
    .set({ position: sql`${ranked.rank}`, updatedAt: now })
    .from(ranked)
    .where(and(eq(c.id, ranked.id), sql`${c.position} <> ${ranked.rank}`));
}

/**
 * Moves one item from position `from` to `to` among siblings numbered 0..n-1: the ones between
 * shift by one (one statement), then the item takes its place, only while it still sits at
 * `from` (false otherwise: the caller rolls back).
 */
export async function moveSiblingTo(
  { db, t }: Conn,
  scope: { kind: ItemKind; parentId: string | null },
  move: { id: string; from: number; to: number },
  now: Date,
): Promise<boolean> {
  const c = t.catalogItems;
  const up = move.to < move.from;
  await db
    .update(c)
    .set({ position: up ? sql`${c.position} + 1` : sql`${c.position} - 1`, updatedAt: now })
    .where(
      and(
        inScope(c, scope.kind, scope.parentId, false),
        up ? and(gte(c.position, move.to), lt(c.position, move.from)) : and(gt(c.position, move.from), lte(c.position, move.to)),
        ne(c.id, move.id),
      ),
    );
  const placed = await db
    .update(c)
    .set({ position: move.to, updatedAt: now })
    .where(and(eq(c.id, move.id), eq(c.position, move.from)))
    .returning({ id: c.id });
  return placed.length === 1;
}

// ---------------------------------------------------------------------------------------------
// What a student may request: a bounded, searchable list

export interface RequestableRow {
  id: string;
  kind: ItemKind;
  title: string;
  description: string | null;
  /** What earns it, in its editor's words. */
  criteria: string | null;
  isRequired: boolean;
  programId: string;
  programTitle: string;
  /** The skill of a mini-badge; null for a capstone. */
  skillId: string | null;
  skillTitle: string | null;
}

/**
 * Effectively active mini-badges and capstones (the item, its skill and its program active), in
 * catalog order, a page at a time, optionally those whose title contains `search`, or just `itemId`.
 */
export async function listRequestableItems(
  { db, t }: Conn,
  filter: { search?: string | undefined; itemId?: string | undefined },
  page: { offset: number; limit: number },
): Promise<{ rows: RequestableRow[]; total: number }> {
  const item = t.catalogItems;
  const parent = aliasedTable(item, "parent");
  const program = aliasedTable(item, "program");
  const search = filter.search?.trim();
  const where = and(
    inArray(item.kind, [...REQUESTABLE_KINDS]),
    eq(item.isActive, true),
    eq(parent.isActive, true),
    eq(program.isActive, true),
    search ? containsLower(item.title, search) : undefined,
    filter.itemId ? eq(item.id, filter.itemId) : undefined,
  );
  const rows = await db
    .select({
      id: item.id,
      kind: item.kind,
      title: item.title,
      description: item.description,
      criteria: item.criteria,
      isRequired: item.isRequired,
      programId: program.id,
      programTitle: program.title,
      parentKind: parent.kind,
      parentId: parent.id,
      parentTitle: parent.title,
    })
    .from(item)
    .innerJoin(parent, eq(parent.id, item.parentId))
    .innerJoin(program, eq(program.id, item.programId))
    .where(where)
    .orderBy(
      asc(program.position),
      asc(program.id),
      asc(sql`case when ${item.kind} = 'capstone' then 1 else 0 end`),
      asc(parent.position),
      asc(parent.id),
      asc(item.position),
      asc(item.id),
    )
    .limit(page.limit)
    .offset(page.offset);
  const [total] = await db
    .select({ n: count() })
    .from(item)
    .innerJoin(parent, eq(parent.id, item.parentId))
    .innerJoin(program, eq(program.id, item.programId))
    .where(where);
  return {
    rows: rows.map(({ parentKind, parentId, parentTitle, ...r }) => ({
      ...r,
      skillId: parentKind === "skill" ? parentId : null,
      skillTitle: parentKind === "skill" ? parentTitle : null,
    })),
    total: total?.n ?? 0,
  };
}
