import { and, eq, gt, inArray, lte, or, type SQL, sql } from "drizzle-orm";
import type { Conn } from "../store";

export async function insertSession({ db, t }: Conn, session: { id: string; userId: string; now: Date; expiresAt: Date }) {
  await db
    .insert(t.sessions)
    .values({ id: session.id, userId: session.userId, createdAt: session.now, expiresAt: session.expiresAt, lastSeenAt: session.now });
}

/** When the session was last used; sessions from before idle timeouts count from their creation. */
const lastSeen = (t: Conn["t"]): SQL<Date> =>
  sql`coalesce(${t.sessions.lastSeenAt}, ${t.sessions.createdAt})`.mapWith(t.sessions.createdAt);

/** The session is over: past its absolute expiry, or unused since `idleCutoff`. */
const ended = (t: Conn["t"], now: Date, idleCutoff: Date) =>
  or(lte(t.sessions.expiresAt, now), sql`${lastSeen(t)} <= ${sql.param(idleCutoff, t.sessions.createdAt)}`);

/**
 * The signed-in user behind a live session (unexpired, and used after `idleCutoff`), with only
 * what every request needs, and when the session was last seen.
 */
export async function findSessionUser({ db, t }: Conn, sessionId: string, now: Date, idleCutoff: Date) {
  const [row] = await db
    .select({
      id: t.users.id,
      role: t.users.role,
      status: t.users.status,
      name: t.users.name,
      email: t.users.email,
      onboarded: sql<boolean>`${t.users.onboardedAt} is not null`.mapWith(Boolean),
      lastSeenAt: lastSeen(t),
    })
    .from(t.sessions)
    .innerJoin(t.users, eq(t.users.id, t.sessions.userId))
    .where(
      and(
        eq(t.sessions.id, sessionId),
        gt(t.sessions.expiresAt, now),
        sql`${lastSeen(t)} > ${sql.param(idleCutoff, t.sessions.createdAt)}`,
      ),
    )
    .limit(1);
  return row ?? null;
}

/** Records a request on the session unless one was recorded after `unlessSeenAfter` (saves a write per request). */
export async function touchSession({ db, t }: Conn, sessionId: string, now: Date, unlessSeenAfter: Date): Promise<void> {
  await db
    .update(t.sessions)
    .set({ lastSeenAt: now })
    .where(and(eq(t.sessions.id, sessionId), sql`${lastSeen(t)} <= ${sql.param(unlessSeenAfter, t.sessions.createdAt)}`));
}

export async function deleteSession({ db, t }: Conn, sessionId: string) {
  await db.delete(t.sessions).where(eq(t.sessions.id, sessionId));
}

export async function deleteUserSessions({ db, t }: Conn, userId: string): Promise<number> {
  const gone = await db.delete(t.sessions).where(eq(t.sessions.userId, userId)).returning({ id: t.sessions.id });
  return gone.length;
}

/**
 * Deletes up to `limit` ended sessions (expired, or idle since `idleCutoff`); returns how many.
 * Bounded so one call never holds locks for long; callers repeat until it returns less than `limit`.
 */
export async function purgeEndedSessions({ db, t }: Conn, now: Date, idleCutoff: Date, limit: number): Promise<number> {
  const dead = db
    .select({ id: t.sessions.id })
    .from(t.sessions)
    .where(ended(t, now, idleCutoff))
    .limit(limit);
  const gone = await db.delete(t.sessions).where(inArray(t.sessions.id, dead)).returning({ id: t.sessions.id });
  return gone.length;
}
