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

/**
 * Entity types and detail keys whose values are OpenWebUI ids: OpenWebUI chooses them, so they are
 * ids whatever their shape (a chat id need not be a UUID), and are resolved like our own.
 */
const OPENWEBUI_ENTITY_TYPES: ReadonlySet<string> = new Set(["chat", "owui_user"]);
const OPENWEBUI_DETAIL_KEYS: ReadonlySet<string> = new Set(["owner", "learnerId"]);

const isEntityId = (entityType: string, id: string) => ID_SHAPED.test(id) || OPENWEBUI_ENTITY_TYPES.has(entityType);
const isDetailId = (key: string, value: unknown): value is string =>
  typeof value === "string" && (ID_SHAPED.test(value) || OPENWEBUI_DETAIL_KEYS.has(key));

/** The ids of a page of entries worth resolving: entity ids and id-valued details, each once. */
export function auditReferenceIds(entries: readonly { entityType: string; entityId: string | null; metadata: AuditMetadata }[]): string[] {
  const ids = new Set<string>();
  for (const entry of entries) {
    if (entry.entityId && isEntityId(entry.entityType, entry.entityId)) ids.add(entry.entityId);
    for (const [key, value] of Object.entries(entry.metadata)) if (isDetailId(key, value)) ids.add(value);
  }
  return [...ids];
}

const ENTITY_NAMES: Record<string, string> = {
  user: "user",
  award: "award",
  badge_request: "badge request",
  catalog_item: "catalog item",
  mission: "mission",
  chat: "chat",
  owui_user: "OpenWebUI user",
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
 * | chat 5f1c… (an OpenWebUI id)     | chat “Compass run” by Ada Lovelace → transcript |
 * | details owner: ow-7 (gone)       | owner: unknown                               |
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
      label: isEntityId(entry.entityType, entry.entityId) ? `unknown ${kind}` : `${kind} ${entry.entityId}`,
      href: null,
    };
  } else if (entry.entityType !== "system") entity = { label: kind, href: null };
  const details = Object.entries(entry.metadata).map(([key, value]): AuditDetail => {
    if (isDetailId(key, value)) {
      const ref = refs.get(value);
      return { key, text: ref?.label ?? "unknown", href: ref?.href ?? null };
    }
    return { key, text: value === null ? "none" : String(value), href: null };
  });
  return { entity, details };
}
