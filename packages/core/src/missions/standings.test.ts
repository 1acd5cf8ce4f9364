import { describe, expect, it } from "vitest";
import type { AttemptRecord, CompletionRecord } from "./counting";
import { rankUps } from "./ranks";
import {
  ADJUSTMENT_REASON_MAX,
  adjustmentProblems,
  applyStandingsChange,
  type BoardView,
  boardKey,
  boardsOf,
  buildStandings,
  leaderboard,
  pointsByLearner,
  type ScoreAdjustment,
  type ScoringData,
  storedViews,
  viewFor,
} from "./standings";

const at = (min: number) => new Date(Date.UTC(2026, 0, 5, 9, min));
let seq = 0;
/** A learner's attempt at a mission started at `start`, completed at `end` with `points` when given. */
function play(who: string | null, missionId: string, start: number, end?: number, points: number | null = 20) {
  const id = `a${String(++seq).padStart(4, "0")}`;
  const attempt: AttemptRecord = { id, missionId, owuiUserId: who, startedAt: at(start), completed: end !== undefined };
  const completion: CompletionRecord | null =
    end === undefined ? null : { attemptId: id, missionId, owuiUserId: who, completedAt: at(end), points };
  return { attempt, completion };
}
const missions = [
  { id: "w1a", week: 1 },
  { id: "w1b", week: 1 },
  { id: "w2a", week: 2 },
  { id: "loose", week: null },
];
function data(plays: ReturnType<typeof play>[], adjustments: ScoreAdjustment[] = []): ScoringData {
  return {
    missions,
    attempts: plays.map((p) => p.attempt),
    completions: plays.flatMap((p) => (p.completion ? [p.completion] : [])),
    adjustments,
  };
}
const adj = (learnerId: string, points: number, min: number, week: number | null = null): ScoreAdjustment => ({
  id: `adj-${learnerId}-${min}`,
  learnerId,
  points,
  reason: "test",
  at: at(min),
  week,
});
const overall: BoardView = { board: { kind: "overall" }, viewer: "staff" };
const week = (w: number): BoardView => ({ board: { kind: "week", week: w }, viewer: "staff" });
const brief = (d: ScoringData, v: BoardView) => leaderboard(d, v).map((r) => [r.position, r.learnerId, r.points]);

describe("score (§M-12)", () => {
  const cases: { name: string; d: ScoringData; want: [number, string, number][] }[] = [
    {
      name: "distinct missions count once, with the first completion's snapshot",
      d: data([play("u", "w1a", 0, 5, 15), play("u", "w1a", 10, 12, 25), play("u", "w2a", 20, 30, 25)]),
      want: [[1, "u", 40]],
    },
    {
      name: "a completion without a snapshot is worth 0 but the learner is on the board",
      d: data([play("u", "w1a", 0, 5, null)]),
      want: [[1, "u", 0]],
    },
    {
      name: "adjustments add and subtract",
      d: data([play("u", "w1a", 0, 5, 20), play("v", "w1a", 0, 6, 20)], [adj("u", -5, 40), adj("v", 10, 41)]),
      want: [
        [1, "v", 30],
        [2, "u", 15],
      ],
    },
    {
      name: "an adjustment alone puts a learner on the board",
      d: data([], [adj("z", 7, 1)]),
      want: [[1, "z", 7]],
    },
    {
      name: "attempts without a completion: 0 points, still listed; ownerless ones are not",
      d: data([play("u", "w1a", 0), play(null, "w1a", 0, 3)]),
      want: [[1, "u", 0]],
    },
  ];
  for (const c of cases) it(c.name, () => expect(brief(c.d, overall)).toEqual(c.want));
});

describe("tie-breaks (§M-12)", () => {
  const cases: { name: string; d: ScoringData; want: string[] }[] = [
    {
      name: "equal points: who reached them first",
      d: data([play("late", "w1a", 0, 30), play("early", "w1b", 0, 10)]),
      want: ["early", "late"],
    },
    {
      name: "equal points and time: fewer attempts",
      d: data([play("many", "w1a", 0), play("many", "w1a", 1, 10), play("few", "w1b", 0, 10)]),
      want: ["few", "many"],
    },
    {
      name: "a zero-point completion does not move the time the score was reached",
      d: data([play("a", "w1a", 0, 10), play("a", "w2a", 0, 50, 0), play("b", "w1b", 0, 20)]),
      want: ["a", "b"],
    },
    {
      name: "a later adjustment moves the time the score was reached",
      d: data([play("a", "w1a", 0, 10, 25), play("b", "w1b", 0, 20, 20)], [adj("a", -5, 30)]),
      want: ["b", "a"],
    },
  ];
  for (const c of cases) it(c.name, () => expect(leaderboard(c.d, overall).map((r) => r.learnerId)).toEqual(c.want));

  it("learners equal on every rule share a position; the next one skips", () => {
    const d = data([play("b", "w1a", 0, 10), play("a", "w1b", 0, 10), play("c", "w2a", 0, 5, 5)]);
    expect(brief(d, overall)).toEqual([
      [1, "a", 20],
      [1, "b", 20],
      [3, "c", 5],
    ]);
  });
});

describe("weekly boards (§M-13)", () => {
  const d = data(
    [play("u", "w1a", 0, 5, 15), play("u", "w2a", 0, 6, 25), play("v", "w2a", 0, 7, 25), play("v", "loose", 0, 8, 30)],
    [adj("u", 3, 9, 1), adj("v", 100, 9)],
  );
  const cases: [string, BoardView, [number, string, number][]][] = [
    [
      "overall counts everything",
      overall,
      [
        [1, "v", 155],
        [2, "u", 43],
      ],
    ],
    ["week 1: its missions and adjustments only", week(1), [[1, "u", 18]]],
    [
      "week 2: its missions only",
      week(2),
      [
        [1, "u", 25],
        [2, "v", 25],
      ],
    ],
    ["a week without anything is empty", week(9), []],
  ];
  for (const [name, v, want] of cases) it(name, () => expect(brief(d, v)).toEqual(want));

  it("attempts on other weeks' missions do not count toward a week's tie-break", () => {
    const e = data([play("a", "w1a", 0, 10), play("a", "w2a", 0), play("a", "w2a", 1), play("b", "w1b", 0, 10), play("b", "w1b", 1)]);
    expect(leaderboard(e, week(1)).map((r) => [r.learnerId, r.attempts])).toEqual([
      ["a", 1],
      ["b", 2],
    ]);
  });

  it("boardsOf lists overall and every week with missions, in order", () => {
    expect(boardsOf(missions)).toEqual([{ kind: "overall" }, { kind: "week", week: 1 }, { kind: "week", week: 2 }]);
  });
});

describe("freeze (§M-13)", () => {
  const d = data([play("u", "w1a", 0, 10), play("v", "w1a", 0, 20), play("v", "w1b", 25, 30)], [adj("u", 50, 40)]);
  const freezeAt = at(20);
  const cases: [string, BoardView, [number, string, number][]][] = [
    [
      "learners see the board as it stood: items strictly before the freeze",
      { board: { kind: "overall" }, freezeAt, viewer: "learner" },
      [
        [1, "u", 20],
        [2, "v", 0],
      ],
    ],
    [
      "staff see it live",
      { board: { kind: "overall" }, freezeAt, viewer: "staff" },
      [
        [1, "u", 70],
        [2, "v", 40],
      ],
    ],
    [
      "no freeze: learners see it live",
      { board: { kind: "overall" }, viewer: "learner" },
      [
        [1, "u", 70],
        [2, "v", 40],
      ],
    ],
  ];
  for (const [name, v, want] of cases) it(name, () => expect(brief(d, v)).toEqual(want));

  it("attempts started after the freeze are hidden too", () => {
    const v: BoardView = { board: { kind: "overall" }, freezeAt, viewer: "learner" };
    expect(leaderboard(d, v).find((r) => r.learnerId === "v")?.attempts).toBe(1);
  });

  it("the frozen view has its own key", () => {
    expect(boardKey({ board: { kind: "week", week: 2 }, freezeAt, viewer: "learner" })).toBe(`week:2@${freezeAt.toISOString()}`);
    expect(boardKey({ board: { kind: "week", week: 2 }, freezeAt, viewer: "staff" })).toBe("week:2");
  });
});

describe("applyStandingsChange (§M-15)", () => {
  const plays = [play("a", "w1a", 0, 10), play("b", "w1a", 0, 20), play("c", "w1a", 0, 30), play("d", "w1a", 0)];
  const before = buildStandings(data(plays), [overall]);

  it("a new completion for c moves c to the top and returns only the rows that changed", () => {
    const more = [...plays, play("c", "w1b", 40, 50)];
    const change = applyStandingsChange(before, data(more.filter((p) => p.attempt.owuiUserId === "c")), overall, new Set(["c"]));
    expect(change.upserts.map((r) => [r.learnerId, r.position, r.points])).toEqual([
      ["c", 1, 40],
      ["a", 2, 20],
      ["b", 3, 20],
    ]);
    expect(change.deletes).toEqual([]);
    // d's row (position 4, 0 points) did not change and is not returned.
    const rebuilt = buildStandings(data(more), [overall]);
    const merged = new Map(before.map((r) => [r.learnerId, r]));
    for (const r of change.upserts) merged.set(r.learnerId, r);
    expect([...merged.values()].sort((x, y) => x.position - y.position)).toEqual(rebuilt);
  });

  it("an adjustment that changes nobody's order returns only that learner's row", () => {
    const change = applyStandingsChange(
      before,
      data(
        plays.filter((p) => p.attempt.owuiUserId === "d"),
        [adj("d", 1, 60)],
      ),
      overall,
      new Set(["d"]),
    );
    expect(change.upserts.map((r) => [r.learnerId, r.position, r.points])).toEqual([["d", 4, 1]]);
  });

  it("a learner with nothing left in scope is deleted and the others close up", () => {
    const change = applyStandingsChange(before, data([]), overall, new Set(["a"]));
    expect(change.deletes).toEqual(["a"]);
    expect(change.upserts.map((r) => [r.learnerId, r.position])).toEqual([
      ["b", 1],
      ["c", 2],
      ["d", 3],
    ]);
  });

  it("builds 5,000 learners × 20 missions quickly (printed, not asserted)", () => {
    const big: ReturnType<typeof play>[] = [];
    const ms = Array.from({ length: 20 }, (_, i) => ({ id: `m${i}`, week: (i % 10) + 1 }));
    for (let u = 0; u < 5000; u++) {
      for (let m = 0; m < 20; m++) {
        if ((u + m) % 3 === 0) continue;
        big.push(play(`u${u}`, `m${m}`, (u + m) % 600, (u * m) % 2 === 0 ? ((u + m) % 600) + 5 : undefined, 15 + (m % 3) * 5));
      }
    }
    const d: ScoringData = { ...data(big), missions: ms };
    const views = boardsOf(ms).map((board): BoardView => ({ board, viewer: "staff" }));
    const t0 = performance.now();
    const rows = buildStandings(d, views);
    const ms0 = performance.now() - t0;
    // biome-ignore lint/suspicious/noConsole: the brief asks for the figure to be printed, not asserted.
    console.info(`standings: ${rows.length} rows for ${big.length} attempts, ${views.length} boards in ${ms0.toFixed(0)} ms`);
    expect(rows.filter((r) => r.board === "overall")).toHaveLength(5000);
  });
});

describe("adjustmentProblems (§M-12)", () => {
  const cases: [string, Parameters<typeof adjustmentProblems>[0], number][] = [
    ["a bonus with a reason", { points: 10, reason: "Demo day" }, 0],
    ["a deduction for a week", { points: -5, reason: "Shared the code", week: 3 }, 0],
    ["zero points", { points: 0, reason: "x" }, 1],
    ["fractional points", { points: 1.5, reason: "x" }, 1],
    ["blank reason", { points: 5, reason: "  " }, 1],
    ["reason too long", { points: 5, reason: "x".repeat(ADJUSTMENT_REASON_MAX + 1) }, 1],
    ["week 0", { points: 5, reason: "x", week: 0 }, 1],
  ];
  for (const [name, input, n] of cases) it(name, () => expect(adjustmentProblems(input)).toHaveLength(n));
});

describe("rank-ups from two standings (§M-14)", () => {
  it("an adjustment that lifts a learner past 120 is a rank-up", () => {
    const plays = [play("r", "w1a", 0, 10, 100)];
    const before = pointsByLearner(buildStandings(data(plays), [overall]));
    const after = pointsByLearner(buildStandings(data(plays, [adj("r", 20, 20)]), [overall]));
    expect(rankUps(before, after).map((u) => [u.learnerId, u.to.name])).toEqual([["r", "Analyst"]]);
  });
});

describe("storedViews and viewFor", () => {
  const missions = [
    { id: "a", week: 1 },
    { id: "b", week: 2 },
    { id: "c", week: null },
  ];
  const freeze = new Date("2026-03-01T00:00:00Z");
  it("stores every board live, and a frozen view only for boards with a freeze", () => {
    const keys = storedViews(missions, [{ board: "week:2", freezeAt: freeze }]).map(boardKey);
    expect(keys).toEqual(["overall", "week:1", "week:2", `week:2@${freeze.toISOString()}`]);
  });
  it("gives learners the frozen view and staff the live one", () => {
    const freezes = [{ board: "overall", freezeAt: freeze }];
    expect(boardKey(viewFor({ kind: "overall" }, freezes, "learner"))).toBe(`overall@${freeze.toISOString()}`);
    expect(boardKey(viewFor({ kind: "overall" }, freezes, "staff"))).toBe("overall");
    expect(boardKey(viewFor({ kind: "week", week: 1 }, freezes, "learner"))).toBe("week:1");
  });
});
