import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { creditRow } from "./fixtures";
import { chooseRankSource, officialPoints, type RankSource, rankFromSource, roundHundredths } from "./points";
import { sampleCreditRows } from "./sample-csv";

const sample = sampleCreditRows(
  readFileSync(fileURLToPath(new URL("../../../../fixtures/campaign/SubmittedActivityList.sample.csv", import.meta.url)), "utf8"),
).map((r) => r.row);

describe("roundHundredths: half-up to whole points", () => {
  const cases: [number, number][] = [
    [0, 0],
    [1249, 12],
    [1250, 13],
    [1251, 13],
    [49, 0],
    [50, 1],
    [-49, 0],
    [-50, -1],
    [-250, -3],
    [-249, -2],
  ];
  for (const [hundredths, points] of cases) it(`${hundredths / 100} → ${points}`, () => expect(roundHundredths(hundredths)).toBe(points));
});

describe("officialPoints: sums of review-completed rows per person and week", () => {
  const maya = { userId: 101, email: "maya@example.org" };
  const cases: { name: string; rows: ReturnType<typeof creditRow>[]; expected: [string, Record<number, number>, number][] }[] = [
    {
      name: "only review completed counts, in any letter case",
      rows: [
        creditRow({ ...maya, activityStatus: "Review Completed", pointsHundredths: 1500 }),
        creditRow({ ...maya, activityStatus: "review COMPLETED", pointsHundredths: 2000 }),
        creditRow({ ...maya, activityStatus: "Submitted", pointsHundredths: 9900 }),
      ],
      expected: [["maya@example.org", { 1: 35 }, 35]],
    },
    {
      name: "any activity type counts",
      rows: [
        creditRow({ ...maya, activityId: 1, activityType: "Training", pointsHundredths: 1000 }),
        creditRow({ ...maya, activityId: 4, activityType: "Demo Day", pointsHundredths: 2500 }),
      ],
      expected: [["maya@example.org", { 1: 35 }, 35]],
    },
    {
      name: "two groups for one person and week (email case, another UserID) are summed, not overwritten",
      rows: [
        creditRow({ ...maya, pointsHundredths: 1500 }),
        creditRow({ userId: 101, email: "Maya@Example.org", pointsHundredths: 2000 }),
        creditRow({ userId: 999, email: " MAYA@example.org ", pointsHundredths: 500 }),
      ],
      expected: [["maya@example.org", { 1: 40 }, 40]],
    },
    {
      name: "each week rounded half-up on its exact sum; the total adds the rounded weeks",
      rows: [
        creditRow({ ...maya, weekId: 1, pointsHundredths: 1025 }),
        creditRow({ ...maya, weekId: 1, pointsHundredths: 1025 }),
        creditRow({ ...maya, weekId: 2, pointsHundredths: 1049 }),
        creditRow({ ...maya, weekId: 3, pointsHundredths: 1050 }),
      ],
      expected: [["maya@example.org", { 1: 21, 2: 10, 3: 11 }, 42]],
    },
    {
      name: "people sorted by email; someone with no review-completed row is left out",
      rows: [
        creditRow({ userId: 2, email: "zed@example.org", pointsHundredths: 100 }),
        creditRow({ userId: 3, email: "amy@example.org", pointsHundredths: 200, weekId: 4 }),
        creditRow({ userId: 4, email: "bob@example.org", activityStatus: "Submitted" }),
      ],
      expected: [
        ["amy@example.org", { 4: 2 }, 2],
        ["zed@example.org", { 1: 1 }, 1],
      ],
    },
  ];
  for (const c of cases)
    it(c.name, () => expect(officialPoints(c.rows).map((p) => [p.email, p.pointsByWeek, p.total])).toEqual(c.expected));

  it("keeps exact hundredths, every UserID seen, and the latest name", () => {
    const [p] = officialPoints([
      creditRow({ ...maya, firstName: "May", created: "2026-09-09T00:00:00.000Z", pointsHundredths: 1025 }),
      creditRow({ ...maya, firstName: "Maya", created: "2026-09-10T00:00:00.000Z", pointsHundredths: 1025 }),
      creditRow({ userId: 7, email: maya.email, firstName: null, lastName: null, created: "2026-09-11T00:00:00.000Z" }),
    ]);
    expect(p).toMatchObject({ userIds: [7, 101], firstName: "Maya", lastName: "Okafor", hundredthsByWeek: { 1: 3550 } });
  });
});

describe("officialPoints on the sample export", () => {
  it("sums each person's weeks (Maya's two email spellings are one person; Jonas's submitted row earns nothing)", () => {
    expect(officialPoints(sample).map((p) => [p.email, p.pointsByWeek, p.total])).toEqual([
      ["formula.test@example.org", { 4: 5 }, 5],
      ["jonas.berg@example.org", { 2: 55 }, 55],
      ["maya.okafor@example.org", { 1: 45 }, 45],
      ["priya.nair@example.org", { 3: 70 }, 70],
      ["sam.oneil@example.org", { 3: 12 }, 12],
    ]);
  });
});

describe("chooseRankSource", () => {
  const cases: [RankSource | null, boolean, RankSource][] = [
    [null, false, "detected"],
    [null, true, "official"],
    ["detected", true, "detected"],
    ["official", false, "official"],
  ];
  for (const [setting, hasList, source] of cases)
    it(`setting ${setting}, credit list ${hasList} → ${source}`, () => expect(chooseRankSource(setting, hasList)).toBe(source));
});

describe("rankFromSource: ranks from the chosen points on the rank table", () => {
  const cases: [RankSource, number, number | null, string, number][] = [
    ["official", 40, 130, "Analyst", 130],
    ["detected", 40, 130, "None", 40],
    ["detected", 320, null, "Agent", 320],
    ["official", 320, null, "None", 0],
  ];
  for (const [source, detected, official, rank, points] of cases)
    it(`${source}: detected ${detected}, official ${official} → ${rank}`, () => {
      const standing = rankFromSource(source, { detected, official });
      expect([standing.rank.name, standing.points, standing.source]).toEqual([rank, points, source]);
    });
  it("uses a configured table", () => {
    const table = [
      { name: "Cadet", minPoints: 0 },
      { name: "Pilot", minPoints: 50, reward: "A pin" },
    ];
    expect(rankFromSource("official", { detected: 0, official: 55 }, table).rank).toEqual({
      name: "Pilot",
      minPoints: 50,
      reward: "A pin",
    });
  });
});
