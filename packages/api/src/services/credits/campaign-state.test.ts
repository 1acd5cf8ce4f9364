// loadCampaignState on both engines: the current snapshot, missions, completions, standings,
// mappings and settings read once and turned into core's matches, statuses, official points,
// ranks, summary and overview (docs/product/credits.md §C-7..C-12).
import { type Conn, insertPendingSnapshot, makeSnapshotCurrent, saveCampaignSettings, setCreditMapping } from "@missionboard/db";
import { makeUser } from "@missionboard/db/factories";
import {
  describeEachEngine,
  insertAttemptFixtures,
  insertMissionFixtures,
  makeCreditRow,
  rebuildStandingsForTest,
} from "@missionboard/db/test-utils";
import { expect, it } from "vitest";
import { TEST_NOW } from "../../test-helpers";
import { loadCampaignState } from "./campaign-state";

const at = (day: number) => new Date(Date.UTC(2026, 8, day, 10));

/**
 * Ada (OpenWebUI user linked to her account) completed Intel Guardian and Broken Compass; Bob
 * (OpenWebUI only) completed Broken Compass; Carol has an account and no OpenWebUI user.
 */
async function seed(c: Conn) {
  const ada = await makeUser(c, { email: "ada@learners.test", name: "Ada Lovelace" });
  const carol = await makeUser(c, { email: "carol@learners.test", name: "Carol Chen" });
  const [intel, compass] = await insertMissionFixtures(
    c,
    [
      { key: "intel", name: "Intel Guardian", week: 1, points: 15 },
      { key: "compass", name: "Broken Compass", week: 1, points: 20 },
    ],
    TEST_NOW,
  );
  if (!intel || !compass) throw new Error("no missions");
  await insertAttemptFixtures(
    c,
    [
      { id: "ow-ada", name: "ada", email: "ada.owui@learners.test", userId: ada.id },
      { id: "ow-bob", name: "Bob Byte", email: "bob@learners.test" },
    ],
    [
      { chatId: "c1", missionId: intel, learnerId: "ow-ada", startedAt: at(1), completion: { at: at(1), points: 15 } },
      { chatId: "c2", missionId: compass, learnerId: "ow-ada", startedAt: at(2), completion: { at: at(2), points: 20 } },
      { chatId: "c3", missionId: compass, learnerId: "ow-bob", startedAt: at(3), completion: { at: at(3), points: 20 } },
    ],
    TEST_NOW,
  );
  await rebuildStandingsForTest(c, [], TEST_NOW);
  return { ada, carol, intel, compass };
}

/** The credit list of the scenario, each row described by its purpose. */
const creditRows = () => [
  // Ada: credited by name, and by similarity (a misspelt compass), both with the right points.
  makeCreditRow(2, { email: "ADA@learners.test", sharepointUserId: 1, firstName: "Ada", missionChallenge: "Mission: Intel Guardian" }),
  makeCreditRow(3, {
    email: "ada@learners.test",
    sharepointUserId: 1,
    firstName: "Ada",
    missionChallenge: "Broken Compas",
    pointsAwardedHundredths: 2000,
  }),
  // Ada: a training in week 2 (not a mission; official points only).
  makeCreditRow(4, {
    email: "ada@learners.test",
    sharepointUserId: 1,
    firstName: "Ada",
    activityId: 1,
    activityType: "Training",
    missionChallenge: null,
    weekId: 2,
    pointsAwardedHundredths: 550,
  }),
  // Bob: compass credited with the wrong points; Intel Guardian submitted, not reviewed.
  makeCreditRow(5, {
    email: "bob@learners.test",
    sharepointUserId: 2,
    firstName: "Bob",
    missionChallenge: "Broken Compass",
    pointsAwardedHundredths: 1000,
  }),
  makeCreditRow(6, {
    email: "bob@learners.test",
    sharepointUserId: 2,
    firstName: "Bob",
    missionChallenge: "Intel Guardian",
    activityStatus: "Submitted",
  }),
  // Carol: credited, but no chat proves it.
  makeCreditRow(7, { email: "carol@learners.test", sharepointUserId: 3, firstName: "Carol", missionChallenge: "Intel Guardian" }),
  // Nobody known by this email.
  makeCreditRow(8, { email: "stranger@elsewhere.test", sharepointUserId: 4, firstName: "Sam", missionChallenge: "Intel Guardian" }),
];

async function confirmList(c: Conn) {
  const rows = creditRows();
  const id = await insertPendingSnapshot(
    c,
    {
      uploadedBy: null,
      uploadedAt: TEST_NOW,
      fileName: "SubmittedActivityList.csv",
      sha256: "0".repeat(64),
      bytes: 100,
      rowCount: rows.length,
      addedCount: rows.length,
      changedCount: 0,
      droppedCount: 0,
    },
    rows,
  );
  expect(await makeSnapshotCurrent(c, id, { from: "pending", by: null, now: TEST_NOW })).toEqual({ previous: null });
  return id;
}

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
