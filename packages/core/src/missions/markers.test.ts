import { describe, expect, it } from "vitest";
import { RuleViolationError } from "../errors";
import {
  compileMarker,
  DEFAULT_COMPLETION_PHRASES,
  DEFAULT_MARKERS,
  findMarker,
  markerListProblem,
  normaliseMarkerText,
  regexMarkerProblem,
} from "./markers";

const code = compileMarker("MISSION_CODE: 314-GHOST");
const hits = (text: string, marker = code) => findMarker(text, [marker]) !== null;

describe("phrase markers: spacing, bracket and markdown variants", () => {
  it.each([
    // The four spellings printed by the prompts (docs/product/missions.md §M-6) plus bracket/spacing variants.
    ["⟦MISSION_CODE:314-GHOST⟧", true],
    ["MISSION_CODE:314-GHOST", true],
    ["[MISSION_CODE:314-GHOST]", true],
    ["MISSION_CODE: 314-GHOST", true],
    ["MISSION CODE: 314-GHOST", true],
    ["[MISSION_CODE : 314-GHOST]", true],
    ["⟦**MISSION_CODE: 314-GHOST**⟧", true],
    ["【mission_code：314-ghost】", true], // full-width colon and brackets (NFKC)
    ["(MISSION-CODE:314 GHOST)", true],
    ["`MISSION_CODE:314-GHOST`", true],
    ["final line\n⟦ MISSION_CODE:314-GHOST ⟧\n", true],
    ["MISSION_CODE:314-GHOSTS", false], // whole words only
    ["MISSION_CODE:3145-GHOST", false],
    ["MISSIONCODE:314-GHOST", false], // words must stay separate
    ["MISSION_CODE 314 GHOST", false], // the colon is part of the marker
    ["MISSION_CODE:314-GHOST?", false], // a question, not an announcement
  ])("%j → %s", (text, expected) => expect(hits(text)).toBe(expected));

  it("normalises text the way phrases see it", () => {
    expect(normaliseMarkerText("⟦**MISSION_CODE: 314-GHOST**⟧")).toBe(" mission_code: 314-ghost ");
    expect(normaliseMarkerText("### 🎉 **[MISSION ACCOMPLISHED]** 🎉")).toBe(" mission accomplished ");
  });

  it("matches case-insensitively, with emoji and markdown inside the phrase ignored", () => {
    const m = compileMarker("🎉 **MISSION ACCOMPLISHED!** 🎉");
    expect(hits("### 🎉 **Mission Accomplished!** 🎉", m)).toBe(true);
    expect(hits("mission accomplished!", m)).toBe(true);
    expect(hits("mission accomplished", m)).toBe(false); // the "!" is part of this marker
  });

  it("treats a bracketed capital letter as a number placeholder", () => {
    const m = compileMarker("FINAL SCORE: [X]/24 Points");
    expect(hits("FINAL SCORE: 18/24 Points", m)).toBe(true);
    expect(hits("FINAL SCORE: X/24 Points", m)).toBe(false);
  });

  it("refuses markers with nothing to match", () => {
    expect(() => compileMarker("🎉 ✅")).toThrow(/no letters or digits/);
    expect(() => compileMarker("   ")).toThrow(RuleViolationError);
  });
});

describe("default markers (seed keyword list)", () => {
  it("keeps the seed's eleven keywords", () => {
    expect(DEFAULT_COMPLETION_PHRASES).toHaveLength(11);
    expect(DEFAULT_MARKERS.map((m) => m.label)).toEqual(DEFAULT_COMPLETION_PHRASES);
  });

  it.each([
    // [text, expected label or null, why]
    ["🎉 **MISSION ACCOMPLISHED!** 🎉", "mission accomplished", "standard success header"],
    ["✅ [SYSTEM REPORT] Mission complete. Objective achieved.", "mission complete", "standard report line"],
    ["![Mission Complete](https://x/mission-complete-banner.webp)", "mission complete", "image alt text"],
    ["MISSION CODE: 314-GHOST", "mission_code:314-ghost", "Broken Compass spelling (old gap)"],
    ["MISSION_CODE: 314-GHOST", "mission_code:314-ghost", "spaced spelling in 8 prompts (old gap)"],
    ["🎊 CHALLENGE COMPLETE: ECHO'S LAST STAND", "challenge complete", "ECHO's Last Stand"],
    ["All challenges completed.", "challenges completed", "plural"],
    ["## Mission Completion criteria", null, "false positive: section title (whole words)"],
    ["Mission complete?", null, "false positive: a question"],
    ["Is the mission complete ?", null, "false positive: a question with a space"],
    ["✅ ALL VALIDATION CRITERIA MET - Proceed to mission complete", null, "false positive: Neural Pathway instruction"],
    ["[Display progress, then show mission complete]", null, "false positive: Context Collapse template"],
    ["The mission is not complete and not mission complete yet", null, "negated"],
    ["Mission incomplete.", null, "different word"],
    ["Keep trying!", null, "nothing"],
  ])("%j → %s (%s)", (text, expected, _why) => expect(findMarker(text, DEFAULT_MARKERS)?.marker.label ?? null).toBe(expected));
});

describe("regex markers", () => {
  it("compiles /pattern/flags strings and objects, case-insensitively", () => {
    const m = compileMarker("/score:\\s*20\\/20/");
    expect(m.kind).toBe("regex");
    expect(m.label).toBe("/score:\\s*20\\/20/");
    expect(findMarker("LOG: PHANTOM -> SCORE: 20/20", [m])?.matched).toBe("SCORE: 20/20");
    const o = compileMarker({ regex: "ECHO\\{A1B4-7F3C\\}", outcome: "key", points: 20 });
    expect(o).toMatchObject({ kind: "regex", outcome: "key", points: 20 });
    expect(findMarker("MASTER KEY → echo{a1b4-7f3c}", [o])).not.toBeNull();
  });

  it.each([
    ["MISSION_CODE:\\s*314", "", null],
    ["a{1,3}b", "", null],
    ["(?:abc)+", "", null], // a repeated group of plain characters is fine
    ["(a+)+$", "", "nested quantifier"],
    ["(a|a)*", "", "nested quantifier"],
    ["(\\w+\\s?)*x", "", "nested quantifier"],
    ["((ab)+)+", "", "nested quantifier"],
    ["(x+){5}", "", "nested quantifier"],
    ["\\1(a)", "", "back-references"],
    ["(?<n>a)\\k<n>", "", "back-references"],
    [".*", "", "matches empty text"],
    ["(", "", "not a valid regular expression"],
    ["abc", "g", "flags"],
    ["a".repeat(201), "", "longer than 200"],
  ])("/%s/%s → %s", (pattern, flags, why) => {
    const result = regexMarkerProblem(pattern, flags);
    if (why === null) expect(result).toBeNull();
    else expect(result).toContain(why);
  });

  it("throws a clear RuleViolationError for a refused regex", () => {
    expect(() => compileMarker("/(a+)+$/")).toThrow(/The marker \/\(a\+\)\+\$\/ is refused: nested quantifier/);
    try {
      compileMarker({ regex: "[unclosed" });
    } catch (error) {
      expect(error).toBeInstanceOf(RuleViolationError);
      expect((error as RuleViolationError).field).toBe("markers");
    }
  });

  it("only scans the tail of a huge message, quickly", () => {
    const m = compileMarker("/GHOST-\\d+/");
    const text = `${"a".repeat(100_000)} GHOST-1`;
    const started = performance.now();
    expect(findMarker(text, [m])?.matched).toBe("GHOST-1");
    expect(findMarker(`GHOST-1 ${"a".repeat(100_000)}`, [m])).toBeNull(); // beyond the scanned tail
    expect(performance.now() - started).toBeLessThan(500);
  });

  it("phrase matching stays linear on adversarial input", () => {
    const started = performance.now();
    expect(findMarker(`${"mission ".repeat(20_000)}?`, DEFAULT_MARKERS)).toBeNull();
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe("a marker list's first problem (the edit form and the api word it the same)", () => {
  it.each([
    ["every marker compiles", ["MISSION ACCOMPLISHED", "/case (approved|referred)/i", { phrase: "REFERRED", points: 15 }], null],
    ["no markers", [], null],
    ["one bad marker: its own message", ["/(a+)+$/"], /^The marker \/\(a\+\)\+\$\/ is refused: /],
    [
      "several: the first bad one, numbered",
      ["MISSION ACCOMPLISHED", "/(a+)+$/", "🎉"],
      /^Marker 2: The marker \/\(a\+\)\+\$\/ is refused/,
    ],
    ["an object without a phrase", ["ok", { phrase: "  " }], /^Marker 2: A marker cannot be empty\.$/],
  ] as const)("%s", (_case, markers, expected) => {
    const problem = markerListProblem(markers);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatch(expected);
  });
});
