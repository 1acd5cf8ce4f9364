import { createHash, randomBytes } from "node:crypto";
import { buildAuditEntry, idleCutoff, LONGEST_RATE_WINDOW_MS, needsTouch, SESSION_RULES, sessionExpiry } from "@missionboard/core";
import {
  type Conn,
  deleteSession,
  deleteUserSessions,
  findSessionUser,
  insertAuditEntry,
  insertSession,
  purgeDeadAuthTokens,
  purgeEndedSessions,
  purgeRateWindows,
  type Store,
  touchSession,
} from "@missionboard/db";
import type { SessionUser } from "../context";

/** The database keeps only a hash of the token, so a leaked table cannot be replayed as cookies. */
const sessionIdOf = (token: string) => createHash("sha256").update(token).digest("hex");

export async function startSession(conn: Conn, userId: string, now: Date, requestId: string | null) {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = sessionExpiry(now);
  await insertSession(conn, { id: sessionIdOf(token), userId, now, expiresAt });
  await insertAuditEntry(
    conn,
    buildAuditEntry({ actorId: userId, action: "auth.signed_in", entityType: "user", entityId: userId, requestId }, now),
  );
  return { token, expiresAt };
}

/**
 * The live session's user, read fresh from the database (role and status are never trusted from
 * the client). A session ends at its absolute expiry or after `idleMinutes` without a request;
 * each request seen pushes the idle end back (written at most once a minute).
 */
export async function resolveSessionUser(
  store: Store,
  token: string | null | undefined,
  now: Date,
  idleMinutes: number = SESSION_RULES.defaultIdleMinutes,
): Promise<SessionUser | null> {
  if (!token || token.length > 200) return null;
  const sessionId = sessionIdOf(token);
  const row = await store.read((c) => findSessionUser(c, sessionId, now, idleCutoff(now, idleMinutes)));
  if (!row || row.status === "deactivated") return null;
  if (needsTouch(row.lastSeenAt, now))
    await store.tx((c) => touchSession(c, sessionId, now, new Date(now.getTime() - SESSION_RULES.touchIntervalMs)));
  const { lastSeenAt: _seen, ...user } = row;
  return { ...user, sessionId };
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

export interface PurgeResult {
  sessions: number;
  tokens: number;
  rateWindows: number;
}

/**
 * Deletes ended sessions, emailed tokens that can no longer be used and dead rate-limit counters,
 * `batchSize` rows per transaction and at most `maxBatches` transactions per kind, so one run never
 * holds locks for long and a huge backlog is worked off over several runs. Every delete is
 * idempotent, so instances running it at the same time only share the work.
 */
export async function purgeExpired(
  store: Store,
  now: Date,
  options: { idleMinutes: number; batchSize?: number; maxBatches?: number },
): Promise<PurgeResult> {
  const batchSize = options.batchSize ?? 500;
  const maxBatches = options.maxBatches ?? 20;
  const drain = async (deleteBatch: (c: Conn) => Promise<number>) => {
    let total = 0;
    for (let i = 0; i < maxBatches; i++) {
      const n = await store.tx(deleteBatch);
      total += n;
      if (n < batchSize) break;
    }
    return total;
  };
  return {
    sessions: await drain((c) => purgeEndedSessions(c, now, idleCutoff(now, options.idleMinutes), batchSize)),
    tokens: await drain((c) => purgeDeadAuthTokens(c, now, batchSize)),
    rateWindows: await drain((c) => purgeRateWindows(c, new Date(now.getTime() - LONGEST_RATE_WINDOW_MS), batchSize)),
  };
}

export interface PurgeSchedulerOptions {
  store: Store;
  idleMinutes: number;
  /** Between runs; 15 minutes by default. The first run is one interval after start. */
  intervalMs?: number;
  now?: () => Date;
  onError?: (error: unknown) => void;
  onPurged?: (result: PurgeResult) => void;
}

/** Runs purgeExpired on an unref'd timer (it never keeps the process alive); runs never overlap. */
export function startPurgeScheduler(options: PurgeSchedulerOptions): { tick(): Promise<PurgeResult>; stop(): void } {
  const now = options.now ?? (() => new Date());
  let running: Promise<PurgeResult> | null = null;
  const tick = () => {
    running ??= purgeExpired(options.store, now(), { idleMinutes: options.idleMinutes }).finally(() => {
      running = null;
    });
    return running;
  };
  const timer = setInterval(
    () =>
      void tick()
        .then((result) => {
          if (result.sessions + result.tokens + result.rateWindows > 0) options.onPurged?.(result);
        })
        .catch((error: unknown) => options.onError?.(error)),
    options.intervalMs ?? 15 * 60_000,
  );
  timer.unref();
  return { tick, stop: () => clearInterval(timer) };
}
