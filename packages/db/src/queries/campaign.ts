// What the campaign views read besides the credit snapshot (docs/product/credits.md §C-9): the
// people credits can belong to (OpenWebUI users with their linked account, and accounts linked to
// no OpenWebUI user) and the completion records. Each is one select of the needed columns, bounded
// by the number of people or of completions, never one query per credit row.
import type { CompletionRecord, LeaderboardNameStyle } from "@missionboard/core";
import { and, asc, eq, inArray, notExists, sql } from "drizzle-orm";
import type { Conn } from "../store";
import type { StoredCreditRow } from "./credits";

/** An OpenWebUI user (a board's learner) with the account linked to it, if any. */
export interface CampaignLearnerRow {
  id: string;
  name: string | null;
  email: string | null;
  accountId: string | null;
  accountName: string | null;
  accountEmail: string | null;
  nameStyle: LeaderboardNameStyle | null;
}

/** Every OpenWebUI user that is somebody (a blank id is nobody, missions.md §M-11), with its account. */
export async function campaignLearners({ db, t }: Conn): Promise<CampaignLearnerRow[]> {
  const o = t.owuiUsers;
  const u = t.users;
  return db
    .select({
      id: o.id,
      name: o.name,
      email: o.email,
      accountId: u.id,
      accountName: u.name,
      accountEmail: u.email,
      nameStyle: u.leaderboardName,
    })
    .from(o)
    .leftJoin(u, eq(u.id, o.userId))
    .where(sql`trim(${o.id}) <> ''`);
}

export interface CampaignAccountRow {
  id: string;
  name: string;
  email: string;
  nameStyle: LeaderboardNameStyle;
}

/** Accounts no OpenWebUI user is linked to (a person of their own for credits). */
export async function accountsWithoutLearner({ db, t }: Conn): Promise<CampaignAccountRow[]> {
  const u = t.users;
  const o = t.owuiUsers;
  return db
    .select({ id: u.id, name: u.name, email: u.email, nameStyle: u.leaderboardName })
    .from(u)
    .where(notExists(db.select({ one: sql`1` }).from(o).where(eq(o.userId, u.id))));
}

/** Every completion record, with the columns core's counting reads (countedCompletions). */
export async function allCompletionRecords({ db, t }: Conn): Promise<CompletionRecord[]> {
  const c = t.missionCompletions;
  return db
    .select({ attemptId: c.attemptId, missionId: c.missionId, owuiUserId: c.owuiUserId, completedAt: c.completedAt, points: c.points })
    .from(c);
}

/** The emails an account is known by for credits: its own and its linked OpenWebUI user's, as stored. */
export async function emailsOfAccount({ db, t }: Conn, userId: string): Promise<string[]> {
  const [account] = await db.select({ email: t.users.email }).from(t.users).where(eq(t.users.id, userId)).limit(1);
  const owui = await db.select({ email: t.owuiUsers.email }).from(t.owuiUsers).where(eq(t.owuiUsers.userId, userId));
  return [account?.email, ...owui.map((o) => o.email)].filter((e): e is string => !!e?.trim());
}

/**
 * A snapshot's rows of a few people, by email compared trimmed and lower-cased (one person's rows,
 * for "My missions": no need to read the whole list).
 */
export async function creditRowsOfEmails({ db, t }: Conn, snapshotId: string, emails: readonly string[]): Promise<StoredCreditRow[]> {
  const keys = [...new Set(emails.map((e) => e.trim().toLowerCase()).filter(Boolean))];
  if (keys.length === 0) return [];
  const r = t.creditRows;
  const rows = await db
    .select()
    .from(r)
    .where(and(eq(r.snapshotId, snapshotId), inArray(sql`lower(trim(${r.email}))`, keys)))
    .orderBy(asc(r.line));
  return rows.map(({ snapshotId: _, ...row }) => row);
}
