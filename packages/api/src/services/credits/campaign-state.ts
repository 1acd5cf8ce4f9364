// Everything the campaign views derive from the current credit snapshot (docs/product/credits.md
// §C-7..C-12), loaded once: the snapshot's rows, the missions, the completions counted as issue 12
// counts them (core countedCompletions, missions.md §M-11), the detected points of the overall
// standings, the mappings and settings, then core's matching, reconciliation, official points,
// ranks, summary and activity overview. Reads are single passes (one select per table, bounded by
// the rows, people or completions), never one query per credit row: 50,000 rows cost the same few
// statements as 50.
import {
  type ActivityOverview,
  activityOverview,
  buildMissionIndex,
  type CampaignCreditRow,
  type CampaignSummary,
  type CreditMission,
  type CreditPerson,
  type CreditRankStanding,
  type CreditReconciliation,
  campaignSummary,
  chooseRankSource,
  countedCompletions,
  type LeaderboardNameStyle,
  type MissionMatching,
  matchCreditRows,
  normalizeEmail,
  type OfficialPoints,
  officialPoints,
  type RankSource,
  type RankThreshold,
  rankFromSource,
  reconcileCredits,
} from "@missionboard/core";
import {
  accountsWithoutLearner,
  allCompletionRecords,
  type CampaignSettings,
  type Conn,
  type CreditSnapshotRow,
  campaignLearners,
  creditRowsOfEmails,
  currentCreditSnapshot,
  emailsOfAccount,
  listCreditMappings,
  listMissionRows,
  loadCampaignCreditRows,
  loadCampaignSettings,
  loadRankTable,
  standingRowsOf,
} from "@missionboard/db";
import { fromStoredRow } from "./snapshots";

/** The stored standings board whose points are a learner's detected points (missions.md §M-12). */
const OVERALL_BOARD = "overall";
/** Person ids of accounts linked to no OpenWebUI user (OpenWebUI ids are used as they are). */
const ACCOUNT_PERSON_PREFIX = "account:";

/** Someone credits can belong to (§C-9), with what boards need to name them (core boardName). */
export interface CampaignPerson extends CreditPerson {
  /** The OpenWebUI user (a board's learner id); null for an account linked to none. */
  learnerId: string | null;
  owuiName: string | null;
  account: { id: string; name: string; style: LeaderboardNameStyle } | null;
}

/** One person's two figures and the rank the setting picks (§C-7). */
export interface CampaignStanding {
  /** The person, or null for a credit-list email that is nobody's (or several people's). */
  personId: string | null;
  /** The credit list's email, normalised; null for a person absent from the list. */
  email: string | null;
  detectedPoints: number;
  /** Null when the person has no review-completed row (0 official points for ranks). */
  officialPoints: number | null;
  rank: CreditRankStanding;
}

export interface CampaignStateOptions {
  /** The week the summary and overview show (null: every week); reconciliation always covers all. */
  week?: number | null;
}

export interface CampaignState {
  /** The snapshot read; null before any upload was confirmed (then every list is empty). */
  snapshot: CreditSnapshotRow | null;
  settings: CampaignSettings;
  /** The rank source in force (the setting, else official once a credit list exists). */
  rankSource: RankSource;
  threshold: number;
  ranks: RankThreshold[];
  /** In registry order (week, name), as matching and reconciliation read them. */
  missions: CreditMission[];
  /** The snapshot's rows, with the columns the views read (core CAMPAIGN_ROW_COLUMNS). */
  rows: { line: number; row: CampaignCreditRow }[];
  /** One match per row (null for other activity types and unmatched mission rows), with uncertain and unmatched texts. */
  matching: MissionMatching;
  reconciliation: CreditReconciliation;
  people: CampaignPerson[];
  /** Official points per person (email) and week. */
  official: OfficialPoints[];
  /** Everyone with detected or official points: both figures and the rank. */
  standings: CampaignStanding[];
  summary: CampaignSummary;
  overview: ActivityOverview;
}

/**
 * The people of §C-9: every OpenWebUI user (known by its own email and its linked account's) and
 * every account linked to no OpenWebUI user whose email is no OpenWebUI user's (otherwise the two
 * would share the email and be listed as a conflict although staff see one person).
 */
async function loadPeople(conn: Conn): Promise<CampaignPerson[]> {
  const people: CampaignPerson[] = (await campaignLearners(conn)).map((l) => ({
    id: l.id,
    learnerId: l.id,
    owuiName: l.name,
    account: l.accountId ? { id: l.accountId, name: l.accountName ?? "", style: l.nameStyle ?? "alias" } : null,
    emails: [l.email, l.accountEmail].filter((e): e is string => !!e?.trim()),
  }));
  const learnerEmails = new Set(people.flatMap((p) => p.emails.map(normalizeEmail)));
  for (const a of await accountsWithoutLearner(conn)) {
    if (learnerEmails.has(normalizeEmail(a.email))) continue;
    people.push({
      id: `${ACCOUNT_PERSON_PREFIX}${a.id}`,
      learnerId: null,
      owuiName: null,
      account: { id: a.id, name: a.name, style: a.nameStyle },
      emails: [a.email],
    });
  }
  return people;
}

/** The person a normalised email belongs to, when exactly one person has it. */
export function peopleByEmail(people: readonly CampaignPerson[]): Map<string, CampaignPerson> {
  const owners = new Map<string, CampaignPerson | null>();
  for (const person of people)
    for (const email of new Set(person.emails.map(normalizeEmail))) {
      if (!email) continue;
      owners.set(email, owners.has(email) && owners.get(email)?.id !== person.id ? null : person);
    }
  const unique = new Map<string, CampaignPerson>();
  for (const [email, person] of owners) if (person) unique.set(email, person);
  return unique;
}

function standingsOf(
  official: readonly OfficialPoints[],
  detected: ReadonlyMap<string, number>,
  byEmail: ReadonlyMap<string, CampaignPerson>,
  source: RankSource,
  ranks: readonly RankThreshold[],
): CampaignStanding[] {
  const out: CampaignStanding[] = [];
  const listed = new Map<string, CampaignStanding>();
  for (const p of official) {
    const person = byEmail.get(p.email) ?? null;
    // Two emails of one person (OpenWebUI's and the account's) add up to one standing.
    const seen = person ? listed.get(person.id) : undefined;
    if (seen) {
      seen.officialPoints = (seen.officialPoints ?? 0) + p.total;
      seen.rank = rankFromSource(source, { detected: seen.detectedPoints, official: seen.officialPoints }, ranks);
      continue;
    }
    const detectedPoints = person?.learnerId ? (detected.get(person.learnerId) ?? 0) : 0;
    const standing: CampaignStanding = {
      personId: person?.id ?? null,
      email: p.email,
      detectedPoints,
      officialPoints: p.total,
      rank: rankFromSource(source, { detected: detectedPoints, official: p.total }, ranks),
    };
    if (person) listed.set(person.id, standing);
    out.push(standing);
  }
  for (const [learnerId, points] of detected) {
    if (listed.has(learnerId)) continue;
    out.push({
      personId: learnerId,
      email: null,
      detectedPoints: points,
      officialPoints: null,
      rank: rankFromSource(source, { detected: points, official: null }, ranks),
    });
  }
  return out;
}

/**
 * The campaign as the current credit snapshot and the chats describe it (§C-7..C-12). Call inside
 * one `store.read` so every figure comes from the same data.
 */
export async function loadCampaignState(conn: Conn, options: CampaignStateOptions = {}): Promise<CampaignState> {
  const snapshot = await currentCreditSnapshot(conn);
  const settings = await loadCampaignSettings(conn);
  const rankSource = chooseRankSource(settings.rankSource, snapshot !== null);
  const missionRows = await listMissionRows(conn);
  const missions: CreditMission[] = missionRows.map((m) => ({ id: m.id, key: m.key, name: m.name, week: m.week, points: m.points }));
  const mappings = (await listCreditMappings(conn)).map((m) => ({ text: m.challenge, missionId: m.missionId }));
  const index = buildMissionIndex(
    missions,
    mappings,
    settings.similarityThreshold === null ? {} : { threshold: settings.similarityThreshold },
  );
  const rows = snapshot ? await loadCampaignCreditRows(conn, snapshot.id) : [];
  const plain: CampaignCreditRow[] = rows.map((r) => r.row);
  const matching = matchCreditRows(rows, index);
  const people = await loadPeople(conn);
  const completions = [...countedCompletions(await allCompletionRecords(conn)).values()].map((c) => ({
    personId: (c.owuiUserId ?? "").trim(),
    missionId: c.missionId,
    completedAt: c.completedAt ? c.completedAt.toISOString() : null,
  }));
  const reconciliation = reconcileCredits({ rows: plain, matches: matching.matches, missions, people, completions });
  const official = officialPoints(plain);
  const detected = new Map((await standingRowsOf(conn, OVERALL_BOARD)).map((r) => [r.learnerId, r.points]));
  const ranks = await loadRankTable(conn);
  const week = options.week ?? null;
  return {
    snapshot,
    settings,
    rankSource,
    threshold: index.threshold,
    ranks,
    missions,
    rows,
    matching,
    reconciliation,
    people,
    official,
    standings: standingsOf(official, detected, peopleByEmail(people), rankSource, ranks),
    summary: campaignSummary(plain, { week, official }),
    overview: activityOverview(plain, { week }),
  };
}

/** A learner's two figures on "My missions" (§C-7) and the rank the setting picks. */
export interface LearnerCreditFigures {
  /** Null before any credit list was confirmed. */
  officialPoints: number | null;
  detectedPoints: number;
  rankSource: RankSource;
  rank: CreditRankStanding;
}

/**
 * One account's official points (its own email and its OpenWebUI user's, read from the current
 * list by email only) beside the detected points the caller has, ranked by the chosen source.
 */
export async function learnerCreditFigures(conn: Conn, userId: string, detectedPoints: number): Promise<LearnerCreditFigures> {
  const snapshot = await currentCreditSnapshot(conn);
  const settings = await loadCampaignSettings(conn);
  const rankSource = chooseRankSource(settings.rankSource, snapshot !== null);
  const ranks = await loadRankTable(conn);
  let official: number | null = null;
  if (snapshot) {
    const rows = await creditRowsOfEmails(conn, snapshot.id, await emailsOfAccount(conn, userId));
    official = officialPoints(rows.map((r) => fromStoredRow(r).row)).reduce((sum, p) => sum + p.total, 0);
  }
  return {
    officialPoints: official,
    detectedPoints,
    rankSource,
    rank: rankFromSource(rankSource, { detected: detectedPoints, official }, ranks),
  };
}
