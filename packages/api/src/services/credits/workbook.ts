// The campaign credits workbook (issue 13; docs/product/credits.md §C-14): one .xlsx from a
// CampaignState, with a summary, the three problem lists, the unmatched people and every
// person × mission pair in the columns of the old combined_report.xlsx (analytics.md §5.9) plus
// status and match method. Pseudonymised unless an admin asks for names (privacy-and-files.md
// §P-2), with the same pseudonymizer, redaction, formula-safe cells and workbook writer as the
// other exports (services/exports.ts).
import {
  type CellValue,
  type CreditPair,
  type ExportColumn,
  type ExportRow,
  exportedColumns,
  normaliseMissionName,
  normalizeEmail,
  type PersonRef,
  redactRows,
  rememberEach,
} from "@missionboard/core";
import { buildSheetsWorkbook, type ExportOptions, type SheetContent } from "../exports";
import { staffName } from "../learner-names";
import { pseudonymizer } from "../pseudonym";
import type { CampaignPerson, CampaignState } from "./campaign-state";

export const CAMPAIGN_REPORT_SHEETS = [
  "Summary",
  "Missing credit",
  "Credited without completion",
  "Points mismatch",
  "Unmatched people",
  "All rows",
] as const;

/** The download's file name, e.g. `missionboard-campaign-report-2026-10-01.xlsx`. */
export const campaignReportFileName = (now: Date): string => `missionboard-campaign-report-${now.toISOString().slice(0, 10)}.xlsx`;

const col = (key: string, header: string): ExportColumn => ({ key, header });

/** The person column holds the pseudonym (or, with names, the id); name and email only with names. */
const PEOPLE: readonly PersonRef[] = [{ id: "person", fields: ["name", "email"] }];

/** The old combined_report.xlsx's columns, in its order and spelling, then status and match method. */
const ALL_ROWS_COLUMNS = [
  col("person", "Person"),
  col("name", "Name"),
  col("email", "Email"),
  col("challenge", "Challenge Name"),
  col("normalized", "normalized_challenge"),
  col("pointsEarned", "Points Earned"),
  col("pointsAwarded", "PointsAwarded"),
  col("receivedCredit", "received_credit"),
  col("completedAt", "DateTime Completed"),
  col("status", "status"),
  col("matchMethod", "match_method"),
];

const PROBLEM_COLUMNS = [
  col("person", "Person"),
  col("name", "Name"),
  col("email", "Email"),
  col("week", "Week"),
  col("mission", "Mission"),
  col("missionPoints", "Mission points"),
  col("pointsAwarded", "Points awarded"),
  col("creditedRows", "Review completed rows"),
  col("pendingRows", "Other rows"),
  col("completedAt", "Completed (UTC)"),
  col("status", "Status"),
  col("matchMethod", "Match method"),
  col("texts", "Challenge as written"),
];

const UNMATCHED_COLUMNS = [
  col("person", "Person"),
  col("name", "Name"),
  col("email", "Email"),
  col("reason", "Reason"),
  col("userIds", "SharePoint UserIDs"),
  col("rows", "Rows"),
  col("points", "Official points"),
];

const UNMATCHED_REASONS = {
  "unknown-email": "No account or OpenWebUI user has this email",
  "several-people": "Several people have this email",
} as const;

/**
 * Which problem list a pair belongs to. "Missing credit" is the old report's (and the Missing
 * Credit chip's, §C-10): a completion with no review-completed row, submitted rows or not.
 */
const PROBLEM_SHEETS: { name: (typeof CAMPAIGN_REPORT_SHEETS)[number]; holds: (p: CreditPair) => boolean }[] = [
  { name: "Missing credit", holds: (p) => p.hasCompletion && p.creditedRows === 0 },
  { name: "Credited without completion", holds: (p) => p.flags.includes("credited-without-completion") },
  { name: "Points mismatch", holds: (p) => p.flags.includes("points-mismatch") },
];

/** The id a person's pseudonym is made from: the OpenWebUI user, as in the mission exports, else the account. */
const personKey = (p: CampaignPerson): string => p.learnerId ?? p.account?.id ?? p.id;

const nameOf = (p: CampaignPerson): string | null =>
  staffName({ owuiUserId: p.learnerId ?? p.id, owuiName: p.owuiName, accountName: p.account?.name ?? null });

const dateOf = (iso: string | null): Date | null => (iso ? new Date(iso) : null);

interface Table {
  name: string;
  columns: readonly ExportColumn[];
  rows: ExportRow[];
}

interface PairLine {
  pair: CreditPair;
  /** The staff name, for sorting a file with names. */
  sortName: string;
  row: ExportRow;
}

/** Every pair with its row of cells keyed by column, before redaction. */
function pairLines(state: CampaignState): PairLine[] {
  const people = new Map(state.people.map((p) => [p.id, p]));
  const missions = new Map(state.missions.map((m) => [m.id, m]));
  return state.reconciliation.pairs.map((pair) => {
    const person = people.get(pair.personId);
    const mission = missions.get(pair.missionId);
    const rows = pair.rowIndexes.map((i) => state.rows[i]?.row).filter((r) => r !== undefined);
    // The credit list's email when it names the person, else the first email they are known by.
    const email = rows[0]?.email ?? person?.emails[0] ?? null;
    const name = person ? nameOf(person) : null;
    const texts = [...new Set(rows.map((r) => r.missionChallenge ?? "").filter((t) => t !== ""))];
    const row: ExportRow = {
      person: person ? personKey(person) : pair.personId,
      name,
      email,
      week: mission?.week ?? null,
      mission: mission?.name ?? null,
      challenge: mission?.name ?? null,
      normalized: normaliseMissionName(mission?.name),
      missionPoints: pair.missionPoints,
      pointsEarned: pair.hasCompletion ? (pair.missionPoints ?? 0) : 0,
      pointsAwarded: pair.awardedPoints,
      receivedCredit: pair.creditedRows > 0,
      creditedRows: pair.creditedRows,
      pendingRows: pair.pendingRows,
      completedAt: dateOf(pair.completedAt),
      status: pair.status,
      matchMethod: pair.matchMethods.join(", ") || null,
      texts: (pair.status === "points-mismatch" ? pair.mismatchedTexts : texts).join("; ") || null,
    };
    return { pair, sortName: name ?? "", row };
  });
}

function unmatchedRows(state: CampaignState): ExportRow[] {
  const firstRow = new Map<string, { firstName: string | null; lastName: string | null }>();
  for (const { row } of state.rows) if (!firstRow.has(normalizeEmail(row.email))) firstRow.set(normalizeEmail(row.email), row);
  return state.reconciliation.unmatchedPeople.map((u) => {
    const names = firstRow.get(u.email);
    const name = [names?.firstName, names?.lastName].filter(Boolean).join(" ") || null;
    return {
      // Nobody's id: the pseudonym is made from the email as the credit list wrote it (normalised).
      person: `credit-list:${u.email}`,
      name,
      email: u.email,
      reason: UNMATCHED_REASONS[u.reason],
      userIds: u.userIds.join(", "),
      rows: u.rows,
      points: u.points,
    };
  });
}

function summaryRows(state: CampaignState, problems: Table[], options: CampaignReportOptions): CellValue[][] {
  const { snapshot, summary, reconciliation, matching } = state;
  return [
    ["Generated (UTC)", options.now],
    ["Credit list", snapshot?.fileName ?? "No credit list uploaded yet"],
    ["Uploaded (UTC)", snapshot?.uploadedAt ?? null],
    ["Rows in the list", state.rows.length],
    ["Names and emails", options.personalData ? "Included (admin request, audited)" : "Pseudonymised"],
    ["Ranks follow", state.rankSource === "official" ? "Official points" : "Detected points"],
    ["Similarity threshold", state.threshold],
    ["Participants", summary.participants],
    ["Total official points", summary.totalPoints],
    ["Average points", summary.averagePoints],
    ["Active weeks", summary.activeWeeks],
    ["Person × mission pairs", reconciliation.pairs.length],
    ...Object.entries(reconciliation.counts).map(([status, n]): CellValue[] => [`Status: ${status}`, n]),
    ...problems.map((t): CellValue[] => [`Sheet: ${t.name}`, t.rows.length]),
    ["Sheet: Unmatched people", reconciliation.unmatchedPeople.length],
    ["Matches to confirm", matching.uncertain.length],
    ["Challenge texts matching no mission", matching.unmatched.length],
  ];
}

export interface CampaignReportOptions extends ExportOptions {
  now: Date;
}

/**
 * The pseudonymizer of `key`, each person's pseudonym made once (a person is on many pairs and
 * sheets: 27,000 pairs of 5,000 people cost 5,000 HMACs, not 80,000).
 */
const keptPseudonyms = (key: string | undefined): ((id: string) => string) => rememberEach(pseudonymizer(key));

/** The tables' header and cell rows, redacted unless `personalData`. */
function sheetOf(table: Table, options: ExportOptions, pseudonym: (id: string) => string): SheetContent {
  const shown = options.personalData ? table.rows : redactRows(table.rows, { pseudonym, people: PEOPLE });
  const columns = exportedColumns(table.columns, PEOPLE, options.personalData);
  return {
    name: table.name,
    header: columns.map((c) => c.header),
    rows: shown.map((row) => columns.map((c): CellValue => row[c.key] ?? null)),
  };
}

/** Sorted as the old report: not credited first, then by name (by pseudonym when names are left out). */
function byCreditThenName(lines: PairLine[], options: ExportOptions, pseudonym: (id: string) => string): PairLine[] {
  const keyed = lines.map((line) => ({
    line,
    credited: line.pair.creditedRows > 0 ? 1 : 0,
    name: options.personalData ? line.sortName : pseudonym(String(line.row.person)),
    week: Number(line.row.week ?? 0),
    mission: String(line.row.mission ?? ""),
  }));
  const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  keyed.sort((a, b) => a.credited - b.credited || text(a.name, b.name) || a.week - b.week || text(a.mission, b.mission));
  return keyed.map((k) => k.line);
}

/** The workbook's sheets, in CAMPAIGN_REPORT_SHEETS order (exported for the tests and the benchmark). */
export function campaignReportSheets(state: CampaignState, options: CampaignReportOptions): SheetContent[] {
  const pseudonym = keptPseudonyms(options.key);
  const lines = byCreditThenName(pairLines(state), options, pseudonym);
  const problems: Table[] = PROBLEM_SHEETS.map((s) => ({
    name: s.name,
    columns: PROBLEM_COLUMNS,
    rows: lines.filter((l) => s.holds(l.pair)).map((l) => l.row),
  }));
  return [
    { name: "Summary", header: ["Item", "Value"], rows: summaryRows(state, problems, options) },
    ...problems.map((t) => sheetOf(t, options, pseudonym)),
    sheetOf({ name: "Unmatched people", columns: UNMATCHED_COLUMNS, rows: unmatchedRows(state) }, options, pseudonym),
    sheetOf({ name: "All rows", columns: ALL_ROWS_COLUMNS, rows: lines.map((l) => l.row) }, options, pseudonym),
  ];
}

/** The campaign credits workbook as .xlsx bytes. */
export function buildCampaignWorkbook(state: CampaignState, options: CampaignReportOptions): Uint8Array {
  return buildSheetsWorkbook(campaignReportSheets(state, options));
}
