// Campaign credit uploads as versioned snapshots (docs/decisions/025-credit-snapshots.md):
// read the file, preview it against the current snapshot, keep it pending, confirm it (or make an
// earlier one current again), compare two. The web route and `pnpm credits:import` both call these.
// Every write is one store.tx; a refused upload writes nothing.
import {
  buildAuditEntry,
  type CanonicalColumn,
  ConflictError,
  CREDIT_FILE_MESSAGES,
  type CreditPreview,
  type CreditRow,
  type CreditRowError,
  type CreditSnapshotDiff,
  cellsByColumn,
  diffCreditRows,
  type LinedCreditRow,
  NotFoundError,
  previewCredits,
  RuleViolationError,
  readCreditHeader,
  readCreditRecord,
  shareCreditRowTexts,
} from "@missionboard/core";
import {
  type Conn,
  type CreditSnapshotRow,
  creditPeopleLinks,
  currentCreditSnapshot,
  discardPendingSnapshot,
  discardPendingSnapshots,
  findCreditSnapshot,
  insertAuditEntry,
  insertPendingSnapshot,
  loadCreditRows,
  makeSnapshotCurrent,
  type Store,
  type StoredCreditRow,
} from "@missionboard/db";
import { type CreditFileInput, streamCreditCsv } from "./read-csv";

/** A pending upload older than this is removed by the next upload of anyone. */
export const PENDING_SNAPSHOT_TTL_MS = 24 * 60 * 60_000;
/** Most entries of each list a preview or comparison returns (the counts are always whole). */
export const CREDIT_LIST_LIMIT = 100;

export const CREDIT_ERRORS = {
  unknownSnapshot: "There is no such upload; it may have been replaced by a newer one. Upload the file again.",
  notPending: "This upload was already confirmed or discarded.",
  notSuperseded: "Only an earlier snapshot (not the current one, nor an unconfirmed upload) can be made current again.",
} as const;

// --- Stored rows ↔ core rows ------------------------------------------------------------------

// Written out field by field: an object spread or rest of these 28-column rows costs V8 about
// 2.4 KB of garbage per copy (against ~0.3 KB for a literal), 50,000 rows several times over.

export function toStoredRow(line: number, row: CreditRow): StoredCreditRow {
  return {
    line,
    sharepointUserId: row.userId,
    firstName: row.firstName,
    lastName: row.lastName,
    email: row.email,
    activityId: row.activityId,
    activityType: row.activityType,
    activityStatus: row.activityStatus,
    pointsAwardedHundredths: row.pointsHundredths,
    weekId: row.weekId,
    attachments: row.attachments,
    useCaseTitle: row.useCaseTitle,
    useCaseType: row.useCaseType,
    useCaseStory: row.useCaseStory,
    useCaseHow: row.useCaseHow,
    useCaseValue: row.useCaseValue,
    trainingTitle: row.trainingTitle,
    trainingReflection: row.trainingReflection,
    trainingDuration: row.trainingDuration,
    trainingLink: row.trainingLink,
    demoTitle: row.demoTitle,
    demoDescription: row.demoDescription,
    missionChallengeWeek: row.missionChallengeWeek,
    missionChallenge: row.missionChallenge,
    missionChallengeResponse: row.missionChallengeResponse,
    quizTopic: row.quizTopic,
    quizScore: row.quizScore,
    quizCompletionDate: row.quizCompletionDate === null ? null : new Date(row.quizCompletionDate),
    created: new Date(row.created),
  };
}

export function fromStoredRow(stored: StoredCreditRow): LinedCreditRow {
  return {
    line: stored.line,
    row: {
      userId: stored.sharepointUserId,
      firstName: stored.firstName,
      lastName: stored.lastName,
      email: stored.email,
      activityId: stored.activityId,
      activityType: stored.activityType,
      activityStatus: stored.activityStatus,
      pointsHundredths: stored.pointsAwardedHundredths,
      weekId: stored.weekId,
      attachments: stored.attachments,
      useCaseTitle: stored.useCaseTitle,
      useCaseType: stored.useCaseType,
      useCaseStory: stored.useCaseStory,
      useCaseHow: stored.useCaseHow,
      useCaseValue: stored.useCaseValue,
      trainingTitle: stored.trainingTitle,
      trainingReflection: stored.trainingReflection,
      trainingDuration: stored.trainingDuration,
      trainingLink: stored.trainingLink,
      demoTitle: stored.demoTitle,
      demoDescription: stored.demoDescription,
      missionChallengeWeek: stored.missionChallengeWeek,
      missionChallenge: stored.missionChallenge,
      missionChallengeResponse: stored.missionChallengeResponse,
      quizTopic: stored.quizTopic,
      quizScore: stored.quizScore,
      quizCompletionDate: stored.quizCompletionDate ? stored.quizCompletionDate.toISOString() : null,
      created: stored.created.toISOString(),
    },
  };
}

// --- Reading an upload ----------------------------------------------------------------------

export interface ReadCreditUpload {
  rows: LinedCreditRow[];
  rowErrors: CreditRowError[];
  fileName: string;
  bytes: number;
  sha256: string;
}

/** Progress of an upload, for a job's progress line (`conn`: the write transaction it happens in). */
export type CreditUploadProgress = (update: { phase: string; processed: number; total?: number | null }, conn?: Conn) => Promise<void>;

/**
 * The file read into typed rows and row errors (core's readCreditRecord, all-blank rows skipped),
 * record by record: the parsed cells are not kept once a record is a row.
 * File-level problems (size, type, encoding, quotes, header) are thrown as RuleViolationError.
 */
export async function readCreditUpload(
  file: CreditFileInput,
  fileName: string,
  maxBytes?: number,
  onProgress?: CreditUploadProgress,
): Promise<ReadCreditUpload> {
  const rows: LinedCreditRow[] = [];
  const rowErrors: CreditRowError[] = [];
  let columns: (CanonicalColumn | null)[] | null = null;
  let headerError: string | undefined;
  const share = shareCreditRowTexts();
  const csv = await streamCreditCsv(file, fileName, {
    maxBytes,
    onHeader: (cells) => {
      const header = readCreditHeader(cells);
      if (header.error !== undefined) headerError = header.error;
      else columns = header.columns as (CanonicalColumn | null)[];
    },
    onRecord: (record) => {
      if (columns === null) return;
      const result = readCreditRecord(record.line, cellsByColumn(columns, record.cells));
      if ("row" in result) {
        share(result.row);
        rows.push({ line: record.line, row: result.row });
      } else if ("errors" in result) rowErrors.push(...result.errors);
    },
    onProgress: onProgress ? (processed) => onProgress({ phase: "reading the file", processed }) : undefined,
  });
  if (headerError !== undefined) throw new RuleViolationError(headerError, "file");
  if (columns === null) throw new RuleViolationError(readCreditHeader(csv.header ?? []).error ?? CREDIT_FILE_MESSAGES.noHeader, "file");
  return { rows, rowErrors, fileName: fileName.trim().slice(0, 300), bytes: csv.bytes, sha256: csv.sha256 };
}

// --- What a page shows ----------------------------------------------------------------------

/** A list cut to CREDIT_LIST_LIMIT entries, with how many there are in all. */
export interface Capped<T> {
  total: number;
  items: T[];
}

export const cap = <T>(items: readonly T[]): Capped<T> => ({ total: items.length, items: items.slice(0, CREDIT_LIST_LIMIT) });

export interface CreditDiffView {
  counts: { added: number; changed: number; dropped: number; unchanged: number };
  added: Capped<CreditSnapshotDiff["added"][number]>;
  changed: Capped<CreditSnapshotDiff["changed"][number]>;
  dropped: Capped<CreditSnapshotDiff["dropped"][number]>;
}

export function diffView(diff: CreditSnapshotDiff): CreditDiffView {
  return {
    counts: { added: diff.added.length, changed: diff.changed.length, dropped: diff.dropped.length, unchanged: diff.unchanged },
    added: cap(diff.added),
    changed: cap(diff.changed),
    dropped: cap(diff.dropped),
  };
}

/** Core's preview for a page: every count whole, every list capped, the rows themselves left out. */
export interface CreditPreviewView {
  fileName: string;
  bytes: number;
  sha256: string;
  rowCount: number;
  canConfirm: boolean;
  fileProblems: string[];
  rowErrors: Capped<CreditRowError>;
  duplicates: Capped<CreditPreview["duplicates"][number]>;
  emailConflictMessage: string | null;
  emailsWithSeveralUserIds: Capped<CreditPreview["emailsWithSeveralUserIds"][number]>;
  userIdConflictMessage: string | null;
  userIdsWithSeveralEmails: Capped<CreditPreview["userIdsWithSeveralEmails"][number]>;
  unknownStatuses: CreditPreview["unknownStatuses"];
  weeksOutOfRange: CreditPreview["weeksOutOfRange"];
  diff: CreditDiffView;
}

function previewView(upload: ReadCreditUpload, preview: CreditPreview): CreditPreviewView {
  return {
    fileName: upload.fileName,
    bytes: upload.bytes,
    sha256: upload.sha256,
    rowCount: preview.rows.length,
    canConfirm: preview.canConfirm,
    fileProblems: preview.fileProblems,
    rowErrors: cap(preview.rowErrors),
    duplicates: cap(preview.duplicates),
    emailConflictMessage: preview.emailConflictMessage,
    emailsWithSeveralUserIds: cap(preview.emailsWithSeveralUserIds),
    userIdConflictMessage: preview.userIdConflictMessage,
    userIdsWithSeveralEmails: cap(preview.userIdsWithSeveralEmails),
    unknownStatuses: preview.unknownStatuses,
    weeksOutOfRange: preview.weeksOutOfRange,
    diff: diffView(preview.diff),
  };
}

export interface CreditSnapshotView {
  id: string;
  status: CreditSnapshotRow["status"];
  fileName: string;
  sha256: string;
  bytes: number;
  rowCount: number;
  counts: { added: number; changed: number; dropped: number };
  uploadedAt: Date;
  uploadedBy: string | null;
  uploadedByName: string | null;
  confirmedAt: Date | null;
  currentSince: Date | null;
}

export const snapshotView = (s: CreditSnapshotRow & { uploadedByName?: string | null }): CreditSnapshotView => ({
  id: s.id,
  status: s.status,
  fileName: s.fileName,
  sha256: s.sha256,
  bytes: s.bytes,
  rowCount: s.rowCount,
  counts: { added: s.addedCount, changed: s.changedCount, dropped: s.droppedCount },
  uploadedAt: s.uploadedAt,
  uploadedBy: s.uploadedBy,
  uploadedByName: s.uploadedByName ?? null,
  confirmedAt: s.confirmedAt,
  currentSince: s.currentSince,
});

// --- Upload, confirm, discard, restore, compare ---------------------------------------------

export interface Actor {
  /** The admin, or null for the command line. */
  userId: string | null;
  now: Date;
  requestId: string | null;
}

export interface CreditUploadResult {
  /** The pending snapshot to confirm; null when the preview has problems (nothing was stored). */
  snapshotId: string | null;
  preview: CreditPreviewView;
}

/** Core's preview of `upload` against the current snapshot, as a page shows it (lists capped). */
async function previewAgainstCurrent(c: Conn, upload: ReadCreditUpload): Promise<CreditPreviewView> {
  const current = await currentRows(c);
  return previewView(upload, previewCredits(upload.rows, upload.rowErrors, current ? current.rows.map((r) => r.row) : null));
}

/** The current snapshot's rows (core's shape), or null when there is none. */
async function currentRows(c: Conn): Promise<{ snapshot: CreditSnapshotRow; rows: LinedCreditRow[] } | null> {
  const snapshot = await currentCreditSnapshot(c);
  if (!snapshot) return null;
  return { snapshot, rows: (await loadCreditRows(c, snapshot.id)).map(fromStoredRow) };
}

/**
 * Reads the file and previews it against the current snapshot. When the admin may confirm it
 * (no file problem, row error or identity conflict), it is stored as a pending snapshot, replacing
 * the uploader's earlier pending one (and anyone's older than a day), audited; otherwise nothing
 * is written and the preview says why.
 */
export async function uploadCredits(
  store: Store,
  file: CreditFileInput,
  fileName: string,
  actor: Actor,
  options: {
    /** The command line's own bound (CREDITS_CLI_MAX_MB) and the benchmark's; web uploads keep the 5 MB default. */
    maxBytes?: number;
    /** A job's progress (rows read, then checked and stored). */
    onProgress?: CreditUploadProgress;
    /** Runs in the write transaction before anything is stored (a job renews its lease there). */
    inTransaction?: (c: Conn) => Promise<void>;
  } = {},
): Promise<CreditUploadResult> {
  const upload = await readCreditUpload(file, fileName, options.maxBytes, options.onProgress);
  const total = upload.rows.length;
  return store.tx(async (c) => {
    await options.inTransaction?.(c);
    await options.onProgress?.({ phase: "comparing with the current list", processed: total, total }, c);
    // Only the page's view outlives this call: the whole preview (its maps and lists of every row)
    // and the current list's rows can be collected before the rows are stored.
    const view = await previewAgainstCurrent(c, upload);
    if (!view.canConfirm) return { snapshotId: null, preview: view };
    await options.onProgress?.({ phase: "storing the rows", processed: total, total }, c);
    await discardPendingSnapshots(c, {
      uploadedBy: actor.userId,
      staleBefore: new Date(actor.now.getTime() - PENDING_SNAPSHOT_TTL_MS),
    });
    const snapshotId = await insertPendingSnapshot(
      c,
      {
        uploadedBy: actor.userId,
        uploadedAt: actor.now,
        fileName: upload.fileName,
        sha256: upload.sha256,
        bytes: upload.bytes,
        rowCount: upload.rows.length,
        addedCount: view.diff.counts.added,
        changedCount: view.diff.counts.changed,
        droppedCount: view.diff.counts.dropped,
      },
      // Converted batch by batch as they are inserted, never as a second whole copy of the list.
      (function* () {
        for (const { line, row } of upload.rows) yield toStoredRow(line, row);
      })(),
    );
    await audit(c, actor, "credits.uploaded", snapshotId, {
      fileName: upload.fileName,
      rows: upload.rows.length,
      added: view.diff.counts.added,
      changed: view.diff.counts.changed,
      dropped: view.diff.counts.dropped,
    });
    return { snapshotId, preview: view };
  });
}

async function audit(
  c: Conn,
  actor: Actor,
  action: "credits.uploaded" | "credits.confirmed" | "credits.discarded" | "credits.restored",
  snapshotId: string,
  metadata: Record<string, string | number | boolean | null>,
) {
  await insertAuditEntry(
    c,
    buildAuditEntry(
      { actorId: actor.userId, action, entityType: "credit_snapshot", entityId: snapshotId, metadata, requestId: actor.requestId },
      actor.now,
    ),
  );
}

async function requireSnapshot(c: Conn, id: string): Promise<CreditSnapshotRow> {
  const snapshot = await findCreditSnapshot(c, id);
  if (!snapshot) throw new NotFoundError(CREDIT_ERRORS.unknownSnapshot);
  return snapshot;
}

/** Makes a pending upload the current snapshot (the previous one is superseded), audited. */
export async function confirmCredits(store: Store, snapshotId: string, actor: Actor): Promise<CreditSnapshotView> {
  return store.tx(async (c) => {
    const snapshot = await requireSnapshot(c, snapshotId);
    const made = await makeSnapshotCurrent(c, snapshotId, { from: "pending", by: actor.userId, now: actor.now });
    if (!made) throw new ConflictError(CREDIT_ERRORS.notPending);
    await audit(c, actor, "credits.confirmed", snapshotId, { rows: snapshot.rowCount, previous: made.previous });
    return snapshotView((await findCreditSnapshot(c, snapshotId)) as CreditSnapshotRow);
  });
}

/** Removes a pending upload nobody will confirm, audited. */
export async function discardCredits(store: Store, snapshotId: string, actor: Actor): Promise<void> {
  await store.tx(async (c) => {
    const snapshot = await requireSnapshot(c, snapshotId);
    if (!(await discardPendingSnapshot(c, snapshotId))) throw new ConflictError(CREDIT_ERRORS.notPending);
    await audit(c, actor, "credits.discarded", snapshotId, { fileName: snapshot.fileName, rows: snapshot.rowCount });
  });
}

/** Makes an earlier (superseded) snapshot current again, audited. Nothing is deleted. */
export async function restoreCredits(store: Store, snapshotId: string, actor: Actor): Promise<CreditSnapshotView> {
  return store.tx(async (c) => {
    await requireSnapshot(c, snapshotId);
    const made = await makeSnapshotCurrent(c, snapshotId, { from: "superseded", by: actor.userId, now: actor.now });
    if (!made) throw new ConflictError(CREDIT_ERRORS.notSuperseded);
    await audit(c, actor, "credits.restored", snapshotId, { previous: made.previous });
    return snapshotView((await findCreditSnapshot(c, snapshotId)) as CreditSnapshotRow);
  });
}

/** What changes from snapshot `from` to snapshot `to`, by row identity (core's diff). */
export async function compareCredits(conn: Conn, fromId: string, toId: string): Promise<CreditDiffView> {
  await requireSnapshot(conn, fromId);
  await requireSnapshot(conn, toId);
  const before = (await loadCreditRows(conn, fromId)).map((r) => fromStoredRow(r).row);
  const after = (await loadCreditRows(conn, toId)).map(fromStoredRow);
  return diffView(diffCreditRows(after, before));
}

// --- People ---------------------------------------------------------------------------------

export interface CreditPeopleView {
  snapshotId: string | null;
  people: number;
  /** People matched to an account or an OpenWebUI user by email (read only: nothing is linked or merged). */
  linked: number;
  /** Emails no account and no OpenWebUI user has: their credit cannot be checked against chats. */
  unmatched: Capped<{ email: string; sharepointUserIds: number[] }>;
  /** Emails several OpenWebUI users share: staff decide on /staff/people. */
  severalOwuiUsers: Capped<{ email: string; owuiUserIds: string[]; accountId: string | null }>;
  /** Emails listed with several SharePoint UserIDs across the snapshot. */
  severalSharepointIds: Capped<{ email: string; sharepointUserIds: number[] }>;
}

/** The current snapshot's people against accounts and OpenWebUI users, with the conflicts for staff. */
export async function creditPeople(conn: Conn): Promise<CreditPeopleView> {
  const current = await currentCreditSnapshot(conn);
  const links = current ? await creditPeopleLinks(conn, current.id) : [];
  return {
    snapshotId: current?.id ?? null,
    people: links.length,
    linked: links.filter((p) => p.account || p.owuiUserIds.length > 0).length,
    unmatched: cap(
      links
        .filter((p) => !p.account && p.owuiUserIds.length === 0)
        .map((p) => ({ email: p.email, sharepointUserIds: p.sharepointUserIds })),
    ),
    severalOwuiUsers: cap(
      links
        .filter((p) => p.owuiUserIds.length > 1)
        .map((p) => ({ email: p.email, owuiUserIds: p.owuiUserIds, accountId: p.account?.id ?? null })),
    ),
    severalSharepointIds: cap(
      links.filter((p) => p.sharepointUserIds.length > 1).map((p) => ({ email: p.email, sharepointUserIds: p.sharepointUserIds })),
    ),
  };
}
