// Links between OpenWebUI users and accounts (docs/product/missions.md §M-18, §M-20): the
// candidates for linking by email, the links themselves, and the staff lists on /staff/people.
// Writes run inside the caller's store.tx.
import type { LinkableAccount, LinkableOwuiUser, OwuiLinkMethod, PageInput } from "@missionboard/core";
import { emailKey, pageOffset } from "@missionboard/core";
import { and, asc, count, eq, gt, inArray, isNotNull, isNull, lte, or, type SQL, sql } from "drizzle-orm";
import type { Conn } from "../store";
import { containsLower } from "./text-match";

/** Accounts looked at per round of linking by email; each round is two bounded queries. */
export const EMAIL_LINK_PAGE = 500;

export interface EmailLinkCandidates {
  accounts: LinkableAccount[];
  owuiUsers: LinkableOwuiUser[];
  /** The last account id of this page, to pass as `after`; null when there is no next page. */
  next: string | null;
}

/**
 * One page (by account id) of verified accounts linked to nobody that an unlinked, not blocked
 * OpenWebUI user shares its email with, and every such OpenWebUI user of those emails (so core's
 * planEmailLinks sees the conflicts). Emails meet as keys: `owui_users.email_key` is the email
 * normalised exactly as `users.email` is stored (core's emailKey, Unicode case on both engines),
 * so both sides of the join are indexed (ADR 026); one account's sign-in looks up its own email.
 */
export async function emailLinkCandidates(
  { db, t }: Conn,
  options: { userId?: string; after?: string | null; limit?: number } = {},
): Promise<EmailLinkCandidates> {
  const o = t.owuiUsers;
  const u = t.users;
  const limit = Math.min(options.limit ?? EMAIL_LINK_PAGE, EMAIL_LINK_PAGE);
  const unlinkedOwui = and(isNull(o.userId), eq(o.linkBlocked, false), isNotNull(o.emailKey));
  const accountLinked = sql`exists (select 1 from ${o} as l where l.user_id = ${u.id})`;
  const conditions: (SQL | undefined)[] = [unlinkedOwui, isNotNull(u.emailVerifiedAt), sql`not ${accountLinked}`];
  if (options.userId) conditions.push(eq(u.id, options.userId));
  if (options.after) conditions.push(gt(u.id, options.after));
  const accounts = await db
    .selectDistinct({ id: u.id, email: u.email })
    .from(o)
    .innerJoin(u, eq(u.email, o.emailKey))
    .where(and(...conditions))
    .orderBy(asc(u.id))
    .limit(limit);
  if (accounts.length === 0) return { accounts: [], owuiUsers: [], next: null };
  const owuiUsers = await db
    // The key is the email core compares: the one the join matched on.
    .select({ id: o.id, email: o.emailKey, userId: o.userId, blocked: o.linkBlocked })
    .from(o)
    .where(
      and(
        unlinkedOwui,
        inArray(
          o.emailKey,
          accounts.map((a) => a.email),
        ),
      ),
    );
  return {
    accounts: accounts.map((a) => ({ id: a.id, email: a.email, verified: true, linked: false })),
    owuiUsers,
    next: accounts.length === limit ? (accounts[accounts.length - 1]?.id ?? null) : null,
  };
}

/** Rows read per round when keying emails the migration left unkeyed. */
const EMAIL_KEY_FILL_PAGE = 500;

/**
 * Keys the emails migration 0014 (owui_email_key) could not key in SQL: those with a non-ASCII or
 * control character, which need NFC and Unicode case (ADR 026). Every writer keys the emails it
 * writes, so an email without a key is exactly one left by the migration; the store's migrate()
 * calls this after every migration run, and it costs one scan when there is nothing to do.
 * Returns how many rows it keyed. Call inside store.tx.
 */
export async function fillMissingEmailKeys({ db, t }: Conn): Promise<number> {
  const o = t.owuiUsers;
  let filled = 0;
  let after = "";
  for (;;) {
    const rows = await db
      .select({ id: o.id, email: o.email })
      .from(o)
      .where(and(isNull(o.emailKey), isNotNull(o.email), gt(o.id, after)))
      .orderBy(asc(o.id))
      .limit(EMAIL_KEY_FILL_PAGE);
    for (const row of rows) {
      const key = emailKey(row.email);
      if (key === null) continue; // a blank email: no key, as the writers leave it
      // updatedAt is the reload's mark (its sweep reads it): a key is not a change of the user.
      await db
        .update(o)
        .set({ emailKey: key })
        .where(and(eq(o.id, row.id), isNull(o.emailKey)));
      filled++;
    }
    const last = rows[rows.length - 1];
    if (!last || rows.length < EMAIL_KEY_FILL_PAGE) return filled;
    after = last.id;
  }
}

/**
 * Whether an account could be linked by email at all: verified and linked to nobody (two indexed
 * lookups). Sign-in asks this first, so the common sign-in (linked already, or unverified) costs
 * no more than that.
 */
export async function accountAwaitsEmailLink({ db, t }: Conn, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: t.users.id })
    .from(t.users)
    .where(
      and(
        eq(t.users.id, userId),
        isNotNull(t.users.emailVerifiedAt),
        sql`not exists (select 1 from ${t.owuiUsers} where ${t.owuiUsers.userId} = ${t.users.id})`,
      ),
    )
    .limit(1);
  return Boolean(row);
}

export interface OwuiLinkRow {
  id: string;
  name: string | null;
  email: string | null;
  userId: string | null;
  linkMethod: OwuiLinkMethod | null;
  linkBlocked: boolean;
}

const linkColumns = ({ t }: Conn) => ({
  id: t.owuiUsers.id,
  name: t.owuiUsers.name,
  email: t.owuiUsers.email,
  userId: t.owuiUsers.userId,
  linkMethod: t.owuiUsers.linkMethod,
  linkBlocked: t.owuiUsers.linkBlocked,
});

export async function findOwuiUser(conn: Conn, id: string): Promise<OwuiLinkRow | null> {
  const [row] = await conn.db.select(linkColumns(conn)).from(conn.t.owuiUsers).where(eq(conn.t.owuiUsers.id, id)).limit(1);
  return row ?? null;
}

/** The OpenWebUI user linked to an account, if any (the unique index on `user_id` makes it one). */
export async function findOwuiUserOfAccount(conn: Conn, userId: string): Promise<OwuiLinkRow | null> {
  const [row] = await conn.db.select(linkColumns(conn)).from(conn.t.owuiUsers).where(eq(conn.t.owuiUsers.userId, userId)).limit(1);
  return row ?? null;
}

/**
 * Links an OpenWebUI user that is linked to nobody; by email only while staff have not blocked it.
 * Clears the block (a staff link is a decision). Returns false when either side is linked (or
 * the OpenWebUI user blocked, by email); throws a unique violation only when another transaction
 * links the account at the same moment.
 */
export async function setOwuiLink(
  { db, t }: Conn,
  link: { owuiUserId: string; userId: string; method: OwuiLinkMethod },
  now: Date,
): Promise<boolean> {
  const o = t.owuiUsers;
  // The account's own check keeps the common race (linked a moment ago by a committed transaction)
  // a plain false; only a truly simultaneous link reaches the unique index.
  const accountFree = sql`not exists (select 1 from ${o} as l where l.user_id = ${link.userId})`;
  const guard = and(isNull(o.userId), accountFree, link.method === "email" ? eq(o.linkBlocked, false) : undefined);
  const rows = await db
    .update(o)
    .set({ userId: link.userId, linkMethod: link.method, linkBlocked: false, updatedAt: now })
    .where(and(eq(o.id, link.owuiUserId), guard))
    .returning({ id: o.id });
  return rows.length > 0;
}

/**
 * Unlinks an OpenWebUI user and blocks automatic linking of it from then on. Returns the account it
 * was linked to, or null when it was linked to none.
 */
export async function clearOwuiLink({ db, t }: Conn, owuiUserId: string, now: Date): Promise<string | null> {
  const o = t.owuiUsers;
  const [before] = await db.select({ userId: o.userId }).from(o).where(eq(o.id, owuiUserId)).limit(1);
  if (!before?.userId) return null;
  const rows = await db
    .update(o)
    .set({ userId: null, linkMethod: null, linkBlocked: true, updatedAt: now })
    .where(and(eq(o.id, owuiUserId), eq(o.userId, before.userId)))
    .returning({ id: o.id });
  return rows.length ? before.userId : null;
}

export interface PeopleFilter {
  /** Case-insensitive substring of the name or email. */
  search?: string;
}

const searchOf = (filter: PeopleFilter, ...cols: Parameters<typeof containsLower>[0][]): SQL | undefined => {
  const needle = filter.search?.trim();
  return needle ? or(...cols.map((c) => containsLower(c, needle))) : undefined;
};

/**
 * OpenWebUI users linked to no account, those with an email first, with how many chats each has
 * (an indexed count per row of the page).
 */
export async function listUnlinkedOwuiUsers(conn: Conn, filter: PeopleFilter, page: PageInput) {
  const { db, t } = conn;
  const o = t.owuiUsers;
  // The key too: SQLite's lower() leaves non-ASCII capitals, so "élodie" finds "ÉLODIE@x.org" by its key.
  const where = and(isNull(o.userId), searchOf(filter, o.name, o.email, o.emailKey, o.id));
  const rows = await db
    .select({
      ...linkColumns(conn),
      source: o.source,
      // Spelled out: drizzle leaves select-list columns of a one-table query unqualified.
      chats: sql<number>`(select count(*) from "chats" where "chats"."owui_user_id" = "owui_users"."id")`.mapWith(Number),
    })
    .from(o)
    .where(where)
    .orderBy(sql`case when ${o.email} is null then 1 else 0 end`, sql`lower(coalesce(${o.name}, ${o.email}, ${o.id}))`, asc(o.id))
    .limit(page.pageSize)
    .offset(pageOffset(page));
  const [total] = await db.select({ n: count() }).from(o).where(where);
  return { rows, total: total?.n ?? 0 };
}

export type UnlinkedOwuiUserRow = Awaited<ReturnType<typeof listUnlinkedOwuiUsers>>["rows"][number];

/** Active accounts no OpenWebUI user is linked to, students first, then by name. */
export async function listUnlinkedAccounts({ db, t }: Conn, filter: PeopleFilter, page: PageInput) {
  const u = t.users;
  const where = and(
    eq(u.status, "active"),
    sql`not exists (select 1 from ${t.owuiUsers} where ${t.owuiUsers.userId} = ${u.id})`,
    searchOf(filter, u.name, u.email),
  );
  const rows = await db
    .select({ id: u.id, name: u.name, email: u.email, role: u.role, emailVerified: sql<boolean>`${u.emailVerifiedAt} is not null` })
    .from(u)
    .where(where)
    .orderBy(sql`case when ${u.role} = 'student' then 0 else 1 end`, sql`lower(${u.name})`, asc(u.id))
    .limit(page.pageSize)
    .offset(pageOffset(page));
  const [total] = await db.select({ n: count() }).from(u).where(where);
  return { rows: rows.map((r) => ({ ...r, emailVerified: Boolean(r.emailVerified) })), total: total?.n ?? 0 };
}

export type UnlinkedAccountRow = Awaited<ReturnType<typeof listUnlinkedAccounts>>["rows"][number];

/** OpenWebUI users with the account each is linked to, by the account's name. */
export async function listLinkedPairs({ db, t }: Conn, filter: PeopleFilter, page: PageInput) {
  const o = t.owuiUsers;
  const u = t.users;
  const where = and(isNotNull(o.userId), searchOf(filter, o.name, o.email, u.name, u.email));
  const rows = await db
    .select({
      owuiUserId: o.id,
      owuiName: o.name,
      owuiEmail: o.email,
      linkMethod: o.linkMethod,
      userId: u.id,
      userName: u.name,
      userEmail: u.email,
    })
    .from(o)
    .innerJoin(u, eq(u.id, o.userId))
    .where(where)
    .orderBy(sql`lower(${u.name})`, asc(u.id))
    .limit(page.pageSize)
    .offset(pageOffset(page));
  const [total] = await db.select({ n: count() }).from(o).innerJoin(u, eq(u.id, o.userId)).where(where);
  return { rows, total: total?.n ?? 0 };
}

export type LinkedPairRow = Awaited<ReturnType<typeof listLinkedPairs>>["rows"][number];

/** OpenWebUI users shown per conflict; the rest are counted (`size`), and the search finds them all. */
export const CONFLICT_USERS_SHOWN = 10;

export interface EmailConflictGroup {
  emailKey: string;
  /** How many unlinked, not blocked OpenWebUI users share the email. */
  size: number;
  /** The first CONFLICT_USERS_SHOWN of them by id, each with its number of chats (to tell which is the learner's). */
  owuiUsers: { id: string; name: string | null; email: string | null; chats: number }[];
  /** The account of that email, if there is one. */
  account: { id: string; name: string; email: string; verified: boolean; linked: boolean } | null;
}

/**
 * Emails that two or more unlinked OpenWebUI users share (staff did not unlink them by hand), one
 * page by email: linking by email links none of them (core planEmailLinks), so staff pick one by
 * hand. Grouped on the indexed `email_key`; then, for the page's emails only, their OpenWebUI
 * users (at most CONFLICT_USERS_SHOWN each), their chat counts and the accounts: four bounded
 * queries and a count, whatever the number of OpenWebUI users.
 */
export async function listEmailConflicts({ db, t }: Conn, page: PageInput): Promise<{ rows: EmailConflictGroup[]; total: number }> {
  const o = t.owuiUsers;
  const u = t.users;
  const unlinked = and(isNull(o.userId), eq(o.linkBlocked, false), isNotNull(o.emailKey));
  const grouped = () =>
    db
      .select({ emailKey: o.emailKey, size: count().as("size") })
      .from(o)
      .where(unlinked)
      .groupBy(o.emailKey)
      .having(gt(count(), 1));
  const groups = await grouped().orderBy(asc(o.emailKey)).limit(page.pageSize).offset(pageOffset(page));
  const [total] = await db.select({ n: count() }).from(grouped().as("conflicts"));
  const keys = groups.flatMap((g) => (g.emailKey === null ? [] : [g.emailKey]));
  if (keys.length === 0) return { rows: [], total: total?.n ?? 0 };

  const ranked = db
    .select({
      id: o.id,
      name: o.name,
      email: o.email,
      emailKey: o.emailKey,
      rank: sql<number>`row_number() over (partition by ${o.emailKey} order by ${o.id})`.as("rank"),
    })
    .from(o)
    .where(and(unlinked, inArray(o.emailKey, keys)))
    .as("ranked");
  const members = await db
    .select({ id: ranked.id, name: ranked.name, email: ranked.email, emailKey: ranked.emailKey })
    .from(ranked)
    .where(lte(ranked.rank, CONFLICT_USERS_SHOWN))
    .orderBy(asc(ranked.emailKey), asc(ranked.id));
  const chats = await db
    .select({ owuiUserId: t.chats.owuiUserId, n: count() })
    .from(t.chats)
    .where(
      inArray(
        t.chats.owuiUserId,
        members.map((m) => m.id),
      ),
    )
    .groupBy(t.chats.owuiUserId);
  const accounts = await db
    .select({
      id: u.id,
      name: u.name,
      email: u.email,
      verified: sql<boolean>`${u.emailVerifiedAt} is not null`,
      // Spelled out: drizzle leaves select-list columns of a one-table query unqualified.
      linked: sql<boolean>`exists (select 1 from "owui_users" as l where l.user_id = "users"."id")`,
    })
    .from(u)
    .where(inArray(u.email, keys));

  const chatsOf = new Map(chats.map((c) => [c.owuiUserId, c.n]));
  const accountOf = new Map(accounts.map((a) => [a.email, { ...a, verified: Boolean(a.verified), linked: Boolean(a.linked) }]));
  const rows = groups.flatMap((g) => {
    if (g.emailKey === null) return [];
    const key = g.emailKey;
    return [
      {
        emailKey: key,
        size: g.size,
        owuiUsers: members
          .filter((m) => m.emailKey === key)
          .map((m) => ({ id: m.id, name: m.name, email: m.email, chats: chatsOf.get(m.id) ?? 0 })),
        account: accountOf.get(key) ?? null,
      },
    ];
  });
  return { rows, total: total?.n ?? 0 };
}
