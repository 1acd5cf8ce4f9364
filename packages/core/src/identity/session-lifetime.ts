// How long a session lives. See docs/decisions/012-sign-in-limits-and-session-lifetime.md.

const MINUTE = 60_000;

export const SESSION_RULES = {
  /** A session ends this long after sign-in, however much it is used. */
  absoluteMs: 30 * 24 * 60 * MINUTE,
  /** A session ends after this many minutes without a request (SESSION_IDLE_MINUTES). */
  defaultIdleMinutes: 60,
  /** The last-seen time is written at most this often, so a busy page does not write on every request. */
  touchIntervalMs: MINUTE,
  /** Bounds of SESSION_IDLE_MINUTES: at least 5 minutes, at most the absolute lifetime. */
  minIdleMinutes: 5,
  maxIdleMinutes: 30 * 24 * 60,
} as const;

/** A session last seen at or before this time is over. */
export const idleCutoff = (now: Date, idleMinutes: number): Date => new Date(now.getTime() - idleMinutes * MINUTE);

/** Whether a live session's last-seen time is old enough to be written again. */
export const needsTouch = (lastSeenAt: Date, now: Date): boolean => now.getTime() - lastSeenAt.getTime() >= SESSION_RULES.touchIntervalMs;

/** When a session started at `now` ends at the latest. */
export const sessionExpiry = (now: Date): Date => new Date(now.getTime() + SESSION_RULES.absoluteMs);
