import { describe, expect, it } from "vitest";
import { applyMove, childKinds, planMove } from "./catalog-order";

const dense = ["a", "b", "c", "d"].map((id, position) => ({ id, position }));

describe("planMove", () => {
  it.each([
    ["down to the end", "a", 0, 3, { kind: "move", from: 0, to: 3, renumber: false }],
    ["up to the top", "d", 3, 0, { kind: "move", from: 3, to: 0, renumber: false }],
    ["beyond the end (clamped)", "b", 1, 99, { kind: "move", from: 1, to: 3, renumber: false }],
    ["before the start (clamped)", "c", 2, -5, { kind: "move", from: 2, to: 0, renumber: false }],
    ["to where it is", "b", 1, 1, { kind: "unchanged", rank: 1 }],
    ["seen at another position", "b", 2, 0, { kind: "stale" }],
    ["unknown item", "z", 0, 0, { kind: "stale" }],
  ] as const)("%s", (_name, id, seen, to, plan) => {
    expect(planMove(dense, id, seen, to)).toEqual(plan);
  });

  it("asks for a renumbering when positions have gaps or ties", () => {
    const gaps = [
      { id: "a", position: 0 },
      { id: "b", position: 4 },
      { id: "c", position: 4 },
    ];
    expect(planMove(gaps, "c", 4, 0)).toEqual({ kind: "move", from: 2, to: 0, renumber: true });
  });
});

describe("applyMove", () => {
  it.each([
    [0, 3, ["b", "c", "d", "a"]],
    [3, 0, ["d", "a", "b", "c"]],
    [1, 2, ["a", "c", "b", "d"]],
  ] as const)("%i → %i", (from, to, expected) => {
    expect(applyMove(["a", "b", "c", "d"], from, to)).toEqual(expected);
  });
});

describe("childKinds", () => {
  it.each([
    [null, ["program"]],
    ["program", ["skill", "capstone", "progress_badge"]],
    ["skill", ["mini_badge"]],
    ["mini_badge", []],
    ["capstone", []],
  ] as const)("%s", (kind, kinds) => {
    expect(childKinds(kind)).toEqual(kinds);
  });
});
