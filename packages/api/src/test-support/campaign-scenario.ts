// Test-only: a small campaign on which every credit status shows (docs/product/credits.md §C-9):
// two missions, three people (an OpenWebUI user linked to an account, one linked to none, an account
// with no OpenWebUI user), their completions and standings, and a credit list with a row of each kind.
import { type Conn, insertPendingSnapshot, makeSnapshotCurrent } from "@missionboard/db";
import { makeUser } from "@missionboard/db/factories";
import { insertAttemptFixtures, insertMissionFixtures, makeCreditRow, rebuildStandingsForTest } from "@missionboard/db/test-utils";
import { TEST_NOW } from "../test-helpers";

const at = (day: number) => new Date(Date.UTC(2026, 8, day, 10));

/**
 * Ada (OpenWebUI user linked to her account) completed Intel Guardian and Broken Compass; Bob
 * (OpenWebUI only) completed Broken Compass; Carol has an account and no OpenWebUI user.
 */
export async function seedCampaign(c: Conn) {
  const ada = await makeUser(c, {
    email: "ada@learners.test",
    name: "Ada Lovelace",
    role: "student",
    now: TEST_NOW,
    onboardedAt: TEST_NOW,
  });
  const carol = await makeUser(c, {
    email: "carol@learners.test",
    name: "Carol Chen",
    role: "student",
    now: TEST_NOW,
    onboardedAt: TEST_NOW,
  });
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
export const campaignCreditRows = () => [
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

export async function confirmCampaignList(c: Conn) {
  const rows = campaignCreditRows();
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
  if (!(await makeSnapshotCurrent(c, id, { from: "pending", by: null, now: TEST_NOW }))) throw new Error("not confirmed");
  return id;
}
