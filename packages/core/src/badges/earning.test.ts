import { describe, expect, it } from "vitest";
import { CriteriaSchema, describeEarning } from "./earning";

describe("describeEarning (issue 11 #9)", () => {
  it.each([
    [{ kind: "mini_badge", isRequired: false, childCounts: {} }, /^Request it .* staff approve or reject it\.$/],
    [{ kind: "capstone", isRequired: true, childCounts: {} }, /Its program's award needs it\.$/],
    [{ kind: "capstone", isRequired: false, childCounts: {} }, /It is optional/],
    [
      { kind: "skill", isRequired: false, childCounts: { mini_badge: 3 } },
      /^Awarded automatically once you hold all 3 of its mini-badges\.$/,
    ],
    [{ kind: "skill", isRequired: false, childCounts: { mini_badge: 1 } }, /its one mini-badge/],
    [{ kind: "skill", isRequired: false, childCounts: {} }, /cannot be earned for now/],
    [{ kind: "program", isRequired: false, childCounts: { skill: 2 } }, /every skill in it .* every required capstone/],
    [
      { kind: "progress_badge", isRequired: false, childCounts: {} },
      /by an admin, by hand, when you meet its criteria; it cannot be requested/,
    ],
  ] as const)("%j", (facts, expected) => expect(describeEarning({ ...facts, childCounts: { ...facts.childCounts } })).toMatch(expected));
});

describe("CriteriaSchema", () => {
  it("trims, turns empty into null and caps the length", () => {
    expect(CriteriaSchema.parse("  Five days in a row  ")).toBe("Five days in a row");
    expect(CriteriaSchema.parse("   ")).toBeNull();
    expect(CriteriaSchema.safeParse("x".repeat(2001)).success).toBe(false);
  });
});
