// The SubmittedActivityList.csv file's shape: its columns, its header and one typed row
// (docs/product/credits.md §C-2, §C-3). Pure: the caller reads the file and counts lines.

/** Every column of the SharePoint export, with its canonical spelling, in the export's order. */
export const CREDIT_COLUMNS = [
  "UserID",
  "FirstName",
  "LastName",
  "Email",
  "ActivityID",
  "ActivityType",
  "ActivityStatus",
  "PointsAwarded",
  "WeekID",
  "Attachments",
  "UseCaseTitle",
  "UseCaseType",
  "UseCaseStory",
  "UseCaseHow",
  "UseCaseValue",
  "TrainingTitle",
  "TrainingReflection",
  "TrainingDuration",
  "TrainingLink",
  "DemoTitle",
  "DemoDescription",
  "MissionChallengeWeek",
  "MissionChallenge",
  "MissionChallengeResponse",
  "QuizTopic",
  "QuizScore",
  "QuizCompletionDate",
  "Created",
] as const;

export type CanonicalColumn = (typeof CREDIT_COLUMNS)[number];

/** The columns a file must have (★ in the export's description), in the order §C-2 lists them. */
export const REQUIRED_CREDIT_COLUMNS = [
  "UserID",
  "Email",
  "ActivityID",
  "ActivityType",
  "ActivityStatus",
  "WeekID",
  "Created",
] as const satisfies readonly CanonicalColumn[];

/** ActivityID of "Missions & Challenges": the only kind of row linked to missions. */
export const MISSION_ACTIVITY_ID = 3;

/** File-level messages, worded as the old tool's so admins recognise them (§C-2). */
export const CREDIT_FILE_MESSAGES = {
  notCsv: "Only CSV uploads are supported.",
  empty: "Uploaded file is empty.",
  notUtf8: "The file is not UTF-8 text. Export the list again as CSV (UTF-8) and re-upload.",
  noHeader: "CSV file is missing a header row.",
  noDataRows: "CSV file does not contain any data rows.",
} as const;

/** One submitted activity, typed. Text is trimmed, empty text is null; nothing is ever evaluated. */
export interface CreditRow {
  userId: number;
  firstName: string | null;
  lastName: string | null;
  /** As written in the file (trimmed); compare with normalizeEmail. */
  email: string;
  activityId: number;
  activityType: string;
  /** As written in the file (trimmed); see isReviewCompleted. */
  activityStatus: string;
  /** PointsAwarded in integer hundredths (12.5 → 1250), so sums are exact; blank is 0. */
  pointsHundredths: number;
  weekId: number;
  attachments: number | null;
  useCaseTitle: string | null;
  useCaseType: string | null;
  useCaseStory: string | null;
  useCaseHow: string | null;
  useCaseValue: string | null;
  trainingTitle: string | null;
  trainingReflection: string | null;
  trainingDuration: number | null;
  trainingLink: string | null;
  demoTitle: string | null;
  demoDescription: string | null;
  missionChallengeWeek: string | null;
  missionChallenge: string | null;
  missionChallengeResponse: number | null;
  quizTopic: string | null;
  quizScore: number | null;
  /** ISO 8601 UTC (`2026-09-24T10:00:00.000Z`), or null when blank or unreadable. */
  quizCompletionDate: string | null;
  /** ISO 8601 UTC (`2026-09-08T14:02:11.000Z`). */
  created: string;
}

/**
 * The columns of a credit row that points, matching, reconciliation and the campaign views read
 * (the rest is stored and compared between uploads only). The campaign views load just these, so a
 * 50,000-row list costs a third of the memory (docs/decisions/028-credits-as-jobs.md).
 */
export const CAMPAIGN_ROW_COLUMNS = [
  "userId",
  "firstName",
  "lastName",
  "email",
  "activityId",
  "activityType",
  "activityStatus",
  "pointsHundredths",
  "weekId",
  "missionChallenge",
  "created",
] as const;
export type CampaignCreditRow = Pick<CreditRow, (typeof CAMPAIGN_ROW_COLUMNS)[number]>;

/**
 * Makes the texts a list repeats row after row — a person's email and name, the activity type and
 * status, a mission as written — one string each, in place, for rows read from one file or query
 * (a CSV parser or a driver gives each row its own copies). Values are unchanged; for 50,000 rows
 * of 5,000 people it keeps ~10 MB less while the rows live (docs/decisions/028-credits-as-jobs.md).
 *
 * @example
 * const share = shareCreditRowTexts();
 * for (const row of rows) share(row); // rows[0].email === rows[7].email, one string
 */
export function shareCreditRowTexts(): (row: CampaignCreditRow) => void {
  const texts = new Map<string, string>();
  const one = <T extends string | null>(text: T): T => {
    if (text === null) return text;
    const kept = texts.get(text);
    if (kept !== undefined) return kept as T;
    texts.set(text, text);
    return text;
  };
  return (row) => {
    row.email = one(row.email);
    row.firstName = one(row.firstName);
    row.lastName = one(row.lastName);
    row.activityType = one(row.activityType);
    row.activityStatus = one(row.activityStatus);
    row.missionChallenge = one(row.missionChallenge);
  };
}

/** A problem with one cell; `message` is the whole sentence shown to the admin. */
export interface CreditRowError {
  line: number;
  column: CanonicalColumn;
  message: string;
}

export type CreditRecordResult = { row: CreditRow } | { errors: CreditRowError[] } | { blank: true };

/** Header cells compared without BOM, spaces and letter case ("  user id" is UserID). */
const headerKey = (text: string): string =>
  text
    .replace(/^\uFEFF/, "")
    .replace(/\s+/g, "")
    .toLowerCase();
const CANONICAL_BY_KEY = new Map<string, CanonicalColumn>(CREDIT_COLUMNS.map((c) => [headerKey(c), c]));

/** The canonical column a header cell names, or null for a column the export does not have. */
export function canonicalColumn(header: string): CanonicalColumn | null {
  return CANONICAL_BY_KEY.get(headerKey(header)) ?? null;
}

/**
 * The header row read: for each position, the canonical column it holds (null: a column we ignore).
 * Refused with the old tool's messages when there is no header or a required column is missing
 * (listed sorted, as the old tool did), and when two cells name the same column.
 *
 * @example
 * readCreditHeader(["\uFEFFuserid", "Email"]) // { error: "CSV file is missing required columns: ActivityID, …" }
 */
export function readCreditHeader(
  cells: readonly string[],
): { columns: (CanonicalColumn | null)[]; error?: undefined } | { error: string; columns?: undefined } {
  if (cells.every((c) => headerKey(c) === "")) return { error: CREDIT_FILE_MESSAGES.noHeader };
  const columns = cells.map(canonicalColumn);
  const seen = new Map<CanonicalColumn, string>();
  for (const [i, column] of columns.entries()) {
    if (!column) continue;
    const first = seen.get(column);
    if (first !== undefined)
      return { error: `CSV file has the column '${column}' twice (as '${first.trim()}' and '${(cells[i] ?? "").trim()}').` };
    seen.set(column, cells[i] ?? "");
  }
  const missing = REQUIRED_CREDIT_COLUMNS.filter((c) => !seen.has(c)).sort();
  if (missing.length > 0) return { error: `CSV file is missing required columns: ${missing.join(", ")}` };
  return { columns };
}

/** The cells of one record by canonical column; a column the file lacks reads as "". */
export function cellsByColumn(columns: readonly (CanonicalColumn | null)[], values: readonly string[]): Record<CanonicalColumn, string> {
  const cells = Object.fromEntries(CREDIT_COLUMNS.map((c) => [c, ""])) as Record<CanonicalColumn, string>;
  columns.forEach((column, i) => {
    if (column) cells[column] = values[i] ?? "";
  });
  return cells;
}

/** `review completed` in any letter case: the only status that earns points (§C-4). */
export const isReviewCompleted = (status: string): boolean => status.trim().toLowerCase() === "review completed";

/** A whole number as Python's int() reads it (sign allowed, no decimals: "1.0" is not one). */
export function parseWhole(text: string): number | null {
  const t = text.trim();
  if (!/^[+-]?\d+$/.test(t)) return null;
  const n = Number(t);
  return Number.isSafeInteger(n) ? n : null;
}

/** A plain decimal number ("12", "-3.5", ".25"); no exponents, NaN or infinities. */
export function parseDecimal(text: string): number | null {
  const t = text.trim();
  return /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(t) ? Number(t) : null;
}

/**
 * A decimal as integer hundredths, rounded half away from zero at the third decimal
 * (12.345 → 1235, -0.005 → -1), computed on the digits so no binary rounding creeps in.
 */
export function parseHundredths(text: string): number | null {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!m || (m[2] === "" && (m[3] ?? "") === "")) return null;
  const decimals = `${m[3] ?? ""}000`;
  const magnitude = Number(m[2] || "0") * 100 + Number(decimals.slice(0, 2)) + (Number(decimals[2]) >= 5 ? 1 : 0);
  if (!Number.isSafeInteger(magnitude)) return null;
  return m[1] === "-" && magnitude !== 0 ? -magnitude : magnitude;
}

const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;
const US_DATE_TIME = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))?(?: ?([AP]M))?$/i;

/**
 * A date and time as the export writes it, as ISO 8601 UTC; null when it is none of the forms:
 * ISO 8601 (`Z` or an offset allowed; without one it is UTC), `MM/DD/YYYY hh:mm AM/PM` or
 * `MM/DD/YYYY HH:MM` (both UTC, seconds allowed). Impossible dates (02/30) are refused.
 *
 * @example parseCreditDateTime("09/09/2026 10:15 PM") // "2026-09-09T22:15:00.000Z"
 */
export function parseCreditDateTime(text: string): string | null {
  const t = text.trim();
  const iso = ISO_DATE_TIME.exec(t);
  if (iso) {
    const [, y, mo, d, h = "0", mi = "0", s = "0", frac = "", zone = ""] = iso;
    const offset = zoneMinutes(zone);
    return utcIso(+(y as string), +(mo as string), +(d as string), +h, +mi, +s, Math.floor(Number(`0.${frac || "0"}`) * 1000), offset);
  }
  const us = US_DATE_TIME.exec(t);
  if (us) {
    const [, mo, d, y, h, mi, s = "0", meridiem] = us;
    let hour = +(h as string);
    if (meridiem) {
      if (hour < 1 || hour > 12) return null;
      hour = (hour % 12) + (meridiem.toUpperCase() === "PM" ? 12 : 0);
    }
    return utcIso(+(y as string), +(mo as string), +(d as string), hour, +(mi as string), +s, 0, 0);
  }
  return null;
}

function zoneMinutes(zone: string): number {
  if (zone === "" || zone.toUpperCase() === "Z") return 0;
  const digits = zone.replace(":", "");
  const minutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5));
  return zone.startsWith("-") ? -minutes : minutes;
}

function utcIso(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, offsetMinutes: number): string | null {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return null;
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms));
  if (date.getUTCDate() !== d || date.getUTCMonth() !== mo - 1) return null;
  return new Date(date.getTime() - offsetMinutes * 60_000).toISOString();
}

const text = (value: string): string | null => {
  const t = value.trim();
  return t === "" ? null : t;
};

/**
 * One data record read into a typed row, or every problem it has (each with the line the caller
 * gives: the header is line 1, so data starts at 2), or `blank` for a record whose cells are all
 * blank (skipped, as the old tool did). Formula-like text (`=HYPERLINK(…)`) is kept as text.
 */
export function readCreditRecord(line: number, cells: Record<CanonicalColumn, string>): CreditRecordResult {
  if (CREDIT_COLUMNS.every((c) => cells[c].trim() === "")) return { blank: true };
  const errors: CreditRowError[] = [];
  const fail = (column: CanonicalColumn, problem: string) => errors.push({ line, column, message: `Line ${line}: '${column}' ${problem}` });

  const required = (column: CanonicalColumn): string | null => {
    const value = text(cells[column]);
    if (value === null) fail(column, "is required.");
    return value;
  };
  const whole = (column: CanonicalColumn, isRequired: boolean): number | null => {
    const value = isRequired ? required(column) : text(cells[column]);
    if (value === null) return null;
    const n = parseWhole(value);
    if (n === null) fail(column, "must be an integer.");
    return n;
  };

  const userId = whole("UserID", true);
  const email = required("Email");
  const activityId = whole("ActivityID", true);
  const activityType = required("ActivityType");
  const activityStatus = required("ActivityStatus");
  const weekId = whole("WeekID", true);
  const attachments = whole("Attachments", false);
  const pointsText = text(cells.PointsAwarded);
  const pointsHundredths = pointsText === null ? 0 : parseHundredths(pointsText);
  // The old tool turned unreadable points into 0 without a word; official points must not hide a typo.
  if (pointsHundredths === null) fail("PointsAwarded", "must be a number.");
  const createdText = required("Created");
  const created = createdText === null ? null : parseCreditDateTime(createdText);
  if (createdText !== null && created === null) fail("Created", "has an unsupported format.");

  if (errors.length > 0) return { errors };
  const decimal = (column: CanonicalColumn): number | null => {
    const value = text(cells[column]);
    return value === null ? null : parseDecimal(value);
  };
  const quizDate = text(cells.QuizCompletionDate);
  return {
    row: {
      userId: userId as number,
      firstName: text(cells.FirstName),
      lastName: text(cells.LastName),
      email: email as string,
      activityId: activityId as number,
      activityType: activityType as string,
      activityStatus: activityStatus as string,
      pointsHundredths: pointsHundredths as number,
      weekId: weekId as number,
      attachments,
      useCaseTitle: text(cells.UseCaseTitle),
      useCaseType: text(cells.UseCaseType),
      useCaseStory: text(cells.UseCaseStory),
      useCaseHow: text(cells.UseCaseHow),
      useCaseValue: text(cells.UseCaseValue),
      trainingTitle: text(cells.TrainingTitle),
      trainingReflection: text(cells.TrainingReflection),
      trainingDuration: decimal("TrainingDuration"),
      trainingLink: text(cells.TrainingLink),
      demoTitle: text(cells.DemoTitle),
      demoDescription: text(cells.DemoDescription),
      missionChallengeWeek: text(cells.MissionChallengeWeek),
      missionChallenge: text(cells.MissionChallenge),
      missionChallengeResponse: decimal("MissionChallengeResponse"),
      quizTopic: text(cells.QuizTopic),
      quizScore: decimal("QuizScore"),
      quizCompletionDate: quizDate === null ? null : parseCreditDateTime(quizDate),
      created: created as string,
    },
  };
}
