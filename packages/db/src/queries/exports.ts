// Export readers: each returns one page of a table in id order after `after` (keyset paging, so
// a streamed download never skips or repeats a row while pages are read one by one).
import { asc, eq, gt, inArray, type SQL } from "drizzle-orm";
import type { Conn } from "../store";

export interface ExportPageInput {
  /** The last id of the previous page, or null for the first page. */
  after: string | null;
  limit: number;
}

const afterId = (column: Parameters<typeof gt>[0], after: string | null): SQL | undefined => (after ? gt(column, after) : undefined);

async function namesOf({ db, t }: Conn, ids: readonly (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => Boolean(id)))];
  if (wanted.length === 0) return new Map();
  const rows = await db.select({ id: t.users.id, name: t.users.name }).from(t.users).where(inArray(t.users.id, wanted));
  return new Map(rows.map((r) => [r.id, r.name]));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Which of `candidates` (strings found in an export page, e.g. inside the audit details) are user
 * ids: one query per 500 distinct id-shaped strings, so a page costs a bounded number of queries.
 */
export async function existingUserIds({ db, t }: Conn, candidates: readonly string[]): Promise<Set<string>> {
  const wanted = [...new Set(candidates.filter((c) => UUID.test(c)))];
  const found = new Set<string>();
  for (let i = 0; i < wanted.length; i += 500) {
    const rows = await db
      .select({ id: t.users.id })
      .from(t.users)
      .where(inArray(t.users.id, wanted.slice(i, i + 500)));
    for (const row of rows) found.add(row.id);
  }
  return found;
}

async function programTitlesOf({ db, t }: Conn, ids: readonly (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => Boolean(id)))];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .select({ id: t.catalogItems.id, title: t.catalogItems.title })
    .from(t.catalogItems)
    .where(inArray(t.catalogItems.id, wanted));
  return new Map(rows.map((r) => [r.id, r.title]));
}

export async function exportRosterPage({ db, t }: Conn, page: ExportPageInput) {
  const u = t.users;
  return db
    .select({
      userId: u.id,
      name: u.name,
      displayName: u.displayName,
      email: u.email,
      substackEmail: u.substackEmail,
      meetupEmail: u.meetupEmail,
      role: u.role,
      status: u.status,
      origin: u.origin,
      emailNotifications: u.emailNotifications,
      onboardedAt: u.onboardedAt,
      lastSignInAt: u.lastSignInAt,
      createdAt: u.createdAt,
    })
    .from(u)
    .where(afterId(u.id, page.after))
    .orderBy(asc(u.id))
    .limit(page.limit);
}

export async function exportAwardsPage(conn: Conn, page: ExportPageInput) {
  const { db, t } = conn;
  const a = t.awards;
  const rows = await db
    .select({
      awardId: a.id,
      userId: a.userId,
      userName: t.users.name,
      userEmail: t.users.email,
      itemId: a.itemId,
      itemTitle: t.catalogItems.title,
      kind: a.kind,
      programId: t.catalogItems.programId,
      source: a.source,
      requestId: a.requestId,
      awardedById: a.awardedBy,
      reason: a.reason,
      awardedAt: a.awardedAt,
      revokedAt: a.revokedAt,
      revokedById: a.revokedBy,
      revokeReason: a.revokeReason,
    })
    .from(a)
    .innerJoin(t.users, eq(t.users.id, a.userId))
    .innerJoin(t.catalogItems, eq(t.catalogItems.id, a.itemId))
    .where(afterId(a.id, page.after))
    .orderBy(asc(a.id))
    .limit(page.limit);
  const names = await namesOf(
    conn,
    rows.flatMap((r) => [r.awardedById, r.revokedById]),
  );
  const programs = await programTitlesOf(
    conn,
    rows.map((r) => r.programId),
  );
  return rows.map(({ programId, ...r }) => ({
    ...r,
    programTitle: programId ? (programs.get(programId) ?? null) : r.kind === "program" ? r.itemTitle : null,
    awardedByName: r.awardedById ? (names.get(r.awardedById) ?? null) : null,
    revokedByName: r.revokedById ? (names.get(r.revokedById) ?? null) : null,
  }));
}

export async function exportRequestsPage(conn: Conn, page: ExportPageInput) {
  const { db, t } = conn;
  const r = t.badgeRequests;
  const rows = await db
    .select({
      requestId: r.id,
      userId: r.userId,
      userName: t.users.name,
      userEmail: t.users.email,
      itemId: r.itemId,
      itemTitle: r.itemTitle,
      programId: t.catalogItems.programId,
      status: r.status,
      note: r.note,
      evidenceUrl: r.evidenceUrl,
      submittedAt: r.submittedAt,
      decidedAt: r.decidedAt,
      decidedById: r.decidedBy,
      decisionReason: r.decisionReason,
    })
    .from(r)
    .innerJoin(t.users, eq(t.users.id, r.userId))
    .innerJoin(t.catalogItems, eq(t.catalogItems.id, r.itemId))
    .where(afterId(r.id, page.after))
    .orderBy(asc(r.id))
    .limit(page.limit);
  const names = await namesOf(
    conn,
    rows.map((row) => row.decidedById),
  );
  const programs = await programTitlesOf(
    conn,
    rows.map((row) => row.programId),
  );
  return rows.map(({ programId, ...row }) => ({
    ...row,
    programTitle: programId ? (programs.get(programId) ?? null) : null,
    decidedByName: row.decidedById ? (names.get(row.decidedById) ?? null) : null,
  }));
}

export async function exportAuditPage({ db, t }: Conn, page: ExportPageInput) {
  const l = t.auditLogs;
  return db
    .select({
      entryId: l.id,
      createdAt: l.createdAt,
      actorId: l.actorId,
      actorName: t.users.name,
      actorEmail: t.users.email,
      action: l.action,
      entityType: l.entityType,
      entityId: l.entityId,
      metadata: l.metadata,
      requestId: l.requestId,
    })
    .from(l)
    .leftJoin(t.users, eq(t.users.id, l.actorId))
    .where(afterId(l.id, page.after))
    .orderBy(asc(l.id))
    .limit(page.limit);
}
