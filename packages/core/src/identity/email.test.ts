import { expect, it } from "vitest";
import { normalizeEmail } from "./email";

it.each([
  ["  Ada@Example.COM ", "ada@example.com"],
  ["E\u0301LODIE@example.com", "\u00e9lodie@example.com"],
])("normalises %j to %j", (input, expected) => {
  expect(normalizeEmail(input)).toBe(expected);
});
