import { and, eq, gt, lt, sql } from "drizzle-orm";
import type { Conn } from "../store";

export async function insertSession({ db, t }: Conn, session: { id: string; userId: string; now: Date; expiresAt: Date }) {
  await db.insert(t.sessions).values({ id: session.id, userId: session.userId, createdAt: session.now, expiresAt: session.expiresAt });
}

/** The signed-in user behind a live session, with only what every request needs. */
export async function findSessionUser({ db, t }: Conn, sessionId: string, now: Date) {
  const [row] = await db
    .select({
      id: t.users.id,
      role: t.users.role,
      status: t.users.status,
      name: t.users.name,
      email: t.users.email,
      onboarded: sql<boolean>`${t.users.onboardedAt} is not null`.mapWith(Boolean),
    })
    .from(t.sessions)
    .innerJoin(t.users, eq(t.users.id, t.sessions.userId))
    .where(and(eq(t.sessions.id, sessionId), gt(t.sessions.expiresAt, now)))
    .limit(1);
  return row ?? null;
}

export async function deleteSession({ db, t }: Conn, sessionId: string) {
  await db.delete(t.sessions).where(eq(t.sessions.id, sessionId));
}

export async function deleteUserSessions({ db, t }: Conn, userId: string): Promise<number> {
  const gone = await db.delete(t.sessions).where(eq(t.sessions.userId, userId)).returning({ id: t.sessions.id });
  return gone.length;
}

export async function deleteExpiredSessions({ db, t }: Conn, now: Date): Promise<number> {
  const gone = await db.delete(t.sessions).where(lt(t.sessions.expiresAt, now)).returning({ id: t.sessions.id });
  return gone.length;
}
