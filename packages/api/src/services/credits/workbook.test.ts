// The campaign credits workbook on both engines: a seeded campaign's state written as .xlsx, read
// back (tests only) and checked sheet by sheet, with names and pseudonymised.
import { type Conn, insertPendingSnapshot, makeSnapshotCurrent } from "@missionboard/db";
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
import { readWorkbook } from "../../test-support/workbook";
import { pseudonymizer } from "../pseudonym";
import { loadCampaignState } from "./campaign-state";
import { buildCampaignWorkbook, CAMPAIGN_REPORT_SHEETS } from "./workbook";

const KEY = "workbook-test-key";
const at = (day: number) => new Date(Date.UTC(2026, 8, day, 10));

/**
 * Ada (OpenWebUI user linked to her account) completed Intel Guardian (credited) and Broken Compass
 * (no credit); Bob (OpenWebUI only) completed Broken Compass, credited with the wrong points, and
 * submitted Intel Guardian; Carol (account only) is credited for Intel Guardian without a chat;
 * a stranger's row names nobody and holds a formula.
 */
async function seed(c: Conn) {
  const ada = await makeUser(c, { email: "ada@learners.test", name: "Ada Lovelace" });
  const carol = await makeUser(c, { email: "carol@learners.test", name: "Carol Chen" });
  const [intel, compass] = await insertMissionFixtures(
    c,
    [
      { key: "intel", name: "Intel Guardian", week: 1, points: 15 },
      { key: "compass", name: "Week 1 - Broken Compass (Medium)", week: 1, points: 20 },
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
  const rows = [
    makeCreditRow(2, { email: "ada@learners.test", sharepointUserId: 1, firstName: "Ada", missionChallenge: "Mission: Intel Guardian" }),
    makeCreditRow(3, {
      email: "bob@learners.test",
      sharepointUserId: 2,
      firstName: "Bob",
      missionChallenge: "Broken Compass",
      pointsAwardedHundredths: 1000,
    }),
    makeCreditRow(4, {
      email: "bob@learners.test",
      sharepointUserId: 2,
      firstName: "Bob",
      missionChallenge: "Intel Guardian",
      activityStatus: "Submitted",
    }),
    makeCreditRow(5, { email: "carol@learners.test", sharepointUserId: 3, firstName: "Carol", missionChallenge: "Intel Guardian" }),
    makeCreditRow(6, {
      email: "stranger@elsewhere.test",
      sharepointUserId: 4,
      firstName: "=HYPERLINK(1)",
      lastName: "Sam",
      missionChallenge: "Intel Guardian",
    }),
  ];
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
  await makeSnapshotCurrent(c, id, { from: "pending", by: null, now: TEST_NOW });
  return { ada, carol };
}

const summaryOf = (rows: unknown[][]) => Object.fromEntries(rows.slice(1).map(([k, v]) => [String(k), v]));

describeEachEngine("campaign credits workbook", (store) => {
  it("with names: every sheet's header and rows, the old report's columns, formula-safe cells", async () => {
    const { carol } = await store().tx(seed);
    const state = await store().read((c) => loadCampaignState(c));
    const book = readWorkbook(buildCampaignWorkbook(state, { personalData: true, key: KEY, now: TEST_NOW }));
    expect(book.sheetNames).toEqual([...CAMPAIGN_REPORT_SHEETS]);

    const summary = book.rows("Summary");
    expect(summary[0]).toEqual(["Item", "Value"]);
    expect(summaryOf(summary)).toMatchObject({
      "Credit list": "SubmittedActivityList.csv",
      "Rows in the list": 5,
      "Names and emails": "Included (admin request, audited)",
      "Ranks follow": "Official points",
      "Similarity threshold": 0.82,
      "Status: credited": 1,
      "Status: missing-credit": 1,
      "Status: points-mismatch": 1,
      "Status: pending-review": 1,
      "Status: credited-without-completion": 1,
      "Sheet: Missing credit": 1,
      "Sheet: Unmatched people": 1,
    });

    const problemHeader = [
      "Person",
      "Name",
      "Email",
      "Week",
      "Mission",
      "Mission points",
      "Points awarded",
      "Review completed rows",
      "Other rows",
      "Completed (UTC)",
      "Status",
      "Match method",
      "Challenge as written",
    ];
    const missing = book.rows("Missing credit");
    expect(missing[0]).toEqual(problemHeader);
    // Ada's compass: completed on 2 September, no row at all.
    expect(missing.slice(1)).toEqual([
      [
        "ow-ada",
        "Ada Lovelace",
        "ada.owui@learners.test",
        1,
        "Week 1 - Broken Compass (Medium)",
        20,
        null,
        0,
        0,
        expect.any(Number),
        "missing-credit",
        null,
        null,
      ],
    ]);
    const without = book.rows("Credited without completion");
    expect(without[0]).toEqual(problemHeader);
    expect(without.slice(1)).toEqual([
      [
        carol.id,
        "Carol Chen",
        "carol@learners.test",
        1,
        "Intel Guardian",
        15,
        15,
        1,
        0,
        null,
        "credited-without-completion",
        "name",
        "Intel Guardian",
      ],
    ]);
    const mismatch = book.rows("Points mismatch");
    expect(mismatch.slice(1)).toEqual([
      [
        "ow-bob",
        "Bob Byte",
        "bob@learners.test",
        1,
        "Week 1 - Broken Compass (Medium)",
        20,
        10,
        1,
        0,
        expect.any(Number),
        "points-mismatch",
        "name",
        "Broken Compass",
      ],
    ]);

    const unmatched = book.rows("Unmatched people");
    expect(unmatched).toEqual([
      ["Person", "Name", "Email", "Reason", "SharePoint UserIDs", "Rows", "Official points"],
      // The first name was a formula: written as text, never evaluated.
      [
        "credit-list:stranger@elsewhere.test",
        "'=HYPERLINK(1) Sam",
        "stranger@elsewhere.test",
        "No account or OpenWebUI user has this email",
        "4",
        1,
        15,
      ],
    ]);

    const all = book.rows("All rows");
    expect(all[0]).toEqual([
      "Person",
      "Name",
      "Email",
      "Challenge Name",
      "normalized_challenge",
      "Points Earned",
      "PointsAwarded",
      "received_credit",
      "DateTime Completed",
      "status",
      "match_method",
    ]);
    // Not credited first, then by name, as the old combined_report.xlsx.
    expect(all.slice(1).map((r) => [r[1], r[3], r[4], r[5], r[6], r[7], r[9], r[10]])).toEqual([
      ["Ada Lovelace", "Week 1 - Broken Compass (Medium)", "broken compass", 20, null, false, "missing-credit", null],
      ["Bob Byte", "Intel Guardian", "intel guardian", 0, null, false, "pending-review", "name"],
      ["Ada Lovelace", "Intel Guardian", "intel guardian", 15, 15, true, "credited", "name"],
      ["Bob Byte", "Week 1 - Broken Compass (Medium)", "broken compass", 20, 10, true, "points-mismatch", "name"],
      ["Carol Chen", "Intel Guardian", "intel guardian", 0, 15, true, "credited-without-completion", "name"],
    ]);
    // DateTime Completed is a date cell: Ada's Intel Guardian completion, 1 September 10:00 UTC.
    const adaIntel = all.find((r) => r[1] === "Ada Lovelace" && r[3] === "Intel Guardian");
    expect(adaIntel?.[8]).toBeCloseTo(at(1).getTime() / 86_400_000 + 25_569, 6);
  });

  it("pseudonymised: no name or email anywhere, the person column holds the pseudonym shared by every sheet", async () => {
    await store().tx(seed);
    const state = await store().read((c) => loadCampaignState(c));
    const bytes = buildCampaignWorkbook(state, { personalData: false, key: KEY, now: TEST_NOW });
    const book = readWorkbook(bytes);
    const pseudonym = pseudonymizer(KEY);
    expect(summaryOf(book.rows("Summary"))["Names and emails"]).toBe("Pseudonymised");
    expect(book.rows("Missing credit")[0]).toEqual([
      "Person",
      "Week",
      "Mission",
      "Mission points",
      "Points awarded",
      "Review completed rows",
      "Other rows",
      "Completed (UTC)",
      "Status",
      "Match method",
      "Challenge as written",
    ]);
    expect(book.rows("Missing credit")[1]?.[0]).toBe(pseudonym("ow-ada"));
    expect(book.rows("Points mismatch")[1]?.[0]).toBe(pseudonym("ow-bob"));
    expect(book.rows("Unmatched people")).toEqual([
      ["Person", "Reason", "SharePoint UserIDs", "Rows", "Official points"],
      [pseudonym("credit-list:stranger@elsewhere.test"), "No account or OpenWebUI user has this email", "4", 1, 15],
    ]);
    const all = book.rows("All rows");
    expect(all[0]).toEqual([
      "Person",
      "Challenge Name",
      "normalized_challenge",
      "Points Earned",
      "PointsAwarded",
      "received_credit",
      "DateTime Completed",
      "status",
      "match_method",
    ]);
    expect(all).toHaveLength(6);
    expect(all.slice(1).every((r) => typeof r[0] === "string" && /^user-[0-9a-f]{12}$/.test(r[0]))).toBe(true);
    // Nothing personal in any cell of any sheet.
    const text = book.sheetNames.flatMap((s) => book.rows(s).flat()).join("|");
    for (const personal of ["Ada", "Bob", "Carol", "Sam", "@learners.test", "@elsewhere.test", "ow-ada"])
      expect(text).not.toContain(personal);
  });

  it("before any credit list: the summary says so and the completions are missing credit", async () => {
    const store_ = store();
    await store_.tx(async (c) => {
      const ada = await makeUser(c, { email: "ada@learners.test", name: "Ada Lovelace" });
      const [intel] = await insertMissionFixtures(c, [{ key: "intel", name: "Intel Guardian", week: 1, points: 15 }], TEST_NOW);
      if (!intel) throw new Error("no mission");
      await insertAttemptFixtures(
        c,
        [{ id: "ow-ada", name: "ada", email: "ada@learners.test", userId: ada.id }],
        [{ chatId: "c1", missionId: intel, learnerId: "ow-ada", startedAt: at(1), completion: { at: at(1), points: 15 } }],
        TEST_NOW,
      );
    });
    const state = await store_.read((c) => loadCampaignState(c));
    const book = readWorkbook(buildCampaignWorkbook(state, { personalData: true, key: KEY, now: TEST_NOW }));
    expect(summaryOf(book.rows("Summary"))).toMatchObject({ "Credit list": "No credit list uploaded yet", "Rows in the list": 0 });
    expect(
      book
        .rows("Missing credit")
        .slice(1)
        .map((r) => [r[1], r[4]]),
    ).toEqual([["Ada Lovelace", "Intel Guardian"]]);
    expect(book.rows("Unmatched people")).toHaveLength(1);
  });
});
