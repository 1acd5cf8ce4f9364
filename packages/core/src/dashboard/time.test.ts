import { describe, expect, it } from "vitest";
import { staffDigestEmail } from "./digest";
import {
  bucketByIsoWeek,
  describeAge,
  digestDue,
  digestFlagKey,
  isoWeekKey,
  lastIsoWeeks,
  startOfIsoWeek,
  startOfUtcMonth,
  utcDayKey,
} from "./time";

const d = (iso: string) => new Date(iso);

describe("UTC calendar helpers", () => {
  it.each([
    ["2026-10-01T12:00:00Z", "2026-09-28T00:00:00.000Z"], // Thursday
    ["2026-09-28T00:00:00Z", "2026-09-28T00:00:00.000Z"], // Monday midnight
    ["2026-10-04T23:59:59Z", "2026-09-28T00:00:00.000Z"], // Sunday night
    ["2026-10-05T00:00:00Z", "2026-10-05T00:00:00.000Z"],
  ])("week of %s starts %s", (at, monday) => {
    expect(startOfIsoWeek(d(at)).toISOString()).toBe(monday);
  });

  it.each([
    ["2026-10-01T12:00:00Z", "2026-W40"],
    ["2026-01-01T00:00:00Z", "2026-W01"],
    ["2027-01-01T00:00:00Z", "2026-W53"],
    ["2024-12-30T00:00:00Z", "2025-W01"],
    ["2021-01-03T00:00:00Z", "2020-W53"],
  ])("ISO week of %s is %s", (at, key) => {
    expect(isoWeekKey(d(at))).toBe(key);
  });

  it("month start and day key", () => {
    expect(startOfUtcMonth(d("2026-10-31T23:00:00Z")).toISOString()).toBe("2026-10-01T00:00:00.000Z");
    expect(utcDayKey(d("2026-10-01T23:59:59Z"))).toBe("2026-10-01");
    expect(digestFlagKey(d("2026-10-01T08:00:00Z"))).toBe("digest:2026-10-01");
  });
});

describe("bucketByIsoWeek", () => {
  const now = d("2026-10-01T12:00:00Z");

  it("lists the last N weeks oldest first, ending with the current one", () => {
    const weeks = lastIsoWeeks(now, 12);
    expect(weeks).toHaveLength(12);
    expect(weeks[11]?.week).toBe("2026-W40");
    expect(weeks[0]?.week).toBe("2026-W29");
    expect(weeks[0]?.start.toISOString()).toBe("2026-07-13T00:00:00.000Z");
  });

  it("counts per week, ignores instants outside the range, keeps empty weeks", () => {
    const buckets = bucketByIsoWeek(
      [
        d("2026-09-28T00:00:00Z"), // current week, first instant
        d("2026-10-04T23:59:59Z"), // current week, last instant
        d("2026-09-27T23:59:59Z"), // previous week
        d("2026-07-13T00:00:00Z"), // oldest week
        d("2026-07-12T23:59:59Z"), // too old
        d("2026-10-05T00:00:00Z"), // next week
      ],
      now,
      12,
    );
    expect(buckets.map((b) => b.count)).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2]);
  });
});

describe("ages and the digest", () => {
  const now = d("2026-10-01T12:00:00Z");
  it.each([
    ["2026-10-01T11:59:30Z", "0 minutes"],
    ["2026-10-01T11:59:00Z", "1 minute"],
    ["2026-10-01T09:00:00Z", "3 hours"],
    ["2026-09-30T11:00:00Z", "1 day"],
    ["2026-09-21T12:00:00Z", "10 days"],
    ["2026-10-02T12:00:00Z", "0 minutes"],
  ])("%s → %s", (since, text) => {
    expect(describeAge(d(since), now)).toBe(text);
  });

  it("is due from the configured hour on", () => {
    expect(digestDue(d("2026-10-01T07:59:59Z"), 8)).toBe(false);
    expect(digestDue(d("2026-10-01T08:00:00Z"), 8)).toBe(true);
    expect(digestDue(d("2026-10-01T23:00:00Z"), 8)).toBe(true);
    expect(digestDue(d("2026-10-01T00:00:00Z"), 0)).toBe(true);
  });

  it("writes the digest email with the count, the oldest age and the link", () => {
    const mail = staffDigestEmail(
      "s@x.test",
      "Sam <3",
      { pending: 3, oldestSubmittedAt: d("2026-09-29T12:00:00Z"), queueUrl: "http://mb.test/staff/queue" },
      now,
    );
    expect(mail.subject).toBe("Missionboard: 3 badge requests are waiting");
    expect(mail.text).toContain("oldest was submitted 2 days ago");
    expect(mail.text).toContain("http://mb.test/staff/queue");
    expect(mail.html).toContain("Sam &lt;3");
    expect(staffDigestEmail("s@x.test", "S", { pending: 1, oldestSubmittedAt: now, queueUrl: "u" }, now).subject).toContain(
      "1 badge request is",
    );
  });
});
