import { describe, expect, it } from "vitest";
import { rememberEach } from "./remember-each";

describe("rememberEach", () => {
  it("answers as the function does, calling it once per distinct text", () => {
    const calls: string[] = [];
    const upper = rememberEach((text) => {
      calls.push(text);
      return text.toUpperCase();
    });
    expect(["a", "b", "a", "a", "b"].map(upper)).toEqual(["A", "B", "A", "A", "B"]);
    expect(calls).toEqual(["a", "b"]);
  });
});
