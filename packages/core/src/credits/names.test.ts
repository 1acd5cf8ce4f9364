import { describe, expect, it } from "vitest";
import { normaliseMissionName } from "./names";

describe("normaliseMissionName: the golden vectors of the old tool (analytics spec §5.7)", () => {
  const golden: [string, string][] = [
    ["Mission: Intel Guardian (Medium Difficulty)", "intel guardian"],
    ["Week 2 - Prompt Qualification (Easy Difficulty)", "prompt qualification"],
    ["Mission: Seeds of Bias Challenge (Hard Difficulty)", "seeds of bias"],
    ["Week 2 - Seeds of Bias (Hard)", "seeds of bias"],
    ["Restoration Protocol Challenges", "restoration protocol"],
    ["Algorithmic-Integrity (easy)", "algorithmic integrity"],
    ["Week 4 - High Risk Horizon (Medium)", "high risk horizon"],
  ];
  for (const [input, normal] of golden) it(input, () => expect(normaliseMissionName(input)).toBe(normal));
});

describe("normaliseMissionName: each step", () => {
  const cases: [string, string | null][] = [
    ["  MISSION:Broken Compass ", "broken compass"],
    ["The mission: Broken Compass", "the mission broken compass"],
    ["Week10-ECHO Breach", "echo breach"],
    ["week 3 Adjudication Protocol", "adjudication protocol"],
    ["Weekly Recap", "weekly recap"],
    ["Hardware Hunt", "hardware hunt"],
    ["Mission: Easy Does It", "does it"],
    ["Mission: Difficulty Curve", "curve"],
    ["Challenger Deep", "challenger deep"],
    ["Red_Line Protocol!", "red line protocol"],
    ["ECHO's Last Stand", "echo s last stand"],
    ["Café Mission (Medium)", "café mission"],
    ["Éasy Rider", "éasy rider"],
    ["Mission: Challenge (Hard Difficulty)", null],
    ["", null],
    ["   ", null],
  ];
  for (const [input, normal] of cases) it(JSON.stringify(input), () => expect(normaliseMissionName(input)).toBe(normal));
  it("null stays null", () => expect(normaliseMissionName(null)).toBeNull());
});
