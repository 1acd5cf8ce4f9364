import { describe, expect, it } from "vitest";
import type { AttemptRecord, CompletionRecord } from "./counting";
import { attemptsToComplete, median, missionFunnels } from "./funnel";

const at = (min: number) => new Date(Date.UTC(2026, 0, 5, 9, min));
const MIN = 60_000;
const attempt = (id: string, who: string | null, start: number | null, missionId = "m"): AttemptRecord => ({
  id,
  missionId,
  owuiUserId: who,
  startedAt: start === null ? null : at(start),
  completed: false,
});
const done = (attemptId: string, who: string | null, end: number | null, missionId = "m"): CompletionRecord => ({
  attemptId,
  missionId,
  owuiUserId: who,
  completedAt: end === null ? null : at(end),
  points: 20,
});

describe("median", () => {
  const cases: [number[], number | null][] = [
    [[], null],
    [[4], 4],
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
  ];
  for (const [values, want] of cases) it(`${JSON.stringify(values)} → ${want}`, () => expect(median(values)).toBe(want));
});

describe("missionFunnels (§M-16)", () => {
  it("started → completed, median attempts and time to complete", () => {
    const attempts = [
      // u: completes on the 2nd attempt (in start order, not id order), 30 min after the first start.
      attempt("z1", "u", 0),
      attempt("a2", "u", 10),
      // v: completes on the 1st attempt, 5 min after starting; a later completion does not count.
      attempt("b1", "v", 0),
      attempt("b2", "v", 20),
      // w: tried, never completed.
      attempt("c1", "w", 0),
      // x: completes on the 3rd, 60 min after the first start.
      attempt("d1", "x", 0),
      attempt("d2", "x", 10),
      attempt("d3", "x", 50),
      // ownerless: left out.
      attempt("e1", null, 0),
    ];
    const completions = [done("a2", "u", 30), done("b1", "v", 5), done("b2", "v", 25), done("d3", "x", 60), done("e1", null, 1)];
    expect(missionFunnels(attempts, completions, { knownLearners: 10 })).toEqual([
      {
        missionId: "m",
        notStarted: 6,
        started: 4,
        completed: 3,
        completionRate: 75,
        medianAttemptsToComplete: 2,
        medianTimeToCompleteMs: 30 * MIN,
      },
    ]);
  });

  const cases: [string, AttemptRecord[], CompletionRecord[], number | null, number | null][] = [
    ["nobody completed: no medians", [attempt("a", "u", 0)], [], null, null],
    ["an attempt without a start time sorts last", [attempt("a", "u", null), attempt("b", "u", 0)], [done("a", "u", 9)], 2, 9 * MIN],
    ["a completion without a time has attempts but no time", [attempt("a", "u", 0)], [done("a", "u", null)], 1, null],
  ];
  for (const [name, attempts, completions, tries, time] of cases) {
    it(name, () => {
      const [f] = missionFunnels(attempts, completions);
      expect([f?.medianAttemptsToComplete, f?.medianTimeToCompleteMs]).toEqual([tries, time]);
    });
  }

  it("lists requested missions nobody started, with everyone not started", () => {
    expect(missionFunnels([], [], { missionIds: ["m9"], knownLearners: 3 })).toEqual([
      {
        missionId: "m9",
        notStarted: 3,
        started: 0,
        completed: 0,
        completionRate: 0,
        medianAttemptsToComplete: null,
        medianTimeToCompleteMs: null,
      },
    ]);
  });
});

describe("attemptsToComplete (§M-16)", () => {
  const attempts = [
    attempt("z1", "u", 0),
    attempt("a2", "u", 10),
    attempt("b1", "v", 0),
    attempt("c1", "w", 5),
    attempt("x1", "u", 0, "other"),
    attempt("n1", null, 0),
  ];
  const completions = [done("a2", "u", 30), done("b1", "v", 5), done("x1", "u", 1, "other"), done("n1", null, 2)];
  const cases: [string, string, number | undefined][] = [
    ["counts by start order, not id order", "u", 2],
    ["a first-attempt completion is 1", "v", 1],
    ["a learner who did not complete has none", "w", undefined],
  ];
  const positions = attemptsToComplete("m", attempts, completions);
  for (const [name, who, want] of cases) it(name, () => expect(positions.get(who)).toBe(want));
  it("leaves out records without an owner and other missions", () => expect([...positions.keys()].sort()).toEqual(["u", "v"]));
});
