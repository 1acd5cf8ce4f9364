import { describe, expect, it } from "vitest";
import { storableText } from "./storable-text";

describe("storableText", () => {
  it.each([
    ["plain text", "plain text"],
    ["emoji 🚀 and accents é", "emoji 🚀 and accents é"],
    ["a\u0000b\u0000", "ab"],
    ["lone high \ud800 end", "lone high \ufffd end"],
    ["lone low \udc00 start", "lone low \ufffd start"],
    ["pair \ud83d\ude80 kept, then \ud83d", "pair 🚀 kept, then \ufffd"],
    ["", ""],
  ])("%j → %j", (input, expected) => {
    expect(storableText(input)).toBe(expected);
    expect(Buffer.from(storableText(input), "utf8").toString("utf8")).toBe(expected); // round-trips through UTF-8
  });
});
