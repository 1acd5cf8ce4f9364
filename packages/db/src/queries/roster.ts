// The roster: staff's list of users, and the admin-only guards around role and status changes.
import type { PageInput, Role, UserStatus } from "@missionboard/core";
import { pageOffset } from "@missionboard/core";
import { type AnyColumn, and, count, eq, isNotNull, isNull, ne, or, type SQL, sql } from "drizzle-orm";
import type { Conn } from "../store";

export const ROSTER_SORTS = ["name", "email", "role", "status", "created", "lastSignIn"] as const;
export type RosterSort = (typeof ROSTER_SORTS)[number];
export const SORT_DIRECTIONS = ["asc", "desc"] as const;
export type SortDirection = (typeof SORT_DIRECTIONS)[number];

export interface RosterFilter {
  /** Case-insensitive substring of the name, display name or email. */
  search?: string;
  role?: Role;
  status?: UserStatus;
  onboarded?: boolean;
}

export interface RosterOrder {
  sort: RosterSort;
  dir: SortDirection;
}

/** `%`, `_` and `\` in a search are literal characters, not wildcards. */
const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Dialect-neutral case-insensitive substring match (pg LIKE is case-sensitive, sqlite's is not). */
const containsLower = (col: AnyColumn, needle: string): SQL =>
  sql`lower(${col}) like ${`%${escapeLike(needle.toLowerCase())}%`} escape '\\'`;

export async function listRoster({ db, t }: Conn, filter: RosterFilter, order: RosterOrder, page: PageInput) {
  const u = t.users;
  const conditions: SQL[] = [];
  const search = filter.search?.trim();
  if (search) {
    const match = or(containsLower(u.name, search), containsLower(u.email, search), containsLower(u.displayName, search));
    if (match) conditions.push(match);
  }
  if (filter.role) conditions.push(eq(u.role, filter.role));
  if (filter.status) conditions.push(eq(u.status, filter.status));
  if (filter.onboarded !== undefined) conditions.push(filter.onboarded ? isNotNull(u.onboardedAt) : isNull(u.onboardedAt));
  const where = conditions.length ? and(...conditions) : undefined;

  const key: Record<RosterSort, SQL> = {
    name: sql`lower(${u.name})`,
    email: sql`${u.email}`,
    role: sql`${u.role}`,
    status: sql`${u.status}`,
    created: sql`${u.createdAt}`,
    lastSignIn: sql`${u.lastSignInAt}`,
  };
  const direction = sql.raw(order.dir === "desc" ? "desc" : "asc");
  // Never-signed-in users sort last in both directions and on both engines; the id (UUIDv7)
  // breaks ties so paging is stable.
  const orderBy = [sql`${key[order.sort]} ${direction} nulls last`, sql`${u.id} ${direction}`];

  const rows = await db
    .select({
      id: u.id,
      email: u.email,
      name: u.name,
      role: u.role,
      status: u.status,
      origin: u.origin,
      displayName: u.displayName,
      substackEmail: u.substackEmail,
      meetupEmail: u.meetupEmail,
      consentAt: u.consentAt,
      consentVersion: u.consentVersion,
      onboardedAt: u.onboardedAt,
      lastSignInAt: u.lastSignInAt,
      createdAt: u.createdAt,
    })
    .from(u)
    .where(where)
    .orderBy(...orderBy)
    .limit(page.pageSize)
    .offset(pageOffset(page));
  const [total] = await db.select({ n: count() }).from(u).where(where);
  return { rows, total: total?.n ?? 0 };
}

export type RosterRow = Awaited<ReturnType<typeof listRoster>>["rows"][number];

/**
 * Takes a row lock on every active admin and returns their ids. Any change that could remove an
 * admin calls it first in its transaction, so two such changes run one after the other on pooled
 * Postgres (SQLite serialises transactions anyway) and the "last active admin" count is current.
 */
export async function lockActiveAdmins({ db, t }: Conn): Promise<string[]> {
  const rows = await db
    .update(t.users)
    .set({ updatedAt: sql`${t.users.updatedAt}` })
    .where(and(eq(t.users.role, "admin"), eq(t.users.status, "active")))
    .returning({ id: t.users.id });
  return rows.map((r) => r.id);
}

/**
 * Changes a user's role only if it is still `from`; null when someone changed it first. Marks the
 * role as decided by an admin, so ADMIN_EMAILS never undoes it.
 */
export async function changeUserRole({ db, t }: Conn, id: string, from: Role, to: Role, now: Date) {
  const [row] = await db
    .update(t.users)
    .set({ role: to, roleDecidedAt: now, updatedAt: now })
    .where(and(eq(t.users.id, id), eq(t.users.role, from), ne(t.users.role, to)))
    .returning();
  return row ?? null;
}

export async function countActiveAdmins({ db, t }: Conn): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(t.users)
    .where(and(eq(t.users.role, "admin"), eq(t.users.status, "active")));
  return row?.n ?? 0;
}

/** True for a unique-index violation on either engine (drizzle may wrap the driver's error). */
export function isUniqueViolation(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY") return true;
  }
  return false;
}
