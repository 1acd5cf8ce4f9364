import { describe, expect, it } from "vitest";
import { ConflictError, NotFoundError, RuleViolationError } from "../errors";
import { standard } from "./fixtures";
import {
  assertRequestable,
  codePoints,
  IconEmojiSchema,
  IconImageSchema,
  ReasonSchema,
  RequestInputSchema,
  TitleSchema,
  titleKey,
} from "./rules";

const none = { held: new Set<string>(), pending: new Set<string>() };

describe("assertRequestable", () => {
  it("accepts an active mini-badge or capstone", () => {
    expect(() => assertRequestable(standard(), "m1", none)).not.toThrow();
    expect(() => assertRequestable(standard(), "C", none)).not.toThrow();
  });

  it.each([
    ["unknown", standard(), "zzz", none, NotFoundError, /does not exist/],
    ["a skill", standard(), "S1", none, RuleViolationError, /Only mini-badges and capstones/],
    ["a progress badge", standard(), "G", none, RuleViolationError, /Only mini-badges and capstones/],
    ["inactive", standard({ m1: { active: false } }), "m1", none, RuleViolationError, /not open for requests/],
    ["under an inactive skill", standard({ S1: { active: false } }), "m1", none, RuleViolationError, /not open for requests/],
    ["under an inactive program", standard({ P: { active: false } }), "m1", none, RuleViolationError, /not open for requests/],
    ["already held", standard(), "m1", { held: new Set(["m1"]), pending: new Set<string>() }, RuleViolationError, /already earned “M1”/],
    [
      "already pending",
      standard(),
      "m1",
      { held: new Set<string>(), pending: new Set(["m1"]) },
      ConflictError,
      /already have a pending request/,
    ],
  ] as const)("refuses %s", (_name, catalog, id, state, type, message) => {
    expect(() => assertRequestable(catalog, id, state)).toThrow(type);
    expect(() => assertRequestable(catalog, id, state)).toThrow(message);
  });
});

describe("input rules", () => {
  it("keys titles case-insensitively and measures in code points", () => {
    expect(titleKey("  Prompt Basics ")).toBe(titleKey("prompt basics"));
    expect(codePoints("🎖️")).toBe(2);
    expect(TitleSchema.safeParse("a".repeat(200)).success).toBe(true);
    expect(TitleSchema.safeParse("a".repeat(201)).success).toBe(false);
    expect(TitleSchema.safeParse("   ").success).toBe(false);
  });

  it("takes an emoji icon up to 32 code points and raster image icons only", () => {
    expect(IconEmojiSchema.parse(" 🚀 ")).toBe("🚀");
    expect(IconEmojiSchema.parse("")).toBeNull();
    expect(IconImageSchema.safeParse("data:image/png;base64,iVBORw0KGgo=").success).toBe(true);
    expect(IconImageSchema.safeParse("data:image/svg+xml;base64,PHN2Zz4=").success).toBe(false);
    expect(IconImageSchema.safeParse(`data:image/png;base64,${"A".repeat(400_000)}`).success).toBe(false);
  });

  it("requires a reason of 1–500 characters", () => {
    expect(ReasonSchema.safeParse("  ").success).toBe(false);
    expect(ReasonSchema.safeParse("x".repeat(501)).success).toBe(false);
    expect(ReasonSchema.parse("  needs evidence ")).toBe("needs evidence");
  });

  it("validates request notes and evidence links", () => {
    const id = "0195f1c2-7b7a-7c3e-9a1b-1234567890ab";
    expect(RequestInputSchema.parse({ itemId: id, note: "", evidenceUrl: "" })).toEqual({ itemId: id, note: null, evidenceUrl: null });
    expect(RequestInputSchema.safeParse({ itemId: id, evidenceUrl: "javascript:alert(1)" }).success).toBe(false);
    expect(RequestInputSchema.safeParse({ itemId: id, evidenceUrl: "https://example.org/work" }).success).toBe(true);
    expect(RequestInputSchema.safeParse({ itemId: "nope" }).success).toBe(false);
  });
});
