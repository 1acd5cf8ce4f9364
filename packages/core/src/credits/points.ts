// Official points from the credit list, and which points ranks follow (docs/product/credits.md §C-7).
import { emailNormalizer } from "../identity/email";
import { DEFAULT_RANKS, type RankStanding, type RankThreshold, rankFor } from "../missions/ranks";
import { type CampaignCreditRow, isReviewCompleted } from "./record";

/**
 * Hundredths rounded to whole points, half away from zero (12.5 → 13, -2.5 → -3), as Python's
 * Decimal ROUND_HALF_UP rounds; exact, since hundredths are integers.
 *
 * @example roundHundredths(1250) // 13
 */
export function roundHundredths(hundredths: number): number {
  const whole = Math.floor((Math.abs(hundredths) + 50) / 100);
  return hundredths < 0 && whole !== 0 ? -whole : whole;
}

/** One person's official points: review-completed rows summed per week, any activity type. */
export interface OfficialPoints {
  /** The person: their email, normalised (trimmed, NFC, lower-case). */
  email: string;
  /** The SharePoint UserIDs seen with that email, ascending (one, unless the upload was refused). */
  userIds: number[];
  /** From the person's latest row (by Created) that has a name. */
  firstName: string | null;
  lastName: string | null;
  /** Exact sums in hundredths, by week. */
  hundredthsByWeek: Record<number, number>;
  /** Each week's sum rounded half-up (§C-7). */
  pointsByWeek: Record<number, number>;
  /** The sum of the rounded weeks, so a row adds up as shown. */
  total: number;
}

/**
 * Official points per person and week: the sum of PointsAwarded over review-completed rows (any
 * letter case, any activity type), grouped by normalised email. Rows of one person and week are
 * all summed, whatever their case of email or UserID (the old tool let the last group overwrite the
 * others). People with no review-completed row are left out. Sorted by email.
 *
 * @example
 * officialPoints([{ email: "A@x", weekId: 1, pointsHundredths: 1250, activityStatus: "Review Completed", … }])
 * // [{ email: "a@x", pointsByWeek: { 1: 13 }, total: 13, … }]
 */
export function officialPoints(rows: readonly CampaignCreditRow[]): OfficialPoints[] {
  const people = new Map<string, { userIds: Set<number>; named: CampaignCreditRow | null; byWeek: Map<number, number> }>();
  const emailOf = emailNormalizer();
  for (const row of rows) {
    if (!isReviewCompleted(row.activityStatus)) continue;
    const email = emailOf(row.email);
    let person = people.get(email);
    if (!person) {
      person = { userIds: new Set(), named: null, byWeek: new Map() };
      people.set(email, person);
    }
    person.userIds.add(row.userId);
    person.byWeek.set(row.weekId, (person.byWeek.get(row.weekId) ?? 0) + row.pointsHundredths);
    const hasName = row.firstName !== null || row.lastName !== null;
    if (hasName && (person.named === null || row.created >= person.named.created)) person.named = row;
  }
  return [...people.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([email, p]) => {
      const weeks = [...p.byWeek.keys()].sort((a, b) => a - b);
      const hundredthsByWeek = Object.fromEntries(weeks.map((w) => [w, p.byWeek.get(w) as number]));
      const pointsByWeek = Object.fromEntries(weeks.map((w) => [w, roundHundredths(p.byWeek.get(w) as number)]));
      return {
        email,
        userIds: [...p.userIds].sort((a, b) => a - b),
        firstName: p.named?.firstName ?? null,
        lastName: p.named?.lastName ?? null,
        hundredthsByWeek,
        pointsByWeek,
        total: Object.values(pointsByWeek).reduce((sum, n) => sum + n, 0),
      };
    });
}

/** Which points ranks follow: missions detected in the chats, or the credit list's official points. */
export type RankSource = "detected" | "official";

/**
 * The rank source in force: the admin's setting when there is one, else official points once a
 * credit list has been uploaded, else detected points (§C-7).
 */
export function chooseRankSource(setting: RankSource | null, hasCreditList: boolean): RankSource {
  return setting ?? (hasCreditList ? "official" : "detected");
}

export interface CreditRankStanding extends RankStanding {
  source: RankSource;
  /** The points the rank was read from. */
  points: number;
}

/**
 * A person's rank from the chosen points (a person absent from the credit list has 0 official
 * points), on the configured rank table (missions.md §M-14).
 *
 * @example rankFromSource("official", { detected: 40, official: 130 }).rank.name // "Analyst"
 */
export function rankFromSource(
  source: RankSource,
  points: { detected: number; official: number | null },
  ranks: readonly RankThreshold[] = DEFAULT_RANKS,
): CreditRankStanding {
  const chosen = source === "official" ? (points.official ?? 0) : points.detected;
  return { ...rankFor(chosen, ranks), source, points: chosen };
}
