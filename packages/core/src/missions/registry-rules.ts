import { z } from "zod";
import { DIFFICULTIES, type NormalisedModel } from "./openwebui";
import { type MissionDefinition, missionFromModel } from "./registry";

/**
 * The rules of the stored mission registry, as pure planning functions: who owns an alias, how a
 * reload's tagged models, a manifest import, an admin's link and an admin's alias edit change the
 * missions. The mission procedures, the ingest and the detector all use these, so they cannot
 * disagree on which mission a model counts as (docs/decisions/008-ingest.md, "Missions").
 *
 * **Ownership.** An alias (a model id or name, compared trimmed and ignoring case) counts as exactly
 * one mission:
 * 1. a mission's key is its own, whatever other missions list;
 * 2. any other alias belongs to the oldest mission that lists it (entries come oldest first).
 * An alias a mission lists but does not own is a conflict: it counts for the owner only.
 */

/** A stored mission as the rules see it. Callers pass them oldest first (creation order). */
export interface RegistryEntry {
  id: string;
  key: string;
  name: string;
  aliases: readonly string[];
}

/** The form aliases are compared in. */
export const aliasKey = (alias: string): string => alias.trim().toLowerCase();

/**
 * Trimmed, empty ones dropped, case-insensitive duplicates dropped (first spelling kept).
 *
 * @example
 * dedupeAliases([" a ", "A", "b", ""]) // ["a", "b"]
 */
export function dedupeAliases(values: readonly string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const raw of values) {
    const v = raw.trim();
    const k = v.toLowerCase();
    if (v === "" || seen.has(k)) continue;
    seen.add(k);
    out.push(v);
  }
  return out;
}

/**
 * Alias (lower-case) → the mission that owns it (see the rules above).
 *
 * @example
 * // A (older) lists "x"; B's key is "x": "x" is B's.
 * aliasOwners([{ id: "a", key: "a", name: "A", aliases: ["x"] }, { id: "b", key: "x", name: "B", aliases: [] }]).get("x")?.id // "b"
 */
export function aliasOwners<E extends RegistryEntry>(entries: readonly E[]): Map<string, E> {
  const owners = new Map<string, E>();
  for (const e of entries) owners.set(aliasKey(e.key), e);
  for (const e of entries) {
    for (const a of e.aliases) {
      const k = aliasKey(a);
      if (k !== "" && !owners.has(k)) owners.set(k, e);
    }
  }
  return owners;
}

export interface AliasConflict {
  /** The alias as the mission lists it. */
  alias: string;
  /** The mission that lists it without owning it. */
  missionId: string;
  owner: { id: string; key: string; name: string };
}

/**
 * What each mission counts: its key and the aliases it owns (the ones another mission owns are
 * left out and reported). This is the registry the detector builds on.
 */
export function ownedAliases<E extends RegistryEntry>(entries: readonly E[]): { owned: Map<string, string[]>; conflicts: AliasConflict[] } {
  const owners = aliasOwners(entries);
  const owned = new Map<string, string[]>();
  const conflicts: AliasConflict[] = [];
  for (const e of entries) {
    const mine: string[] = [];
    for (const a of dedupeAliases([e.key, ...e.aliases])) {
      const owner = owners.get(aliasKey(a));
      if (owner === undefined || owner.id === e.id) mine.push(a);
      else conflicts.push({ alias: a, missionId: e.id, owner: { id: owner.id, key: owner.key, name: owner.name } });
    }
    owned.set(e.id, mine);
  }
  return { owned, conflicts };
}

/** The sentence for an alias another mission owns. */
export const aliasTakenMessage = (alias: string, owner: { name: string }) => `"${alias}" already counts as the mission "${owner.name}".`;

// ---------------------------------------------------------------------------------------------
// An admin edits a mission's aliases

export type AliasEditPlan = { ok: true; aliases: string[] } | { ok: false; alias: string; owner: RegistryEntry; message: string };

/**
 * The aliases a mission may be given: de-duplicated; refused when one of them is owned by another
 * mission (its key, or an alias an older mission lists).
 */
export function planAliasEdit<E extends RegistryEntry>(
  entries: readonly E[],
  missionId: string,
  aliases: readonly string[],
): AliasEditPlan {
  const list = dedupeAliases(aliases);
  const owners = aliasOwners(entries.filter((e) => e.id !== missionId));
  const self = entries.find((e) => e.id === missionId);
  for (const a of list) {
    const owner = owners.get(aliasKey(a));
    // Its own key can never be taken from it.
    if (owner && !(self && aliasKey(self.key) === aliasKey(a))) return { ok: false, alias: a, owner, message: aliasTakenMessage(a, owner) };
  }
  return { ok: true, aliases: list };
}

// ---------------------------------------------------------------------------------------------
// An admin links a model

export type LinkPlan =
  | { kind: "add"; missionId: string; aliases: string[]; added: number }
  | { kind: "create"; key: string; aliases: string[] }
  | { kind: "refused"; reason: "own-mission" | "taken" | "no-mission"; message: string };

/**
 * Linking model `model` to the mission with key `targetKey` adds the model's id (and its name,
 * unless another mission owns it) to that mission; without `targetKey` the model becomes a mission
 * of its own, keyed by its id, with the aliases nobody else owns. Refused when the model's id
 * already counts as a mission (another one, or its own).
 */
export function planModelLink<E extends RegistryEntry>(
  entries: readonly E[],
  model: { id: string; name: string },
  targetKey?: string,
): LinkPlan {
  const owners = aliasOwners(entries);
  const current = owners.get(aliasKey(model.id));
  if (targetKey !== undefined) {
    const target = entries.find((e) => aliasKey(e.key) === aliasKey(targetKey));
    if (!target) return { kind: "refused", reason: "no-mission", message: "There is no mission with that key." };
    if (current && current.id !== target.id)
      return { kind: "refused", reason: "taken", message: `The model ${model.id} already counts as the mission "${current.name}".` };
    const nameOwner = owners.get(aliasKey(model.name));
    const extra = [model.id, ...(nameOwner && nameOwner.id !== target.id ? [] : [model.name])];
    const aliases = dedupeAliases([...target.aliases, ...extra]);
    return { kind: "add", missionId: target.id, aliases, added: aliases.length - dedupeAliases(target.aliases).length };
  }
  if (current)
    return {
      kind: "refused",
      reason: aliasKey(current.key) === aliasKey(model.id) ? "own-mission" : "taken",
      message:
        aliasKey(current.key) === aliasKey(model.id)
          ? "This model is already a mission of its own."
          : `The model ${model.id} already counts as the mission "${current.name}".`,
    };
  return {
    kind: "create",
    key: aliasKey(model.id),
    aliases: dedupeAliases([model.id, model.name]).filter((a) => !owners.has(aliasKey(a))),
  };
}

// ---------------------------------------------------------------------------------------------
// A reload's tagged models

export interface ModelMissionsPlan {
  /** New missions (aliases nobody owns). */
  inserts: MissionDefinition[];
  /** Existing missions that gain aliases: the full new alias list. */
  aliasAdds: { missionId: string; aliases: string[] }[];
  /** Which mission each tagged model counts as (model id → mission id or the new key). */
  matches: Map<string, { missionId: string } | { key: string }>;
}

/**
 * Missions from a reload's tagged models (docs/product/missions.md §M-1). A model whose key (primary id,
 * lower-case) is a mission's key, or one of whose ids (not its display name) a mission owns,
 * counts as that mission, which only gains the model's aliases that nobody else owns: name, week,
 * points, difficulty and markers are never overwritten (admin edits win; a changed model value is
 * proposed to the admin instead, see {@link modelChanges}). Any other tagged model becomes a new
 * mission from its metadata, with the aliases nobody owns.
 */
export function planModelMissions<E extends RegistryEntry>(entries: readonly E[], tagged: readonly NormalisedModel[]): ModelMissionsPlan {
  // Working copies: aliases added earlier in the plan are owned for the models after.
  const work = entries.map((e) => ({ id: e.id, key: e.key, name: e.name, aliases: [...e.aliases] }));
  const inserts: MissionDefinition[] = [];
  const touched = new Set<string>();
  const matches: ModelMissionsPlan["matches"] = new Map();
  for (const model of tagged) {
    const def = missionFromModel(model);
    const owners = aliasOwners([...work, ...inserts.map((d) => ({ id: `new:${d.key}`, key: d.key, name: d.name, aliases: d.aliases }))]);
    const ids = model.aliases.filter((a) => !(a === model.name && a !== model.id));
    const owner = owners.get(def.key) ?? ids.map((a) => owners.get(aliasKey(a))).find((o) => o !== undefined);
    if (owner) {
      if (owner.id.startsWith("new:")) {
        matches.set(model.id, { key: owner.key });
        continue;
      }
      matches.set(model.id, { missionId: owner.id });
      const entry = work.find((w) => w.id === owner.id);
      if (!entry) continue;
      const added = def.aliases.filter((a) => {
        const o = owners.get(aliasKey(a));
        return o === undefined && !entry.aliases.some((x) => aliasKey(x) === aliasKey(a));
      });
      if (added.length > 0) {
        entry.aliases = dedupeAliases([...entry.aliases, ...added]);
        touched.add(entry.id);
      }
      continue;
    }
    inserts.push({ ...def, aliases: dedupeAliases(def.aliases).filter((a) => !owners.has(aliasKey(a))) });
    matches.set(model.id, { key: def.key });
  }
  return {
    inserts,
    aliasAdds: work.filter((w) => touched.has(w.id)).map((w) => ({ missionId: w.id, aliases: w.aliases })),
    matches,
  };
}

// ---------------------------------------------------------------------------------------------
// A manifest import

export interface ManifestImportPlan {
  creates: MissionDefinition[];
  /** Existing missions updated from a challenge: `aliases` is the merged list (theirs first). */
  updates: { missionId: string; definition: MissionDefinition; aliases: string[] }[];
  /** Aliases left out because another mission owns them, and challenges merged into a mission. */
  warnings: string[];
}

/**
 * How a campaign manifest's challenges change the registry. A challenge updates the mission with
 * its key; else the mission whose key it lists as an alias (the deployed model it names), which
 * keeps its key; else it is created. Aliases another mission owns (including another challenge of
 * the same manifest, earlier in the file) are left out with a warning, so an import never makes
 * two missions share an alias.
 */
export function planManifestImport<E extends RegistryEntry>(
  entries: readonly E[],
  definitions: readonly MissionDefinition[],
): ManifestImportPlan {
  const work = entries.map((e) => ({ id: e.id, key: e.key, name: e.name, aliases: [...e.aliases] }));
  const creates: MissionDefinition[] = [];
  const updates: ManifestImportPlan["updates"] = [];
  const warnings: string[] = [];
  const all = () => [...work, ...creates.map((d) => ({ id: `new:${d.key}`, key: d.key, name: d.name, aliases: d.aliases }))];
  for (const def of definitions) {
    const keys = new Map(all().map((e) => [aliasKey(e.key), e]));
    let target = keys.get(aliasKey(def.key));
    if (!target) {
      target = def.aliases.map((a) => keys.get(aliasKey(a))).find((e) => e !== undefined);
      if (target) warnings.push(`challenge ${def.key}: merged into the mission "${target.name}" (${target.key}), whose model it names`);
    }
    const owners = aliasOwners(all());
    const keep = (a: string) => {
      const owner = owners.get(aliasKey(a));
      if (owner === undefined || owner.id === target?.id) return true;
      warnings.push(`challenge ${def.key}: ${aliasTakenMessage(a, owner)} It was left out.`);
      return false;
    };
    const aliases = dedupeAliases(def.aliases).filter(keep);
    if (target && !target.id.startsWith("new:")) {
      const entry = work.find((w) => w.id === target.id) as (typeof work)[number];
      entry.aliases = dedupeAliases([...entry.aliases, ...aliases]);
      const existing = updates.find((u) => u.missionId === entry.id);
      if (existing) {
        existing.aliases = entry.aliases;
        warnings.push(`challenge ${def.key}: a second challenge for the mission "${entry.name}"; the first one's settings are kept`);
      } else updates.push({ missionId: entry.id, definition: { ...def, aliases }, aliases: entry.aliases });
    } else if (target) {
      warnings.push(`challenge ${def.key}: a second challenge for the mission ${target.key}; the first one is kept`);
    } else creates.push({ ...def, aliases });
  }
  return { creates, updates, warnings };
}

// ---------------------------------------------------------------------------------------------
// Model values that changed in OpenWebUI

export const MODEL_CHANGE_FIELDS = ["tag", "week", "points"] as const;
export type ModelChangeField = (typeof MODEL_CHANGE_FIELDS)[number];
/** A proposed change waits for an admin, who accepts or dismisses it. */
export const MISSION_CHANGE_STATUSES = ["pending", "accepted", "dismissed"] as const;
export type MissionChangeStatus = (typeof MISSION_CHANGE_STATUSES)[number];

export interface ModelChange {
  field: ModelChangeField;
  /** The mission's current value (for "tag": whether the mission is active). */
  from: number | boolean | null;
  /** What OpenWebUI now says (for "tag": whether the model carries the Missions tag). */
  to: number | boolean | null;
}

/**
 * What changed in OpenWebUI for a model that counts as a mission, since the previous reload saw
 * it: its Missions tag, its week or its points (docs/product/missions.md §M-2: the old tool ignored such
 * changes). Only values that changed in OpenWebUI *and* differ from the mission are proposed, so a
 * mission an admin edited on purpose is not nagged about on every reload. Nothing is proposed for a
 * model seen for the first time (the mission was just made from it).
 *
 * @example
 * modelChanges({ tagged: true, week: 2, points: 20 }, { isMission: true, week: 2, points: 25 }, { isActive: true, week: 2, points: 20 })
 * // [{ field: "points", from: 20, to: 25 }]
 */
export function modelChanges(
  previous: { tagged: boolean; week: number | null; points: number | null } | null,
  next: Pick<NormalisedModel, "isMission" | "week" | "points">,
  mission: { isActive: boolean; week: number | null; points: number | null },
): ModelChange[] {
  if (!previous) return [];
  const out: ModelChange[] = [];
  if (previous.tagged !== next.isMission && mission.isActive !== next.isMission)
    out.push({ field: "tag", from: mission.isActive, to: next.isMission });
  if (previous.week !== next.week && next.week !== mission.week) out.push({ field: "week", from: mission.week, to: next.week });
  if (previous.points !== next.points && next.points !== mission.points)
    out.push({ field: "points", from: mission.points, to: next.points });
  return out;
}

/** A proposed change as a sentence for the admin page. */
export function describeModelChange(change: ModelChange, modelId: string): string {
  if (change.field === "tag")
    return change.to
      ? `The model ${modelId} carries the Missions tag again: make the mission active?`
      : `The model ${modelId} no longer carries the Missions tag: make the mission inactive?`;
  const show = (v: ModelChange["from"]) => (v === null ? "none" : String(v));
  return `OpenWebUI now gives ${modelId} ${change.field} ${show(change.to)} (the mission has ${show(change.from)}).`;
}

/**
 * The fields of a mission an admin types on /admin/missions (the api's UpdateMissionInputSchema
 * makes each optional and adds the rest); the edit form checks them in the browser too.
 */
export const MissionEditFieldsSchema = z.object({
  name: z.string().trim().min(1, "A mission needs a name.").max(200, "At most 200 characters."),
  week: z
    .number("The week must be a whole number.")
    .int("The week must be a whole number.")
    .min(1, "Weeks start at 1.")
    .max(520)
    .nullable(),
  points: z
    .number("Points must be a whole number.")
    .int("Points must be a whole number.")
    .min(0, "Points cannot be negative.")
    .max(100_000, "At most 100000 points.")
    .nullable(),
  difficulty: z.enum(DIFFICULTIES, `Choose one of: ${DIFFICULTIES.join(", ")}.`).nullable(),
});
