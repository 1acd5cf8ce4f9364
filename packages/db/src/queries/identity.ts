import type { OAuthProvider, RateWindow, Role, TokenPurpose, UserOrigin, UserStatus } from "@missionboard/core";
import { and, eq, gt, isNull, lt, sql } from "drizzle-orm";
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

// --- rate limits -----------------------------------------------------------------------------------

export async function readRateWindow({ db, t }: Conn, key: string): Promise<RateWindow | null> {
  const [row] = await db
    .select({ count: t.rateLimits.count, windowStartedAt: t.rateLimits.windowStartedAt })
    .from(t.rateLimits)
    .where(eq(t.rateLimits.key, key))
    .limit(1);
  return row ?? null;
}

/** Counts one event; a window older than `windowMs` starts again at 1. Atomic on both engines. */
export async function hitRateWindow({ db, t }: Conn, key: string, windowMs: number, now: Date): Promise<void> {
  const expired = lt(t.rateLimits.windowStartedAt, new Date(now.getTime() - windowMs));
  await db
    .insert(t.rateLimits)
    .values({ key, count: 1, windowStartedAt: now })
    .onConflictDoUpdate({
      target: t.rateLimits.key,
      set: {
        count: sql`case when ${expired} then 1 else ${t.rateLimits.count} + 1 end`,
        windowStartedAt: sql`case when ${expired} then ${sql.param(now, t.rateLimits.windowStartedAt)} else ${t.rateLimits.windowStartedAt} end`,
      },
    });
}

export async function clearRateWindow({ db, t }: Conn, key: string): Promise<void> {
  await db.delete(t.rateLimits).where(eq(t.rateLimits.key, key));
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
