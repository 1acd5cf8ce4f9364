import { describe, expect, it } from "vitest";
import {
  backoffSteps,
  checkRate,
  delayAfter,
  describeWait,
  LONGEST_RATE_WINDOW_MS,
  type RateRule,
  type RateWindow,
  recordAttempt,
  SIGN_IN_RULES,
} from "./rate-limit";

const t0 = new Date("2026-10-01T12:00:00.000Z");
const at = (ms: number) => new Date(t0.getTime() + ms);
const S = 1000;
const M = 60 * S;
const win = (count: number, startedMs = 0, nextAllowedMs: number | null = null): RateWindow => ({
  count,
  windowStartedAt: at(startedMs),
  nextAllowedAt: nextAllowedMs === null ? null : at(nextAllowedMs),
});

describe("sign-in rules", () => {
  it("let the owner in from elsewhere: the pair locks before the account", () => {
    expect(SIGN_IN_RULES.pair.limit).toBeLessThan(SIGN_IN_RULES.account.backoff.free);
    expect(SIGN_IN_RULES.account.limit).toBeGreaterThan(SIGN_IN_RULES.address.limit);
    // One stranger (one address) can fail at most pair.limit times per pair window, so within the
    // account's window never reaches the account's ceiling.
    const strangerPerAccountWindow = SIGN_IN_RULES.pair.limit * (SIGN_IN_RULES.account.windowMs / SIGN_IN_RULES.pair.windowMs);
    expect(strangerPerAccountWindow).toBeLessThan(SIGN_IN_RULES.account.limit);
    expect(LONGEST_RATE_WINDOW_MS).toBe(60 * M);
  });
});

describe("delayAfter", () => {
  const rule = SIGN_IN_RULES.account;
  it.each([
    [1, 0],
    [9, 0],
    [10, 2 * S],
    [11, 4 * S],
    [12, 8 * S],
    [13, 16 * S],
    [14, 32 * S],
    [15, 60 * S],
    [40, 60 * S],
  ])("after attempt %i the next waits %i ms", (count, wait) => {
    expect(delayAfter(rule, count)).toBe(wait);
  });

  it("is always 0 without backoff", () => {
    expect(delayAfter(SIGN_IN_RULES.pair, 100)).toBe(0);
  });
});

describe("backoffSteps", () => {
  it("lists each growing wait up to the longest", () => {
    expect(backoffSteps(SIGN_IN_RULES.account)).toEqual([
      { fromCount: 10, delayMs: 2 * S },
      { fromCount: 11, delayMs: 4 * S },
      { fromCount: 12, delayMs: 8 * S },
      { fromCount: 13, delayMs: 16 * S },
      { fromCount: 14, delayMs: 32 * S },
      { fromCount: 15, delayMs: 60 * S },
    ]);
  });
  it("is empty without backoff and stops at the limit", () => {
    expect(backoffSteps(SIGN_IN_RULES.pair)).toEqual([]);
    const short: RateRule = { limit: 3, windowMs: M, backoff: { free: 1, firstDelayMs: S, maxDelayMs: M } };
    expect(backoffSteps(short)).toEqual([
      { fromCount: 1, delayMs: S },
      { fromCount: 2, delayMs: 2 * S },
      { fromCount: 3, delayMs: 4 * S },
    ]);
  });
});

describe("checkRate", () => {
  const pair = SIGN_IN_RULES.pair;
  const account = SIGN_IN_RULES.account;
  it.each<[string, RateWindow | null, RateRule, number, { limited: boolean; retryAfterSeconds: number }]>([
    ["no counter", null, pair, 0, { limited: false, retryAfterSeconds: 0 }],
    ["under the limit", win(4), pair, M, { limited: false, retryAfterSeconds: 0 }],
    ["at the limit, 1 min in", win(5), pair, M, { limited: true, retryAfterSeconds: 14 * 60 }],
    ["at the limit, 1 ms before the window ends", win(5), pair, 15 * M - 1, { limited: true, retryAfterSeconds: 1 }],
    ["at the limit, window over", win(5), pair, 15 * M, { limited: false, retryAfterSeconds: 0 }],
    ["waiting out a delay", win(12, 0, 10 * S), account, 3 * S, { limited: true, retryAfterSeconds: 7 }],
    ["the delay has passed", win(12, 0, 10 * S), account, 10 * S, { limited: false, retryAfterSeconds: 0 }],
    ["ceiling beats delay", win(50, 0, 10 * S), account, 20 * S, { limited: true, retryAfterSeconds: 60 * 60 - 20 }],
    ["delay of an old window is void", win(12, 0, 61 * M), account, 60 * M, { limited: false, retryAfterSeconds: 0 }],
  ])("%s", (_name, window, rule, nowMs, expected) => {
    expect(checkRate(window, rule, at(nowMs))).toEqual(expected);
  });
});

describe("recordAttempt", () => {
  it("starts, grows and restarts a window", () => {
    const rule = SIGN_IN_RULES.pair;
    const first = recordAttempt(null, rule, at(0));
    expect(first).toEqual(win(1, 0));
    expect(recordAttempt(first, rule, at(M))).toEqual(win(2, 0));
    expect(recordAttempt(win(5), rule, at(15 * M))).toEqual(win(1, 15 * M));
  });

  it("spaces the account's attempts with growing delays, then stops at the ceiling", () => {
    const rule = SIGN_IN_RULES.account;
    let window: RateWindow | null = null;
    let now = 0;
    const waits: number[] = [];
    for (;;) {
      const verdict = checkRate(window, rule, at(now));
      if (verdict.limited) {
        if (window && window.count >= rule.limit) break;
        waits.push(verdict.retryAfterSeconds);
        now += verdict.retryAfterSeconds * S;
        continue;
      }
      window = recordAttempt(window, rule, at(now));
    }
    expect(window?.count).toBe(50);
    expect(waits.slice(0, 7)).toEqual([2, 4, 8, 16, 32, 60, 60]);
    // 40 attempts after the free ten take over half an hour from one account's attackers.
    expect(now).toBeGreaterThan(30 * M);
  });
});

describe("describeWait", () => {
  it.each([
    [1, "Try again in 1 second."],
    [59, "Try again in 59 seconds."],
    [60, "Try again in 1 minute."],
    [61, "Try again in 2 minutes."],
  ])("%i s → %s", (seconds, text) => {
    expect(describeWait(seconds)).toBe(text);
  });
});
