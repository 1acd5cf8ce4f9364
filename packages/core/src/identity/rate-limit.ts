/** A fixed window: at most `limit` events per `windowMs`. */
export interface RateRule {
  limit: number;
  windowMs: number;
}

export const LOGIN_RATE_RULES = {
  /** Failed sign-ins per account. */
  account: { limit: 5, windowMs: 15 * 60_000 },
  /** Sign-in attempts per client address. */
  ip: { limit: 30, windowMs: 15 * 60_000 },
} as const satisfies Record<string, RateRule>;

export interface RateWindow {
  count: number;
  windowStartedAt: Date;
}

/**
 * Whether a window is exhausted at `now`, and when it frees up. A window older than `windowMs`
 * counts as empty.
 *
 * @example isLimited({ count: 5, windowStartedAt: t0 }, { limit: 5, windowMs: 900_000 }, t0 + 60s)
 *          → { limited: true, retryAfterSeconds: 840 }
 */
export function checkRate(window: RateWindow | null, rule: RateRule, now: Date): { limited: boolean; retryAfterSeconds: number } {
  if (!window) return { limited: false, retryAfterSeconds: 0 };
  const elapsed = now.getTime() - window.windowStartedAt.getTime();
  if (elapsed >= rule.windowMs || window.count < rule.limit) return { limited: false, retryAfterSeconds: 0 };
  return { limited: true, retryAfterSeconds: Math.ceil((rule.windowMs - elapsed) / 1000) };
}

/** "Try again in 14 minutes." — a wait a person can act on. */
export function describeWait(seconds: number): string {
  if (seconds < 60) return `Try again in ${seconds} second${seconds === 1 ? "" : "s"}.`;
  const minutes = Math.ceil(seconds / 60);
  return `Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}
