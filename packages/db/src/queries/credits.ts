// Campaign credit snapshots (docs/decisions/025-credit-snapshots.md): uploads kept whole, one
// current at a time, their rows, the admins' MissionChallenge → mission mappings, the campaign
// settings, and who each SharePoint email is among accounts and OpenWebUI users. Writes run
// inside the caller's store.tx.
import {
  type CampaignCreditRow,
  type CreditSnapshotStatus,
  mappingKey,
  normalizeEmail,
  type RankSource,
  shareCreditRowTexts,
} from "@missionboard/core";
import { and, asc, desc, eq, getTableColumns, gt, inArray, isNull, lt, or, sql } from "drizzle-orm";
import { newId } from "../ids";
import type { Schema } from "../schema";
import type { Conn } from "../store";

export type CreditSnapshotRow = Schema["creditSnapshots"]["$inferSelect"];
/** One stored credit row: every column of analytics spec §1.4 plus the line it came from. */
export type StoredCreditRow = Omit<Schema["creditRows"]["$inferSelect"], "snapshotId">;

export interface NewCreditSnapshot {
  uploadedBy: string | null;
  uploadedAt: Date;
  fileName: string;
  sha256: string;
  bytes: number;
  rowCount: number;
  addedCount: number;
  changedCount: number;
  droppedCount: number;
}

/** Rows converted and inserted at a time (a large list is never copied whole). */
const CREDIT_ROW_BATCH = 2_000;

/** Stores a pending snapshot and its rows (in the caller's transaction), batch by batch; returns its id. */
export async function insertPendingSnapshot(c: Conn, snapshot: NewCreditSnapshot, rows: Iterable<StoredCreditRow>): Promise<string> {
  const id = newId();
  await c.db.insert(c.t.creditSnapshots).values({ id, status: "pending", ...snapshot });
  // The snapshot's id is given once (`same`), not copied onto each row: copying a 29-column row
  // (a spread, or field by field) costs V8 ~0.3–2.4 KB per row (docs/decisions/028-credits-as-jobs.md).
  let batch: StoredCreditRow[] = [];
  for (const row of rows) {
    batch.push(row);
    if (batch.length >= CREDIT_ROW_BATCH) {
      await c.kit.bulkInsert(c.db, c.t.creditRows, batch, "", { snapshotId: id });
      batch = [];
    }
  }
  await c.kit.bulkInsert(c.db, c.t.creditRows, batch, "", { snapshotId: id });
  return id;
}

/**
 * Removes pending snapshots nobody confirmed: the uploader's own (replaced by their next upload;
 * null is the command line) and anyone's uploaded before `staleBefore`. Their rows go with them.
 * Returns how many were removed.
 */
export async function discardPendingSnapshots(c: Conn, options: { uploadedBy?: string | null; staleBefore?: Date }): Promise<number> {
  const s = c.t.creditSnapshots;
  const who =
    options.uploadedBy === undefined
      ? undefined
      : options.uploadedBy === null
        ? isNull(s.uploadedBy)
        : eq(s.uploadedBy, options.uploadedBy);
  const stale = options.staleBefore ? lt(s.uploadedAt, options.staleBefore) : undefined;
  if (!who && !stale) return 0;
  const removed = await c.db
    .delete(s)
    .where(and(eq(s.status, "pending"), or(who, stale)))
    .returning({ id: s.id });
  return removed.length;
}

/** Removes one pending snapshot (and its rows); false when it is not pending (or unknown). */
export async function discardPendingSnapshot(c: Conn, id: string): Promise<boolean> {
  const s = c.t.creditSnapshots;
  const removed = await c.db
    .delete(s)
    .where(and(eq(s.id, id), eq(s.status, "pending")))
    .returning({ id: s.id });
  return removed.length > 0;
}

export async function findCreditSnapshot({ db, t }: Conn, id: string): Promise<CreditSnapshotRow | null> {
  const [row] = await db.select().from(t.creditSnapshots).where(eq(t.creditSnapshots.id, id)).limit(1);
  return row ?? null;
}

/** The snapshot the campaign views read, or null before any confirmation. */
export async function currentCreditSnapshot({ db, t }: Conn): Promise<CreditSnapshotRow | null> {
  const [row] = await db.select().from(t.creditSnapshots).where(eq(t.creditSnapshots.status, "current")).limit(1);
  return row ?? null;
}

export interface CreditSnapshotListItem extends CreditSnapshotRow {
  uploadedByName: string | null;
}

/** Snapshots newest first (pending ones included), with the uploader's name. */
export async function listCreditSnapshots({ db, t }: Conn, limit = 100): Promise<CreditSnapshotListItem[]> {
  const s = t.creditSnapshots;
  const rows = await db
    .select({ snapshot: s, uploadedByName: t.users.name })
    .from(s)
    .leftJoin(t.users, eq(t.users.id, s.uploadedBy))
    .orderBy(desc(s.uploadedAt), desc(s.id))
    .limit(limit);
  return rows.map((r) => ({ ...r.snapshot, uploadedByName: r.uploadedByName }));
}

/** A snapshot's rows in file order. */
export async function loadCreditRows({ db, t }: Conn, snapshotId: string): Promise<StoredCreditRow[]> {
  const r = t.creditRows;
  // Every column but snapshot_id selected, so the rows come as the driver maps them, not copied
  // again without it (a rest copy of a 29-column row costs V8 ~2.3 KB).
  const { snapshotId: _, ...columns } = getTableColumns(r);
  return db.select(columns).from(r).where(eq(r.snapshotId, snapshotId)).orderBy(asc(r.line));
}

/** Rows read per query by loadCampaignCreditRows. */
const CAMPAIGN_ROW_PAGE = 5_000;

/**
 * A snapshot's rows with only the columns the campaign views read (core CAMPAIGN_ROW_COLUMNS), in
 * core's shape, in line order: one object per row as the driver hands it over (no copies), the
 * stored-only columns never read (docs/decisions/028-credits-as-jobs.md). Read a page of lines at a
 * time (by the primary key), so the driver's raw rows and its copies of every text are garbage
 * while young instead of 50,000 of them at once.
 */
export async function loadCampaignCreditRows(
  { db, t }: Conn,
  snapshotId: string,
  pageSize = CAMPAIGN_ROW_PAGE,
): Promise<{ line: number; row: CampaignCreditRow }[]> {
  const r = t.creditRows;
  const out: { line: number; row: CampaignCreditRow }[] = [];
  // The texts the rows repeat are made one string each (core shareCreditRowTexts: the driver gives
  // every row its own copies).
  const share = shareCreditRowTexts();
  for (let after = -1; ; ) {
    const page = await db
      .select({
        line: r.line,
        row: {
          userId: r.sharepointUserId,
          firstName: r.firstName,
          lastName: r.lastName,
          email: r.email,
          activityId: r.activityId,
          activityType: r.activityType,
          activityStatus: r.activityStatus,
          pointsHundredths: r.pointsAwardedHundredths,
          weekId: r.weekId,
          missionChallenge: r.missionChallenge,
          created: r.created,
        },
      })
      .from(r)
      .where(and(eq(r.snapshotId, snapshotId), gt(r.line, after)))
      .orderBy(asc(r.line))
      .limit(pageSize);
    for (const entry of page) {
      // Core reads `created` as ISO 8601 text: converted in place.
      (entry.row as unknown as { created: string }).created = entry.row.created.toISOString();
      share(entry.row as unknown as CampaignCreditRow);
      out.push(entry as unknown as { line: number; row: CampaignCreditRow });
    }
    if (page.length < pageSize) return out;
    after = (page[page.length - 1] as { line: number }).line;
  }
}

/**
 * Makes snapshot `id` current: the current one (if another) becomes superseded. Only a pending
 * snapshot can be confirmed (`from: "pending"`), only a superseded one made current again
 * (`from: "superseded"`). Returns the previous current snapshot's id, or false when `id` was not
 * in the `from` state (the caller reports it; nothing changed).
 */
export async function makeSnapshotCurrent(
  c: Conn,
  id: string,
  options: { from: Extract<CreditSnapshotStatus, "pending" | "superseded">; by: string | null; now: Date },
): Promise<{ previous: string | null } | false> {
  const s = c.t.creditSnapshots;
  const [target] = await c.db
    .select({ id: s.id })
    .from(s)
    .where(and(eq(s.id, id), eq(s.status, options.from)))
    .limit(1);
  if (!target) return false;
  const previous = await c.db.update(s).set({ status: "superseded" }).where(eq(s.status, "current")).returning({ id: s.id });
  const confirm = options.from === "pending" ? { confirmedBy: options.by, confirmedAt: options.now } : {};
  const made = await c.db
    .update(s)
    .set({ status: "current", currentSince: options.now, ...confirm })
    .where(and(eq(s.id, id), eq(s.status, options.from)))
    .returning({ id: s.id });
  if (made.length === 0) return false;
  return { previous: previous[0]?.id ?? null };
}

// --- Mappings: MissionChallenge text → mission ----------------------------------------------

export interface CreditMappingView {
  id: string;
  challenge: string;
  challengeKey: string;
  missionId: string;
  missionName: string;
  updatedBy: string | null;
  updatedAt: Date;
}

export async function listCreditMappings({ db, t }: Conn): Promise<CreditMappingView[]> {
  const m = t.creditMappings;
  return db
    .select({
      id: m.id,
      challenge: m.challenge,
      challengeKey: m.challengeKey,
      missionId: m.missionId,
      missionName: t.missions.name,
      updatedBy: m.updatedBy,
      updatedAt: m.updatedAt,
    })
    .from(m)
    .innerJoin(t.missions, eq(t.missions.id, m.missionId))
    .orderBy(asc(m.challengeKey));
}

/** Maps `challenge` to `missionId` (replacing an earlier mapping of the same text); returns the mapping id. */
export async function setCreditMapping(c: Conn, challenge: string, missionId: string, by: string | null, now: Date): Promise<string> {
  const m = c.t.creditMappings;
  const challengeKey = mappingKey(challenge);
  const [existing] = await c.db.select({ id: m.id }).from(m).where(eq(m.challengeKey, challengeKey)).limit(1);
  if (existing) {
    await c.db.update(m).set({ missionId, updatedBy: by, updatedAt: now }).where(eq(m.id, existing.id));
    return existing.id;
  }
  const id = newId();
  await c.db.insert(m).values({ id, challengeKey, challenge: challenge.trim(), missionId, updatedBy: by, updatedAt: now });
  return id;
}

/** Removes a mapping; returns its text, or null when there was none. */
export async function deleteCreditMapping(c: Conn, id: string): Promise<{ challenge: string; missionId: string } | null> {
  const m = c.t.creditMappings;
  const [removed] = await c.db.delete(m).where(eq(m.id, id)).returning({ challenge: m.challenge, missionId: m.missionId });
  return removed ?? null;
}

// --- Campaign settings ---------------------------------------------------------------------

const SETTINGS_ID = "campaign";

export interface CampaignSettings {
  /** Null: the default (official points once a credit list is current, detected before). */
  rankSource: RankSource | null;
  /** Null: core's default similarity threshold. */
  similarityThreshold: number | null;
  updatedBy: string | null;
  updatedAt: Date | null;
}

export async function loadCampaignSettings({ db, t }: Conn): Promise<CampaignSettings> {
  const [row] = await db.select().from(t.campaignSettings).where(eq(t.campaignSettings.id, SETTINGS_ID)).limit(1);
  return {
    rankSource: row?.rankSource ?? null,
    similarityThreshold: row?.similarityThreshold ?? null,
    updatedBy: row?.updatedBy ?? null,
    updatedAt: row?.updatedAt ?? null,
  };
}

export async function saveCampaignSettings(
  c: Conn,
  values: { rankSource: RankSource | null; similarityThreshold: number | null },
  by: string | null,
  now: Date,
): Promise<void> {
  const s = c.t.campaignSettings;
  const set = { ...values, updatedBy: by, updatedAt: now };
  await c.db
    .insert(s)
    .values({ id: SETTINGS_ID, ...set })
    .onConflictDoUpdate({ target: s.id, set });
}

// --- People: SharePoint emails among accounts and OpenWebUI users ----------------------------

export interface CreditPersonLink {
  /** The email as normalised for matching (core normalizeEmail). */
  email: string;
  /** SharePoint UserIDs seen with this email in the snapshot. */
  sharepointUserIds: number[];
  /** The account whose email it is, if any. */
  account: { id: string; name: string } | null;
  /** OpenWebUI users with this email (several is a conflict staff resolve on /staff/people). */
  owuiUserIds: string[];
}

/** Emails per statement in the lookups below. */
const EMAIL_CHUNK = 500;

/**
 * Every email of a snapshot with the account and OpenWebUI users it matches by email, for reading
 * only: nothing is linked, merged or deleted here (people are never merged by an upload).
 */
export async function creditPeopleLinks({ db, t }: Conn, snapshotId: string): Promise<CreditPersonLink[]> {
  const r = t.creditRows;
  const pairs = await db
    .selectDistinct({ email: r.email, sharepointUserId: r.sharepointUserId })
    .from(r)
    .where(eq(r.snapshotId, snapshotId));
  const byEmail = new Map<string, CreditPersonLink>();
  for (const pair of pairs) {
    const email = normalizeEmail(pair.email);
    const person = byEmail.get(email) ?? { email, sharepointUserIds: [], account: null, owuiUserIds: [] };
    if (!person.sharepointUserIds.includes(pair.sharepointUserId)) person.sharepointUserIds.push(pair.sharepointUserId);
    byEmail.set(email, person);
  }
  const emails = [...byEmail.keys()];
  for (let i = 0; i < emails.length; i += EMAIL_CHUNK) {
    const part = emails.slice(i, i + EMAIL_CHUNK);
    const accounts = await db
      .select({ id: t.users.id, name: t.users.name, email: t.users.email })
      .from(t.users)
      .where(inArray(t.users.email, part));
    for (const a of accounts) {
      const person = byEmail.get(normalizeEmail(a.email));
      if (person) person.account = { id: a.id, name: a.name };
    }
    const owui = await db
      .select({ id: t.owuiUsers.id, email: t.owuiUsers.email })
      .from(t.owuiUsers)
      .where(inArray(sql`lower(trim(${t.owuiUsers.email}))`, part));
    for (const o of owui) {
      const person = o.email ? byEmail.get(normalizeEmail(o.email)) : undefined;
      if (person && !person.owuiUserIds.includes(o.id)) person.owuiUserIds.push(o.id);
    }
  }
  for (const person of byEmail.values()) {
    person.sharepointUserIds.sort((a, b) => a - b);
    person.owuiUserIds.sort();
  }
  return [...byEmail.values()].sort((a, b) => a.email.localeCompare(b.email));
}

// --- What credits jobs leave for the page (docs/decisions/028) ------------------------------

export type CreditJobOutputRow = Schema["creditJobOutputs"]["$inferSelect"];
export type NewCreditJobOutput = Omit<Schema["creditJobOutputs"]["$inferInsert"], "createdAt">;

/** Keeps a credits job's output (in the caller's transaction). */
export async function saveCreditJobOutput({ db, t }: Conn, output: NewCreditJobOutput): Promise<void> {
  await db.insert(t.creditJobOutputs).values(output);
}

/** A credits job's output, or null (not finished, failed, or removed). */
export async function findCreditJobOutput({ db, t }: Conn, runId: string): Promise<CreditJobOutputRow | null> {
  const [row] = await db.select().from(t.creditJobOutputs).where(eq(t.creditJobOutputs.runId, runId)).limit(1);
  return row ?? null;
}

/** Removes outputs kept since before `before` (previews and workbooks nobody came back for). */
export async function pruneCreditJobOutputs({ db, t }: Conn, before: Date): Promise<number> {
  const removed = await db
    .delete(t.creditJobOutputs)
    .where(lt(t.creditJobOutputs.createdAt, before))
    .returning({ runId: t.creditJobOutputs.runId });
  return removed.length;
}
