// The /campaign page's figures from one loadCampaignState (docs/product/credits.md §C-10..C-13):
// the leaderboard by official points with names as the mission boards show them (missions.md
// §M-17), ranks and rewards, stat cards, the activity overview, and for staff the status chips and
// the problem lists. Names are decided here, on the server: a learner's answer never carries an
// email or a name the person did not choose.
import {
  boardName,
  type CreditPair,
  type CreditStatus,
  creditIndicators,
  leaderboardAlias,
  normalizeEmail,
  parseWeekFilter,
  type StatusIndicator,
} from "@missionboard/core";
import type { Conn } from "@missionboard/db";
import { type CampaignPerson, type CampaignState, loadCampaignState, peopleByEmail } from "./campaign-state";
import { type Capped, cap } from "./snapshots";

/** The problem lists staff can open (§C-13), in the page's order. */
export const CAMPAIGN_PROBLEMS = [
  "missing-credit",
  "credited-without-completion",
  "points-mismatch",
  "pending-review",
  "unmatched-people",
  "uncertain-matches",
] as const;
export type CampaignProblem = (typeof CAMPAIGN_PROBLEMS)[number];

export type CampaignViewer = "staff" | "learner";

export interface CampaignViewRequest {
  viewer: CampaignViewer;
  /** The signed-in account, to mark their own row. */
  userId: string;
  week?: string | undefined;
  q?: string | undefined;
  page: number;
  pageSize: number;
}

export interface CampaignBoardRow {
  position: number;
  name: string;
  pointsByWeek: Record<number, number>;
  total: number;
  rank: { name: string; level: number; reward: string | null };
  /** Staff only (empty for learners): the two chips of §C-10. */
  chips: StatusIndicator[];
  isMe: boolean;
}

/** The name a viewer sees for a credit-list email: the person's board name, else the list's name (staff) or an alias. */
function nameFor(email: string, person: CampaignPerson | undefined, listName: string | null, viewer: CampaignViewer): string {
  if (person) return boardName({ learnerId: person.learnerId ?? person.id, account: person.account, owuiName: person.owuiName }, viewer);
  if (viewer === "staff") return listName?.trim() || email;
  return leaderboardAlias(`credit:${email}`);
}

const listNameOf = (first: string | null, last: string | null): string | null => [first, last].filter(Boolean).join(" ") || null;

/** A board row before it is paged for one viewer: whose account it is, not yet whether it is "me". */
export interface CampaignBoardEntry extends Omit<CampaignBoardRow, "isMe"> {
  accountId: string | null;
}

/**
 * Everything /campaign shows for a kind of viewer and a week, before the search, the page and
 * "my row": the same for every learner (or every staff member), so it is computed once per data
 * stamp and shared (routers/campaign.ts caches it with the dashboards' stamp, ADR 028).
 */
export async function campaignBoard(conn: Conn, viewer: CampaignViewer, weekText: string | undefined) {
  const filter = parseWeekFilter(weekText);
  const week = filter.week ?? null;
  const state = await loadCampaignState(conn, { week });
  const byEmail = peopleByEmail(state.people);
  const standingByEmail = new Map(state.standings.filter((s) => s.email).map((s) => [s.email as string, s]));
  const pairsByPerson = new Map<string, CreditPair[]>();
  if (viewer === "staff")
    for (const p of state.reconciliation.pairs) pairsByPerson.set(p.personId, [...(pairsByPerson.get(p.personId) ?? []), p]);

  const entries: CampaignBoardEntry[] = state.summary.rows.map((row, i) => {
    const person = byEmail.get(row.email);
    const standing = standingByEmail.get(row.email);
    const rank = standing?.rank;
    return {
      position: i + 1,
      name: nameFor(row.email, person, listNameOf(row.firstName, row.lastName), viewer),
      pointsByWeek: row.pointsByWeek,
      total: row.total,
      rank: { name: rank?.rank.name ?? "", level: rank?.level ?? 0, reward: rank?.rank.reward ?? null },
      chips: person && viewer === "staff" ? creditIndicators(pairsByPerson.get(person.id) ?? [], state.missions, week) : [],
      accountId: person?.account?.id ?? null,
    };
  });
  const snapshot = state.snapshot;
  return {
    viewer,
    entries,
    /** Each account's entry, so a page finds "my row" without scanning thousands of entries per request. */
    entryByAccount: new Map(entries.flatMap((e) => (e.accountId ? [[e.accountId, e] as const] : []))),
    hasCredits: snapshot !== null,
    lastUpload: snapshot ? { at: snapshot.confirmedAt ?? snapshot.uploadedAt, fileName: snapshot.fileName } : null,
    rankSource: state.rankSource,
    week,
    weekError: filter.error ?? null,
    weeks: state.summary.weeks,
    /** The week columns shown: every week present, or the chosen one. */
    columns: week === null ? state.summary.weeks : [week],
    cards: {
      participants: state.summary.participants,
      totalPoints: state.summary.totalPoints,
      averagePoints: state.summary.averagePoints,
      activeWeeks: state.summary.activeWeeks,
    },
    overview: state.overview,
  };
}
export type CampaignBoard = Awaited<ReturnType<typeof campaignBoard>>;

/** One viewer's page of a board: the search (names shown only), the page, and their own row. Leaves `board` as it is. */
export function campaignPage(board: CampaignBoard, request: Pick<CampaignViewRequest, "userId" | "q" | "page" | "pageSize">) {
  const { entries, entryByAccount, ...rest } = board;
  // Only the rows sent are copied: the kept board has every person (thousands) and is shared.
  const shown = ({ accountId, ...row }: (typeof entries)[number]): CampaignBoardRow => ({ ...row, isMe: accountId === request.userId });
  // The search looks at the names shown only, so a learner cannot find someone by a hidden name.
  const q = request.q?.trim().toLowerCase() ?? "";
  const matching = q ? entries.filter((r) => r.name.toLowerCase().includes(q)) : entries;
  const pageCount = Math.max(1, Math.ceil(matching.length / request.pageSize));
  const page = Math.min(request.page, pageCount);
  const onPage = matching.slice((page - 1) * request.pageSize, page * request.pageSize);
  const mine = entryByAccount.get(request.userId) ?? null;
  return {
    ...rest,
    rows: onPage.map(shown),
    myRow: mine && !onPage.includes(mine) ? shown(mine) : null,
    total: matching.length,
    page,
    pageSize: request.pageSize,
    pageCount,
  };
}

/** The leaderboard, stat cards and overview of /campaign for one viewer (uncached: a board, then its page). */
export async function campaignView(conn: Conn, request: CampaignViewRequest) {
  return campaignPage(await campaignBoard(conn, request.viewer, request.week), request);
}

export interface ProblemPairItem {
  name: string;
  email: string | null;
  missionId: string;
  missionName: string;
  week: number | null;
  status: CreditStatus;
  completedAt: string | null;
  awardedPoints: number | null;
  missionPoints: number | null;
  matchMethods: string[];
}

export interface CampaignProblems {
  counts: Record<CampaignProblem, number>;
  lists: {
    "missing-credit": Capped<ProblemPairItem>;
    "credited-without-completion": Capped<ProblemPairItem>;
    "points-mismatch": Capped<ProblemPairItem>;
    "pending-review": Capped<ProblemPairItem>;
    "unmatched-people": Capped<CampaignState["reconciliation"]["unmatchedPeople"][number] & { name: string | null }>;
    "uncertain-matches": Capped<
      CampaignState["matching"]["uncertain"][number] & { missionName: string | null; missionWeek: number | null }
    >;
  };
}

/** One problem list with its name, so a page narrows the list's type by the problem. */
export type ProblemSelection = { [K in CampaignProblem]: { problem: K; list: CampaignProblems["lists"][K] } }[CampaignProblem];

/** The list of `problem` out of all of them. */
export const selectProblem = (problems: CampaignProblems, problem: CampaignProblem): ProblemSelection =>
  ({ problem, list: problems.lists[problem] }) as ProblemSelection;

/** The staff's problem lists (§C-13): pairs by status (a pair in every list its flags name), unmatched people, uncertain matches. */
export function campaignProblems(state: CampaignState): CampaignProblems {
  const people = new Map(state.people.map((p) => [p.id, p]));
  const missions = new Map(state.missions.map((m) => [m.id, m]));
  const listNames = new Map(state.official.map((o) => [o.email, listNameOf(o.firstName, o.lastName)]));
  const pairItem = (p: CreditPair): ProblemPairItem => {
    const person = people.get(p.personId);
    const mission = missions.get(p.missionId);
    return {
      name: person
        ? boardName({ learnerId: person.learnerId ?? person.id, account: person.account, owuiName: person.owuiName }, "staff")
        : p.personId,
      email: person?.emails[0] ? normalizeEmail(person.emails[0]) : null,
      missionId: p.missionId,
      missionName: mission?.name ?? p.missionId,
      week: mission?.week ?? null,
      status: p.status,
      completedAt: p.completedAt,
      awardedPoints: p.awardedPoints,
      missionPoints: p.missionPoints,
      matchMethods: p.matchMethods,
    };
  };
  const withFlag = (s: CreditStatus) => cap(state.reconciliation.pairs.filter((p) => p.flags.includes(s)).map(pairItem));
  const lists: CampaignProblems["lists"] = {
    "missing-credit": withFlag("missing-credit"),
    "credited-without-completion": withFlag("credited-without-completion"),
    "points-mismatch": withFlag("points-mismatch"),
    "pending-review": withFlag("pending-review"),
    "unmatched-people": cap(state.reconciliation.unmatchedPeople.map((u) => ({ ...u, name: listNames.get(u.email) ?? null }))),
    "uncertain-matches": cap(
      state.matching.uncertain.map((u) => ({
        ...u,
        lines: u.lines.slice(0, 20),
        missionName: missions.get(u.match.missionId)?.name ?? null,
        missionWeek: missions.get(u.match.missionId)?.week ?? null,
      })),
    ),
  };
  const counts = Object.fromEntries(CAMPAIGN_PROBLEMS.map((k) => [k, lists[k].total])) as Record<CampaignProblem, number>;
  return { counts, lists };
}
