import { describe, expect, it } from "vitest";
import {
  describeMissionRule,
  evaluateMissionRule,
  MAX_RULE_MISSIONS,
  type MissionRule,
  missingEvidence,
  type RuleCompletion,
  ruleMissionIds,
  validateMissionRule,
} from "./mission-rules";

const at = (day: number) => new Date(Date.UTC(2026, 0, day));
const c = (
  missionId: string,
  day: number | null,
  points: number | null = 10,
  week: number | null = 1,
  chatId = `${missionId}-${day}`,
): RuleCompletion => ({
  missionId,
  week,
  points,
  chatId,
  completedAt: day === null ? null : at(day),
});

const all: MissionRule = { kind: "all", n: null, week: null, missionIds: ["m1", "m2", "m3"] };
const any2: MissionRule = { kind: "any", n: 2, week: null, missionIds: ["m1", "m2", "m3"] };
const week1: MissionRule = { kind: "week_points", n: 25, week: 1, missionIds: [] };

describe("evaluateMissionRule", () => {
  it.each([
    ["all: nothing done", all, [], false, [], 0, 3],
    ["all: two of three", all, [c("m1", 1), c("m2", 2)], false, [], 2, 3],
    ["all: all three", all, [c("m3", 3), c("m1", 1), c("m2", 2)], true, ["m1-1", "m2-2", "m3-3"], 3, 3],
    ["all: other missions do not count", all, [c("m1", 1), c("m2", 2), c("x", 3)], false, [], 2, 3],
    [
      "all: a repeated mission counts once, its earliest chat",
      all,
      [c("m1", 5), c("m1", 1), c("m2", 2), c("m3", 3)],
      true,
      ["m1-1", "m2-2", "m3-3"],
      3,
      3,
    ],
    ["any 2: one done", any2, [c("m2", 4)], false, [], 1, 2],
    ["any 2: the first two count", any2, [c("m3", 1), c("m1", 5), c("m2", 2)], true, ["m3-1", "m2-2"], 2, 2],
    ["any 2: the same mission twice is one", any2, [c("m1", 1), c("m1", 2)], false, [], 1, 2],
    ["any 2: undated completions come last", any2, [c("m1", null), c("m2", 9), c("m3", 3)], true, ["m3-3", "m2-9"], 2, 2],
    ["week points: short", week1, [c("a", 1, 10), c("b", 2, 10)], false, [], 20, 25],
    [
      "week points: reached, in completion order",
      week1,
      [c("a", 1, 10), c("b", 2, 10), c("c", 3, 10), c("d", 4, 10)],
      true,
      ["a-1", "b-2", "c-3"],
      40,
      25,
    ],
    ["week points: other weeks ignored", week1, [c("a", 1, 20), c("b", 2, 20, 2)], false, [], 20, 25],
    [
      "week points: a mission counts once, its best chat",
      week1,
      [c("a", 1, 10), c("a", 2, 20), c("b", 3, 5)],
      true,
      ["a-2", "b-3"],
      25,
      25,
    ],
    ["week points: null points count as 0", week1, [c("a", 1, null), c("b", 2, 24)], false, [], 24, 25],
  ] as const)("%s", (_name, rule, completions, satisfied, evidence, progress, target) => {
    const r = evaluateMissionRule(rule, completions);
    expect(r.satisfied).toBe(satisfied);
    expect(r.evidence.map((e) => e.chatId)).toEqual(evidence);
    expect(r.progress).toBe(progress);
    expect(r.target).toBe(target);
  });
});

const missions = [
  { id: "m1", week: 1 },
  { id: "m2", week: 1 },
  { id: "m3", week: 2 },
];

describe("validateMissionRule", () => {
  it.each([
    ["all", { kind: "all", missionIds: ["m1", "m2", "m1"] }, "mini_badge", { kind: "all", n: null, week: null, missionIds: ["m1", "m2"] }],
    [
      "any",
      { kind: "any", n: 2, missionIds: ["m1", "m2", "m3"] },
      "capstone",
      { kind: "any", n: 2, week: null, missionIds: ["m1", "m2", "m3"] },
    ],
    ["week points", { kind: "week_points", n: 30, week: 2 }, "mini_badge", { kind: "week_points", n: 30, week: 2, missionIds: [] }],
  ] as const)("accepts %s", (_name, input, itemKind, rule) => {
    expect(validateMissionRule(input, itemKind, missions)).toEqual({ ok: true, rule });
  });

  it.each([
    ["a skill", { kind: "all", missionIds: ["m1"] }, "skill", "kind", /Only mini-badges and capstones/],
    ["an unknown kind", { kind: "most" }, "mini_badge", "kind", /Choose how the missions count/],
    ["no missions", { kind: "all", missionIds: [] }, "mini_badge", "missionIds", /at least one mission/],
    [
      "too many missions",
      { kind: "all", missionIds: Array.from({ length: MAX_RULE_MISSIONS + 1 }, (_, i) => `x${i}`) },
      "mini_badge",
      "missionIds",
      /at most 50/,
    ],
    ["a missing mission", { kind: "all", missionIds: ["m1", "gone"] }, "mini_badge", "missionIds", /no longer exists/],
    ["N of 0", { kind: "any", n: 0, missionIds: ["m1"] }, "mini_badge", "n", /1 or more/],
    ["N above k", { kind: "any", n: 3, missionIds: ["m1", "m2"] }, "mini_badge", "n", /You picked 2 missions: N can be at most 2/],
    ["N not whole", { kind: "any", n: 1.5, missionIds: ["m1", "m2"] }, "mini_badge", "n", /whole number|1 or more/],
    ["no week", { kind: "week_points", n: 5 }, "mini_badge", "week", /week as a whole number/],
    ["an empty week", { kind: "week_points", n: 5, week: 9 }, "mini_badge", "week", /No mission is in week 9/],
    ["no points", { kind: "week_points", week: 1 }, "mini_badge", "n", /points to reach/],
    [
      "missions on a week rule",
      { kind: "week_points", n: 5, week: 1, missionIds: ["m1"] },
      "mini_badge",
      "missionIds",
      /leave the missions unticked/,
    ],
  ] as const)("refuses %s", (_name, input, itemKind, field, message) => {
    const r = validateMissionRule(input, itemKind, missions);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const error = r.errors.find((e) => e.field === field);
    expect(error?.message).toMatch(message);
  });
});

describe("rule helpers", () => {
  it("describes rules in words", () => {
    expect(describeMissionRule(all)).toBe("Complete all of 3 missions");
    expect(describeMissionRule(any2)).toBe("Complete any 2 of 3 missions");
    expect(describeMissionRule(week1)).toBe("Reach 25 mission points in week 1");
  });

  it("lists the missions a rule looks at", () => {
    expect(ruleMissionIds(any2, missions)).toEqual(["m1", "m2", "m3"]);
    expect(ruleMissionIds({ ...week1, week: 1 }, missions)).toEqual(["m1", "m2"]);
  });

  it("finds the evidence whose completion is gone", () => {
    const evidence = [
      { awardId: "a", missionId: "m1", chatId: "c1" },
      { awardId: "a", missionId: "m2", chatId: "c2" },
    ];
    expect(missingEvidence(evidence, [{ missionId: "m1", chatId: "c1" }])).toEqual([evidence[1]]);
    expect(missingEvidence(evidence, [{ missionId: "m2", chatId: "c1" }, ...evidence])).toEqual([]);
  });
});
