import { describe, expect, it } from "vitest";
import { compileMarker, DEFAULT_MARKERS } from "./markers";
import { type CompletionGroup, describeMoves, planRescore, rescoredPoints } from "./rescore";

const mission = (points: number | null, markers = DEFAULT_MARKERS) => ({ points, markers });
const group = (
  points: number | null,
  completions: number,
  marker = "mission accomplished",
  outcome: string | null = null,
): CompletionGroup => ({
  points,
  marker,
  outcome,
  completions,
});

describe("rescoredPoints", () => {
  const deny = compileMarker({ phrase: "MISSION CONCLUDED", outcome: "deny", points: 10 });
  const cases: [string, Parameters<typeof rescoredPoints>[0], Parameters<typeof rescoredPoints>[1], number | null][] = [
    ["the mission's points", mission(25), { marker: "mission accomplished", outcome: null }, 25],
    ["a marker with its own points keeps them", mission(25, [deny]), { marker: deny.label, outcome: "deny" }, 10],
    ["the label is compared ignoring case", mission(25, [deny]), { marker: deny.label.toUpperCase(), outcome: "deny" }, 10],
    ["another outcome gets the mission's points", mission(25, [deny]), { marker: deny.label, outcome: null }, 25],
    ["a mission without points", mission(null), { marker: "mission accomplished", outcome: null }, null],
  ];
  for (const [name, m, c, points] of cases) it(name, () => expect(rescoredPoints(m, c)).toBe(points));
});

describe("planRescore", () => {
  it("counts what moves from which points to which, and what stays", () => {
    const plan = planRescore(mission(25), [group(20, 12), group(25, 3, "mission complete"), group(null, 1, "mission complete")]);
    expect(plan).toMatchObject({ changed: 13, unchanged: 3 });
    expect(plan.moves).toEqual([
      { from: null, to: 25, completions: 1 },
      { from: 20, to: 25, completions: 12 },
    ]);
    expect(plan.changes.map((g) => [g.points, g.to, g.completions])).toEqual([
      [20, 25, 12],
      [null, 25, 1],
    ]);
    expect(describeMoves(plan.moves)).toBe("none → 25: 1 completion; 20 → 25: 12 completions");
  });

  it("nothing to do when every completion already has the current points", () => {
    expect(planRescore(mission(20), [group(20, 5)])).toEqual({ changes: [], changed: 0, unchanged: 5, moves: [] });
  });
});
