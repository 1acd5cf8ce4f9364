import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { estimateSecretBits, secretWeakness } from "./secret-strength";

describe("secretWeakness", () => {
  it.each([
    ["openssl rand -hex 32", randomBytes(32).toString("hex"), null],
    ["openssl rand -hex 16", randomBytes(16).toString("hex"), null],
    ["openssl rand -base64 32", randomBytes(32).toString("base64"), null],
    ["the built-in development secret", "missionboard-development-secret-not-for-production", /published/],
    [".env.example's placeholder", "change-me-to-a-long-random-string", /published/],
    ["16 characters (the old minimum)", "sixteen-chars-ok", /at least 32 characters/],
    ["one repeated character", "a".repeat(64), /the same 1 characters repeated/],
    ["a repeated word", "password".repeat(5), /the same 8 characters repeated/],
    ["four letters, unrepeated blocks", `${"abcdbadcdcbacdab".repeat(2).slice(0, 30)}abcdbadcdc`, /too predictable \(about 80 bits/],
    ["a long passphrase", "correct-horse-battery-staple-2026-moon", null],
  ])("%s", (_name, value, expected) => {
    const result = secretWeakness(value);
    if (expected === null) expect(result).toBeNull();
    else expect(result).toMatch(expected);
  });

  it("estimates bits from the characters used", () => {
    expect(estimateSecretBits("")).toBe(0);
    expect(estimateSecretBits("abcd")).toBe(8);
    expect(estimateSecretBits("0123456789abcdef".repeat(2))).toBe(128);
  });
});
