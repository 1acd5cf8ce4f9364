// Rate limits as fixed windows with optional growing delays. The database counts an attempt
// with one conditional statement that mirrors `checkRate` + `recordAttempt` (packages/db
// takeRateSlot), so the limit holds under concurrency; these functions are the reference rules.
// See docs/decisions/012-sign-in-limits-and-session-lifetime.md.

/** Growing delays: after `free` attempts in a window, each further one waits longer than the last. */
export interface Backoff {
  /** Attempts in a window that need no wait between them. */
  free: number;
  /** The wait before attempt `free + 1`; it doubles for every attempt after that. */
  firstDelayMs: number;
  /** The longest wait between two attempts. */
  maxDelayMs: number;
}

/** At most `limit` attempts per fixed window of `windowMs`, optionally spaced by growing delays. */
export interface RateRule {
  limit: number;
  windowMs: number;
  backoff?: Backoff;
}

const MINUTE = 60_000;

/**
 * Sign-in limits. Every attempt is counted before the password is checked, and a successful one is
 * handed back, so the counts are failures plus attempts still being checked.
 *
 * | key                   | rule                                                     | stops                              |
 * |-----------------------|----------------------------------------------------------|------------------------------------|
 * | account + address     | 5 per 15 min                                             | guessing one account from one place |
 * | address               | 30 per 15 min                                            | spraying many accounts from one place |
 * | account               | 50 per hour; after 10, waits of 2 s, 4 s, … up to 60 s   | guessing one account from many places |
 *
 * A stranger's failures lock only the stranger's own (account, address) pair: the owner, from
 * another address, meets at most the account's short growing delays.
 */
export const SIGN_IN_RULES = {
  pair: { limit: 5, windowMs: 15 * MINUTE },
  address: { limit: 30, windowMs: 15 * MINUTE },
  account: { limit: 50, windowMs: 60 * MINUTE, backoff: { free: 10, firstDelayMs: 2_000, maxDelayMs: 60_000 } },
} as const satisfies Record<string, RateRule>;

/** New accounts per client address (every registration attempt counts, whatever its outcome). */
export const REGISTRATION_RULE = { limit: 10, windowMs: 60 * MINUTE } as const satisfies RateRule;

/** Emails a person may ask us to send, per address per hour (stops mail bombing). */
export const MAIL_REQUEST_RULE = { limit: 5, windowMs: 60 * MINUTE } as const satisfies RateRule;

/** The longest window of any rule: a counter older than this is dead and may be purged. */
export const LONGEST_RATE_WINDOW_MS = Math.max(
  ...[...Object.values(SIGN_IN_RULES), REGISTRATION_RULE, MAIL_REQUEST_RULE].map((rule) => rule.windowMs),
);

/** A counter as stored: attempts in the window, when it started, and the earliest next attempt. */
export interface RateWindow {
  count: number;
  windowStartedAt: Date;
  /** null: no wait. */
  nextAllowedAt: Date | null;
}

/** Whether a window started at `windowStartedAt` is over at `now` (then it counts as empty). */
export const windowOver = (windowStartedAt: Date, rule: RateRule, now: Date) => now.getTime() - windowStartedAt.getTime() >= rule.windowMs;

/**
 * The wait imposed after the `count`-th attempt of a window, before the next one.
 *
 * | count (account rule) | 1–9 | 10  | 11  | 12  | 13   | 14   | 15+  |
 * |----------------------|-----|-----|-----|-----|------|------|------|
 * | wait                 | 0   | 2 s | 4 s | 8 s | 16 s | 32 s | 60 s |
 */
export function delayAfter(rule: RateRule, count: number): number {
  const b = rule.backoff;
  if (!b || count < b.free) return 0;
  return Math.min(b.firstDelayMs * 2 ** (count - b.free), b.maxDelayMs);
}

/**
 * The growing delays as steps, for the database statement: from `fromCount` attempts on, the next
 * one waits `delayMs`. Ends with the step that reaches the longest wait; empty without backoff.
 */
export function backoffSteps(rule: RateRule): { fromCount: number; delayMs: number }[] {
  const b = rule.backoff;
  if (!b) return [];
  const steps = [];
  for (let count = Math.max(b.free, 1); ; count++) {
    const delayMs = delayAfter(rule, count);
    steps.push({ fromCount: count, delayMs });
    if (delayMs >= b.maxDelayMs || count >= rule.limit) return steps;
  }
}

/**
 * Whether one more attempt is refused at `now`, and how long until it would be allowed.
 *
 * @example checkRate({ count: 5, windowStartedAt: t0, nextAllowedAt: null }, SIGN_IN_RULES.pair, t0 + 60 s)
 *          → { limited: true, retryAfterSeconds: 840 }
 */
export function checkRate(window: RateWindow | null, rule: RateRule, now: Date): { limited: boolean; retryAfterSeconds: number } {
  if (!window || windowOver(window.windowStartedAt, rule, now)) return { limited: false, retryAfterSeconds: 0 };
  if (window.count >= rule.limit) {
    const remaining = rule.windowMs - (now.getTime() - window.windowStartedAt.getTime());
    return { limited: true, retryAfterSeconds: Math.ceil(remaining / 1000) };
  }
  const wait = window.nextAllowedAt ? window.nextAllowedAt.getTime() - now.getTime() : 0;
  return wait > 0 ? { limited: true, retryAfterSeconds: Math.ceil(wait / 1000) } : { limited: false, retryAfterSeconds: 0 };
}

/** The counter after one more (allowed) attempt at `now`. */
export function recordAttempt(window: RateWindow | null, rule: RateRule, now: Date): RateWindow {
  const fresh = !window || windowOver(window.windowStartedAt, rule, now);
  const count = fresh ? 1 : window.count + 1;
  const delay = delayAfter(rule, count);
  return {
    count,
    windowStartedAt: fresh ? now : window.windowStartedAt,
    nextAllowedAt: delay > 0 ? new Date(now.getTime() + delay) : null,
  };
}

/** "Try again in 14 minutes." — a wait a person can act on. */
export function describeWait(seconds: number): string {
  if (seconds < 60) return `Try again in ${seconds} second${seconds === 1 ? "" : "s"}.`;
  const minutes = Math.ceil(seconds / 60);
  return `Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}
