// The catalog as a portable JSON document (export / import between instances), the nested tree
// the pages show, and the pure checks both need. No I/O: the api reads and writes the rows.
import { z } from "zod";
import { CriteriaSchema } from "./earning";
import { type ItemKind, PARENT_KIND } from "./kinds";
import { DescriptionSchema, IconEmojiSchema, IconImageSchema, TitleSchema, titleKey } from "./rules";

export const CATALOG_FORMAT = "missionboard.catalog";
export const CATALOG_VERSION = 1;
/** Uploaded catalog documents larger than this are refused before they are parsed. */
export const CATALOG_DOCUMENT_MAX_BYTES = 2 * 1024 * 1024;
/** At most this many problems are listed for one document (the first ones, in document order). */
export const MAX_DOCUMENT_ERRORS = 50;

export const KIND_LABEL: Record<ItemKind, string> = {
  program: "program",
  skill: "skill",
  mini_badge: "mini-badge",
  capstone: "capstone",
  progress_badge: "progress badge",
};

export const CATALOG_MESSAGES = {
  tooLarge: `The catalog file must be ${CATALOG_DOCUMENT_MAX_BYTES / 1024 / 1024} MB or smaller.`,
  notJson: "The file is not valid JSON.",
  stale: "The order changed in the meantime; reload and try again.",
  wrongParent: (kind: ItemKind) => {
    const parent = PARENT_KIND[kind];
    return parent ? `A ${KIND_LABEL[kind]} belongs under a ${KIND_LABEL[parent]}.` : "A program has no parent.";
  },
  duplicateTitle: (kind: ItemKind, title: string) => `A ${KIND_LABEL[kind]} titled “${title}” already exists here.`,
} as const;

// ---------------------------------------------------------------------------------------------
// Icons: an emoji (or short text) and/or an uploaded raster image as a data: URL.

export type ImageType = "png" | "jpeg" | "webp" | "gif";

/** The raster type from the file's first bytes (what the file is, not what it claims to be). */
export function sniffImageType(bytes: Uint8Array): ImageType | null {
  const starts = (sig: number[], at = 0) => sig.every((b, i) => bytes[at + i] === b);
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "png";
  if (starts([0xff, 0xd8, 0xff])) return "jpeg";
  if (starts([0x47, 0x49, 0x46, 0x38])) return "gif";
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return "webp";
  return null;
}

/** Whether a data: URL's declared type matches the image its payload actually holds. */
export function dataUrlMatchesContent(url: string): boolean {
  const match = /^data:image\/(png|jpeg|webp|gif);base64,([A-Za-z0-9+/]{0,24})/.exec(url);
  if (!match?.[2]) return false;
  const head = match[2].slice(0, 16);
  try {
    const bytes = Uint8Array.from(atob(head), (c) => c.charCodeAt(0));
    return sniffImageType(bytes) === match[1];
  } catch {
    return false;
  }
}

/** The stored icon image: a raster data: URL ≤ 256 KB whose bytes are what it says. */
export const IconImageContentSchema = IconImageSchema.refine(
  (url) => url === null || dataUrlMatchesContent(url),
  "The icon must be a PNG, JPEG, WebP or GIF image.",
);

// ---------------------------------------------------------------------------------------------
// The document.

/** A missing or null title reads as "Title is required." rather than a type error. */
const DocTitle = z.preprocess((v) => (v === undefined || v === null ? "" : v), TitleSchema);
const DocDescription = z.preprocess((v) => (v === undefined ? null : v), DescriptionSchema);
const DocIcon = z
  .object({
    emoji: z.preprocess((v) => (v === undefined ? null : v), IconEmojiSchema),
    image: z.preprocess((v) => (v === undefined ? null : v), IconImageContentSchema),
  })
  .nullable()
  .optional()
  .transform((icon) => ({ emoji: icon?.emoji ?? null, image: icon?.image ?? null }));
const DocActive = z.boolean("isActive must be true or false.").default(true);
const list = <T extends z.ZodType>(item: T, what: string) =>
  z.array(item, `${what} must be a list.`).max(1000, `At most 1,000 ${what} per parent.`).default([]);

/** Optional: files written before criteria existed have none (absent = none). */
const DocCriteria = CriteriaSchema.optional();
const DocItem = { title: DocTitle, description: DocDescription, criteria: DocCriteria, icon: DocIcon, isActive: DocActive };

export const DocMiniBadgeSchema = z.object(DocItem);
export const DocSkillSchema = z.object({ ...DocItem, miniBadges: list(DocMiniBadgeSchema, "miniBadges") });
export const DocCapstoneSchema = z.object({ ...DocItem, isRequired: z.boolean("isRequired must be true or false.").default(false) });
export const DocProgressBadgeSchema = z.object(DocItem);
export const DocProgramSchema = z.object({
  ...DocItem,
  skills: list(DocSkillSchema, "skills"),
  capstones: list(DocCapstoneSchema, "capstones"),
  progressBadges: list(DocProgressBadgeSchema, "progressBadges"),
});

export const CatalogDocumentSchema = z.object({
  format: z.literal(CATALOG_FORMAT, `format must be "${CATALOG_FORMAT}".`),
  version: z.literal(CATALOG_VERSION, `version must be ${CATALOG_VERSION}; this file was written by a different Missionboard version.`),
  programs: z.array(DocProgramSchema, "programs must be a list.").max(1000, "At most 1,000 programs per file."),
});

export type CatalogDocument = z.output<typeof CatalogDocumentSchema>;
export type CatalogDocumentInput = z.input<typeof CatalogDocumentSchema>;
export type DocIconValue = CatalogDocument["programs"][number]["icon"];

/** `programs[0].skills[2].title` from a zod issue path. */
export function formatDocumentPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) out += typeof key === "number" ? `[${key}]` : out ? `.${String(key)}` : String(key);
  return out || "(document)";
}

export type DocumentCheck = { ok: true; document: CatalogDocument } | { ok: false; errors: string[] };

/** Same-kind siblings in the document must have different titles (ignoring case and spacing). */
export function findDuplicateTitles(doc: CatalogDocument): string[] {
  const errors: string[] = [];
  const check = (items: readonly { title: string }[], base: string, label: string) => {
    const seen = new Map<string, number>();
    items.forEach((item, i) => {
      const key = titleKey(item.title);
      const first = seen.get(key);
      if (first === undefined) seen.set(key, i);
      else errors.push(`${base}[${i}].title: “${item.title}” appears twice among the ${label} (also at ${base}[${first}]).`);
    });
  };
  check(doc.programs, "programs", "programs");
  doc.programs.forEach((program, p) => {
    check(program.skills, `programs[${p}].skills`, "skills of this program");
    check(program.capstones, `programs[${p}].capstones`, "capstones of this program");
    check(program.progressBadges, `programs[${p}].progressBadges`, "progress badges of this program");
    program.skills.forEach((skill, s) => {
      check(skill.miniBadges, `programs[${p}].skills[${s}].miniBadges`, "mini-badges of this skill");
    });
  });
  return errors;
}

/** Validates a parsed document completely: every schema problem with its path, then duplicate titles. */
export function checkCatalogDocument(value: unknown): DocumentCheck {
  const parsed = CatalogDocumentSchema.safeParse(value);
  if (!parsed.success) {
    // A value can fail several checks with one message (e.g. an image's type and content).
    const errors = new Set(parsed.error.issues.map((issue) => `${formatDocumentPath(issue.path)}: ${issue.message}`));
    return { ok: false, errors: [...errors].slice(0, MAX_DOCUMENT_ERRORS) };
  }
  const duplicates = findDuplicateTitles(parsed.data);
  if (duplicates.length) return { ok: false, errors: duplicates.slice(0, MAX_DOCUMENT_ERRORS) };
  return { ok: true, document: parsed.data };
}

/** Size check (UTF-8 bytes) before JSON.parse, then checkCatalogDocument. */
export function parseCatalogDocument(text: string): DocumentCheck {
  if (text.length > CATALOG_DOCUMENT_MAX_BYTES || new TextEncoder().encode(text).length > CATALOG_DOCUMENT_MAX_BYTES)
    return { ok: false, errors: [CATALOG_MESSAGES.tooLarge] };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, errors: [CATALOG_MESSAGES.notJson] };
  }
  return checkCatalogDocument(value);
}

/**
 * Existing programs clash with imported ones by title: the import adds programs and refuses the
 * whole document when any program title already exists (rename it in the file, or delete or
 * rename the existing program first).
 */
export function findProgramClashes(doc: CatalogDocument, existingProgramTitleKeys: ReadonlySet<string>): string[] {
  const errors: string[] = [];
  doc.programs.forEach((program, p) => {
    if (existingProgramTitleKeys.has(titleKey(program.title)))
      errors.push(
        `programs[${p}].title: A program titled “${program.title}” already exists; rename it in the file or rename the existing one.`,
      );
  });
  return errors.slice(0, MAX_DOCUMENT_ERRORS);
}

// ---------------------------------------------------------------------------------------------
// Rows ⇄ tree ⇄ document.

/** The columns of a catalog row the tree and the document use. */
export interface CatalogItemData {
  id: string;
  kind: ItemKind;
  parentId: string | null;
  title: string;
  description: string | null;
  criteria?: string | null;
  iconEmoji: string | null;
  iconImage: string | null;
  isActive: boolean;
  isRequired: boolean;
  position: number;
}

export interface CatalogTreeNode<T extends CatalogItemData = CatalogItemData> {
  item: T;
  /** Item and every ancestor active (what students see). */
  effectivelyActive: boolean;
  skills: CatalogTreeNode<T>[];
  miniBadges: CatalogTreeNode<T>[];
  capstones: CatalogTreeNode<T>[];
  progressBadges: CatalogTreeNode<T>[];
}

const CHILD_LIST = {
  program: null,
  skill: "skills",
  mini_badge: "miniBadges",
  capstone: "capstones",
  progress_badge: "progressBadges",
} as const satisfies Record<ItemKind, keyof CatalogTreeNode | null>;

const byPosition = (a: CatalogItemData, b: CatalogItemData) => a.position - b.position || a.title.localeCompare(b.title);

/**
 * Nests rows into programs → skills → mini-badges, capstones and progress badges, each list in
 * position order. `onlyEffectivelyActive` drops every inactive item and everything under it.
 * Rows whose parent is missing or of the wrong kind are left out.
 */
export function buildCatalogTree<T extends CatalogItemData>(rows: readonly T[], options: { onlyEffectivelyActive?: boolean } = {}) {
  const children = new Map<string, T[]>();
  for (const row of rows) {
    const key = row.parentId ?? "";
    const list = children.get(key) ?? [];
    list.push(row);
    children.set(key, list);
  }
  const build = (item: T, parentActive: boolean): CatalogTreeNode<T> | null => {
    const effectivelyActive = parentActive && item.isActive;
    if (options.onlyEffectivelyActive && !effectivelyActive) return null;
    const node: CatalogTreeNode<T> = { item, effectivelyActive, skills: [], miniBadges: [], capstones: [], progressBadges: [] };
    for (const child of [...(children.get(item.id) ?? [])].sort(byPosition)) {
      const listName = CHILD_LIST[child.kind];
      if (!listName || PARENT_KIND[child.kind] !== item.kind) continue;
      const built = build(child, effectivelyActive);
      if (built) node[listName].push(built);
    }
    return node;
  };
  return (children.get("") ?? [])
    .filter((row) => row.kind === "program")
    .sort(byPosition)
    .map((program) => build(program, true))
    .filter((n): n is CatalogTreeNode<T> => n !== null);
}

const docItem = ({ item }: CatalogTreeNode) => ({
  title: item.title,
  description: item.description,
  ...(item.criteria ? { criteria: item.criteria } : {}),
  icon: { emoji: item.iconEmoji, image: item.iconImage },
  isActive: item.isActive,
});

/** The whole catalog as a document (order in the lists is the position order). */
export function buildCatalogDocument(rows: readonly CatalogItemData[]): CatalogDocument {
  return {
    format: CATALOG_FORMAT,
    version: CATALOG_VERSION,
    programs: buildCatalogTree(rows).map((program) => ({
      ...docItem(program),
      skills: program.skills.map((skill) => ({ ...docItem(skill), miniBadges: skill.miniBadges.map(docItem) })),
      capstones: program.capstones.map((c) => ({ ...docItem(c), isRequired: c.item.isRequired })),
      progressBadges: program.progressBadges.map(docItem),
    })),
  };
}

/** One row to insert on import; `ref` / `parentRef` are the document's own keys (parents come first). */
export interface ImportItem {
  ref: string;
  parentRef: string | null;
  kind: ItemKind;
  title: string;
  description: string | null;
  criteria: string | null;
  iconEmoji: string | null;
  iconImage: string | null;
  isActive: boolean;
  isRequired: boolean;
  position: number;
}

/** Flattens a checked document, parents before children; programs start at `firstProgramPosition`. */
export function flattenCatalogDocument(doc: CatalogDocument, firstProgramPosition: number): ImportItem[] {
  const out: ImportItem[] = [];
  const add = (
    ref: string,
    parentRef: string | null,
    kind: ItemKind,
    position: number,
    item: {
      title: string;
      description: string | null;
      criteria?: string | null | undefined;
      icon: DocIconValue;
      isActive: boolean;
      isRequired?: boolean;
    },
  ) =>
    out.push({
      ref,
      parentRef,
      kind,
      title: item.title,
      description: item.description,
      criteria: item.criteria ?? null,
      iconEmoji: item.icon.emoji,
      iconImage: item.icon.image,
      isActive: item.isActive,
      isRequired: item.isRequired ?? false,
      position,
    });
  doc.programs.forEach((program, p) => {
    const pr = `programs[${p}]`;
    add(pr, null, "program", firstProgramPosition + p, program);
    program.skills.forEach((skill, s) => {
      const sr = `${pr}.skills[${s}]`;
      add(sr, pr, "skill", s, skill);
      skill.miniBadges.forEach((badge, m) => void add(`${sr}.miniBadges[${m}]`, sr, "mini_badge", m, badge));
    });
    program.capstones.forEach((capstone, c) => void add(`${pr}.capstones[${c}]`, pr, "capstone", c, capstone));
    program.progressBadges.forEach((badge, g) => void add(`${pr}.progressBadges[${g}]`, pr, "progress_badge", g, badge));
  });
  return out;
}

/** Counts per kind, for the import summary and its audit row. */
export function countByKind(items: readonly { kind: ItemKind }[]): Record<ItemKind, number> {
  const counts: Record<ItemKind, number> = { program: 0, skill: 0, mini_badge: 0, capstone: 0, progress_badge: 0 };
  for (const item of items) counts[item.kind] += 1;
  return counts;
}
