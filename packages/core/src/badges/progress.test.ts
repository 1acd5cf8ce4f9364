import { describe, expect, it } from "vitest";
import { standard } from "./fixtures";
import { nextBadges, percent, progressReport } from "./progress";

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
    // Counted items: S1, S2 (S3 is empty) and the required capstone C → 1 of 3.
    expect(p?.percent).toBe(33);
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
