import { createHash } from "node:crypto";
import { checkRate, describeWait, RateLimitedError, type RateRule } from "@missionboard/core";
import { type Conn, clearRateWindow, readRateWindow, releaseRateSlot, type Store, takeRateSlot } from "@missionboard/db";

/** Keys never hold a raw address or email: both are hashed. */
export const rateKey = (scope: string, ...values: string[]) =>
  `${scope}:${createHash("sha256")
    .update(values.map((v) => v.toLowerCase()).join("\n"))
    .digest("hex")
    .slice(0, 32)}`;

export interface RateCheck {
  key: string;
  rule: RateRule;
}

/**
 * Counts one attempt against every check, or against none: when any refuses, nothing is counted
 * and a RateLimitedError says how long to wait. Runs in its own short transaction, before the slow
 * work it guards (a password check), so concurrent attempts are counted before any is verified.
 */
export async function takeSlots(store: Store, checks: readonly RateCheck[], now: Date, what: string): Promise<void> {
  await store.tx(async (c) => {
    for (const { key, rule } of checks) {
      if (await takeRateSlot(c, key, rule, now)) continue;
      const { retryAfterSeconds } = checkRate(await readRateWindow(c, key), rule, now);
      // Throwing rolls back the slots already taken in this transaction.
      throw new RateLimitedError(`Too many ${what}. ${describeWait(Math.max(retryAfterSeconds, 1))}`, retryAfterSeconds);
    }
  });
}

/** One attempt against one check inside the caller's transaction; false when over the limit. */
export const tryTakeSlot = (conn: Conn, { key, rule }: RateCheck, now: Date) => takeRateSlot(conn, key, rule, now);

/** Hands back attempts that succeeded, so only failures (and checks in progress) stay counted. */
export async function releaseSlots(conn: Conn, checks: readonly RateCheck[], now: Date): Promise<void> {
  for (const { key } of checks) await releaseRateSlot(conn, key, now);
}

export const resetSlot = (conn: Conn, { key }: Pick<RateCheck, "key">) => clearRateWindow(conn, key);
