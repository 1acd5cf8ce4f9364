import { describe, expect, it } from "vitest";
import { creditRow, MISSIONS, mission } from "./fixtures";
import {
  buildMissionIndex,
  type MatchMethod,
  type MissionMapping,
  mappingKey,
  matchCreditRows,
  matchMissionText,
  weekCompatible,
} from "./matching";

describe("weekCompatible", () => {
  const cases: [number | null, number | null, boolean][] = [
    [null, null, true],
    [null, 3, true],
    [3, null, false],
    [3, 3, true],
    [3, 4, false],
  ];
  for (const [row, m, yes] of cases) it(`row week ${row}, mission week ${m} → ${yes}`, () => expect(weekCompatible(row, m)).toBe(yes));
});

describe("matchMissionText: mapping, then name with week, then similarity", () => {
  const mappings: MissionMapping[] = [
    { text: "  Operation ECHO  breach ", missionId: "redline" },
    { text: "Ghost mission", missionId: "gone" },
  ];
  const index = buildMissionIndex(MISSIONS, mappings);
  const cases: { text: string | null; week: number | null; id: string | null; method: MatchMethod | null; ratio?: number }[] = [
    { text: "Mission: Intel Guardian (Medium Difficulty)", week: 1, id: "intel", method: "name" },
    { text: "intel guardian", week: 1, id: "intel", method: "name" },
    { text: "Week 1 - Prompt Qualification (Medium)", week: 1, id: "prompt", method: "name" },
    { text: "Seeds of Bias Challenge", week: 2, id: "seeds", method: "name" },
    { text: "Restoration Protocol Challenge", week: 2, id: "restore", method: "name" },
    { text: "Mission: Broken Compas (Easy Difficulty)", week: 3, id: "compass", method: "similarity", ratio: 0.9629629629629629 },
    { text: "Red Light Protocol", week: 4, id: "redline", method: "similarity", ratio: 0.8571428571428571 },
    { text: "operation echo breach", week: 1, id: "redline", method: "mapping" },
    { text: "Intel Guardian", week: null, id: "intel", method: "name" },
    // Week 3's Algorithmic Integrity: the mission is week 2, and no week-3 name is similar enough.
    { text: "algorithmic integrity", week: 3, id: null, method: null },
    // 0.818 < 0.82: the old tool's own example of a near miss.
    { text: "Seed Bias", week: 2, id: null, method: null },
    // A mapping to a mission that no longer exists is ignored; the name matches nothing.
    { text: "Ghost mission", week: 1, id: null, method: null },
    { text: "Mission: (Hard Difficulty)", week: 1, id: null, method: null },
    { text: null, week: 1, id: null, method: null },
  ];
  for (const c of cases)
    it(`${JSON.stringify(c.text)} in week ${c.week} → ${c.id ?? "nothing"} by ${c.method ?? "-"}`, () => {
      const { match } = matchMissionText(c.text, c.week, index);
      expect([match?.missionId ?? null, match?.method ?? null]).toEqual([c.id, c.method]);
      if (c.ratio !== undefined) expect(match?.ratio).toBe(c.ratio);
    });

  it("a configurable threshold", () => {
    const loose = buildMissionIndex(MISSIONS, [], { threshold: 0.8 });
    expect(matchMissionText("Seed Bias", 2, loose).match).toEqual({ missionId: "seeds", method: "similarity", ratio: 0.8181818181818182 });
    const strict = buildMissionIndex(MISSIONS, [], { threshold: 0.97 });
    expect(matchMissionText("Broken Compas", 3, strict).match).toBeNull();
  });
  it("similarity considers only week-compatible missions", () => {
    expect(matchMissionText("Red Light Protocol", 3, index).match).toBeNull();
  });
  it("a mission's name falls back to its key", () => {
    const keyed = buildMissionIndex([{ id: "k", key: "week-5-object-detection", name: "", week: 5, points: 20 }]);
    expect(matchMissionText("Object Detection", 5, keyed).match?.missionId).toBe("k");
  });
  it("several week-compatible missions with one name: the first, flagged for an admin", () => {
    const twins = buildMissionIndex([mission("a", "Twin Mind", 6), mission("b", "Twin Mind (Hard)", 6)]);
    expect(matchMissionText("twin mind", 6, twins)).toEqual({
      match: { missionId: "a", method: "name", ratio: null },
      uncertain: "several-missions",
      suggestion: null,
    });
  });
  it("an unmatched text carries the closest week-compatible mission as a suggestion", () => {
    expect(matchMissionText("Seed Bias", 2, index).suggestion).toEqual({ missionId: "seeds", ratio: 0.8181818181818182 });
  });
});

describe("mappingKey", () => {
  it("ignores case and spacing", () => expect(mappingKey("  Operation ECHO\t breach ")).toBe("operation echo breach"));
});

describe("matchCreditRows", () => {
  const index = buildMissionIndex(MISSIONS);
  const rows = [
    creditRow({ missionChallenge: "Intel Guardian", weekId: 1 }),
    creditRow({ activityId: 1, activityType: "Training", missionChallenge: "Intel Guardian" }),
    creditRow({ missionChallenge: "Broken Compas", weekId: 3, activityStatus: "Submitted" }),
    creditRow({ missionChallenge: "broken  compas", weekId: 3 }),
    creditRow({ missionChallenge: "Seed Bias", weekId: 2 }),
    creditRow({ missionChallenge: null, weekId: 2 }),
  ];
  const result = matchCreditRows(rows, index);
  it("one match per row, null for other activity types and unmatched rows", () => {
    expect(result.matches.map((m) => (m ? `${m.missionId}:${m.method}` : null))).toEqual([
      "intel:name",
      null,
      "compass:similarity",
      "compass:similarity",
      null,
      null,
    ]);
  });
  it("lists each uncertain spelling once, with every line", () => {
    expect(result.uncertain).toEqual([
      {
        text: "Broken Compas",
        weekId: 3,
        lines: [4, 5],
        match: { missionId: "compass", method: "similarity", ratio: 0.9629629629629629 },
        reason: "similar-name",
      },
    ]);
  });
  it("lists unmatched mission rows", () => {
    expect(result.unmatched).toEqual([
      { text: "Seed Bias", weekId: 2, lines: [6], suggestion: { missionId: "seeds", ratio: 0.8181818181818182 } },
      { text: null, weekId: 2, lines: [7], suggestion: null },
    ]);
  });
  it("uses the lines given with the rows", () => {
    const r = matchCreditRows([{ line: 40, row: creditRow({ missionChallenge: "Seed Bias", weekId: 2 }) }], index);
    expect(r.unmatched[0]?.lines).toEqual([40]);
  });
});
