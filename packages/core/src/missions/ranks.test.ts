import { describe, expect, it } from "vitest";
import { DEFAULT_RANKS, type RankThreshold, rankFor, rankTableProblems, rankUps } from "./ranks";

describe("rankFor (§M-14)", () => {
  const cases: [number, string, number | null][] = [
    [-15, "None", 120 + 15],
    [0, "None", 120],
    [119, "None", 1],
    [120, "Analyst", 180],
    [299, "Analyst", 1],
    [300, "Agent", 200],
    [500, "Field Agent", 250],
    [749, "Field Agent", 1],
    [750, "Secret Agent", null],
    [10_000, "Secret Agent", null],
  ];
  for (const [points, name, toNext] of cases) {
    it(`${points} points → ${name}, ${toNext} to next`, () => {
      const r = rankFor(points);
      expect(r.rank.name).toBe(name);
      expect(r.pointsToNext).toBe(toNext);
    });
  }
  it("uses a configured table and its rewards", () => {
    const table: RankThreshold[] = [
      { name: "Cadet", minPoints: 0 },
      { name: "Pilot", minPoints: 50, reward: "2 raffle tickets" },
    ];
    expect(rankFor(60, table).rank).toEqual({ name: "Pilot", minPoints: 50, reward: "2 raffle tickets" });
    expect(rankFor(10, table).next?.name).toBe("Pilot");
  });
});

describe("rankTableProblems", () => {
  const cases: [string, RankThreshold[], number][] = [
    ["the default table is fine", [...DEFAULT_RANKS], 0],
    ["empty", [], 1],
    ["lowest not at 0", [{ name: "A", minPoints: 10 }], 1],
    [
      "not increasing",
      [
        { name: "A", minPoints: 0 },
        { name: "B", minPoints: 0 },
      ],
      1,
    ],
    [
      "blank name and fractional points",
      [
        { name: "A", minPoints: 0 },
        { name: " ", minPoints: 10.5 },
      ],
      2,
    ],
  ];
  for (const [name, table, n] of cases) it(name, () => expect(rankTableProblems(table)).toHaveLength(n));
});

describe("rankUps", () => {
  it("lists only learners whose rank went up, with from and to", () => {
    const before = new Map([
      ["a", 100],
      ["b", 130],
      ["c", 760],
      ["d", 310],
    ]);
    const after = new Map([
      ["a", 125], // None → Analyst
      ["b", 290], // still Analyst
      ["c", 700], // dropped (adjustment): not a rank-up
      ["d", 800], // Agent → Secret Agent (skips Field Agent)
      ["e", 120], // new learner, from 0
    ]);
    expect(rankUps(before, after).map((u) => [u.learnerId, u.from.name, u.to.name, u.points])).toEqual([
      ["a", "None", "Analyst", 125],
      ["d", "Agent", "Secret Agent", 800],
      ["e", "None", "Analyst", 120],
    ]);
  });
});
