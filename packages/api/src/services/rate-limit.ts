import { createHash } from "node:crypto";
import { checkRate, describeWait, RateLimitedError, type RateRule } from "@missionboard/core";
import { type Conn, clearRateWindow, hitRateWindow, readRateWindow } from "@missionboard/db";

/** Keys never hold a raw address or email: both are hashed. */
export const rateKey = (scope: string, value: string) =>
  `${scope}:${createHash("sha256").update(value.toLowerCase()).digest("hex").slice(0, 32)}`;

/** Throws a RateLimitedError with a wait a person can act on when the window is exhausted. */
export async function assertUnderLimit(conn: Conn, key: string, rule: RateRule, now: Date, what: string): Promise<void> {
  const verdict = checkRate(await readRateWindow(conn, key), rule, now);
  if (verdict.limited)
    throw new RateLimitedError(`Too many ${what}. ${describeWait(verdict.retryAfterSeconds)}`, verdict.retryAfterSeconds);
}

export const countAttempt = (conn: Conn, key: string, rule: RateRule, now: Date) => hitRateWindow(conn, key, rule.windowMs, now);

export const resetAttempts = (conn: Conn, key: string) => clearRateWindow(conn, key);
