import {
  backoffSteps,
  type LeaderboardNameStyle,
  type OAuthProvider,
  type RateRule,
  type RateWindow,
  type Role,
  recordAttempt,
  type TokenPurpose,
  type UserOrigin,
  type UserStatus,
} from "@missionboard/core";
import { and, eq, gt, inArray, isNotNull, isNull, lt, lte, ne, or, sql } from "drizzle-orm";
import type { Conn } from "../store";

// --- users -------------------------------------------------------------------------------------

export async function findUserById({ db, t }: Conn, id: string) {
  const [row] = await db.select().from(t.users).where(eq(t.users.id, id)).limit(1);
  return row ?? null;
}

export interface UserPatch {
  name?: string;
  role?: Role;
  status?: UserStatus;
  passwordHash?: string | null;
  emailVerifiedAt?: Date | null;
  displayName?: string | null;
  substackEmail?: string | null;
  meetupEmail?: string | null;
  consentAt?: Date | null;
  consentVersion?: string | null;
  onboardedAt?: Date | null;
  origin?: UserOrigin;
  lastSignInAt?: Date | null;
  roleDecidedAt?: Date | null;
  leaderboardName?: LeaderboardNameStyle;
}

export async function updateUser({ db, t }: Conn, id: string, patch: UserPatch, now: Date) {
  const [row] = await db
    .update(t.users)
    .set({ ...patch, updatedAt: now })
    .where(eq(t.users.id, id))
    .returning();
  return row ?? null;
}

/**
 * Moves a user from one status to another only if they are still in the first one: the
 * conditional update is the race guard when two staff act at once.
 */
export async function transitionUserStatus({ db, t }: Conn, id: string, from: UserStatus, to: UserStatus, now: Date) {
  const [row] = await db
    .update(t.users)
    .set({ status: to, updatedAt: now })
    .where(and(eq(t.users.id, id), eq(t.users.status, from)))
    .returning();
  return row ?? null;
}

/**
 * ADMIN_EMAILS' promotion, once per account: makes the user an active admin only if no admin (nor
 * an earlier promotion) has decided their role yet. Null when it did not apply; conditional, so a
 * demotion committed meanwhile wins.
 */
export async function promoteByConfig({ db, t }: Conn, id: string, now: Date) {
  const [row] = await db
    .update(t.users)
    .set({ role: "admin", status: "active", roleDecidedAt: now, updatedAt: now })
    .where(and(eq(t.users.id, id), isNull(t.users.roleDecidedAt), ne(t.users.role, "admin"), ne(t.users.status, "deactivated")))
    .returning();
  return row ?? null;
}

// --- linked provider accounts --------------------------------------------------------------------

export async function findIdentity({ db, t }: Conn, provider: OAuthProvider, subject: string) {
  const [row] = await db
    .select()
    .from(t.authIdentities)
    .where(and(eq(t.authIdentities.provider, provider), eq(t.authIdentities.subject, subject)))
    .limit(1);
  return row ?? null;
}

export async function insertIdentity(
  { db, t }: Conn,
  identity: { userId: string; provider: OAuthProvider; subject: string; email: string; now: Date },
) {
  await db.insert(t.authIdentities).values({
    userId: identity.userId,
    provider: identity.provider,
    subject: identity.subject,
    email: identity.email,
    createdAt: identity.now,
  });
}

// --- single-use tokens ---------------------------------------------------------------------------

export async function insertAuthToken(
  { db, t }: Conn,
  token: { id: string; userId: string; purpose: TokenPurpose; expiresAt: Date; now: Date },
) {
  await db
    .insert(t.authTokens)
    .values({ id: token.id, userId: token.userId, purpose: token.purpose, expiresAt: token.expiresAt, createdAt: token.now });
}

/** Marks a token used if it is unused and unexpired; returns its user, or null. Single use even under races. */
export async function consumeAuthToken({ db, t }: Conn, id: string, purpose: TokenPurpose, now: Date): Promise<string | null> {
  const [row] = await db
    .update(t.authTokens)
    .set({ usedAt: now })
    .where(and(eq(t.authTokens.id, id), eq(t.authTokens.purpose, purpose), isNull(t.authTokens.usedAt), gt(t.authTokens.expiresAt, now)))
    .returning({ userId: t.authTokens.userId });
  return row?.userId ?? null;
}

/** A newer link replaces older ones: only the latest emailed token of a purpose works. */
export async function revokeAuthTokens({ db, t }: Conn, userId: string, purpose: TokenPurpose, now: Date) {
  await db
    .update(t.authTokens)
    .set({ usedAt: now })
    .where(and(eq(t.authTokens.userId, userId), eq(t.authTokens.purpose, purpose), isNull(t.authTokens.usedAt)));
}

/**
 * Deletes up to `limit` emailed tokens that can no longer be redeemed (used or expired); returns
 * how many. A deleted token is refused like a used one, so this changes no answer.
 */
export async function purgeDeadAuthTokens({ db, t }: Conn, now: Date, limit: number): Promise<number> {
  const k = t.authTokens;
  const dead = db
    .select({ id: k.id })
    .from(k)
    .where(or(lte(k.expiresAt, now), isNotNull(k.usedAt)))
    .limit(limit);
  const gone = await db.delete(k).where(inArray(k.id, dead)).returning({ id: k.id });
  return gone.length;
}

// --- rate limits -----------------------------------------------------------------------------------

export async function readRateWindow({ db, t }: Conn, key: string): Promise<RateWindow | null> {
  const [row] = await db
    .select({ count: t.rateLimits.count, windowStartedAt: t.rateLimits.windowStartedAt, nextAllowedAt: t.rateLimits.nextAllowedAt })
    .from(t.rateLimits)
    .where(eq(t.rateLimits.key, key))
    .limit(1);
  return row ?? null;
}

/**
 * Counts one attempt if `rule` allows it at `now`; false (nothing written) when it does not.
 * Check and count are one conditional upsert, so concurrent callers on pooled Postgres cannot
 * both take the last slot: the row lock makes each re-check the count the other wrote. The
 * statement is core's `checkRate` + `recordAttempt` in SQL ("no wait" is stored as the window's
 * start rather than null, so every branch of the CASE has the column's type on Postgres).
 */
export async function takeRateSlot({ db, t }: Conn, key: string, rule: RateRule, now: Date): Promise<boolean> {
  const r = t.rateLimits;
  const at = (date: Date) => sql.param(date, r.nextAllowedAt);
  const over = lte(r.windowStartedAt, new Date(now.getTime() - rule.windowMs));
  const first = recordAttempt(null, rule, now);
  // The wait after this attempt, by the count it brings the window to (longest step first).
  const waits = backoffSteps(rule)
    .reverse()
    .map((step) => sql`when ${r.count} + 1 >= ${step.fromCount} then ${at(new Date(now.getTime() + step.delayMs))}`);
  const nextAllowedAt = sql`case when ${over} then ${at(first.nextAllowedAt ?? now)} ${sql.join(waits, sql` `)} else ${r.windowStartedAt} end`;
  const rows = await db
    .insert(r)
    .values({ key, count: 1, windowStartedAt: now, nextAllowedAt: first.nextAllowedAt ?? now })
    .onConflictDoUpdate({
      target: r.key,
      set: {
        count: sql`case when ${over} then 1 else ${r.count} + 1 end`,
        windowStartedAt: sql`case when ${over} then ${sql.param(now, r.windowStartedAt)} else ${r.windowStartedAt} end`,
        nextAllowedAt,
      },
      setWhere: or(over, and(lt(r.count, rule.limit), or(isNull(r.nextAllowedAt), lte(r.nextAllowedAt, now)))),
    })
    .returning({ count: r.count });
  return rows.length === 1;
}

/** Hands back one counted attempt (it succeeded), lifting the wait it imposed. */
export async function releaseRateSlot({ db, t }: Conn, key: string, now: Date): Promise<void> {
  const r = t.rateLimits;
  await db
    .update(r)
    .set({
      count: sql`case when ${r.count} > 0 then ${r.count} - 1 else 0 end`,
      nextAllowedAt: sql`case when ${gt(r.nextAllowedAt, now)} then ${r.windowStartedAt} else ${r.nextAllowedAt} end`,
    })
    .where(eq(r.key, key));
}

export async function clearRateWindow({ db, t }: Conn, key: string): Promise<void> {
  await db.delete(t.rateLimits).where(eq(t.rateLimits.key, key));
}

/** Deletes up to `limit` counters whose window started at or before `cutoff`; returns how many. */
export async function purgeRateWindows({ db, t }: Conn, cutoff: Date, limit: number): Promise<number> {
  const r = t.rateLimits;
  const dead = db.select({ key: r.key }).from(r).where(lte(r.windowStartedAt, cutoff)).limit(limit);
  const gone = await db.delete(r).where(inArray(r.key, dead)).returning({ key: r.key });
  return gone.length;
}

// --- once-only flags ----------------------------------------------------------------------------------

/** Sets a flag; false when it was already set (the primary key decides between racing callers). */
export async function setSystemFlag({ db, t }: Conn, key: string, now: Date): Promise<boolean> {
  const rows = await db.insert(t.systemFlags).values({ key, setAt: now }).onConflictDoNothing().returning({ key: t.systemFlags.key });
  return rows.length === 1;
}

export async function hasSystemFlag({ db, t }: Conn, key: string): Promise<boolean> {
  return (await db.$count(t.systemFlags, eq(t.systemFlags.key, key))) > 0;
}
