import {
  type AuditAction,
  type AuditMetadata,
  buildAuditEntry,
  buildCatalogDocument,
  buildCatalogTree,
  CATALOG_DOCUMENT_MAX_BYTES,
  CATALOG_MESSAGES,
  type CatalogTreeNode,
  ConflictError,
  countByKind,
  DescriptionSchema,
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
  RuleViolationError,
  TitleSchema,
} from "@missionboard/core";
import {
  type CatalogItemRow,
  type Conn,
  catalogItemUsage,
  deleteCatalogItem,
  findCatalogItem,
  findSiblingByTitle,
  insertAuditEntry,
  insertCatalogItem,
  isForeignKeyViolation,
  isUniqueViolation,
  listCatalogItems,
  listProgramTitleKeys,
  listSiblings,
  loadCatalogUserState,
  moveSibling,
  nextSiblingPosition,
  setCatalogItemActive,
  updateCatalogItem,
} from "@missionboard/db";
import { z } from "zod";
import type { Context } from "../context";
import { permissionProcedure, router } from "../trpc";

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
  iconEmoji: IconEmojiSchema.default(null),
  iconImage: IconImageContentSchema.default(null),
  isRequired: z.boolean().default(false),
});

/** Absent fields stay as they are; `null` clears an optional field. */
export const UpdateItemInputSchema = z.object({
  id: ItemIdSchema,
  title: TitleSchema.optional(),
  description: DescriptionSchema.optional(),
  iconEmoji: IconEmojiSchema.optional(),
  iconImage: IconImageContentSchema.optional(),
  isRequired: z.boolean().optional(),
});

export const SetActiveInputSchema = z.object({ id: ItemIdSchema, isActive: z.boolean() });

/**
 * The whole sibling list in its new order, each with the position the client last saw: anything
 * that differs from the database (moved, added, removed since) is refused as stale.
 */
export const ReorderInputSchema = z.object({
  parentId: ItemIdSchema.nullable(),
  kind: KindSchema,
  items: z
    .array(z.object({ id: ItemIdSchema, seenPosition: z.number().int().min(0) }))
    .min(1, "Nothing to reorder.")
    .max(1000),
});

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

/** A catalog node as pages see it, with the viewer's own state. */
export interface CatalogNodeView {
  id: string;
  kind: ItemKind;
  parentId: string | null;
  title: string;
  description: string | null;
  iconEmoji: string | null;
  iconImage: string | null;
  isActive: boolean;
  effectivelyActive: boolean;
  isRequired: boolean;
  position: number;
  earned: boolean;
  pending: boolean;
  skills: CatalogNodeView[];
  miniBadges: CatalogNodeView[];
  capstones: CatalogNodeView[];
  progressBadges: CatalogNodeView[];
}

function toView(node: CatalogTreeNode<CatalogItemRow>, state: { earned: Set<string>; pending: Set<string> }): CatalogNodeView {
  const { item } = node;
  const map = (list: CatalogTreeNode<CatalogItemRow>[]) => list.map((n) => toView(n, state));
  return {
    id: item.id,
    kind: item.kind,
    parentId: item.parentId,
    title: item.title,
    description: item.description,
    iconEmoji: item.iconEmoji,
    iconImage: item.iconImage,
    isActive: item.isActive,
    effectivelyActive: node.effectivelyActive,
    isRequired: item.isRequired,
    position: item.position,
    earned: state.earned.has(item.id),
    pending: state.pending.has(item.id),
    skills: map(node.skills),
    miniBadges: map(node.miniBadges),
    capstones: map(node.capstones),
    progressBadges: map(node.progressBadges),
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
   * The catalog tree. Students get only effectively active items (item and every ancestor active)
   * with their own earned / pending state; staff get everything, inactive items flagged.
   */
  tree: permissionProcedure("catalog.read").query(async ({ ctx }) => {
    const staff = ctx.user.role !== "student";
    const { rows, state } = await ctx.db.read(async (c) => ({
      rows: await listCatalogItems(c),
      state: await loadCatalogUserState(c, ctx.user.id),
    }));
    const sets = { earned: new Set(state.earned), pending: new Set(state.pending) };
    return {
      staffView: staff,
      programs: buildCatalogTree(rows, { onlyEffectivelyActive: !staff }).map((p) => toView(p, sets)),
    };
  }),

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

  /** Rewrites the siblings' positions to 0..n-1 in the given order, refusing stale input. */
  reorder: permissionProcedure("catalog.manage")
    .input(ReorderInputSchema)
    .mutation(({ ctx, input }) => {
      const now = ctx.now();
      if (!PARENT_KIND[input.kind] !== !input.parentId) throw new RuleViolationError(CATALOG_MESSAGES.wrongParent(input.kind), "parentId");
      const ids = input.items.map((i) => i.id);
      if (new Set(ids).size !== ids.length) throw new RuleViolationError("Each item may appear only once.", "items");
      return ctx.db.tx(async (c) => {
        if (input.parentId) {
          const parent = await findCatalogItem(c, input.parentId);
          if (!parent) throw new NotFoundError(CATALOG_ERRORS.parentNotFound);
          if (parent.kind !== PARENT_KIND[input.kind]) throw new RuleViolationError(CATALOG_MESSAGES.wrongParent(input.kind), "parentId");
        }
        const current = await listSiblings(c, input.kind, input.parentId);
        const seen = new Map(input.items.map((i) => [i.id, i.seenPosition]));
        const stale = current.length !== input.items.length || current.some((row) => seen.get(row.id) !== row.position);
        if (stale) throw new ConflictError(CATALOG_ERRORS.stale);
        for (const [index, item] of input.items.entries()) {
          // Conditional on the position the client saw: a concurrent reorder makes this fail.
          const moved = await moveSibling(c, input, { id: item.id, from: item.seenPosition, to: index }, now);
          if (!moved) throw new ConflictError(CATALOG_ERRORS.stale);
        }
        await audit(c, ctx, ctx.user, "catalog.reordered", input.parentId, now, {
          kind: input.kind,
          parentId: input.parentId,
          count: ids.length,
          order: ids.join(","),
        });
        return { order: ids };
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
