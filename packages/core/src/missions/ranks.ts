/** Ranks from points thresholds (docs/product/missions.md §M-14). */

export interface RankThreshold {
  name: string;
  /** Points at or above which the rank holds. */
  minPoints: number;
  /** What reaching the rank earns (swag, raffle tickets), if anything. */
  reward?: string | null;
}

/** The campaign's ranks (§M-14); the lowest must start at 0. */
export const DEFAULT_RANKS: readonly RankThreshold[] = [
  { name: "None", minPoints: 0, reward: null },
  { name: "Analyst", minPoints: 120, reward: "Sticker, 1 raffle ticket" },
  { name: "Agent", minPoints: 300, reward: "3 raffle tickets" },
  { name: "Field Agent", minPoints: 500, reward: "Custom water bottle, 7 raffle tickets" },
  { name: "Secret Agent", minPoints: 750, reward: "Custom hoodie, 15 raffle tickets" },
];

/** Problems with a rank table, in words for the admin; empty when it is usable. */
export function rankTableProblems(ranks: readonly RankThreshold[]): string[] {
  const problems: string[] = [];
  if (ranks.length === 0) return ["Add at least one rank."];
  if (ranks[0]?.minPoints !== 0) problems.push("The lowest rank must start at 0 points.");
  ranks.forEach((r, i) => {
    if (!r.name.trim()) problems.push(`Rank ${i + 1} needs a name.`);
    if (!Number.isInteger(r.minPoints)) problems.push(`${r.name || `Rank ${i + 1}`}: points must be a whole number.`);
    const prev = ranks[i - 1];
    if (prev && r.minPoints <= prev.minPoints) problems.push(`${r.name}: must need more points than ${prev.name}.`);
  });
  return problems;
}

export interface RankStanding {
  /** Index into the rank table (0 = lowest). */
  level: number;
  rank: RankThreshold;
  next: RankThreshold | null;
  /** Points still needed for the next rank; null at the top. */
  pointsToNext: number | null;
}

/**
 * The rank a score holds: the highest threshold at or below it; a negative score holds the lowest
 * rank. Thresholds must be ordered (rankTableProblems).
 *
 * @example
 * rankFor(130).rank.name // "Analyst"; rankFor(130).pointsToNext // 170
 */
export function rankFor(points: number, ranks: readonly RankThreshold[] = DEFAULT_RANKS): RankStanding {
  let level = 0;
  for (let i = 1; i < ranks.length; i++) if (points >= (ranks[i] as RankThreshold).minPoints) level = i;
  const rank = ranks[level] as RankThreshold;
  const next = ranks[level + 1] ?? null;
  return { level, rank, next, pointsToNext: next ? next.minPoints - points : null };
}

export interface RankUp {
  learnerId: string;
  from: RankThreshold;
  to: RankThreshold;
  points: number;
}

/**
 * Learners whose rank went up between two standings (for notifications). A learner absent before
 * counts as 0 points; a drop (an adjustment) is not a rank-up. Sorted by learner id.
 */
export function rankUps(
  before: ReadonlyMap<string, number>,
  after: ReadonlyMap<string, number>,
  ranks: readonly RankThreshold[] = DEFAULT_RANKS,
): RankUp[] {
  const out: RankUp[] = [];
  for (const [learnerId, points] of after) {
    const was = rankFor(before.get(learnerId) ?? 0, ranks);
    const now = rankFor(points, ranks);
    if (now.level > was.level) out.push({ learnerId, from: was.rank, to: now.rank, points });
  }
  return out.sort((x, y) => (x.learnerId < y.learnerId ? -1 : 1));
}
