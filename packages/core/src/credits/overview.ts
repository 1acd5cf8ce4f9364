// The campaign page's figures: leaderboard, stat cards and activity overview (docs/product/credits.md
// §C-11, §C-12). Pure: the caller loads the current snapshot's rows.
import { emailNormalizer } from "../identity/email";
import { type OfficialPoints, officialPoints, roundHundredths } from "./points";
import { DEFAULT_WEEK_RANGE } from "./preview";
import { type CampaignCreditRow, isReviewCompleted, parseWhole } from "./record";

/**
 * The week filter from a request: blank or `all` is every week; otherwise a whole number within the
 * campaign's range, with the old tool's messages.
 *
 * @example parseWeekFilter("11") // { error: "Week must be between 1 and 10." }
 */
export function parseWeekFilter(
  text: string | null | undefined,
  range: { min: number; max: number } = DEFAULT_WEEK_RANGE,
): { week: number | null; error?: undefined } | { error: string; week?: undefined } {
  const t = (text ?? "").trim();
  if (t === "" || t.toLowerCase() === "all") return { week: null };
  const week = parseWhole(t);
  if (week === null) return { error: "Week must be an integer or 'all'." };
  if (week < range.min || week > range.max) return { error: `Week must be between ${range.min} and ${range.max}.` };
  return { week };
}

/** The weeks the campaign has: every WeekID in the rows, whatever the status, ascending. */
export function weeksPresent(rows: readonly CampaignCreditRow[]): number[] {
  return [...new Set(rows.map((r) => r.weekId))].sort((a, b) => a - b);
}

export interface CampaignLeaderboardRow {
  email: string;
  userIds: number[];
  firstName: string | null;
  lastName: string | null;
  /** Points per week shown (every week present, or the chosen week), rounded half-up. */
  pointsByWeek: Record<number, number>;
  /** All weeks: the sum of the rounded weeks; with a week chosen: that week's points. */
  total: number;
}

export interface CampaignSummary {
  /** The weeks present (the week filter's choices and the leaderboard's columns without a filter). */
  weeks: number[];
  week: number | null;
  rows: CampaignLeaderboardRow[];
  participants: number;
  totalPoints: number;
  /** totalPoints ÷ participants, to one decimal (half-up); 0 without participants. */
  averagePoints: number;
  activeWeeks: number;
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The leaderboard by official points (§C-11): one row per person with a review-completed row (in the
 * chosen week, if any), most points first, then first name, then email; plus the stat cards.
 *
 * @example campaignSummary(rows, { week: 2 }).rows[0] // { email: "jonas@…", pointsByWeek: { 2: 55 }, total: 55, … }
 */
export function campaignSummary(
  rows: readonly CampaignCreditRow[],
  options: {
    week?: number | null;
    /** officialPoints(rows) when the caller has it: used without a week instead of computing it again. */
    official?: readonly OfficialPoints[];
  } = {},
): CampaignSummary {
  const week = options.week ?? null;
  const weeks = weeksPresent(rows);
  const inScope = week === null ? rows : rows.filter((r) => r.weekId === week);
  const board: CampaignLeaderboardRow[] = (week === null && options.official ? options.official : officialPoints(inScope))
    .map((p) => ({
      email: p.email,
      userIds: p.userIds,
      firstName: p.firstName,
      lastName: p.lastName,
      pointsByWeek: p.pointsByWeek,
      total: p.total,
    }))
    .sort((a, b) => b.total - a.total || compareText(a.firstName ?? "", b.firstName ?? "") || compareText(a.email, b.email));
  const totalPoints = board.reduce((sum, r) => sum + r.total, 0);
  const participants = board.length;
  return {
    weeks,
    week,
    rows: board,
    participants,
    totalPoints,
    averagePoints: participants === 0 ? 0 : Math.floor((totalPoints * 10) / participants + 0.5) / 10,
    activeWeeks: weeks.length,
  };
}

export interface ActivityWeekFigures {
  /** Distinct people (emails, ignoring case) with review-completed rows. */
  participants: number;
  /** The rows' points, summed exactly then rounded half-up. */
  points: number;
}

export interface ActivityOverviewRow {
  activityType: string;
  weeks: Record<number, ActivityWeekFigures>;
  totalParticipants: number;
  /** The sum of the rounded weekly points, so the row adds up as shown. */
  totalPoints: number;
}

export interface ActivityOverview {
  /** The weeks shown: every week present, or the chosen one. */
  weeks: number[];
  rows: ActivityOverviewRow[];
  /** Every activity type together: participants counted once, points the sum of the rows above. */
  total: ActivityOverviewRow;
}

/** The label of the overview's total row. */
export const ACTIVITY_TOTAL_LABEL = "Total";

/**
 * Participants and points by activity type and week over review-completed rows (§C-12), with a
 * total row computed from the same rows. Types sorted by total points, most first, then by name
 * ignoring case.
 */
export function activityOverview(rows: readonly CampaignCreditRow[], options: { week?: number | null } = {}): ActivityOverview {
  const week = options.week ?? null;
  const weeks = week === null ? weeksPresent(rows) : [week];
  const shown = new Set(weeks);
  const emailOf = emailNormalizer();
  const byType = new Map<string, Map<number, { people: Set<string>; hundredths: number }>>();
  const everyone = new Map<number, Set<string>>();
  for (const row of rows) {
    if (!isReviewCompleted(row.activityStatus) || !shown.has(row.weekId)) continue;
    const person = emailOf(row.email);
    const typeWeeks = byType.get(row.activityType) ?? new Map();
    byType.set(row.activityType, typeWeeks);
    const cell = typeWeeks.get(row.weekId) ?? { people: new Set<string>(), hundredths: 0 };
    typeWeeks.set(row.weekId, cell);
    cell.people.add(person);
    cell.hundredths += row.pointsHundredths;
    const weekPeople = everyone.get(row.weekId) ?? new Set<string>();
    everyone.set(row.weekId, weekPeople);
    weekPeople.add(person);
  }

  const overviewRows: ActivityOverviewRow[] = [...byType].map(([activityType, typeWeeks]) => {
    const people = new Set<string>();
    const figures: Record<number, ActivityWeekFigures> = {};
    for (const w of weeks) {
      const cell = typeWeeks.get(w);
      for (const p of cell?.people ?? []) people.add(p);
      figures[w] = { participants: cell?.people.size ?? 0, points: roundHundredths(cell?.hundredths ?? 0) };
    }
    return {
      activityType,
      weeks: figures,
      totalParticipants: people.size,
      totalPoints: Object.values(figures).reduce((sum, f) => sum + f.points, 0),
    };
  });
  overviewRows.sort((a, b) => b.totalPoints - a.totalPoints || compareText(a.activityType.toLowerCase(), b.activityType.toLowerCase()));

  const totalWeeks: Record<number, ActivityWeekFigures> = {};
  const allPeople = new Set<string>();
  for (const w of weeks) {
    for (const p of everyone.get(w) ?? []) allPeople.add(p);
    totalWeeks[w] = {
      participants: everyone.get(w)?.size ?? 0,
      points: overviewRows.reduce((sum, r) => sum + (r.weeks[w]?.points ?? 0), 0),
    };
  }
  return {
    weeks,
    rows: overviewRows,
    total: {
      activityType: ACTIVITY_TOTAL_LABEL,
      weeks: totalWeeks,
      totalParticipants: allPeople.size,
      totalPoints: overviewRows.reduce((sum, r) => sum + r.totalPoints, 0),
    },
  };
}
