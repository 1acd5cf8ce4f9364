import { checkRate, type RateRule, recordAttempt, SIGN_IN_RULES } from "@missionboard/core";
import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { makeUser } from "../factories";
import { describeEachEngine } from "../test-utils";
import { insertAuthToken, purgeDeadAuthTokens, purgeRateWindows, readRateWindow, releaseRateSlot, takeRateSlot } from "./identity";
import { findSessionUser, insertSession, purgeEndedSessions, touchSession } from "./sessions";

const t0 = new Date("2026-10-01T12:00:00.000Z");
const at = (ms: number) => new Date(t0.getTime() + ms);
const S = 1000;
const M = 60 * S;

describeEachEngine("rate limits", (store) => {
  const take = (key: string, rule: RateRule, nowMs: number) => store().tx((c) => takeRateSlot(c, key, rule, at(nowMs)));
  const read = (key: string) => store().read((c) => readRateWindow(c, key));

  it("counts exactly as core's rules say, window by window and delay by delay", async () => {
    // Attempts at these times against the account rule (limit 50 / hour, growing delays after 10),
    // compared step by step with the pure model.
    const rule = SIGN_IN_RULES.account;
    const times = [
      ...Array.from({ length: 12 }, (_, i) => i * 100),
      1_200 + 2 * S,
      1_200 + 2 * S + 1,
      1_200 + 6 * S,
      1_200 + 13 * S,
      61 * M,
      61 * M + 1,
    ];
    let model = null as ReturnType<typeof recordAttempt> | null;
    for (const ms of times) {
      const expected = !checkRate(model, rule, at(ms)).limited;
      expect(await take("acct", rule, ms), `attempt at +${ms} ms`).toBe(expected);
      if (expected) model = recordAttempt(model, rule, at(ms));
      const stored = await read("acct");
      expect(stored?.count).toBe(model?.count);
      expect(stored?.windowStartedAt.getTime()).toBe(model?.windowStartedAt.getTime());
      // The next verdict agrees at every instant that matters.
      for (const probe of [ms, ms + S, ms + 10 * S, ms + 60 * S])
        expect(checkRate(stored, rule, at(probe))).toEqual(checkRate(model, rule, at(probe)));
    }
  });

  it("never lets more attempts through than the limit, however many arrive at once", async () => {
    const rule = SIGN_IN_RULES.pair;
    const results = await Promise.all(Array.from({ length: 25 }, () => take("burst", rule, 0)));
    expect(results.filter(Boolean)).toHaveLength(rule.limit);
    expect((await read("burst"))?.count).toBe(rule.limit);
  });

  it("spaces concurrent attempts by the growing delay: one per instant once the free ones are used", async () => {
    const rule: RateRule = { limit: 50, windowMs: 60 * M, backoff: { free: 2, firstDelayMs: 10 * S, maxDelayMs: 60 * S } };
    const results = await Promise.all(Array.from({ length: 10 }, () => take("spaced", rule, 0)));
    expect(results.filter(Boolean)).toHaveLength(2);
    expect((await read("spaced"))?.nextAllowedAt?.getTime()).toBe(at(10 * S).getTime());
  });

  it("hands back a slot and lifts its wait; purges dead windows in bounded batches", async () => {
    const rule: RateRule = { limit: 3, windowMs: M, backoff: { free: 1, firstDelayMs: 30 * S, maxDelayMs: 60 * S } };
    expect(await take("k", rule, 0)).toBe(true);
    expect(await take("k", rule, S)).toBe(false);
    await store().tx((c) => releaseRateSlot(c, "k", at(S)));
    expect(await read("k")).toMatchObject({ count: 0 });
    expect(await take("k", rule, S)).toBe(true);

    for (let i = 0; i < 5; i++) await take(`old${i}`, rule, 0);
    const cutoff = at(M + 2 * S);
    expect(await store().tx((c) => purgeRateWindows(c, cutoff, 3))).toBe(3);
    expect(await store().tx((c) => purgeRateWindows(c, cutoff, 3))).toBe(3);
    expect(await store().tx((c) => purgeRateWindows(c, cutoff, 3))).toBe(0);
  });
});

describeEachEngine("session lifetime", (store) => {
  const idle = 60 * M;
  const find = (id: string, nowMs: number) => store().read((c) => findSessionUser(c, id, at(nowMs), at(nowMs - idle)));

  it("ends a session left idle, and keeps a used one alive until its absolute expiry", async () => {
    const user = await store().tx((c) => makeUser(c, {}));
    await store().tx(async (c) => {
      await insertSession(c, { id: "used", userId: user.id, now: t0, expiresAt: at(3 * idle) });
      await insertSession(c, { id: "idle", userId: user.id, now: t0, expiresAt: at(3 * idle) });
    });
    expect(await find("idle", idle - 1)).not.toBeNull();
    expect(await find("idle", idle)).toBeNull();
    for (const ms of [50 * M, 100 * M, 150 * M]) await store().tx((c) => touchSession(c, "used", at(ms), at(ms - M)));
    expect((await find("used", 170 * M))?.lastSeenAt.getTime()).toBe(at(150 * M).getTime());
    expect(await find("used", 3 * idle)).toBeNull();
  });

  it("writes the last-seen time at most once per interval", async () => {
    const user = await store().tx((c) => makeUser(c, {}));
    await store().tx((c) => insertSession(c, { id: "s", userId: user.id, now: t0, expiresAt: at(idle * 10) }));
    await store().tx((c) => touchSession(c, "s", at(30 * S), at(30 * S - M)));
    expect((await find("s", 30 * S))?.lastSeenAt.getTime()).toBe(t0.getTime());
    await store().tx((c) => touchSession(c, "s", at(90 * S), at(90 * S - M)));
    expect((await find("s", 90 * S))?.lastSeenAt.getTime()).toBe(at(90 * S).getTime());
  });

  it("treats a session from before idle timeouts as last seen when it was created", async () => {
    const user = await store().tx((c) => makeUser(c, {}));
    await store().tx(async (c) => {
      await insertSession(c, { id: "legacy", userId: user.id, now: t0, expiresAt: at(idle * 10) });
      await c.db.update(c.t.sessions).set({ lastSeenAt: null }).where(eq(c.t.sessions.id, "legacy"));
    });
    expect(await find("legacy", idle - 1)).not.toBeNull();
    expect(await find("legacy", idle)).toBeNull();
  });

  it("purges ended sessions and dead tokens in bounded batches, leaving live ones", async () => {
    const user = await store().tx((c) => makeUser(c, {}));
    await store().tx(async (c) => {
      for (let i = 0; i < 5; i++) await insertSession(c, { id: `expired${i}`, userId: user.id, now: t0, expiresAt: at(M) });
      for (let i = 0; i < 3; i++) await insertSession(c, { id: `idle${i}`, userId: user.id, now: t0, expiresAt: at(10 * idle) });
      await insertSession(c, { id: "live", userId: user.id, now: at(idle), expiresAt: at(10 * idle) });
      await insertAuthToken(c, { id: "expired", userId: user.id, purpose: "reset_password", expiresAt: at(M), now: t0 });
      await insertAuthToken(c, { id: "live", userId: user.id, purpose: "verify_email", expiresAt: at(10 * idle), now: t0 });
    });
    const now = at(idle + M);
    const purge = () => store().tx((c) => purgeEndedSessions(c, now, at(idle + M - idle), 4));
    expect([await purge(), await purge(), await purge()]).toEqual([4, 4, 0]);
    expect(await find("live", idle + M)).not.toBeNull();
    expect(await store().tx((c) => purgeDeadAuthTokens(c, now, 10))).toBe(1);
    expect(await store().read(({ db, t }) => db.select({ id: t.authTokens.id }).from(t.authTokens))).toEqual([{ id: "live" }]);
  });
});
