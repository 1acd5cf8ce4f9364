// Figures for the staff and admin dashboards and the staff digest. All counts use count().
import { and, asc, count, desc, eq, gte, inArray, isNotNull, isNull, min, sql } from "drizzle-orm";
import type { Conn } from "../store";

/** The approval queue's size and the submission time of its oldest request. */
export async function pendingQueueFacts({ db, t }: Conn): Promise<{ pending: number; oldestSubmittedAt: Date | null }> {
  const r = t.badgeRequests;
  const [row] = await db
    .select({ pending: count(), oldest: min(r.submittedAt) })
    .from(r)
    .where(eq(r.status, "pending"));
  return { pending: row?.pending ?? 0, oldestSubmittedAt: row?.oldest ? new Date(row.oldest) : null };
}

/** Titles of catalog items by id (for programs referenced by grouped counts). */
async function titlesOf({ db, t }: Conn, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: t.catalogItems.id, title: t.catalogItems.title })
    .from(t.catalogItems)
    .where(inArray(t.catalogItems.id, [...ids]));
  return new Map(rows.map((r) => [r.id, r.title]));
}

export interface ProgramCount {
  programId: string | null;
  title: string;
  count: number;
}

/** Pending requests per program, largest first. */
export async function pendingByProgram(conn: Conn): Promise<ProgramCount[]> {
  const { db, t } = conn;
  const program = sql<string | null>`coalesce(${t.catalogItems.programId}, ${t.catalogItems.id})`;
  const rows = await db
    .select({ programId: program, n: count() })
    .from(t.badgeRequests)
    .innerJoin(t.catalogItems, eq(t.catalogItems.id, t.badgeRequests.itemId))
    .where(eq(t.badgeRequests.status, "pending"))
    .groupBy(program);
  const titles = await titlesOf(
    conn,
    rows.flatMap((r) => (r.programId ? [r.programId] : [])),
  );
  return rows
    .map((r) => ({ programId: r.programId, title: (r.programId && titles.get(r.programId)) || "No program", count: r.n }))
    .sort((a, b) => b.count - a.count || a.title.localeCompare(b.title));
}

/** Approved and rejected decisions since `since`. */
export async function decisionsSince({ db, t }: Conn, since: Date): Promise<{ approved: number; rejected: number }> {
  const r = t.badgeRequests;
  const rows = await db
    .select({ status: r.status, n: count() })
    .from(r)
    .where(and(inArray(r.status, ["approved", "rejected"]), gte(r.decidedAt, since)))
    .groupBy(r.status);
  const of = (status: string) => rows.find((row) => row.status === status)?.n ?? 0;
  return { approved: of("approved"), rejected: of("rejected") };
}

/** Programs with the most live awards (any badge of the program, or the program itself) since `since`. */
export async function topProgramsByAwards(conn: Conn, since: Date, limit: number): Promise<ProgramCount[]> {
  const { db, t } = conn;
  const program = sql<string | null>`coalesce(${t.catalogItems.programId}, ${t.catalogItems.id})`;
  const rows = await db
    .select({ programId: program, n: count() })
    .from(t.awards)
    .innerJoin(t.catalogItems, eq(t.catalogItems.id, t.awards.itemId))
    .where(and(gte(t.awards.awardedAt, since), isNull(t.awards.revokedAt)))
    .groupBy(program)
    .orderBy(desc(count()), asc(program))
    .limit(limit);
  const titles = await titlesOf(
    conn,
    rows.flatMap((r) => (r.programId ? [r.programId] : [])),
  );
  return rows.map((r) => ({ programId: r.programId, title: (r.programId && titles.get(r.programId)) || "No program", count: r.n }));
}

/** Catalog items per kind, active and inactive. */
export async function catalogCounts({ db, t }: Conn) {
  return db
    .select({ kind: t.catalogItems.kind, isActive: t.catalogItems.isActive, n: count() })
    .from(t.catalogItems)
    .groupBy(t.catalogItems.kind, t.catalogItems.isActive);
}

/** Award totals: all awards ever made, how many were revoked, and live awards per kind. */
export async function awardTotals({ db, t }: Conn) {
  const a = t.awards;
  const [all] = await db.select({ n: count() }).from(a);
  const [revoked] = await db.select({ n: count() }).from(a).where(isNotNull(a.revokedAt));
  const byKind = await db.select({ kind: a.kind, n: count() }).from(a).where(isNull(a.revokedAt)).groupBy(a.kind);
  return { total: all?.n ?? 0, revoked: revoked?.n ?? 0, byKind };
}

/** When each award since `since` was made (for week buckets, computed in core). */
export async function awardTimesSince({ db, t }: Conn, since: Date): Promise<Date[]> {
  const rows = await db.select({ at: t.awards.awardedAt }).from(t.awards).where(gte(t.awards.awardedAt, since));
  return rows.map((r) => r.at);
}

/** Active admins and assistants who want email notifications: the digest's recipients. */
export async function digestRecipients({ db, t }: Conn) {
  const u = t.users;
  return db
    .select({ id: u.id, email: u.email, name: u.name })
    .from(u)
    .where(and(inArray(u.role, ["admin", "assistant"]), eq(u.status, "active"), eq(u.emailNotifications, true)))
    .orderBy(asc(u.email));
}
