import { insertAuthToken, takeRateSlot } from "@missionboard/db";
import { makeUser } from "@missionboard/db/factories";
import { describeEachEngine } from "@missionboard/db/test-utils";
import { expect, it } from "vitest";
import { TEST_NOW } from "../test-helpers";
import { purgeExpired, resolveSessionUser, startPurgeScheduler, startSession } from "./sessions";

const minutes = (n: number) => new Date(TEST_NOW.getTime() + n * 60_000);

describeEachEngine("session lifetime", (store) => {
  async function signedIn() {
    const user = await store().tx((c) => makeUser(c, { now: TEST_NOW }));
    return store().tx((c) => startSession(c, user.id, TEST_NOW, null));
  }

  it("ends a session after 60 minutes without a request; each request pushes the end back", async () => {
    const { token } = await signedIn();
    expect(await resolveSessionUser(store(), token, minutes(59))).not.toBeNull();
    expect(await resolveSessionUser(store(), token, minutes(118))).not.toBeNull();
    expect(await resolveSessionUser(store(), token, minutes(177))).not.toBeNull();
    expect(await resolveSessionUser(store(), token, minutes(237))).toBeNull();
  });

  it("follows a configured idle timeout", async () => {
    const { token } = await signedIn();
    expect(await resolveSessionUser(store(), token, minutes(14), 15)).not.toBeNull();
    expect(await resolveSessionUser(store(), token, minutes(30), 15)).toBeNull();
  });

  it("ends a session 30 days after sign-in however busy it is", async () => {
    const { token, expiresAt } = await signedIn();
    expect(expiresAt).toEqual(minutes(30 * 24 * 60));
    for (let day = 0; day < 30; day++) expect(await resolveSessionUser(store(), token, minutes(day * 24 * 60), 43_200)).not.toBeNull();
    expect(await resolveSessionUser(store(), token, minutes(30 * 24 * 60), 43_200)).toBeNull();
  });

  it("purges ended sessions, dead tokens and old rate counters in bounded batches; two instances at once share the work", async () => {
    const user = await store().tx((c) => makeUser(c, { now: TEST_NOW }));
    await store().tx(async (c) => {
      for (let i = 0; i < 7; i++) await startSession(c, user.id, TEST_NOW, null);
      await insertAuthToken(c, { id: "used-up", userId: user.id, purpose: "verify_email", expiresAt: minutes(5), now: TEST_NOW });
      await takeRateSlot(c, "login:old", { limit: 5, windowMs: 60_000 }, TEST_NOW);
    });
    const live = await store().tx((c) => startSession(c, user.id, minutes(100), null));
    const now = minutes(120);
    const [a, b] = await Promise.all([
      purgeExpired(store(), now, { idleMinutes: 60, batchSize: 3 }),
      purgeExpired(store(), now, { idleMinutes: 60, batchSize: 3 }),
    ]);
    expect((a?.sessions ?? 0) + (b?.sessions ?? 0)).toBe(7);
    expect((a?.tokens ?? 0) + (b?.tokens ?? 0)).toBe(1);
    expect((a?.rateWindows ?? 0) + (b?.rateWindows ?? 0)).toBe(1);
    expect(await resolveSessionUser(store(), live.token, now)).not.toBeNull();
    expect(await purgeExpired(store(), now, { idleMinutes: 60 })).toEqual({ sessions: 0, tokens: 0, rateWindows: 0 });
  });

  it("stops after maxBatches, leaving the rest for the next run", async () => {
    const user = await store().tx((c) => makeUser(c, { now: TEST_NOW }));
    await store().tx(async (c) => {
      for (let i = 0; i < 5; i++) await startSession(c, user.id, TEST_NOW, null);
    });
    const first = await purgeExpired(store(), minutes(120), { idleMinutes: 60, batchSize: 2, maxBatches: 1 });
    expect(first.sessions).toBe(2);
    const scheduler = startPurgeScheduler({ store: store(), idleMinutes: 60, now: () => minutes(120), intervalMs: 3_600_000 });
    expect((await scheduler.tick()).sessions).toBe(3);
    scheduler.stop();
  });
});
