import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { creditRow } from "./fixtures";
import { activityOverview, campaignSummary, parseWeekFilter, weeksPresent } from "./overview";
import { officialPoints } from "./points";
import { sampleCreditRows } from "./sample-csv";

const sample = sampleCreditRows(
  readFileSync(fileURLToPath(new URL("../../../../fixtures/campaign/SubmittedActivityList.sample.csv", import.meta.url)), "utf8"),
).map((r) => r.row);

describe("parseWeekFilter", () => {
  const cases: [string | null, { week: number | null } | { error: string }][] = [
    [null, { week: null }],
    ["", { week: null }],
    ["all", { week: null }],
    [" ALL ", { week: null }],
    ["3", { week: 3 }],
    ["10", { week: 10 }],
    ["0", { error: "Week must be between 1 and 10." }],
    ["11", { error: "Week must be between 1 and 10." }],
    ["2.5", { error: "Week must be an integer or 'all'." }],
    ["two", { error: "Week must be an integer or 'all'." }],
  ];
  for (const [text, result] of cases) it(JSON.stringify(text), () => expect(parseWeekFilter(text)).toEqual(result));
  it("uses a configured range", () => expect(parseWeekFilter("12", { min: 1, max: 12 })).toEqual({ week: 12 }));
});

describe("weeksPresent", () => {
  it("every WeekID, any status, ascending, once", () => {
    expect(
      weeksPresent([creditRow({ weekId: 3 }), creditRow({ weekId: 1, activityStatus: "Submitted" }), creditRow({ weekId: 3 })]),
    ).toEqual([1, 3]);
  });
});

describe("campaignSummary on the sample export", () => {
  it("all weeks: leaderboard by official points, stat cards", () => {
    const s = campaignSummary(sample);
    expect(s.rows.map((r) => [r.firstName, r.pointsByWeek, r.total])).toEqual([
      ["Priya", { 3: 70 }, 70],
      ["Jonas", { 2: 55 }, 55],
      ["Maya", { 1: 45 }, 45],
      ["Sam", { 3: 12 }, 12],
      ['=HYPERLINK("http://x.example")', { 4: 5 }, 5],
    ]);
    expect([s.weeks, s.week, s.participants, s.totalPoints, s.averagePoints, s.activeWeeks]).toEqual([[1, 2, 3, 4], null, 5, 187, 37.4, 4]);
  });
  it("one week: that week's points only; the week list stays whole", () => {
    const s = campaignSummary(sample, { week: 3 });
    expect(s.rows.map((r) => [r.email, r.total])).toEqual([
      ["priya.nair@example.org", 70],
      ["sam.oneil@example.org", 12],
    ]);
    expect([s.weeks, s.participants, s.totalPoints, s.averagePoints, s.activeWeeks]).toEqual([[1, 2, 3, 4], 2, 82, 41, 4]);
  });
  it("the caller's official points give the same summary (without a week; a week's is computed)", () => {
    const official = officialPoints(sample);
    expect(campaignSummary(sample, { official })).toEqual(campaignSummary(sample));
    expect(campaignSummary(sample, { week: 3, official })).toEqual(campaignSummary(sample, { week: 3 }));
  });
});

describe("campaignSummary: order and figures", () => {
  const cases: { name: string; rows: ReturnType<typeof creditRow>[]; order: string[]; average: number }[] = [
    {
      name: "equal points: first name, then email (no name sorts first)",
      rows: [
        creditRow({ userId: 1, email: "b@x.org", firstName: "Ada", pointsHundredths: 1000 }),
        creditRow({ userId: 2, email: "a@x.org", firstName: "Ada", pointsHundredths: 1000 }),
        creditRow({ userId: 3, email: "c@x.org", firstName: null, pointsHundredths: 1000 }),
        creditRow({ userId: 4, email: "d@x.org", firstName: "Zoe", pointsHundredths: 2000 }),
      ],
      order: ["d@x.org", "c@x.org", "a@x.org", "b@x.org"],
      average: 12.5,
    },
    {
      name: "average to one decimal, half-up",
      rows: [
        creditRow({ userId: 1, email: "a@x.org", pointsHundredths: 100 }),
        creditRow({ userId: 2, email: "b@x.org", pointsHundredths: 0 }),
        creditRow({ userId: 3, email: "c@x.org", pointsHundredths: 0 }),
        creditRow({ userId: 4, email: "d@x.org", pointsHundredths: 0 }),
      ],
      order: ["a@x.org", "b@x.org", "c@x.org", "d@x.org"],
      average: 0.3,
    },
    { name: "nobody", rows: [creditRow({ activityStatus: "Submitted" })], order: [], average: 0 },
  ];
  for (const c of cases)
    it(c.name, () => {
      const s = campaignSummary(c.rows);
      expect([s.rows.map((r) => r.email), s.averagePoints]).toEqual([c.order, c.average]);
    });
});

describe("activityOverview on the sample export", () => {
  it("by activity type × week, sorted by points, with a total row from the same rows", () => {
    const o = activityOverview(sample);
    expect(o.weeks).toEqual([1, 2, 3, 4]);
    expect(o.rows.map((r) => [r.activityType, r.totalParticipants, r.totalPoints])).toEqual([
      ["Missions & Challenges", 4, 102],
      ["Use Case", 1, 40],
      ["Demo Day", 1, 25],
      ["Training", 2, 15],
      ["Quiz", 1, 5],
    ]);
    expect(o.rows[0]?.weeks).toEqual({
      1: { participants: 1, points: 35 },
      2: { participants: 1, points: 30 },
      3: { participants: 2, points: 37 },
      4: { participants: 0, points: 0 },
    });
    expect(o.total).toEqual({
      activityType: "Total",
      weeks: {
        1: { participants: 1, points: 45 },
        2: { participants: 1, points: 55 },
        3: { participants: 2, points: 82 },
        4: { participants: 1, points: 5 },
      },
      totalParticipants: 5,
      totalPoints: 187,
    });
  });
  it("one week", () => {
    const o = activityOverview(sample, { week: 2 });
    expect([o.weeks, o.rows.map((r) => [r.activityType, r.weeks[2]]), o.total.totalPoints]).toEqual([
      [2],
      [
        ["Missions & Challenges", { participants: 1, points: 30 }],
        ["Demo Day", { participants: 1, points: 25 }],
      ],
      55,
    ]);
  });
});

describe("activityOverview: rules", () => {
  it("sums exactly before rounding, counts a person once across email cases, ties by name ignoring case", () => {
    const o = activityOverview([
      creditRow({ userId: 1, email: "a@x.org", activityType: "quiz", pointsHundredths: 1025 }),
      creditRow({ userId: 1, email: "A@x.org", activityType: "quiz", pointsHundredths: 1025 }),
      creditRow({ userId: 2, email: "b@x.org", activityType: "Demo Day", pointsHundredths: 2100 }),
      creditRow({ userId: 2, email: "b@x.org", activityType: "Training", activityStatus: "Submitted", pointsHundredths: 9900 }),
    ]);
    expect(o.rows.map((r) => [r.activityType, r.weeks[1]])).toEqual([
      ["Demo Day", { participants: 1, points: 21 }],
      ["quiz", { participants: 1, points: 21 }],
    ]);
    expect(o.total.weeks[1]).toEqual({ participants: 2, points: 42 });
  });
});
