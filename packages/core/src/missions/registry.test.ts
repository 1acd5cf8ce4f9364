import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DEFAULT_MARKERS } from "./markers";
import { type NormalisedModel, normaliseModelRecord } from "./openwebui";
import { buildMissionRegistry, type MissionDefinition, parseCampaignManifest, resolveMission, startTriggersOf } from "./registry";

/** Sample data copied into the repository (fixtures/ at its root). */
const fixture = (name: string) => fileURLToPath(new URL(`../../../../fixtures/${name}`, import.meta.url));

const campaign = JSON.parse(readFileSync(fixture("campaign/campaign.json"), "utf8")) as unknown;

const model = (raw: Record<string, unknown>): NormalisedModel => {
  const m = normaliseModelRecord(raw).model;
  if (!m) throw new Error("bad test model");
  return m;
};
const tagged = (id: string, extra: Record<string, unknown> = {}) => model({ id, name: id, tags: [{ name: "Missions" }], ...extra });

describe("buildMissionRegistry from models", () => {
  it("only tagged models are missions; a mission-like name is not enough (docs/product/missions.md §M-1)", () => {
    const { registry, problems } = buildMissionRegistry({
      models: [
        tagged("week-2-seeds-of-bias", { name: "Week 2 - Seeds of Bias (Hard)" }),
        model({ id: "mission-planner", name: "Mission Planner Challenge" }),
        model({ id: "week-3-adjudication-protocol", name: "Week 3 - Adjudication Protocol (Medium)", tags: [] }),
      ],
    });
    expect(problems).toEqual([]);
    expect(registry.missions.map((m) => m.key)).toEqual(["week-2-seeds-of-bias"]);
    expect(resolveMission(registry, "mission-planner")).toBeNull();
    expect(resolveMission(registry, "week-3-adjudication-protocol")).toBeNull();
  });

  it("resolves every alias ignoring case and spacing at the ends, including the display name", () => {
    const { registry } = buildMissionRegistry({
      models: [tagged("maip---week-1---challenge-1", { name: "Mission: Intel Guardian (Medium Difficulty)" })],
    });
    for (const ref of ["maip---week-1---challenge-1", "MAIP---WEEK-1---CHALLENGE-1", " Mission: Intel Guardian (Medium Difficulty) "]) {
      expect(resolveMission(registry, ref)?.key).toBe("maip---week-1---challenge-1");
    }
    const m = resolveMission(registry, "maip---week-1---challenge-1");
    expect(m).toMatchObject({
      week: null,
      weekSource: null,
      difficulty: "Medium",
      points: 20,
      pointsSource: "difficulty",
      briefingReplyCounts: false,
    });
    expect(m?.markers).toEqual(DEFAULT_MARKERS); // no mission markers → the defaults
  });

  it("uses mission markers instead of the defaults, and can keep both", () => {
    const only = buildMissionRegistry({ models: [tagged("m", { params: { custom_params: { maip_completion_markers: "CODE-42" } } })] });
    expect(only.registry.missions[0]?.markers.map((x) => x.label)).toEqual(["CODE-42"]);
    const def: MissionDefinition = {
      ...only.registry.missions[0],
      key: "d",
      aliases: [],
      markers: ["CODE-42"],
      includeDefaultMarkers: true,
      origin: "admin",
      startTriggers: [],
    } as unknown as MissionDefinition;
    const both = buildMissionRegistry({ definitions: [def] });
    expect(both.registry.missions[0]?.markers.map((x) => x.label)).toEqual(["CODE-42", ...DEFAULT_MARKERS.map((x) => x.label)]);
  });

  it("reports an invalid or unsafe regex marker at registry time and drops only that marker", () => {
    const { registry, problems } = buildMissionRegistry({
      models: [tagged("m", { params: { custom_params: { maip_completion_markers: '["/(a+)+$/", "/[oops/", "GOOD"]' } } })],
    });
    expect(registry.missions[0]?.markers.map((x) => x.label)).toEqual(["GOOD"]);
    expect(problems.map((p) => [p.severity, p.message])).toEqual([
      ["error", "marker m: The marker /(a+)+$/ is refused: nested quantifier (a repeated group containing a repeat or |) is not allowed."],
      ["error", expect.stringMatching(/^marker m: The marker \/\[oops\/ is refused: it is not a valid regular expression/)],
    ]);
  });

  it("admin links: add a model to a mission, or make an untagged model a mission", () => {
    const models = [
      tagged("week-3-broken-compass"),
      model({ id: "week-3-adjudication-protocol", name: "Week 3 - Adjudication Protocol (Medium)" }),
      model({ id: "old-id" }),
    ];
    const { registry, problems } = buildMissionRegistry({
      models,
      links: [
        { modelId: "week-3-adjudication-protocol" },
        { modelId: "old-id", missionKey: "week-3-broken-compass" },
        { modelId: "x", missionKey: "nope" },
        { modelId: "ghost" },
      ],
    });
    expect(resolveMission(registry, "Week 3 - Adjudication Protocol (Medium)")).toMatchObject({
      key: "week-3-adjudication-protocol",
      origins: ["admin"],
      points: 20,
    });
    expect(resolveMission(registry, "old-id")?.key).toBe("week-3-broken-compass");
    expect(problems.map((p) => p.message)).toEqual([
      "mission nope: link from model x: no such mission",
      "mission ghost: link: no such model and no mission key",
    ]);
  });

  it("keeps a contested alias with the first mission and warns", () => {
    const { registry, problems } = buildMissionRegistry({ models: [tagged("a", { name: "Shared" }), tagged("b", { name: "Shared" })] });
    expect(resolveMission(registry, "shared")?.key).toBe("a");
    expect(problems.map((p) => p.message)).toEqual(['mission b: alias "Shared" already belongs to mission a; ignored here']);
  });
});

describe("parseCampaignManifest with campaign.json", () => {
  const { manifest, missions, problems } = parseCampaignManifest(campaign);
  const byKey = new Map(missions.map((m) => [m.key, m]));

  it("imports cleanly: 10 weeks, 27 challenges, no errors", () => {
    expect(manifest?.weeks).toHaveLength(10);
    expect(missions).toHaveLength(27); // 25 in the repo + 2 manifest-only (campaign.md quick facts)
    expect(problems.filter((p) => p.severity === "error")).toEqual([]);
    // The one warning: Algorithmic Integrity's "✅ [SYSTEM REPORT]" is also High-Risk Horizon's failure header.
    expect(problems.map((p) => p.message)).toEqual([
      'manifest week-2-algorithmic-integrity: completion marker "✅ [SYSTEM REPORT]" left out: it also matches the failure text "🔴 [SYSTEM REPORT]"',
    ]);
    expect(missions.reduce((n, m) => n + (m.points ?? 0), 0)).toBe(535); // 500 effective for the 25 present + 20 + 15 manifest-only
  });

  it.each([
    // key, week, points (points_effective), difficulty, aliases
    [
      "week-1-intel-guardian",
      1,
      20,
      null,
      ["week-1-intel-guardian", "maip---week-1---challenge-1", "Mission: Intel Guardian (Medium Difficulty)"],
    ],
    ["week-3-broken-compass", 3, 20, null, ["week-3-broken-compass", "Week 3 - Broken Compass (Medium)"]],
    [
      "week-4-red-light-protocol",
      4,
      20,
      "Easy",
      ["week-4-red-light-protocol", "week-4-red-line-protocol", "Week 4 - Red Line Protocol (Medium)"],
    ],
    ["week-8-control-loop-audit", 8, 20, "Medium", ["week-8-control-loop-audit"]],
  ])("%s", (key, week, points, difficulty, aliases) => {
    expect(byKey.get(key)).toMatchObject({ week, points, difficulty, aliases, origin: "manifest" });
  });

  it("derives markers: completion texts, partial outcomes with points, image alt text", () => {
    const compass = byKey.get("week-3-broken-compass");
    expect(compass?.markers).toEqual([
      "🎉 MISSION ACCOMPLISHED 🎉",
      "🏅 20 Mission Points Awarded",
      "MISSION CODE: 314-GHOST",
      { phrase: "🎯 MISSION CONCLUDED", outcome: "deny", points: 10 },
      { phrase: "🟡 MISSION REFERRED", outcome: "refer", points: 15 },
    ]);
    expect(byKey.get("week-9-signal-clarity")?.markers.at(-1)).toEqual({ regex: "!\\[\\s*Mission Complete Banner\\s*\\]\\(" });
    expect(byKey.get("week-8-handover-protocol")?.markers).toEqual([]); // no prompt → defaults apply in the registry
  });

  it("reads start triggers from the start_trigger text", () => {
    expect(byKey.get("week-2-seeds-of-bias")?.startTriggers).toEqual(["Start", "Begin Mission", "Start Challenge"]);
    expect(byKey.get("week-3-adjudication-protocol")?.startTriggers).toEqual(["ready"]);
    expect(byKey.get("week-1-intel-guardian")?.startTriggers).toEqual([]);
    expect(startTriggersOf('"Start Challenge" (exact)')).toEqual(["Start Challenge"]);
  });

  it("builds a registry with no problems, and compiles every marker", () => {
    const { registry, problems: p } = buildMissionRegistry({ definitions: missions });
    expect(p).toEqual([]);
    expect(registry.missions).toHaveLength(27);
    expect(resolveMission(registry, "week-4-red-line-protocol")?.key).toBe("week-4-red-light-protocol");
    expect(resolveMission(registry, "week-8-handover-protocol")?.markers).toEqual(DEFAULT_MARKERS);
  });

  it("merges a tagged model into its challenge; model params beat the manifest, the manifest beats name inference", () => {
    const { registry, problems: p } = buildMissionRegistry({
      definitions: missions,
      models: [
        // Deployed as Red *Line*, Medium/20 via params (docs/product/missions.md §M-2): params win.
        tagged("week-4-red-line-protocol", {
          name: "Week 4 - Red Line Protocol (Medium)",
          params: { custom_params: { maip_points: "20", maip_week: "4", maip_difficulty_level: "medium" } },
        }),
        // No params: the manifest's Hard/25 beats "(Easy)" inferred from this name.
        tagged("week-8-tidebreaker", { name: "Week 8 - Tidebreaker (Easy)" }),
      ],
    });
    expect(p).toEqual([]);
    expect(registry.missions).toHaveLength(27);
    expect(resolveMission(registry, "week-4-red-line-protocol")).toMatchObject({
      key: "week-4-red-light-protocol",
      difficulty: "Medium",
      difficultySource: "params",
      points: 20,
      pointsSource: "params",
      origins: ["manifest", "model"],
    });
    expect(resolveMission(registry, "Week 8 - Tidebreaker (Easy)")).toMatchObject({
      key: "week-8-tidebreaker",
      difficulty: "Hard",
      points: 25,
      pointsSource: "manifest",
    });
  });

  it("accepts the nested campaign-manifest.json shape and explains bad challenges", () => {
    const { missions: ms, problems: p } = parseCampaignManifest({
      weeks: [{ week: 1, challenges: [{ slug: "alpha", title: "Alpha", difficulty: "Easy" }, { title: "no slug" }] }, { week: "two" }],
      challenges: [{ slug: "beta" }],
    });
    expect(ms.map((m) => [m.key, m.name, m.points])).toEqual([["week-1-alpha", "Alpha", 15]]);
    expect(p.map((x) => x.message)).toEqual([
      "manifest weeks[1]: invalid week (week: Invalid input: expected number, received string)",
      "manifest weeks[0].challenges[1]: invalid challenge (slug: Invalid input: expected string, received undefined)",
      "manifest beta: challenge has no week",
    ]);
    expect(parseCampaignManifest("nope").problems[0]?.message).toContain("not a campaign manifest");
  });

  it("honours first_reply_counts and explicit markers", () => {
    const { missions: ms } = parseCampaignManifest({
      challenges: [{ slug: "x", week: 2, first_reply_counts: true, markers: ["/CODE-\\d+/", { phrase: "DONE", points: 5 }] }],
    });
    expect(ms[0]).toMatchObject({ briefingReplyCounts: true, markers: ["/CODE-\\d+/", { phrase: "DONE", points: 5 }] });
  });
});
