import { expect, it } from "vitest";
import { emailKey, emailNormalizer, normalizeEmail } from "./email";

it.each([
  ["  Ada@Example.COM ", "ada@example.com"],
  ["E\u0301LODIE@example.com", "\u00e9lodie@example.com"],
])("normalises %j to %j", (input, expected) => {
  expect(normalizeEmail(input)).toBe(expected);
});

it.each([
  ["ÉLODIE@Example.org", "élodie@example.org"],
  [" \tADA@x.ORG\n", "ada@x.org"],
  ["ΣΟΦΙΑ@x.gr", "σοφια@x.gr"],
  ["   ", null],
  ["", null],
  [null, null],
])("keys %j as %j", (input, expected) => {
  expect(emailKey(input)).toBe(expected);
});

it("emailNormalizer gives normalizeEmail's answer for every text, remembered per text", () => {
  const key = emailNormalizer();
  const texts = [" Ada@X.org ", "ada@x.org", "ÉLODIE@x.org", "E\u0301lodie@X.ORG", " Ada@X.org ", "", "  "];
  expect(texts.map(key)).toEqual(texts.map(normalizeEmail));
  // Asked again, the same answers (from memory).
  expect(texts.map(key)).toEqual(texts.map(normalizeEmail));
});
