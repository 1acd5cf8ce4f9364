import { describe, expect, it } from "vitest";
import { idleCutoff, needsTouch, SESSION_RULES, sessionExpiry } from "./session-lifetime";

const t0 = new Date("2026-10-01T12:00:00.000Z");
const plus = (ms: number) => new Date(t0.getTime() + ms);

describe("session lifetime", () => {
  it.each([
    [60, plus(-60 * 60_000)],
    [5, plus(-5 * 60_000)],
  ])("idle %i minutes: sessions last seen at or before %s are over", (minutes, cutoff) => {
    expect(idleCutoff(t0, minutes)).toEqual(cutoff);
  });

  it.each([
    [59_999, false],
    [60_000, true],
    [3_600_000, true],
  ])("a session seen %i ms ago is touched again: %s", (ago, expected) => {
    expect(needsTouch(plus(-ago), t0)).toBe(expected);
  });

  it("ends 30 days after sign-in at the latest, and defaults to a 60-minute idle timeout", () => {
    expect(sessionExpiry(t0)).toEqual(plus(30 * 24 * 3_600_000));
    expect(SESSION_RULES.defaultIdleMinutes).toBe(60);
  });
});
