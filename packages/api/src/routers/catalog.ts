import {
  type AuditAction,
  type AuditMetadata,
  buildAuditEntry,
  buildCatalogDocument,
  CATALOG_DOCUMENT_MAX_BYTES,
  CATALOG_MESSAGES,
  CATALOG_PAGE_SIZE,
  ConflictError,
  CriteriaSchema,
  childKinds,
  countByKind,
  DescriptionSchema,
  describeEarning,
  findProgramClashes,
  flattenCatalogDocument,
  IconEmojiSchema,
  IconImageContentSchema,
  ITEM_KINDS,
  type ItemKind,
  KIND_LABEL,
  NotFoundError,
  PARENT_KIND,
  parseCatalogDocument,
  planMove,
  RuleViolationError,
  TitleSchema,
} from "@missionboard/core";
import {
  type CatalogEntryRow,
  type CatalogItemRow,
  type Conn,
  catalogItemUsage,
  catalogUserStateFor,
  countChildrenByKind,
  countSiblings,
  deleteCatalogItem,
  findCatalogEntries,
  findCatalogIcon,
  findCatalogItem,
  findSiblingByTitle,
  insertAuditEntry,
  insertCatalogItem,
  isForeignKeyViolation,
  isUniqueViolation,
  listCatalogItems,
  listProgramTitleKeys,
  listSiblingPage,
  lockSiblingOrder,
  moveSiblingTo,
  nextSiblingPosition,
  renumberSiblings,
  setCatalogItemActive,
  updateCatalogItem,
} from "@missionboard/db";
import { z } from "zod";
import type { Context } from "../context";
import { permissionProcedure, publicProcedure, router } from "../trpc";

export const CATALOG_ERRORS = {
  notFound: "That catalog item does not exist.",
  parentNotFound: "The parent item does not exist.",
  programHasNoParent: "A program has no parent.",
  requiredOnlyCapstone: "Only capstones can be required.",
  stale: CATALOG_MESSAGES.stale,
  inUseRaced: "Something now depends on this item; deactivate it instead.",
  invalidDocument: "The catalog file has problems; nothing was imported.",
} as const;

const ItemIdSchema = z.uuid("Unknown catalog item.");
const KindSchema = z.enum(ITEM_KINDS, "Choose a program, skill, mini-badge, capstone or progress badge.");

export const CreateItemInputSchema = z.object({
  kind: KindSchema,
  parentId: ItemIdSchema.nullable().default(null),
  title: TitleSchema,
  description: DescriptionSchema.default(null),
  criteria: CriteriaSchema.default(null),
  iconEmoji: IconEmojiSchema.default(null),
  iconImage: IconImageContentSchema.default(null),
  isRequired: z.boolean().default(false),
});

/** Absent fields stay as they are; `null` clears an optional field. */
export const UpdateItemInputSchema = z.object({
  id: ItemIdSchema,
  title: TitleSchema.optional(),
  description: DescriptionSchema.optional(),
  criteria: CriteriaSchema.optional(),
  iconEmoji: IconEmojiSchema.optional(),
  iconImage: IconImageContentSchema.optional(),
  isRequired: z.boolean().optional(),
});

export const SetActiveInputSchema = z.object({ id: ItemIdSchema, isActive: z.boolean() });

/**
 * Moves one item to place `to` (0-based) among its siblings. `seenPosition` is the item's position
 * as the page showed it: if it moved meanwhile, the move is refused as stale. The form sends only
 * the item, never the list of its siblings, so a move costs the same whatever the list's length.
 */
export const MoveInputSchema = z.object({
  id: ItemIdSchema,
  seenPosition: z.number().int().min(0),
  to: z.number("Give the new position as a number.").int("Give the new position as a whole number.").min(0).max(1_000_000),
});

/** One level of the tree: the item (null = the root, which holds the programs) and a page of each list under it. */
export const LevelInputSchema = z.object({
  itemId: ItemIdSchema.nullable().default(null),
  /** The list `page` applies to (the others show their first page); by default the first list. */
  kind: KindSchema.optional(),
  page: z.number().int().min(1).max(100_000).default(1),
});

export const ArtworkInputSchema = z.object({ id: ItemIdSchema });

export const DeleteInputSchema = z.object({ id: ItemIdSchema });

export const ImportInputSchema = z.object({
  /** The raw JSON text (the size is checked before it is parsed). */
  text: z.string("Choose a catalog file.").max(CATALOG_DOCUMENT_MAX_BYTES, CATALOG_MESSAGES.tooLarge),
});

/** An import refused with the list of problems (each "path: message"). */
export class ImportRefusedError extends RuleViolationError {
  override name = "ImportRefusedError";
  constructor(readonly problems: string[]) {
    super(`${CATALOG_ERRORS.invalidDocument}\n${problems.join("\n")}`, "file");
  }
}

/** A catalog item as pages see it, with the viewer's own state; the icon image has its own URL. */
export interface CatalogEntryView {
  id: string;
  kind: ItemKind;
  parentId: string | null;
  title: string;
  description: string | null;
  /** What earns it, as its editor wrote it (null: none written). */
  criteria: string | null;
  /** How it is earned, generated from its kind's rule (core describeEarning). */
  howEarned: string;
  iconEmoji: string | null;
  /** Set when the item has an uploaded image: the version part of its URL (changes with the item). */
  iconVersion: number | null;
  /** The version part of the item's artwork URL (/badge-image/:id.svg?v=…): changes with the item. */
  artworkVersion: number;
  isActive: boolean;
  /** Active, and every ancestor too: what students see. */
  effectivelyActive: boolean;
  isRequired: boolean;
  position: number;
  earned: boolean;
  pending: boolean;
  /** Items under it per kind (active ones only, for students). */
  childCounts: Partial<Record<ItemKind, number>>;
}

export interface CatalogListView {
  kind: ItemKind;
  total: number;
  page: number;
  pageSize: number;
  pageCount: number;
  /** Each with its place (0-based) among all its siblings as the viewer sees them. */
  items: (CatalogEntryView & { rank: number })[];
}

export interface CatalogLevelView {
  staffView: boolean;
  /** The item the page is about; null at the root. */
  item: CatalogEntryView | null;
  /** Its ancestors, program first (for breadcrumbs). */
  path: { id: string; kind: ItemKind; title: string }[];
  lists: CatalogListView[];
}

const toEntryView = (
  row: CatalogEntryRow,
  effectivelyActive: boolean,
  state: { earned: Set<string>; pending: Set<string> },
  counts: Map<string, Partial<Record<ItemKind, number>>>,
): CatalogEntryView => ({
  id: row.id,
  kind: row.kind,
  parentId: row.parentId,
  title: row.title,
  description: row.description,
  criteria: row.criteria,
  howEarned: describeEarning({ kind: row.kind, isRequired: row.isRequired, childCounts: counts.get(row.id) ?? {} }),
  iconEmoji: row.iconEmoji,
  iconVersion: row.hasImage ? row.updatedAt.getTime() : null,
  artworkVersion: row.updatedAt.getTime(),
  isActive: row.isActive,
  effectivelyActive,
  isRequired: row.isRequired,
  position: row.position,
  earned: state.earned.has(row.id),
  pending: state.pending.has(row.id),
  childCounts: counts.get(row.id) ?? {},
});

/** An item with its ancestors (program first), or null when it does not exist. */
async function loadEntryPath(c: Conn, id: string): Promise<{ item: CatalogEntryRow; ancestors: CatalogEntryRow[] } | null> {
  const [item] = await findCatalogEntries(c, [id]);
  if (!item) return null;
  const above = await findCatalogEntries(
    c,
    [item.parentId, item.programId].filter((x): x is string => x !== null),
  );
  const ancestors = [item.programId, item.parentId === item.programId ? null : item.parentId]
    .map((ancestorId) => above.find((a) => a.id === ancestorId))
    .filter((a): a is CatalogEntryRow => a !== undefined);
  return { item, ancestors };
}

/** One level of the catalog for a viewer (see the `level` procedure). */
async function loadLevel(
  c: Conn,
  viewer: { id: string; staff: boolean },
  input: z.output<typeof LevelInputSchema>,
): Promise<CatalogLevelView> {
  const activeOnly = !viewer.staff;
  let item: CatalogEntryRow | null = null;
  let ancestors: CatalogEntryRow[] = [];
  if (input.itemId) {
    const found = await loadEntryPath(c, input.itemId);
    // Students do not learn that inactive items exist.
    if (!found || (activeOnly && ![found.item, ...found.ancestors].every((x) => x.isActive)))
      throw new NotFoundError(CATALOG_ERRORS.notFound);
    ({ item, ancestors } = found);
  }
  const itemEffective = item === null || [item, ...ancestors].every((x) => x.isActive);
  const kinds = childKinds(item?.kind ?? null);
  const pagedKind = input.kind && kinds.includes(input.kind) ? input.kind : kinds[0];
  const pages: { kind: ItemKind; total: number; page: number; pageCount: number; rows: CatalogEntryRow[] }[] = [];
  for (const kind of kinds) {
    const total = await countSiblings(c, kind, item?.id ?? null, activeOnly);
    const pageCount = Math.max(1, Math.ceil(total / CATALOG_PAGE_SIZE));
    const page = kind === pagedKind ? Math.min(input.page, pageCount) : 1;
    const rows = await listSiblingPage(c, kind, item?.id ?? null, {
      offset: (page - 1) * CATALOG_PAGE_SIZE,
      limit: CATALOG_PAGE_SIZE,
      activeOnly,
    });
    pages.push({ kind, total, page, pageCount, rows });
  }
  const shown = [...(item ? [item] : []), ...pages.flatMap((p) => p.rows)];
  const ids = shown.map((r) => r.id);
  const counts = await countChildrenByKind(c, ids, activeOnly);
  const state = await catalogUserStateFor(c, viewer.id, ids);
  return {
    staffView: viewer.staff,
    item: item ? toEntryView(item, itemEffective, state, counts) : null,
    path: ancestors.map((a) => ({ id: a.id, kind: a.kind, title: a.title })),
    lists: pages.map((p) => ({
      kind: p.kind,
      total: p.total,
      page: p.page,
      pageSize: CATALOG_PAGE_SIZE,
      pageCount: p.pageCount,
      items: p.rows.map((row, index) => ({
        ...toEntryView(row, itemEffective && row.isActive, state, counts),
        rank: (p.page - 1) * CATALOG_PAGE_SIZE + index,
      })),
    })),
  };
}

type Actor = { id: string };

function audit(
  c: Conn,
  ctx: Pick<Context, "requestId">,
  actor: Actor,
  action: AuditAction,
  entityId: string | null,
  now: Date,
  metadata: AuditMetadata,
) {
  return insertAuditEntry(
    c,
    buildAuditEntry({ actorId: actor.id, action, entityType: "catalog_item", entityId, metadata, requestId: ctx.requestId }, now),
  );
}

async function loadItem(c: Conn, id: string): Promise<CatalogItemRow> {
  const item = await findCatalogItem(c, id);
  if (!item) throw new NotFoundError(CATALOG_ERRORS.notFound);
  return item;
}

async function assertTitleFree(c: Conn, kind: ItemKind, parentId: string | null, title: string, exceptId?: string) {
  if (await findSiblingByTitle(c, kind, parentId, title, exceptId))
    throw new RuleViolationError(CATALOG_MESSAGES.duplicateTitle(kind, title.trim()), "title");
}

/** Two admins saving the same title at once: the unique index decides, with the same message. */
async function uniqueTitleBackstop<T>(kind: ItemKind, title: string | undefined, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (title !== undefined && isUniqueViolation(error))
      throw new RuleViolationError(CATALOG_MESSAGES.duplicateTitle(kind, title.trim()), "title");
    throw error;
  }
}

/** Why an item cannot be deleted, or null when it can. */
export function deleteRefusal(kind: ItemKind, usage: { children: number; awards: number; requests: number }): string | null {
  const label = KIND_LABEL[kind];
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  if (usage.children > 0)
    return `This ${label} still has ${plural(usage.children, "item", "items")} under it; delete those first, or deactivate it instead.`;
  if (usage.awards > 0)
    return `This ${label} has been awarded (${plural(usage.awards, "award", "awards")}, revoked ones included); deactivate it instead.`;
  if (usage.requests > 0)
    return `This ${label} has been requested (${plural(usage.requests, "request", "requests")}); deactivate it instead.`;
  return null;
}

export const catalogRouter = router({
  /**
   * One level of the catalog: an item (or the root) with a page of each list under it, counts of
   * what sits below each, and the viewer's earned / pending state. Students get only effectively
   * active items (item and every ancestor active); staff get everything, inactive items flagged.
   * Bounded: at most CATALOG_PAGE_SIZE items per list, whatever the size of the catalog.
   */
  level: permissionProcedure("catalog.read")
    .input(LevelInputSchema)
    .query(({ ctx, input }) => ctx.db.read((c) => loadLevel(c, { id: ctx.user.id, staff: ctx.user.role !== "student" }, input))),

  /**
   * An item's artwork (docs/product/badges.md §B-8): its uploaded image as a data: URL, or what
   * the default emblem is drawn from. Public, because emails and (later) Open Badges credentials
   * show it to whoever opens them; only effectively active items, unless the viewer is staff.
   */
  artwork: publicProcedure.input(ArtworkInputSchema).query(({ ctx, input }) =>
    ctx.db.read(async (c) => {
      const found = await loadEntryPath(c, input.id);
      const staff = ctx.user?.status === "active" && ctx.user.role !== "student";
      const visible = found && (staff || [found.item, ...found.ancestors].every((x) => x.isActive));
      if (!found || !visible) throw new NotFoundError("That badge does not exist.");
      const { item } = found;
      const image = item.hasImage ? ((await findCatalogIcon(c, item.id))?.iconImage ?? null) : null;
      return {
        id: item.id,
        kind: item.kind,
        title: item.title,
        programId: item.programId ?? item.id,
        image,
        version: item.updatedAt.getTime(),
      };
    }),
  ),

  create: permissionProcedure("catalog.manage")
    .input(CreateItemInputSchema)
    .mutation(async ({ ctx, input }) => {
      const now = ctx.now();
      const expected = PARENT_KIND[input.kind];
      if (input.isRequired && input.kind !== "capstone") throw new RuleViolationError(CATALOG_ERRORS.requiredOnlyCapstone, "isRequired");
      if (!expected && input.parentId) throw new RuleViolationError(CATALOG_ERRORS.programHasNoParent, "parentId");
      if (expected && !input.parentId) throw new RuleViolationError(CATALOG_MESSAGES.wrongParent(input.kind), "parentId");
      return uniqueTitleBackstop(input.kind, input.title, () =>
        ctx.db.tx(async (c) => {
          let programId: string | null = null;
          if (input.parentId) {
            const parent = await findCatalogItem(c, input.parentId);
            if (!parent) throw new NotFoundError(CATALOG_ERRORS.parentNotFound);
            if (parent.kind !== expected) throw new RuleViolationError(CATALOG_MESSAGES.wrongParent(input.kind), "parentId");
            programId = parent.kind === "program" ? parent.id : parent.programId;
          }
          await assertTitleFree(c, input.kind, input.parentId, input.title);
          const item = await insertCatalogItem(
            c,
            {
              kind: input.kind,
              parentId: input.parentId,
              programId,
              title: input.title,
              description: input.description,
              criteria: input.criteria,
              iconEmoji: input.iconEmoji,
              iconImage: input.iconImage,
              isRequired: input.isRequired,
              position: await nextSiblingPosition(c, input.kind, input.parentId),
            },
            now,
          );
          await audit(c, ctx, ctx.user, "catalog.created", item.id, now, {
            kind: item.kind,
            title: item.title,
            parentId: item.parentId,
            position: item.position,
          });
          return { id: item.id, kind: item.kind, title: item.title, position: item.position };
        }),
      );
    }),

  update: permissionProcedure("catalog.manage")
    .input(UpdateItemInputSchema)
    .mutation(async ({ ctx, input }) => {
      const now = ctx.now();
      const { id, ...patch } = input;
      return ctx.db.tx(async (c) => {
        const item = await loadItem(c, id);
        if (patch.isRequired && item.kind !== "capstone") throw new RuleViolationError(CATALOG_ERRORS.requiredOnlyCapstone, "isRequired");
        if (patch.title !== undefined) await assertTitleFree(c, item.kind, item.parentId, patch.title, item.id);
        const updated = await uniqueTitleBackstop(item.kind, patch.title, () => updateCatalogItem(c, id, patch, now));
        if (!updated) throw new NotFoundError(CATALOG_ERRORS.notFound);
        const changed = (Object.keys(patch) as (keyof typeof patch)[]).filter((k) => patch[k] !== undefined && patch[k] !== item[k]);
        await audit(c, ctx, ctx.user, "catalog.updated", id, now, {
          kind: item.kind,
          title: updated.title,
          ...(item.title !== updated.title ? { previousTitle: item.title } : {}),
          changed: changed.join(",") || "nothing",
        });
        return { id, title: updated.title, changed };
      });
    }),

  /** Activate or deactivate one item; no cascade in the data (students stop seeing descendants). */
  setActive: permissionProcedure("catalog.manage")
    .input(SetActiveInputSchema)
    .mutation(({ ctx, input }) => {
      const now = ctx.now();
      return ctx.db.tx(async (c) => {
        const row = await setCatalogItemActive(c, input.id, input.isActive, now);
        if (!row) {
          const item = await loadItem(c, input.id);
          return { id: item.id, isActive: item.isActive, changed: false };
        }
        await audit(c, ctx, ctx.user, input.isActive ? "catalog.activated" : "catalog.deactivated", row.id, now, {
          kind: row.kind,
          title: row.title,
          from: !input.isActive,
          to: input.isActive,
        });
        return { id: row.id, isActive: input.isActive, changed: true };
      });
    }),

  /**
   * Moves one item to place `to` (0-based, clamped) among its siblings; the ones between shift by
   * one. Refused as stale when the item no longer sits where the page showed it.
   */
  move: permissionProcedure("catalog.manage")
    .input(MoveInputSchema)
    .mutation(({ ctx, input }) => {
      const now = ctx.now();
      return ctx.db.tx(async (c) => {
        const item = await loadItem(c, input.id);
        const scope = { kind: item.kind, parentId: item.parentId };
        const order = await lockSiblingOrder(c, scope.kind, scope.parentId);
        const plan = planMove(order, item.id, input.seenPosition, input.to);
        if (plan.kind === "stale") throw new ConflictError(CATALOG_ERRORS.stale);
        if (plan.kind === "unchanged") return { id: item.id, from: plan.rank, to: plan.rank, moved: false };
        if (plan.renumber) await renumberSiblings(c, scope.kind, scope.parentId, now);
        // Positions are ranks now, so the item sits at position `from`.
        if (!(await moveSiblingTo(c, scope, { id: item.id, from: plan.from, to: plan.to }, now)))
          throw new ConflictError(CATALOG_ERRORS.stale);
        await audit(c, ctx, ctx.user, "catalog.reordered", item.id, now, {
          kind: item.kind,
          title: item.title,
          parentId: item.parentId,
          from: plan.from + 1,
          to: plan.to + 1,
          siblings: order.length,
        });
        return { id: item.id, from: plan.from, to: plan.to, moved: true };
      });
    }),

  /** Refused while anything is below it, or anyone holds or has requested it (deactivate instead). */
  delete: permissionProcedure("catalog.manage")
    .input(DeleteInputSchema)
    .mutation(async ({ ctx, input }) => {
      const now = ctx.now();
      try {
        return await ctx.db.tx(async (c) => {
          const item = await loadItem(c, input.id);
          const refusal = deleteRefusal(item.kind, await catalogItemUsage(c, item.id));
          if (refusal) throw new RuleViolationError(refusal);
          const deleted = await deleteCatalogItem(c, item.id);
          if (!deleted) throw new NotFoundError(CATALOG_ERRORS.notFound);
          await audit(c, ctx, ctx.user, "catalog.deleted", item.id, now, {
            kind: item.kind,
            title: item.title,
            parentId: item.parentId,
            position: item.position,
            wasActive: item.isActive,
          });
          return { id: item.id, kind: item.kind, title: item.title };
        });
      } catch (error) {
        // A request or award (or child) arrived between the check and the delete.
        if (isForeignKeyViolation(error)) throw new ConflictError(CATALOG_ERRORS.inUseRaced);
        throw error;
      }
    }),

  /** The whole catalog as a versioned JSON document (see core catalog-document.ts). */
  export: permissionProcedure("catalog.manage").query(async ({ ctx }) => {
    const rows = await ctx.db.read((c) => listCatalogItems(c));
    return buildCatalogDocument(rows);
  }),

  /**
   * Adds the document's programs after the existing ones. The document is checked completely
   * first; a program whose title already exists refuses the whole import; everything is
   * written in one transaction, so nothing is written on any error.
   */
  import: permissionProcedure("catalog.manage")
    .input(ImportInputSchema)
    .mutation(async ({ ctx, input }) => {
      const now = ctx.now();
      const checked = parseCatalogDocument(input.text);
      if (!checked.ok) throw new ImportRefusedError(checked.errors);
      const doc = checked.document;
      try {
        return await ctx.db.tx(async (c) => {
          const clashes = findProgramClashes(doc, await listProgramTitleKeys(c));
          if (clashes.length) throw new ImportRefusedError(clashes);
          const items = flattenCatalogDocument(doc, await nextSiblingPosition(c, "program", null));
          const ids = new Map<string, { id: string; kind: ItemKind; programId: string | null }>();
          for (const item of items) {
            const parent = item.parentRef ? ids.get(item.parentRef) : undefined;
            if (item.parentRef && !parent) throw new Error(`import: parent ${item.parentRef} not written before ${item.ref}`);
            const row = await insertCatalogItem(
              c,
              {
                ...item,
                parentId: parent?.id ?? null,
                programId: parent ? (parent.kind === "program" ? parent.id : parent.programId) : null,
              },
              now,
            );
            ids.set(item.ref, { id: row.id, kind: row.kind, programId: row.programId });
          }
          const counts = countByKind(items);
          await audit(c, ctx, ctx.user, "catalog.imported", null, now, {
            programs: counts.program,
            skills: counts.skill,
            miniBadges: counts.mini_badge,
            capstones: counts.capstone,
            progressBadges: counts.progress_badge,
            titles: doc.programs.map((p) => p.title).join(", "),
          });
          return { counts, programIds: doc.programs.map((_, p) => ids.get(`programs[${p}]`)?.id ?? "") };
        });
      } catch (error) {
        if (isUniqueViolation(error))
          throw new ConflictError("A program with one of these titles was added meanwhile; nothing was imported.");
        throw error;
      }
    }),
});
