// What an admin sees before confirming an upload (docs/product/credits.md §C-4, §C-5). Pure: the
// caller reads the file with readCreditRecord and loads the current snapshot's rows.
import { emailNormalizer } from "../identity/email";
import { CREDIT_COLUMNS, CREDIT_FILE_MESSAGES, type CreditRow, type CreditRowError } from "./record";

/** A row read from the file, with the line it came from (header is line 1). */
export interface LinedCreditRow {
  line: number;
  row: CreditRow;
}

export interface CreditPreviewOptions {
  /** Weeks a row may have; others are listed (default 1–10, the campaign's weeks). */
  weekRange?: { min: number; max: number };
  /** Statuses the list uses, compared trimmed and ignoring case; others are listed. */
  knownStatuses?: readonly string[];
}

export const DEFAULT_WEEK_RANGE = { min: 1, max: 10 } as const;
/** The statuses the SharePoint list's workflow sets. */
export const DEFAULT_KNOWN_STATUSES = ["Submitted", "Review Completed"] as const;

/**
 * A row's identity across uploads (§C-5). The export has no item id, so a submission is known by
 * who submitted it (UserID), what (ActivityID), for which week (WeekID) and when it was created
 * (Created): reviewers change status and points, never these. Rows sharing an identity in one
 * file are told apart by their order in the file (`#2`, `#3`, …).
 *
 * @example creditRowIdentity(row) // "101|3|1|2026-09-08T14:02:11.000Z"
 */
export const creditRowIdentity = (row: CreditRow): string => `${row.userId}|${row.activityId}|${row.weekId}|${row.created}`;

/** Two rows say the same thing (every column equal). */
export function sameCreditRow(a: CreditRow, b: CreditRow): boolean {
  return CREDIT_ROW_FIELDS.every((f) => a[f] === b[f]);
}
const CREDIT_ROW_FIELDS: readonly (keyof CreditRow)[] = [
  "userId",
  "firstName",
  "lastName",
  "email",
  "activityId",
  "activityType",
  "activityStatus",
  "pointsHundredths",
  "weekId",
  "attachments",
  "useCaseTitle",
  "useCaseType",
  "useCaseStory",
  "useCaseHow",
  "useCaseValue",
  "trainingTitle",
  "trainingReflection",
  "trainingDuration",
  "trainingLink",
  "demoTitle",
  "demoDescription",
  "missionChallengeWeek",
  "missionChallenge",
  "missionChallengeResponse",
  "quizTopic",
  "quizScore",
  "quizCompletionDate",
  "created",
];

/** The columns whose values differ between two rows, named as in the export. */
export function changedCreditColumns(before: CreditRow, after: CreditRow): string[] {
  return CREDIT_ROW_FIELDS.flatMap((f, i) => (before[f] === after[f] ? [] : [CREDIT_COLUMNS[i] as string]));
}

/** Rows of one file sharing an identity: `identical` when every column is equal too. */
export interface DuplicateCreditRows {
  identity: string;
  lines: number[];
  identical: boolean;
}

export interface EmailWithSeveralUserIds {
  email: string;
  userIds: number[];
  lines: number[];
}

export interface UserIdWithSeveralEmails {
  userId: number;
  emails: string[];
  lines: number[];
}

/** A value outside what the list uses, with the lines holding it. */
export interface UnexpectedValue<T> {
  value: T;
  lines: number[];
}

export interface CreditRowChange {
  /** Identity plus occurrence (`…#2` for the second row sharing it). */
  key: string;
  line: number;
  before: CreditRow;
  after: CreditRow;
  columns: string[];
}

export interface CreditSnapshotDiff {
  added: { key: string; line: number; row: CreditRow }[];
  changed: CreditRowChange[];
  dropped: { key: string; row: CreditRow }[];
  unchanged: number;
}

export interface CreditPreview {
  /** Rows read without error, in file order. */
  rows: LinedCreditRow[];
  /** Problems with the whole file (no data rows); nothing can be confirmed while there are any. */
  fileProblems: string[];
  rowErrors: CreditRowError[];
  duplicates: DuplicateCreditRows[];
  /** An email (ignoring case) given several UserIDs: the old tool's check, with its message. */
  emailsWithSeveralUserIds: EmailWithSeveralUserIds[];
  /** The old tool's refusal, word for word; null when every email has one UserID. */
  emailConflictMessage: string | null;
  /** A UserID given several emails (the old tool did not check). */
  userIdsWithSeveralEmails: UserIdWithSeveralEmails[];
  userIdConflictMessage: string | null;
  unknownStatuses: UnexpectedValue<string>[];
  weeksOutOfRange: UnexpectedValue<number>[];
  diff: CreditSnapshotDiff;
  /** No file problem, row error or identity conflict: the admin may confirm. */
  canConfirm: boolean;
}

/** Group values by a key, keeping first-seen order of keys and of values. */
function groupLines<K>(rows: readonly LinedCreditRow[], keyOf: (row: CreditRow, index: number) => K): Map<K, LinedCreditRow[]> {
  const groups = new Map<K, LinedCreditRow[]>();
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as LinedCreditRow;
    const key = keyOf(r.row, i);
    const group = groups.get(key);
    if (group) group.push(r);
    else groups.set(key, [r]);
  }
  return groups;
}

const distinct = <T>(values: readonly T[]): T[] => [...new Set(values)];
const byNumber = (a: number, b: number) => a - b;

/**
 * Rows keyed by identity and occurrence in file order (`identity#n` for the n-th, n ≥ 2).
 * `identities` (one per row, creditRowIdentity's) saves making them again.
 */
export function keyCreditRows<T extends { row: CreditRow }>(rows: readonly T[], identities?: readonly string[]): Map<string, T> {
  const seen = new Map<string, number>();
  const keyed = new Map<string, T>();
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as T;
    const identity = identities?.[i] ?? creditRowIdentity(r.row);
    const n = (seen.get(identity) ?? 0) + 1;
    seen.set(identity, n);
    keyed.set(n === 1 ? identity : `${identity}#${n}`, r);
  }
  return keyed;
}

/** The file's rows against the current snapshot's, by identity (§C-5); no snapshot: all added. */
export function diffCreditRows(
  rows: readonly LinedCreditRow[],
  snapshot: readonly CreditRow[],
  identities?: readonly string[],
): CreditSnapshotDiff {
  const before = keyCreditRows(snapshot.map((row) => ({ row })));
  const after = keyCreditRows(rows, identities);
  const diff: CreditSnapshotDiff = { added: [], changed: [], dropped: [], unchanged: 0 };
  for (const [key, { line, row }] of after) {
    const old = before.get(key)?.row;
    if (!old) diff.added.push({ key, line, row });
    else if (sameCreditRow(old, row)) diff.unchanged++;
    else diff.changed.push({ key, line, before: old, after: row, columns: changedCreditColumns(old, row) });
  }
  for (const [key, { row }] of before) if (!after.has(key)) diff.dropped.push({ key, row });
  return diff;
}

/**
 * The preview of an upload: the rows read, every problem found, and what confirming would add,
 * change and drop against the current snapshot (null or empty when there is none).
 *
 * @example
 * previewCredits(rows, errors, snapshotRows).diff // { added: [...], changed: [...], dropped: [...], unchanged: 3 }
 */
export function previewCredits(
  rows: readonly LinedCreditRow[],
  rowErrors: readonly CreditRowError[],
  snapshot: readonly CreditRow[] | null,
  options: CreditPreviewOptions = {},
): CreditPreview {
  const range = options.weekRange ?? DEFAULT_WEEK_RANGE;
  const known = new Set((options.knownStatuses ?? DEFAULT_KNOWN_STATUSES).map((s) => s.trim().toLowerCase()));
  const fileProblems = rows.length === 0 && rowErrors.length === 0 ? [CREDIT_FILE_MESSAGES.noDataRows] : [];

  // Each row's identity made once, for the duplicates and the diff (50,000 rows: 50,000 texts).
  const identities = rows.map((r) => creditRowIdentity(r.row));
  const duplicates: DuplicateCreditRows[] = [];
  for (const [identity, group] of groupLines(rows, (_, i) => identities[i] as string)) {
    if (group.length < 2) continue;
    const first = (group[0] as LinedCreditRow).row;
    duplicates.push({ identity, lines: group.map((r) => r.line), identical: group.every((r) => sameCreditRow(first, r.row)) });
  }

  const emailsWithSeveralUserIds: EmailWithSeveralUserIds[] = [];
  const emailOf = emailNormalizer();
  for (const [email, group] of groupLines(rows, (row) => emailOf(row.email))) {
    const userIds = distinct(group.map((r) => r.row.userId)).sort(byNumber);
    if (userIds.length > 1) emailsWithSeveralUserIds.push({ email, userIds, lines: group.map((r) => r.line) });
  }
  emailsWithSeveralUserIds.sort((a, b) => (a.email < b.email ? -1 : 1));
  const userIdsWithSeveralEmails: UserIdWithSeveralEmails[] = [];
  for (const [userId, group] of groupLines(rows, (row) => row.userId)) {
    const emails = distinct(group.map((r) => emailOf(r.row.email))).sort();
    if (emails.length > 1) userIdsWithSeveralEmails.push({ userId, emails, lines: group.map((r) => r.line) });
  }
  userIdsWithSeveralEmails.sort((a, b) => a.userId - b.userId);

  const unknownStatuses: UnexpectedValue<string>[] = [];
  for (const [value, group] of groupLines(rows, (row) => row.activityStatus)) {
    if (!known.has(value.trim().toLowerCase())) unknownStatuses.push({ value, lines: group.map((r) => r.line) });
  }
  const weeksOutOfRange: UnexpectedValue<number>[] = [];
  for (const [value, group] of groupLines(rows, (row) => row.weekId)) {
    if (value < range.min || value > range.max) weeksOutOfRange.push({ value, lines: group.map((r) => r.line) });
  }
  weeksOutOfRange.sort((a, b) => a.value - b.value);

  return {
    rows: [...rows],
    fileProblems,
    rowErrors: [...rowErrors],
    duplicates,
    emailsWithSeveralUserIds,
    emailConflictMessage: emailConflictMessage(emailsWithSeveralUserIds),
    userIdsWithSeveralEmails,
    userIdConflictMessage: userIdConflictMessage(userIdsWithSeveralEmails),
    unknownStatuses,
    weeksOutOfRange,
    diff: diffCreditRows(rows, snapshot ?? [], identities),
    canConfirm:
      fileProblems.length === 0 && rowErrors.length === 0 && emailsWithSeveralUserIds.length === 0 && userIdsWithSeveralEmails.length === 0,
  };
}

/** The old tool's message, word for word: "… Conflicts: a@x -> IDs 1, 2; b@y -> IDs 3, 4". */
export function emailConflictMessage(conflicts: readonly EmailWithSeveralUserIds[]): string | null {
  if (conflicts.length === 0) return null;
  const list = conflicts.map((c) => `${c.email} -> IDs ${c.userIds.join(", ")}`).join("; ");
  return `Each email must map to one SharePoint UserID. Fix the CSV and re-upload. Conflicts: ${list}`;
}

/** The reverse check, worded as the old one: "… Conflicts: 7 -> a@x, b@y". */
export function userIdConflictMessage(conflicts: readonly UserIdWithSeveralEmails[]): string | null {
  if (conflicts.length === 0) return null;
  const list = conflicts.map((c) => `${c.userId} -> ${c.emails.join(", ")}`).join("; ");
  return `Each SharePoint UserID must map to one email. Fix the CSV and re-upload. Conflicts: ${list}`;
}
