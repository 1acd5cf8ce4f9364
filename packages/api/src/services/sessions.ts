import { createHash, randomBytes } from "node:crypto";
import { buildAuditEntry } from "@missionboard/core";
import {
  type Conn,
  deleteSession,
  deleteUserSessions,
  findSessionUser,
  insertAuditEntry,
  insertSession,
  type Store,
} from "@missionboard/db";
import type { SessionUser } from "../context";

export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** The database keeps only a hash of the token, so a leaked table cannot be replayed as cookies. */
const sessionIdOf = (token: string) => createHash("sha256").update(token).digest("hex");

export async function startSession(conn: Conn, userId: string, now: Date, requestId: string | null) {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await insertSession(conn, { id: sessionIdOf(token), userId, now, expiresAt });
  await insertAuditEntry(
    conn,
    buildAuditEntry({ actorId: userId, action: "auth.signed_in", entityType: "user", entityId: userId, requestId }, now),
  );
  return { token, expiresAt };
}

/** The live session's user, read fresh from the database (role and status are never trusted from the client). */
export async function resolveSessionUser(store: Store, token: string | null | undefined, now: Date): Promise<SessionUser | null> {
  if (!token || token.length > 200) return null;
  const sessionId = sessionIdOf(token);
  const row = await store.read((c) => findSessionUser(c, sessionId, now));
  if (!row || row.status === "deactivated") return null;
  return { ...row, sessionId };
}

export async function endSession(conn: Conn, user: SessionUser, now: Date, requestId: string | null) {
  await deleteSession(conn, user.sessionId);
  await insertAuditEntry(
    conn,
    buildAuditEntry({ actorId: user.id, action: "auth.signed_out", entityType: "user", entityId: user.id, requestId }, now),
  );
}

export async function endAllSessions(conn: Conn, user: SessionUser, now: Date, requestId: string | null) {
  const count = await deleteUserSessions(conn, user.id);
  await insertAuditEntry(
    conn,
    buildAuditEntry(
      {
        actorId: user.id,
        action: "auth.signed_out_everywhere",
        entityType: "user",
        entityId: user.id,
        metadata: { sessions: count },
        requestId,
      },
      now,
    ),
  );
}
