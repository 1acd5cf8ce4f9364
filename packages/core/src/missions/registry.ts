import { z } from "zod";
import {
  type CompiledMarker,
  compileMarker,
  DEFAULT_MARKERS,
  type MissionMarkerInput,
  MissionMarkerSchema,
  normaliseMarkerText,
} from "./markers";
import {
  cleanString,
  DIFFICULTY_POINTS,
  type Difficulty,
  type MissionProblem,
  missionProblem,
  type NormalisedModel,
  parseDifficulty,
  type ValueSource,
} from "./openwebui";

/**
 * The mission registry: which model ids count as which mission, with week, points, difficulty,
 * completion markers and the first-reply rule. Built from tagged models (docs/product/missions.md §M-1), a
 * campaign manifest (campaign.json) and admin links.
 */

/** A mission before its markers are compiled: what a model, a manifest challenge or an admin says. */
export interface MissionDefinition {
  /** Stable key, lower-case (a model's primary id, or a challenge's `week-N-slug` id). */
  key: string;
  name: string;
  week: number | null;
  weekSource: ValueSource | null;
  points: number | null;
  pointsSource: ValueSource | null;
  difficulty: Difficulty | null;
  difficultySource: ValueSource | null;
  /** Model ids/names that count as this mission (compared ignoring case). */
  aliases: string[];
  markers: MissionMarkerInput[];
  /** Also accept {@link DEFAULT_MARKERS}. Defaults to true only when `markers` is empty. */
  includeDefaultMarkers?: boolean;
  /** The mission's first (briefing) reply may complete it (docs/product/missions.md §M-6). */
  briefingReplyCounts: boolean;
  /** User messages that start the mission ("Start Challenge"); the reply to each is a briefing too. */
  startTriggers: string[];
  origin: "model" | "manifest" | "admin";
}

export interface Mission {
  key: string;
  name: string;
  week: number | null;
  weekSource: ValueSource | null;
  points: number | null;
  pointsSource: ValueSource | null;
  difficulty: Difficulty | null;
  difficultySource: ValueSource | null;
  aliases: string[];
  /** Mission markers first, then the defaults when they apply. */
  markers: CompiledMarker[];
  briefingReplyCounts: boolean;
  startTriggers: string[];
  origins: MissionDefinition["origin"][];
}

export interface MissionRegistry {
  missions: readonly Mission[];
  /** Lower-cased alias → mission key. */
  aliasIndex: ReadonlyMap<string, string>;
  byKey: ReadonlyMap<string, Mission>;
}

/** An admin's link (docs/product/missions.md §M-1): `modelId` counts as `missionKey`, or as a mission of its own. */
export const MissionLinkSchema = z.object({
  modelId: z.string().trim().min(1, "Choose a model."),
  missionKey: z.string().trim().min(1).optional(),
});
export type MissionLink = z.input<typeof MissionLinkSchema>;

const SOURCE_RANK: Record<ValueSource, number> = { params: 4, manifest: 3, difficulty: 2, name: 1 };
const stronger = (a: ValueSource | null, b: ValueSource | null) =>
  b === null ? false : a === null ? true : SOURCE_RANK[b] > SOURCE_RANK[a];

/**
 * The definition a model gives (whether or not it is tagged; callers decide that).
 *
 * @example
 * missionFromModel(model) // { key: "week-2-seeds-of-bias", name: "Week 2 - Seeds of Bias (Hard)", points: 25, … }
 */
export function missionFromModel(model: NormalisedModel, origin: MissionDefinition["origin"] = "model"): MissionDefinition {
  return {
    key: model.id.toLowerCase(),
    name: model.name,
    week: model.week,
    weekSource: model.weekSource,
    points: model.points,
    pointsSource: model.pointsSource,
    difficulty: model.difficulty,
    difficultySource: model.difficultySource,
    aliases: [...model.aliases],
    markers: [...model.completionMarkers],
    briefingReplyCounts: model.briefingReplyCounts,
    startTriggers: [],
    origin,
  };
}

// ---------------------------------------------------------------------------------------------
// Campaign manifest
// ---------------------------------------------------------------------------------------------

const NullableString = z.string().nullish();

/** One challenge as campaign.json lists it (plus optional `aliases`, `markers`, `first_reply_counts`). */
export const CampaignChallengeSchema = z.looseObject({
  slug: z.string().trim().min(1, "missing slug"),
  id: NullableString,
  name: NullableString,
  title: NullableString,
  week: z.number().int().positive().nullish(),
  difficulty: NullableString,
  points: z.number().int().min(0).nullish(),
  points_effective: z.number().int().min(0).nullish(),
  exists_in_repo: z.boolean().nullish(),
  start_trigger: NullableString,
  completion_markers: z.array(z.string()).nullish(),
  failure_markers: z.array(z.string()).nullish(),
  mission_complete_image_alt: NullableString,
  openwebui_model_observed: z.looseObject({ id: NullableString, name: NullableString }).nullish(),
  aliases: z.array(z.string()).nullish(),
  markers: z.array(MissionMarkerSchema).nullish(),
  first_reply_counts: z.boolean().nullish(),
});
export type CampaignChallenge = z.output<typeof CampaignChallengeSchema>;

export const CampaignWeekSchema = z.looseObject({
  week: z.number().int().positive(),
  name: NullableString,
  title: NullableString,
  challenge_slugs: z.array(z.string()).nullish(),
  /** campaign-manifest.json nests challenge objects here (without `week`). */
  challenges: z.array(z.unknown()).nullish(),
});
export type CampaignWeek = z.output<typeof CampaignWeekSchema>;

export const CampaignManifestSchema = z.looseObject({
  schema_version: z.number().nullish(),
  weeks: z.array(z.unknown()).default([]),
  challenges: z.array(z.unknown()).nullish(),
  scoring: z.looseObject({ difficulty_points: z.record(z.string(), z.number()).nullish() }).nullish(),
});

export interface CampaignManifest {
  weeks: CampaignWeek[];
  challenges: (CampaignChallenge & { week: number })[];
}

/** Quoted strings in a `start_trigger` description: `"Start" / "Begin Mission"` → both. */
export const startTriggersOf = (text: string | null | undefined): string[] =>
  [...(text ?? "").matchAll(/["“]([^"”]{1,60})["”]/g)].map((m) => (m[1] as string).trim()).filter((s) => s !== "");

/** `🎯 MISSION CONCLUDED (Deny, 'Mission Points: 10')`: a failure marker that still awards points. */
const PARTIAL_OUTCOME = /^(.*?)\s*\(\s*([\w -]+?)\s*,\s*'[^']*points?:\s*(\d+)'\s*\)\s*$/i;

/**
 * Marker inputs for a manifest challenge and warnings about markers left out.
 * - `markers` (explicit phrase/regex list), if given, is used as is.
 * - Otherwise every `completion_markers` string is a phrase; a phrase that also matches one of the
 *   campaign's failure texts is left out (e.g. Algorithmic Integrity's `✅ [SYSTEM REPORT]` is also
 *   High-Risk Horizon's failure header).
 * - A failure marker of the form `TEXT (Outcome, 'Mission Points: N')` becomes an outcome marker
 *   worth N points (Broken Compass Deny 10 / Refer 15; docs/product/missions.md §M-6).
 * - `mission_complete_image_alt` becomes a marker for the image markdown `![<alt>](`.
 */
function manifestMarkers(
  c: CampaignChallenge,
  failureTexts: readonly string[],
  problems: MissionProblem[],
  key: string,
): MissionMarkerInput[] {
  if (c.markers && c.markers.length > 0) return [...c.markers];
  const out: MissionMarkerInput[] = [];
  for (const phrase of c.completion_markers ?? []) {
    let regex: RegExp;
    try {
      regex = compileMarker(phrase).regex;
    } catch (error) {
      problems.push(missionProblem("manifest", key, `completion marker "${phrase}" left out: ${(error as Error).message}`, "warning"));
      continue;
    }
    const clash = failureTexts.find((f) => regex.test(normaliseMarkerText(f)));
    if (clash)
      problems.push(
        missionProblem("manifest", key, `completion marker "${phrase}" left out: it also matches the failure text "${clash}"`, "warning"),
      );
    else out.push(phrase);
  }
  for (const failure of c.failure_markers ?? []) {
    const m = PARTIAL_OUTCOME.exec(failure);
    if (m?.[1]) out.push({ phrase: m[1], outcome: (m[2] as string).toLowerCase(), points: Number(m[3]) });
  }
  const alt = cleanString(c.mission_complete_image_alt);
  if (alt) out.push({ regex: `!\\[\\s*${alt.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}\\s*\\]\\(` });
  return out;
}

/**
 * Parses a campaign manifest (the shape of campaign.json, or campaign-manifest.json whose weeks
 * nest their challenges) into mission definitions. Never throws: bad challenges are skipped and
 * reported.
 *
 * Per challenge: key = `id` (else `week-N-slug`), lower-cased; name = `name` or `title`;
 * points = `points_effective`, else `points`, else from the difficulty; aliases = the id, the slug
 * id, the observed OpenWebUI model id and name, and any `aliases`; start triggers from the quoted
 * strings in `start_trigger`; `first_reply_counts` (default false) sets the first-reply rule.
 * Importing a manifest is an admin act, so its explicit model ids are admin links (docs/product/missions.md §M-1).
 *
 * @example
 * const { missions, problems } = parseCampaignManifest(campaignJson);
 * missions.find((m) => m.key === "week-3-broken-compass")?.aliases // ["week-3-broken-compass", "Week 3 - Broken Compass (Medium)"]
 */
export function parseCampaignManifest(input: unknown): {
  manifest: CampaignManifest | null;
  missions: MissionDefinition[];
  problems: MissionProblem[];
} {
  const problems: MissionProblem[] = [];
  const top = CampaignManifestSchema.safeParse(input);
  if (!top.success) {
    return {
      manifest: null,
      missions: [],
      problems: [missionProblem("manifest", "#root", `not a campaign manifest (${top.error.issues[0]?.message ?? "invalid"})`)],
    };
  }
  const weeks: CampaignWeek[] = [];
  const rawChallenges: { raw: unknown; week: number | null; where: string }[] = [];
  top.data.weeks.forEach((raw, i) => {
    const w = CampaignWeekSchema.safeParse(raw);
    if (!w.success) {
      problems.push(
        missionProblem("manifest", `weeks[${i}]`, `invalid week (${w.error.issues[0]?.path.join(".")}: ${w.error.issues[0]?.message})`),
      );
      return;
    }
    weeks.push(w.data);
    for (const [j, c] of (w.data.challenges ?? []).entries())
      rawChallenges.push({ raw: c, week: w.data.week, where: `weeks[${i}].challenges[${j}]` });
  });
  for (const [i, c] of (top.data.challenges ?? []).entries()) rawChallenges.push({ raw: c, week: null, where: `challenges[${i}]` });

  const challenges: (CampaignChallenge & { week: number })[] = [];
  for (const { raw, week, where } of rawChallenges) {
    const c = CampaignChallengeSchema.safeParse(raw);
    if (!c.success) {
      const issue = c.error.issues[0];
      problems.push(missionProblem("manifest", where, `invalid challenge (${issue?.path.join(".") || "record"}: ${issue?.message})`));
      continue;
    }
    const w = c.data.week ?? week;
    if (w === null || w === undefined) {
      problems.push(missionProblem("manifest", c.data.slug, "challenge has no week"));
      continue;
    }
    challenges.push({ ...c.data, week: w });
  }

  const failureTexts = challenges.flatMap((c) => (c.failure_markers ?? []).filter((f) => !PARTIAL_OUTCOME.test(f)));
  const missions: MissionDefinition[] = [];
  const seen = new Set<string>();
  for (const c of challenges) {
    const slugId = `week-${c.week}-${c.slug}`;
    const key = (cleanString(c.id) ?? slugId).toLowerCase();
    if (seen.has(key)) {
      problems.push(missionProblem("manifest", key, "duplicate challenge; the first is kept"));
      continue;
    }
    seen.add(key);
    const difficulty = parseDifficulty(c.difficulty);
    if (c.difficulty && !difficulty)
      problems.push(missionProblem("manifest", key, `difficulty "${c.difficulty}" is not a known difficulty`, "warning"));
    const points = c.points_effective ?? c.points ?? (difficulty ? DIFFICULTY_POINTS[difficulty] : null);
    const aliases: string[] = [];
    for (const a of [
      cleanString(c.id),
      slugId,
      cleanString(c.openwebui_model_observed?.id),
      cleanString(c.openwebui_model_observed?.name),
      ...(c.aliases ?? []),
    ]) {
      if (a && !aliases.some((x) => x.toLowerCase() === a.toLowerCase())) aliases.push(a);
    }
    missions.push({
      key,
      name: cleanString(c.name) ?? cleanString(c.title) ?? c.slug,
      week: c.week,
      weekSource: "manifest",
      points,
      pointsSource: points === null ? null : c.points_effective != null || c.points != null ? "manifest" : "difficulty",
      difficulty,
      difficultySource: difficulty ? "manifest" : null,
      aliases,
      markers: manifestMarkers(c, failureTexts, problems, key),
      briefingReplyCounts: c.first_reply_counts === true,
      startTriggers: startTriggersOf(c.start_trigger),
      origin: "manifest",
    });
  }
  return { manifest: { weeks, challenges }, missions, problems };
}

// ---------------------------------------------------------------------------------------------
// Registry
// ---------------------------------------------------------------------------------------------

interface Draft extends Omit<MissionDefinition, "origin"> {
  origins: MissionDefinition["origin"][];
  explicitDefaults: boolean | undefined;
}

/**
 * Builds the registry. Never throws; unusable parts are reported in `problems`.
 *
 * 1. Each definition (e.g. from {@link parseCampaignManifest}) becomes a mission.
 * 2. Each model tagged "Missions" (any case, any tag shape) joins the defined mission that lists
 *    one of its ids (not its display name), else becomes a mission keyed by its primary id. Untagged models are not
 *    missions, whatever their name (docs/product/missions.md §M-1).
 * 3. Each admin link adds the model's aliases to `missionKey`, or (without `missionKey`) makes an
 *    untagged model a mission of its own (e.g. Adjudication Protocol, exported without the tag).
 *
 * When sources merge, each of week/points/difficulty comes from the strongest source:
 * model params > manifest > difficulty table > display name. A definition's key is its own; any
 * other alias claimed by two missions stays with the first (warning), as in registry-rules.ts. Markers are compiled here: an invalid or unsafe one is dropped
 * with an error naming the mission.
 *
 * @example
 * const { registry } = buildMissionRegistry({ models, definitions: parseCampaignManifest(json).missions });
 * resolveMission(registry, "WEEK-3-BROKEN-COMPASS")?.key // "week-3-broken-compass"
 */
export function buildMissionRegistry(input: {
  models?: readonly NormalisedModel[];
  definitions?: readonly MissionDefinition[];
  links?: readonly MissionLink[];
}): { registry: MissionRegistry; problems: MissionProblem[] } {
  const problems: MissionProblem[] = [];
  const drafts = new Map<string, Draft>();
  const aliasIndex = new Map<string, string>();

  const addAlias = (draft: Draft, alias: string) => {
    const lower = alias.trim().toLowerCase();
    if (lower === "") return;
    const owner = aliasIndex.get(lower);
    if (owner === undefined || owner === draft.key) {
      aliasIndex.set(lower, draft.key);
      if (!draft.aliases.some((a) => a.toLowerCase() === lower)) draft.aliases.push(alias.trim());
    } else {
      problems.push(missionProblem("mission", draft.key, `alias "${alias}" already belongs to mission ${owner}; ignored here`, "warning"));
    }
  };

  const merge = (def: MissionDefinition, into?: Draft) => {
    let d = into ?? drafts.get(def.key);
    if (!d) {
      d = {
        ...def,
        aliases: [],
        markers: [...def.markers],
        startTriggers: [...def.startTriggers],
        origins: [def.origin],
        explicitDefaults: def.includeDefaultMarkers,
      };
      drafts.set(d.key, d);
      addAlias(d, d.key);
    } else {
      if (!d.origins.includes(def.origin)) d.origins.push(def.origin);
      if (stronger(d.weekSource, def.weekSource)) [d.week, d.weekSource] = [def.week, def.weekSource];
      if (stronger(d.pointsSource, def.pointsSource)) [d.points, d.pointsSource] = [def.points, def.pointsSource];
      if (stronger(d.difficultySource, def.difficultySource)) [d.difficulty, d.difficultySource] = [def.difficulty, def.difficultySource];
      d.markers.push(...def.markers);
      d.startTriggers.push(...def.startTriggers.filter((t) => !d?.startTriggers.includes(t)));
      d.briefingReplyCounts ||= def.briefingReplyCounts;
      if (def.includeDefaultMarkers !== undefined) d.explicitDefaults = (d.explicitDefaults ?? false) || def.includeDefaultMarkers;
    }
    for (const a of def.aliases) addAlias(d, a);
    return d;
  };

  // A model joins a *defined* mission (manifest/admin) that lists one of its ids. Display names are
  // not used to join: two models sharing a name stay two missions (docs/product/missions.md §M-2).
  const definedKeys = new Set<string>();
  const ownerOf = (m: NormalisedModel): Draft | undefined => {
    for (const a of m.aliases) {
      if (a === m.name && a !== m.id) continue;
      const key = aliasIndex.get(a.toLowerCase());
      if (key !== undefined && definedKeys.has(key)) return drafts.get(key);
    }
    return undefined;
  };

  // A definition's key is its own (registry-rules.ts): reserved before any alias is claimed.
  for (const def of input.definitions ?? []) if (!aliasIndex.has(def.key.toLowerCase())) aliasIndex.set(def.key.toLowerCase(), def.key);
  for (const def of input.definitions ?? []) {
    if (drafts.has(def.key)) problems.push(missionProblem("mission", def.key, "defined twice; definitions merged", "warning"));
    definedKeys.add(merge(def).key);
  }
  const models = input.models ?? [];
  for (const model of models) {
    if (!model.isMission) continue;
    merge(missionFromModel(model), ownerOf(model));
  }
  for (const [i, rawLink] of (input.links ?? []).entries()) {
    const parsed = MissionLinkSchema.safeParse(rawLink);
    if (!parsed.success) {
      problems.push(missionProblem("mission", `links[${i}]`, parsed.error.issues[0]?.message ?? "invalid link"));
      continue;
    }
    const link = parsed.data;
    const model = models.find((m) => m.aliases.some((a) => a.toLowerCase() === link.modelId.toLowerCase()));
    if (link.missionKey !== undefined) {
      const target = drafts.get(link.missionKey.toLowerCase());
      if (!target) {
        problems.push(missionProblem("mission", link.missionKey, `link from model ${link.modelId}: no such mission`));
        continue;
      }
      if (!target.origins.includes("admin")) target.origins.push("admin");
      for (const a of model ? model.aliases : [link.modelId]) addAlias(target, a);
    } else if (model) {
      merge(missionFromModel(model, "admin"), ownerOf(model));
    } else {
      problems.push(missionProblem("mission", link.modelId, "link: no such model and no mission key"));
    }
  }

  const missions: Mission[] = [];
  for (const d of drafts.values()) {
    const compiled: CompiledMarker[] = [];
    const seenLabels = new Set<string>();
    for (const spec of d.markers) {
      try {
        const marker = compileMarker(spec);
        const id = `${marker.kind}:${marker.label.toLowerCase()}:${marker.points}`;
        if (!seenLabels.has(id)) {
          seenLabels.add(id);
          compiled.push(marker);
        }
      } catch (error) {
        problems.push(missionProblem("marker", d.key, (error as Error).message));
      }
    }
    const useDefaults = d.explicitDefaults ?? d.markers.length === 0;
    missions.push({
      key: d.key,
      name: d.name,
      week: d.week,
      weekSource: d.weekSource,
      points: d.points,
      pointsSource: d.pointsSource,
      difficulty: d.difficulty,
      difficultySource: d.difficultySource,
      aliases: d.aliases,
      markers: useDefaults ? [...compiled, ...DEFAULT_MARKERS] : compiled,
      briefingReplyCounts: d.briefingReplyCounts,
      startTriggers: d.startTriggers,
      origins: d.origins,
    });
  }
  return { registry: { missions, aliasIndex, byKey: new Map(missions.map((m) => [m.key, m])) }, problems };
}

/**
 * The mission a model reference counts as (trimmed, ignoring case), or `null`. There is no
 * name-based fallback: "mission-planner" is not a mission unless tagged or linked (docs/product/missions.md §M-1).
 */
export function resolveMission(registry: MissionRegistry, ref: string): Mission | null {
  const key = registry.aliasIndex.get(ref.trim().toLowerCase());
  return key === undefined ? null : (registry.byKey.get(key) ?? null);
}
