// Mission rows of the credit list matched to missions (docs/product/credits.md §C-8). Pure: the
// caller loads the missions and the admins' mappings.
import { normaliseMissionName } from "./names";
import { type CampaignCreditRow, MISSION_ACTIVITY_ID } from "./record";
import { similarityRatio } from "./similarity";

/** A mission as matching needs it (the registry's row). */
export interface CreditMission {
  id: string;
  key: string;
  name: string;
  week: number | null;
  points: number | null;
}

/** An admin's decision: rows whose MissionChallenge reads `text` are this mission, in any week. */
export interface MissionMapping {
  text: string;
  missionId: string;
}

export type MatchMethod = "mapping" | "name" | "similarity";

export interface MissionMatch {
  missionId: string;
  method: MatchMethod;
  /** The similarity ratio for a `similarity` match, else null. */
  ratio: number | null;
}

export interface MatchOptions {
  /** The least similarity ratio that matches (default 0.82, the old tool's). */
  threshold?: number;
}

export const DEFAULT_MATCH_THRESHOLD = 0.82;

/** How a mapping's text and a row's MissionChallenge are compared: trimmed, spaces collapsed, any case. */
export const mappingKey = (text: string): string => text.trim().replace(/\s+/g, " ").toLowerCase();

/**
 * Week compatibility (§C-8): a row without a week fits any mission; a mission without a week fits
 * no row that has one; otherwise the weeks must be equal.
 */
export const weekCompatible = (rowWeek: number | null, missionWeek: number | null): boolean =>
  rowWeek === null || (missionWeek !== null && rowWeek === missionWeek);

/** The missions and mappings prepared once for many rows. */
export interface MissionIndex {
  missions: Map<string, CreditMission>;
  /** Normalised name → missions with it, in the order given. */
  byName: Map<string, CreditMission[]>;
  mappings: Map<string, string>;
  threshold: number;
}

/** Index missions by normalised name (from the name, else the key) and mappings by their text. */
export function buildMissionIndex(
  missions: readonly CreditMission[],
  mappings: readonly MissionMapping[] = [],
  options: MatchOptions = {},
): MissionIndex {
  const byName = new Map<string, CreditMission[]>();
  for (const m of missions) {
    const name = normaliseMissionName(m.name) ?? normaliseMissionName(m.key);
    if (!name) continue;
    const list = byName.get(name);
    if (list) list.push(m);
    else byName.set(name, [m]);
  }
  const byId = new Map(missions.map((m) => [m.id, m]));
  const mapped = new Map<string, string>();
  for (const m of mappings) if (byId.has(m.missionId)) mapped.set(mappingKey(m.text), m.missionId);
  return { missions: byId, byName, mappings: mapped, threshold: options.threshold ?? DEFAULT_MATCH_THRESHOLD };
}

/** Why a match needs an admin's look. */
export type UncertainReason = "similar-name" | "several-missions";

export interface MissionTextMatch {
  match: MissionMatch | null;
  /** Set when the match should be confirmed by an admin. */
  uncertain: UncertainReason | null;
  /** Without a match: the week-compatible mission with the most similar name, if any. */
  suggestion: { missionId: string; ratio: number } | null;
}

/**
 * The mission a MissionChallenge text names in a week: an admin's mapping first, then the first
 * week-compatible mission with the same normalised name, then the week-compatible mission whose
 * name is most similar, at or above the threshold (the first name reaching the best ratio wins).
 *
 * @example matchMissionText("Mission: Broken Compas (Easy Difficulty)", 3, index)
 * // { match: { missionId: "m-compass", method: "similarity", ratio: 0.963 }, uncertain: "similar-name", … }
 */
export function matchMissionText(text: string | null, week: number | null, index: MissionIndex): MissionTextMatch {
  const none: MissionTextMatch = { match: null, uncertain: null, suggestion: null };
  if (text === null) return none;
  const mapped = index.mappings.get(mappingKey(text));
  if (mapped) return { ...none, match: { missionId: mapped, method: "mapping", ratio: null } };
  const name = normaliseMissionName(text);
  if (!name) return none;

  const compatible = (missions: readonly CreditMission[]) => missions.filter((m) => weekCompatible(week, m.week));
  const exact = compatible(index.byName.get(name) ?? []);
  if (exact.length > 0) {
    const first = exact[0] as CreditMission;
    return {
      ...none,
      match: { missionId: first.id, method: "name", ratio: null },
      uncertain: exact.length > 1 ? "several-missions" : null,
    };
  }

  let best: { mission: CreditMission; ratio: number } | null = null;
  for (const [candidate, missions] of index.byName) {
    if (candidate === name) continue;
    const fits = compatible(missions);
    if (fits.length === 0) continue;
    const ratio = similarityRatio(name, candidate);
    if (best === null || ratio > best.ratio) best = { mission: fits[0] as CreditMission, ratio };
  }
  if (best && best.ratio >= index.threshold)
    return { ...none, match: { missionId: best.mission.id, method: "similarity", ratio: best.ratio }, uncertain: "similar-name" };
  return { ...none, suggestion: best ? { missionId: best.mission.id, ratio: best.ratio } : null };
}

/** A MissionChallenge text in a week, as the rows wrote it (the first spelling seen). */
export interface MissionText {
  text: string | null;
  weekId: number;
  /** Lines (or row positions + 2 when lines are not given) of the rows with it. */
  lines: number[];
}

export interface MissionMatching {
  /** One per row given, in order: its match, or null (not a mission row, or no mission found). */
  matches: (MissionMatch | null)[];
  /** Matches an admin should confirm (a confirmation becomes a mapping). */
  uncertain: (MissionText & { match: MissionMatch; reason: UncertainReason })[];
  /** Mission rows no mission was found for, with the closest week-compatible mission if any. */
  unmatched: (MissionText & { suggestion: { missionId: string; ratio: number } | null })[];
}

/**
 * Every mission row (ActivityID 3, any status) matched to a mission (§C-8). Each distinct text and
 * week is matched once, so a large file costs one match per spelling.
 */
export function matchCreditRows(
  rows: readonly (CampaignCreditRow | { line: number; row: CampaignCreditRow })[],
  index: MissionIndex,
): MissionMatching {
  const seen = new Map<string, { result: MissionTextMatch; text: MissionText }>();
  const matches = rows.map((entry, i) => {
    const row = "row" in entry ? entry.row : entry;
    if (row.activityId !== MISSION_ACTIVITY_ID) return null;
    const line = "row" in entry ? entry.line : i + 2;
    const key = `${row.missionChallenge === null ? "" : mappingKey(row.missionChallenge)}|${row.weekId}`;
    let known = seen.get(key);
    if (!known) {
      known = {
        result: matchMissionText(row.missionChallenge, row.weekId, index),
        text: { text: row.missionChallenge, weekId: row.weekId, lines: [] },
      };
      seen.set(key, known);
    }
    known.text.lines.push(line);
    return known.result.match;
  });
  const uncertain: MissionMatching["uncertain"] = [];
  const unmatched: MissionMatching["unmatched"] = [];
  for (const { result, text } of seen.values()) {
    if (result.match && result.uncertain) uncertain.push({ ...text, match: result.match, reason: result.uncertain });
    if (!result.match) unmatched.push({ ...text, suggestion: result.suggestion });
  }
  return { matches, uncertain, unmatched };
}
