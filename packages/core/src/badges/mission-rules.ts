// Mission-linked badges (issue 14, docs/product/badges.md "Mission rules", ADR 029): a mini-badge or
// capstone may carry one rule over missions; a linked learner whose completions satisfy it earns
// the badge automatically. Pure: the api loads the rule and the learner's completions, this
// decides whether the rule holds and which completions it rests on (the award's evidence).
import type { ItemKind } from "./kinds";

/** all: complete all of M1..Mk; any: complete any N of M1..Mk; week-points: reach N points in week W. */
export const MISSION_RULE_KINDS = ["all", "any", "week_points"] as const;
export type MissionRuleKind = (typeof MISSION_RULE_KINDS)[number];

/** Kinds a mission rule may be set on (the requestable ones). */
export const MISSION_RULE_ITEM_KINDS = ["mini_badge", "capstone"] as const satisfies readonly ItemKind[];

/** At most this many missions in one rule (the picker and the evaluation stay bounded). */
export const MAX_RULE_MISSIONS = 50;
/** Largest N a rule accepts (points or a count). */
export const MAX_RULE_N = 1_000_000;

export interface MissionRule {
  kind: MissionRuleKind;
  /** any: how many of the missions; week_points: how many points; all: null. */
  n: number | null;
  /** week_points only. */
  week: number | null;
  /** all / any: the linked missions; week_points: empty (the week's missions count). */
  missionIds: readonly string[];
}

/** One detected completion of a linked learner, as the rules see it. */
export interface RuleCompletion {
  missionId: string;
  /** The mission's week (null: the mission has no week). */
  week: number | null;
  /** The points snapshot taken at detection (null counts as 0). */
  points: number | null;
  chatId: string;
  completedAt: Date | null;
}

export interface RuleEvaluation {
  satisfied: boolean;
  /** The completions the rule rests on (one per mission), in completion order; empty when not satisfied. */
  evidence: RuleCompletion[];
  /** Progress in the rule's unit: missions done (all/any) or points reached (week_points). */
  progress: number;
  /** What `progress` must reach. */
  target: number;
}

const time = (c: RuleCompletion) => (c.completedAt ? c.completedAt.getTime() : Number.POSITIVE_INFINITY);

/** Completion order: earlier first, undated last, then by chat id so ties are stable. */
const byCompletion = (a: RuleCompletion, b: RuleCompletion) => time(a) - time(b) || a.chatId.localeCompare(b.chatId);

/** Per mission, the completion that counts: the earliest (all/any) or the best-scoring, then earliest (points). */
function perMission(completions: readonly RuleCompletion[], best: "earliest" | "points"): Map<string, RuleCompletion> {
  const chosen = new Map<string, RuleCompletion>();
  for (const c of completions) {
    const current = chosen.get(c.missionId);
    if (!current) {
      chosen.set(c.missionId, c);
      continue;
    }
    const better =
      best === "points"
        ? (c.points ?? 0) > (current.points ?? 0) || ((c.points ?? 0) === (current.points ?? 0) && byCompletion(c, current) < 0)
        : byCompletion(c, current) < 0;
    if (better) chosen.set(c.missionId, c);
  }
  return chosen;
}

/**
 * Whether a learner's completions satisfy `rule`, and the completions it rests on:
 * - all: the earliest completion of every linked mission;
 * - any N: the N missions completed first (earliest completion each);
 * - week_points: per mission of week W its best-scoring completion, taken in completion order
 *   until the points reach N.
 * Completions of other missions (or other weeks) are ignored.
 */
export function evaluateMissionRule(rule: MissionRule, completions: readonly RuleCompletion[]): RuleEvaluation {
  if (rule.kind === "week_points") {
    const target = rule.n ?? 0;
    const ofWeek = completions.filter((c) => rule.week !== null && c.week === rule.week);
    const counted = [...perMission(ofWeek, "points").values()].sort(byCompletion);
    let sum = 0;
    const evidence: RuleCompletion[] = [];
    for (const c of counted) {
      if (sum >= target && evidence.length > 0) break;
      sum += c.points ?? 0;
      evidence.push(c);
    }
    const total = counted.reduce((s, c) => s + (c.points ?? 0), 0);
    const satisfied = target > 0 && total >= target;
    return { satisfied, evidence: satisfied ? evidence : [], progress: total, target };
  }
  const linked = new Set(rule.missionIds);
  const done = [
    ...perMission(
      completions.filter((c) => linked.has(c.missionId)),
      "earliest",
    ).values(),
  ].sort(byCompletion);
  const target = rule.kind === "all" ? linked.size : (rule.n ?? 0);
  const satisfied = target > 0 && done.length >= target;
  return { satisfied, evidence: satisfied ? done.slice(0, target) : [], progress: Math.min(done.length, target), target };
}

/** The missions a rule needs to look at: its linked ones, or (week_points) those of its week. */
export function ruleMissionIds(rule: MissionRule, missions: readonly { id: string; week: number | null }[]): string[] {
  if (rule.kind === "week_points") return missions.filter((m) => m.week === rule.week).map((m) => m.id);
  return [...rule.missionIds];
}

/** A rule as submitted (from the admin's form): strings or numbers, not yet checked. */
export interface MissionRuleInput {
  kind: string;
  n?: number | null;
  week?: number | null;
  missionIds?: readonly string[];
}

export type RuleValidation = { ok: true; rule: MissionRule } | { ok: false; errors: { field: string; message: string }[] };

const isWhole = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v);

/**
 * Checks a rule for a catalog item of `itemKind` against the missions that exist. Returns the
 * normalised rule (missions de-duplicated, `n` null for "all", no missions for week_points) or
 * every problem in words a person can act on.
 */
export function validateMissionRule(
  input: MissionRuleInput,
  itemKind: ItemKind,
  missions: readonly { id: string; week: number | null }[],
): RuleValidation {
  const errors: { field: string; message: string }[] = [];
  const fail = (field: string, message: string) => errors.push({ field, message });
  if (!(MISSION_RULE_ITEM_KINDS as readonly string[]).includes(itemKind))
    fail("kind", "Only mini-badges and capstones can be earned through missions.");
  if (!(MISSION_RULE_KINDS as readonly string[]).includes(input.kind)) {
    fail("kind", "Choose how the missions count: all of them, any N of them, or N points in a week.");
    return { ok: false, errors };
  }
  const kind = input.kind as MissionRuleKind;
  const known = new Map(missions.map((m) => [m.id, m]));
  const ids = [...new Set(input.missionIds ?? [])];
  if (kind === "week_points") {
    if (!isWhole(input.week) || input.week < 0) fail("week", "Enter the week as a whole number (0 or more).");
    else if (!missions.some((m) => m.week === input.week)) fail("week", `No mission is in week ${input.week}.`);
    if (!isWhole(input.n) || input.n < 1) fail("n", "Enter the points to reach as a whole number, 1 or more.");
    else if (input.n > MAX_RULE_N) fail("n", `Enter at most ${MAX_RULE_N.toLocaleString("en")} points.`);
    if (ids.length > 0) fail("missionIds", "A week's points rule counts every mission of that week: leave the missions unticked.");
    if (errors.length > 0) return { ok: false, errors };
    return { ok: true, rule: { kind, n: input.n as number, week: input.week as number, missionIds: [] } };
  }
  if (ids.length === 0) fail("missionIds", "Pick at least one mission.");
  if (ids.length > MAX_RULE_MISSIONS) fail("missionIds", `Pick at most ${MAX_RULE_MISSIONS} missions.`);
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length > 0)
    fail(
      "missionIds",
      unknown.length === 1 ? "One of the missions no longer exists." : `${unknown.length} of the missions no longer exist.`,
    );
  if (kind === "any") {
    if (!isWhole(input.n) || input.n < 1) fail("n", "Enter how many of the missions count, 1 or more.");
    else if (ids.length > 0 && input.n > ids.length)
      fail("n", `You picked ${ids.length} ${ids.length === 1 ? "mission" : "missions"}: N can be at most ${ids.length}.`);
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, rule: { kind, n: kind === "any" ? (input.n as number) : null, week: null, missionIds: ids } };
}

/** The rule in words, for the catalog and the staff queue ("Complete any 2 of 3 missions"). */
export function describeMissionRule(rule: MissionRule): string {
  if (rule.kind === "week_points") return `Reach ${rule.n} mission points in week ${rule.week}`;
  const k = rule.missionIds.length;
  const missions = `${k} ${k === 1 ? "mission" : "missions"}`;
  return rule.kind === "all" ? `Complete all of ${missions}` : `Complete any ${rule.n} of ${missions}`;
}

/** The key of a completion an award rests on: a mission completed in a chat. */
export const evidenceKey = (e: { missionId: string; chatId: string }): string => `${e.missionId}\u0000${e.chatId}`;

/**
 * The evidence rows of an award whose completion is gone (re-detection, a truncate reload): the
 * award is flagged for review when this is not empty (never revoked silently).
 */
export function missingEvidence<E extends { missionId: string; chatId: string }>(
  evidence: readonly E[],
  current: readonly { missionId: string; chatId: string }[],
): E[] {
  const present = new Set(current.map(evidenceKey));
  return evidence.filter((e) => !present.has(evidenceKey(e)));
}
