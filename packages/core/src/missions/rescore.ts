import type { CompiledMarker } from "./markers";

/** What re-scoring needs of a compiled mission (registry.ts Mission). */
export interface ScoredMission {
  points: number | null;
  markers: readonly CompiledMarker[];
}

/**
 * Re-scoring (docs/product/missions.md §M-8): a completion's points are a snapshot taken when it was detected;
 * an admin may apply a mission's *current* points to its past completions. Completions are handled
 * in groups that share their stored points, marker and outcome (the database groups them), so a
 * preview and the update never load completions one by one.
 */

/** Completions of one mission that share points, marker and outcome. */
export interface CompletionGroup {
  points: number | null;
  /** The marker as detection recorded it (its label). */
  marker: string;
  outcome: string | null;
  completions: number;
}

/**
 * The points a completion earns under the mission as it is now: the points of the mission's
 * marker it was proved by, when that marker carries its own (an outcome such as "deny" worth 10),
 * else the mission's points.
 *
 * @example
 * rescoredPoints({ points: 25, markers: [] }, { marker: "mission accomplished", outcome: null }) // 25
 */
export function rescoredPoints(mission: ScoredMission, completion: { marker: string; outcome: string | null }): number | null {
  const label = completion.marker.toLowerCase();
  const marker = mission.markers.find((m) => m.label.toLowerCase() === label && (m.outcome ?? null) === (completion.outcome ?? null));
  return marker?.points ?? mission.points;
}

export interface RescoreGroup extends CompletionGroup {
  to: number | null;
}

export interface RescorePlan {
  /** Groups whose points change, with their new points. */
  changes: RescoreGroup[];
  /** Completions that change / keep their points. */
  changed: number;
  unchanged: number;
  /** Old → new points with how many completions move, for the preview ("20 → 25: 12"). */
  moves: { from: number | null; to: number | null; completions: number }[];
}

/**
 * What re-scoring a mission would change.
 *
 * @example
 * planRescore({ points: 25, markers: [] }, [
 *   { points: 20, marker: "mission accomplished", outcome: null, completions: 12 },
 *   { points: 25, marker: "mission complete", outcome: null, completions: 3 },
 * ])
 * // { changed: 12, unchanged: 3, moves: [{ from: 20, to: 25, completions: 12 }], changes: [ …the first group, to: 25 ] }
 */
export function planRescore(mission: ScoredMission, groups: readonly CompletionGroup[]): RescorePlan {
  const changes: RescoreGroup[] = [];
  let unchanged = 0;
  const moves = new Map<string, { from: number | null; to: number | null; completions: number }>();
  for (const g of groups) {
    const to = rescoredPoints(mission, g);
    if (to === g.points) {
      unchanged += g.completions;
      continue;
    }
    changes.push({ ...g, to });
    const key = `${g.points}→${to}`;
    const move = moves.get(key) ?? { from: g.points, to, completions: 0 };
    move.completions += g.completions;
    moves.set(key, move);
  }
  const order = (v: number | null) => (v === null ? -1 : v);
  return {
    changes,
    changed: changes.reduce((n, g) => n + g.completions, 0),
    unchanged,
    moves: [...moves.values()].sort((a, b) => order(a.from) - order(b.from) || order(a.to) - order(b.to)),
  };
}

/** "20 → 25: 12 completions; none → 25: 1 completion" (for the audit log and the preview). */
export function describeMoves(moves: RescorePlan["moves"]): string {
  const show = (v: number | null) => (v === null ? "none" : String(v));
  return moves.map((m) => `${show(m.from)} → ${show(m.to)}: ${m.completions} completion${m.completions === 1 ? "" : "s"}`).join("; ");
}
