import { describe, expect, it } from "vitest";
import { catalogOf, standard } from "./fixtures";
import { cascadeAwards, cascadeRevocations, missingAutoAwards, programComplete, skillComplete } from "./progression";

const held = (...ids: string[]) => new Set(ids);

describe("skillComplete", () => {
  it.each([
    ["all active mini-badges held", {}, ["m1", "m2"], true],
    ["one missing", {}, ["m1"], false],
    ["the missing one is deactivated", { m2: { active: false } }, ["m1"], true],
    ["the skill is deactivated", { S1: { active: false } }, ["m1", "m2"], false],
    ["its program is deactivated", { P: { active: false } }, ["m1", "m2"], false],
    ["every mini-badge is deactivated (empty skill)", { m1: { active: false }, m2: { active: false } }, ["m1", "m2"], false],
  ] as const)("%s → %s", (_name, overrides, holding, expected) => {
    expect(skillComplete(standard(overrides), "S1", held(...holding))).toBe(expected);
  });

  it("is false for an empty skill and for things that are not skills", () => {
    expect(skillComplete(standard(), "S3", held())).toBe(false);
    expect(skillComplete(standard(), "m1", held("m1"))).toBe(false);
    expect(skillComplete(standard(), "nope", held())).toBe(false);
  });
});

describe("programComplete", () => {
  it.each([
    ["skills with content and the required capstone held; the empty skill does not block", {}, ["S1", "S2", "C"], true],
    ["the required capstone missing", {}, ["S1", "S2"], false],
    ["the optional capstone is not needed", {}, ["S1", "S2", "C"], true],
    ["the required capstone deactivated", { C: { active: false } }, ["S1", "S2"], true],
    ["a skill missing", {}, ["S1", "C"], false],
    ["the missing skill deactivated", { S2: { active: false } }, ["S1", "C"], true],
    ["the missing skill's only badge deactivated (now empty)", { m3: { active: false } }, ["S1", "C"], true],
    ["the program deactivated", { P: { active: false } }, ["S1", "S2", "C"], false],
  ] as const)("%s → %s", (_name, overrides, holding, expected) => {
    expect(programComplete(standard(overrides), "P", held(...holding))).toBe(expected);
  });

  it("needs at least one counted item: a program of empty skills cannot be earned", () => {
    const catalog = catalogOf([
      { id: "P", kind: "program" },
      { id: "S", kind: "skill", parent: "P" },
    ]);
    expect(programComplete(catalog, "P", held())).toBe(false);
  });
});

describe("cascadeAwards", () => {
  it.each([
    ["first mini-badge: nothing more", ["m1"], "m1", []],
    ["last mini-badge of S1: the skill", ["m1", "m2"], "m2", ["S1"]],
    ["last mini-badge of the program: skill then program", ["m1", "m2", "S1", "C", "m3"], "m3", ["S2", "P"]],
    ["the required capstone last: the program", ["S1", "S2", "C"], "C", ["P"]],
    ["a manual skill award completing the program", ["S1", "S2", "C"], "S2", ["P"]],
    ["a skill already held is not awarded twice", ["m1", "m2", "S1"], "m2", []],
    ["other programs are untouched", ["n1"], "n1", ["T", "Q"]],
  ] as const)("%s", (_name, holding, gained, expected) => {
    expect(cascadeAwards(standard(), held(...holding), gained)).toEqual(expected);
  });

  it("awards nothing for a badge of an inactive program", () => {
    expect(cascadeAwards(standard({ Q: { active: false } }), held("n1"), "n1")).toEqual([]);
  });
});

describe("cascadeRevocations", () => {
  const all = held("m1", "m2", "m3", "S1", "S2", "C", "P");
  it.each([
    ["revoking a mini-badge takes its automatic skill and program", all, held("S1", "S2", "P"), "m1", ["S1", "P"]],
    ["a manual skill award stands, and so the program stays", all, held("S2", "P"), "m1", []],
    ["a manual program award stands", all, held("S1", "S2"), "m1", ["S1"]],
    ["revoking the required capstone takes the automatic program", all, held("S1", "S2", "P"), "C", ["P"]],
    ["revoking a skill takes the program", all, held("S1", "S2", "P"), "S2", ["P"]],
    ["revoking the optional capstone changes nothing", held(...all, "O"), held("S1", "S2", "P"), "O", []],
  ] as const)("%s", (_name, holding, automatic, lost, expected) => {
    expect(cascadeRevocations(standard(), holding, automatic, lost)).toEqual(expected);
  });
});

describe("missingAutoAwards (recompute)", () => {
  it("finds skills and programs that now hold after catalog changes", () => {
    // m2 and the capstone were deactivated after the student earned m1, m3.
    const catalog = standard({ m2: { active: false }, C: { active: false } });
    expect(missingAutoAwards(catalog, held("m1", "m3"))).toEqual(["S1", "S2", "P"]);
  });

  it("never lists what is already held and takes nothing away", () => {
    expect(missingAutoAwards(standard(), held("S1", "m3"))).toEqual(["S2"]);
    expect(missingAutoAwards(standard(), held("S1", "P"))).toEqual([]);
  });
});
