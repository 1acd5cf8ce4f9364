import { describe, expect, it } from "vitest";
import { NotFoundError, RuleViolationError } from "../errors";
import { alreadyDecidedMessage, assertManuallyAwardable, assertRevocable, heldRequestMessage, itemPath, recomputePlan } from "./awarding";
import { standard } from "./fixtures";

const held = (...ids: string[]) => new Set(ids);

describe("assertManuallyAwardable", () => {
  it.each([
    ["a skill", "S1", {}, [], null],
    ["a program", "P", {}, [], null],
    ["a capstone", "C", {}, [], null],
    ["a progress badge", "G", {}, [], null],
    ["a mini-badge", "m1", {}, [], RuleViolationError],
    ["an unknown id", "nope", {}, [], NotFoundError],
    ["an inactive skill", "S1", { S1: { active: false } }, [], RuleViolationError],
    ["a skill under an inactive program", "S1", { P: { active: false } }, [], RuleViolationError],
    ["a skill already held", "S1", {}, ["S1"], RuleViolationError],
  ] as const)("%s", (_name, itemId, overrides, holding, error) => {
    const call = () => assertManuallyAwardable(standard(overrides), itemId, held(...holding));
    if (error) expect(call).toThrow(error);
    else expect(call().id).toBe(itemId);
  });
});

describe("assertRevocable", () => {
  it.each([
    ["held", "m1", ["m1"], false],
    ["not held", "m1", [], true],
    ["unknown and not held", "zz", [], true],
  ] as const)("%s → throws %s", (_name, itemId, holding, throws) => {
    const call = () => assertRevocable(standard(), itemId, held(...holding));
    if (throws) expect(call).toThrow(RuleViolationError);
    else expect(call).not.toThrow();
  });
});

describe("recomputePlan", () => {
  it.each([
    ["nothing held", [], undefined],
    ["a completed skill without its award", ["m1", "m2"], ["S1"]],
    ["everything for P but the awards", ["m1", "m2", "m3", "C"], ["S1", "S2", "P"]],
    ["all awards already held", ["m1", "m2", "S1"], undefined],
    ["a partial skill", ["m1"], undefined],
  ] as const)("%s → %j", (_name, holding, expected) => {
    const plan = recomputePlan(standard(), new Map([["u1", held(...holding)]]));
    expect(plan.get("u1")).toEqual(expected);
  });

  it("lists only students who gain something", () => {
    const plan = recomputePlan(
      standard(),
      new Map([
        ["a", held("n1")],
        ["b", held("n1", "T", "Q")],
        ["c", held()],
      ]),
    );
    expect([...plan.entries()]).toEqual([["a", ["T", "Q"]]]);
  });
});

describe("itemPath", () => {
  it.each([
    ["m1", "P", "S1"],
    ["S1", "P", "S1"],
    ["C", "P", null],
    ["P", "P", null],
    ["nope", null, null],
  ] as const)("%s → %s › %s", (itemId, program, skill) => {
    const path = itemPath(standard(), itemId);
    expect(path.program?.id ?? null).toBe(program);
    expect(path.skill?.id ?? null).toBe(skill);
  });
});

describe("alreadyDecidedMessage", () => {
  it.each([
    ["approved", "Sam", "This request was already decided by Sam (approved)."],
    ["rejected", null, "This request was already decided by someone else (rejected)."],
    ["withdrawn", null, "This request was withdrawn by the student."],
  ] as const)("%s by %s", (status, name, message) => {
    expect(alreadyDecidedMessage(status, name)).toBe(message);
  });
});

describe("heldRequestMessage (B15)", () => {
  it.each([
    ["Prompting", "Ada Lovelace", "Ada Lovelace already holds “Prompting”. This request cannot be approved; reject it instead."],
    ["Prompting", undefined, "The student already holds “Prompting”. This request cannot be approved; reject it instead."],
  ] as const)("%s held by %s", (title, name, message) => {
    expect(heldRequestMessage(title, name)).toBe(message);
  });
});
