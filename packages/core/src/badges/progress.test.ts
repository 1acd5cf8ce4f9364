import { describe, expect, it } from "vitest";
import { catalogOf, standard } from "./fixtures";
import { averagePercent, nextBadges, percent, progressReport } from "./progress";

const at = (day: number) => new Date(Date.UTC(2026, 9, day));

describe("percent", () => {
  it.each([
    [1, 3, 33],
    [2, 3, 66],
    [1, 2, 50],
    [0, 0, 0],
    [3, 3, 100],
  ])("%i of %i → %i", (earned, total, expected) => expect(percent(earned, total)).toBe(expected));
});

describe("progressReport", () => {
  it("counts active items per skill and program, with earned times", () => {
    const report = progressReport(standard(), [
      { itemId: "m1", awardedAt: at(1) },
      { itemId: "m3", awardedAt: at(2) },
      { itemId: "S2", awardedAt: at(2) },
    ]);
    const p = report.programs.find((x) => x.id === "P");
    expect(p).toMatchObject({ earned: false, earnedSkills: 1, totalSkills: 3, earnedMiniBadges: 2, totalMiniBadges: 3 });
    // Counted items: S1 (1 of 2 minis: ½), S2 (held: 1), the required capstone C (0); S3 is empty → 1.5 / 3.
    expect(p?.percent).toBe(50);
    expect(p?.skills.map((s) => [s.id, s.percent])).toEqual([
      ["S1", 50],
      ["S2", 100],
      ["S3", 0],
    ]);
    expect(p?.skills[0]?.miniBadges[0]).toEqual({ id: "m1", title: "M1", earned: true, earnedAt: at(1) });
    expect(p?.capstones.map((c) => [c.id, c.isRequired])).toEqual([
      ["C", true],
      ["O", false],
    ]);
    expect(report.summary).toEqual({
      miniBadges: { earned: 2, total: 4 },
      skills: { earned: 1, total: 4 },
      programs: { earned: 0, total: 2 },
    });
  });

  it("counts partial progress all the way up: a skill at 66 % makes its program more than 0 % (issue 11 #10)", () => {
    const three = catalogOf([
      { id: "X", kind: "program" },
      { id: "A", kind: "skill", parent: "X" },
      { id: "a1", kind: "mini_badge", parent: "A" },
      { id: "a2", kind: "mini_badge", parent: "A" },
      { id: "a3", kind: "mini_badge", parent: "A" },
    ]);
    const held = [
      { itemId: "a1", awardedAt: at(1) },
      { itemId: "a2", awardedAt: at(2) },
    ];
    const x = progressReport(three, held).programs[0];
    expect(x?.skills[0]?.percent).toBe(66);
    expect(x?.percent).toBe(66);
    // A required capstone not yet held halves it: (⅔ + 0) / 2.
    const withCapstone = catalogOf([
      { id: "X", kind: "program" },
      { id: "A", kind: "skill", parent: "X" },
      { id: "a1", kind: "mini_badge", parent: "A" },
      { id: "a2", kind: "mini_badge", parent: "A" },
      { id: "a3", kind: "mini_badge", parent: "A" },
      { id: "C", kind: "capstone", parent: "X", required: true },
    ]);
    expect(progressReport(withCapstone, held).programs[0]?.percent).toBe(33);
    expect(
      progressReport(withCapstone, [...held, { itemId: "a3", awardedAt: at(3) }, { itemId: "A", awardedAt: at(3) }]).programs[0]?.percent,
    ).toBe(50);
  });

  it.each([
    [[], 0],
    [[1, 0, 0], 33],
    [[2 / 3, 1, 0], 55],
    [[1, 1, 1], 100],
  ])("averages shares %j → %i %%", (shares, expected) => expect(averagePercent(shares)).toBe(expected));

  it("leaves out inactive programs and items under inactive parents", () => {
    const report = progressReport(standard({ Q: { active: false }, S1: { active: false } }), []);
    expect(report.programs.map((p) => p.id)).toEqual(["P"]);
    expect(report.programs[0]?.skills.map((s) => s.id)).toEqual(["S2", "S3"]);
  });
});

describe("nextBadges", () => {
  it("suggests unearned, not-pending badges from the skills closest to completion first", () => {
    const report = progressReport(standard(), [
      { itemId: "n1", awardedAt: at(1) },
      { itemId: "m1", awardedAt: at(1) },
    ]);
    expect(nextBadges(report, new Set()).map((b) => b.id)).toEqual(["m2", "m3"]);
    expect(nextBadges(report, new Set(["m2"])).map((b) => b.id)).toEqual(["m3"]);
    expect(nextBadges(report, new Set(), 1)).toEqual([{ id: "m2", title: "M2", skillTitle: "S1", programTitle: "P" }]);
  });
});
