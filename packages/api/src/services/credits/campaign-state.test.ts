// loadCampaignState on both engines: the current snapshot, missions, completions, standings,
// mappings and settings read once and turned into core's matches, statuses, official points,
// ranks, summary and overview (docs/product/credits.md §C-7..C-12).
import { saveCampaignSettings, setCreditMapping } from "@missionboard/db";
import { describeEachEngine } from "@missionboard/db/test-utils";
import { expect, it } from "vitest";
import { TEST_NOW } from "../../test-helpers";
import { confirmCampaignList as confirmList, seedCampaign as seed } from "../../test-support/campaign-scenario";
import { loadCampaignState } from "./campaign-state";

describeEachEngine("loadCampaignState", (store) => {
  it("before any credit list: no rows, ranks follow detected points", async () => {
    await store().tx(seed);
    const state = await store().read((c) => loadCampaignState(c));
    expect(state.snapshot).toBeNull();
    expect(state.rankSource).toBe("detected");
    expect(state.rows).toEqual([]);
    expect(state.summary).toMatchObject({ participants: 0, totalPoints: 0, weeks: [] });
    // Completions without credit are missing-credit pairs.
    expect(state.reconciliation.counts["missing-credit"]).toBe(3);
    const byPerson = Object.fromEntries(state.standings.map((s) => [s.personId, [s.detectedPoints, s.officialPoints, s.rank.source]]));
    expect(byPerson).toEqual({ "ow-ada": [35, null, "detected"], "ow-bob": [20, null, "detected"] });
  });

  it("with a current list: matches with their method, every status, unmatched people, both figures and the official rank", async () => {
    const { carol, intel, compass } = await store().tx(seed);
    const snapshotId = await store().tx(confirmList);
    const state = await store().read((c) => loadCampaignState(c));

    expect(state.snapshot?.id).toBe(snapshotId);
    expect(state.rankSource).toBe("official");
    expect(state.rows.map((r) => r.line)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(state.matching.matches.map((m) => m && [m.missionId === intel ? "intel" : "compass", m.method])).toEqual([
      ["intel", "name"],
      ["compass", "similarity"],
      null,
      ["compass", "name"],
      ["intel", "name"],
      ["intel", "name"],
      ["intel", "name"],
    ]);
    expect(state.matching.uncertain).toEqual([
      expect.objectContaining({ text: "Broken Compas", weekId: 1, lines: [3], reason: "similar-name" }),
    ]);

    const pairs = state.reconciliation.pairs.map((p) => [p.personId, p.missionId === intel ? "intel" : "compass", p.status]);
    expect(pairs).toEqual(
      expect.arrayContaining([
        [`account:${carol.id}`, "intel", "credited-without-completion"],
        ["ow-ada", "intel", "credited"],
        ["ow-ada", "compass", "credited"],
        ["ow-bob", "intel", "pending-review"],
        ["ow-bob", "compass", "points-mismatch"],
      ]),
    );
    expect(pairs).toHaveLength(5);
    expect(state.reconciliation.unmatchedPeople).toEqual([
      { email: "stranger@elsewhere.test", reason: "unknown-email", personIds: [], userIds: [4], rows: 1, points: 15 },
    ]);

    // Ada: 15 + 20 in week 1, 5.5 → 6 in week 2; official 41 ranks as "None" under 120.
    const ada = state.standings.find((s) => s.personId === "ow-ada");
    expect(ada).toMatchObject({ email: "ada@learners.test", detectedPoints: 35, officialPoints: 41 });
    expect(ada?.rank).toMatchObject({ source: "official", points: 41 });
    const stranger = state.standings.find((s) => s.email === "stranger@elsewhere.test");
    expect(stranger).toMatchObject({ personId: null, detectedPoints: 0, officialPoints: 15 });

    expect(state.summary).toMatchObject({ weeks: [1, 2], participants: 4, totalPoints: 41 + 10 + 15 + 15 });
    expect(state.overview.total.totalPoints).toBe(81);
    expect(state.overview.rows.map((r) => r.activityType)).toEqual(["Missions & Challenges", "Training"]);
    expect(state.missions.map((m) => m.id)).toEqual([compass, intel]);
  });

  it("a week filters the summary and overview only; the settings' threshold and rank source and the mappings apply", async () => {
    const { compass } = await store().tx(seed);
    await store().tx(confirmList);
    await store().tx((c) => saveCampaignSettings(c, { rankSource: "detected", similarityThreshold: 0.99 }, null, TEST_NOW));
    const strict = await store().read((c) => loadCampaignState(c, { week: 2 }));
    expect(strict.rankSource).toBe("detected");
    expect(strict.threshold).toBe(0.99);
    expect(strict.summary).toMatchObject({ week: 2, participants: 1, totalPoints: 6 });
    expect(strict.overview.weeks).toEqual([2]);
    // The misspelt compass no longer matches: Ada's compass completion is missing credit.
    expect(strict.matching.matches[1]).toBeNull();
    expect(strict.matching.unmatched.map((u) => u.text)).toEqual(["Broken Compas"]);
    expect(strict.reconciliation.pairs.find((p) => p.personId === "ow-ada" && p.missionId === compass)?.status).toBe("missing-credit");
    expect(strict.standings.find((s) => s.personId === "ow-ada")?.rank).toMatchObject({ source: "detected", points: 35 });

    await store().tx((c) => setCreditMapping(c, "broken compas", compass, null, TEST_NOW));
    const mapped = await store().read((c) => loadCampaignState(c));
    expect(mapped.matching.matches[1]).toEqual({ missionId: compass, method: "mapping", ratio: null });
    expect(mapped.reconciliation.pairs.find((p) => p.personId === "ow-ada" && p.missionId === compass)?.status).toBe("credited");
  });
});
