// What an audit row is about, in words and links instead of raw ids (issue 11 #6). Pure: the api
// resolves every id of a page in one batch per table, then this turns each row into labels.
import type { AuditMetadata } from "./entry";

/** A resolved reference: what the id stands for, and where to look at it (null: no page for it). */
export interface AuditRef {
  label: string;
  href: string | null;
}

export interface AuditDetail {
  key: string;
  text: string;
  href: string | null;
}

export interface DescribedAuditEntry {
  /** The entity in words ("Ada Lovelace", "badge “Give context”"); null for system entries. */
  entity: AuditRef | null;
  details: AuditDetail[];
}

const ID_SHAPED = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The ids of a page of entries worth resolving: entity ids and id-shaped detail values, each once. */
export function auditReferenceIds(entries: readonly { entityId: string | null; metadata: AuditMetadata }[]): string[] {
  const ids = new Set<string>();
  for (const entry of entries) {
    if (entry.entityId && ID_SHAPED.test(entry.entityId)) ids.add(entry.entityId);
    for (const value of Object.values(entry.metadata)) if (typeof value === "string" && ID_SHAPED.test(value)) ids.add(value);
  }
  return [...ids];
}

const ENTITY_NAMES: Record<string, string> = {
  user: "user",
  award: "award",
  badge_request: "badge request",
  catalog_item: "catalog item",
  mission: "mission",
  reload: "reload",
  export: "export",
  system: "system",
};

/**
 * The entry's entity and details with ids replaced by what they stand for. An id nothing resolves
 * (deleted, or not an entity) is shown as "unknown <kind>" rather than a raw id; other values stay.
 *
 * | entity / detail                  | shown as                                     |
 * | -------------------------------- | -------------------------------------------- |
 * | user 0190…                       | Ada Lovelace → /roster?q=ada@demo.test        |
 * | catalog_item 0190…               | mini-badge “Give context” → /catalog?item=…   |
 * | details userId: 0190…            | userId: Ada Lovelace (linked)                 |
 * | details to: "active"             | to: active                                   |
 */
export function describeAuditEntry(
  entry: { entityType: string; entityId: string | null; metadata: AuditMetadata },
  refs: ReadonlyMap<string, AuditRef>,
): DescribedAuditEntry {
  const kind = ENTITY_NAMES[entry.entityType] ?? entry.entityType.replaceAll("_", " ");
  let entity: AuditRef | null = null;
  if (entry.entityId) {
    entity = refs.get(entry.entityId) ?? {
      label: ID_SHAPED.test(entry.entityId) ? `unknown ${kind}` : `${kind} ${entry.entityId}`,
      href: null,
    };
  } else if (entry.entityType !== "system") entity = { label: kind, href: null };
  const details = Object.entries(entry.metadata).map(([key, value]): AuditDetail => {
    if (typeof value === "string" && ID_SHAPED.test(value)) {
      const ref = refs.get(value);
      return { key, text: ref?.label ?? "unknown", href: ref?.href ?? null };
    }
    return { key, text: value === null ? "none" : String(value), href: null };
  });
  return { entity, details };
}
