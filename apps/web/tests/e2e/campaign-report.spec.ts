// The campaign credits workbook in the browser's session: a credit list uploaded and confirmed
// through the api (credits.upload, credits.confirm as the demo admin), then /campaign/report.xlsx
// downloaded by staff (pseudonymised) and by the admin with names, each file opened and checked
// sheet by sheet; names are refused to staff and the workbook to learners.
import { createCaller } from "@missionboard/api";
import { DEMO_PASSWORD } from "@missionboard/api/seed";
import { readWorkbook } from "@missionboard/api/test-support";
import { findUserByEmail, loadMissionRows, type Store } from "@missionboard/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppServer, seededDemoDatabase, startAppServer } from "./app-server";
import { signIn, useBrowser } from "./browser";

const SHEETS = ["Summary", "Missing credit", "Credited without completion", "Points mismatch", "Unmatched people", "All rows"];

/** Riley's credit for the demo's first mission and a row of someone no account knows, confirmed by the admin. */
async function seedCreditList(store: Store): Promise<string> {
  const { mission, admin } = await store.read(async (c) => ({
    mission: (await loadMissionRows(c))[0],
    admin: await findUserByEmail(c, "admin@demo.test"),
  }));
  if (!mission || !admin) throw new Error("the demo has no mission or no admin");
  const api = createCaller({
    db: store,
    user: { id: admin.id, role: "admin", status: "active", name: admin.name, email: admin.email, onboarded: true, sessionId: "e2e" },
    now: () => new Date(),
    requestId: "e2e-seed",
    clientIp: null,
    settings: { registrationMode: "open", adminEmails: [], appUrl: "http://localhost", signInMethods: ["local"] },
    mail: { afterCommit: () => {} },
    // The credits procedures use neither the job runner nor the ingest uploads.
    jobs: undefined as never,
    ingest: undefined as never,
  });
  const csv = [
    "UserID,FirstName,Email,ActivityID,ActivityType,ActivityStatus,PointsAwarded,WeekID,MissionChallenge,Created",
    `1,Riley,student@demo.test,3,Missions & Challenges,Review Completed,${mission.points ?? 0},${mission.week ?? 1},"${mission.name}",2026-09-08T10:00:00Z`,
    `2,Sam,stranger@elsewhere.test,3,Missions & Challenges,Review Completed,5,${mission.week ?? 1},"${mission.name}",2026-09-08T11:00:00Z`,
  ].join("\n");
  const uploaded = await api.credits.upload({ fileName: "SubmittedActivityList.csv", file: csv });
  if (!uploaded.snapshotId) throw new Error(`the list was refused: ${JSON.stringify(uploaded.preview)}`);
  await api.credits.confirm({ snapshotId: uploaded.snapshotId });
  return mission.name;
}

describe("campaign credits workbook", () => {
  const browser = useBrowser();
  let app: AppServer | null = null;
  let missionName = "";
  beforeAll(async () => {
    const databaseUrl = await seededDemoDatabase("campaign-report", {
      analytics: true,
      extra: async (store) => {
        missionName = await seedCreditList(store);
      },
    });
    app = await startAppServer("campaign-report", databaseUrl, {});
  }, 180_000);
  afterAll(async () => {
    await app?.stop();
  });

  it("staff download /campaign/report.xlsx: every sheet, pseudonymised; names refused", async () => {
    const staff = await browser.page(app?.baseUrl);
    await signIn(staff, "assistant@demo.test", DEMO_PASSWORD);
    const response = await staff.request.get("/campaign/report.xlsx");
    expect(response.status()).toBe(200);
    expect(response.headers()["content-disposition"]).toMatch(/filename="missionboard-campaign-report-\d{4}-\d{2}-\d{2}\.xlsx"/);
    const book = readWorkbook(await response.body());
    expect(book.sheetNames).toEqual(SHEETS);

    const summary = Object.fromEntries(
      book
        .rows("Summary")
        .slice(1)
        .map(([k, v]) => [String(k), v]),
    );
    expect(summary).toMatchObject({
      "Credit list": "SubmittedActivityList.csv",
      "Rows in the list": 2,
      "Names and emails": "Pseudonymised",
    });
    const problemHeader = [
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
    ];
    for (const sheet of ["Missing credit", "Credited without completion", "Points mismatch"])
      expect(book.rows(sheet)[0]).toEqual(problemHeader);
    expect(book.rows("Unmatched people")).toEqual([
      ["Person", "Reason", "SharePoint UserIDs", "Rows", "Official points"],
      [expect.stringMatching(/^user-[0-9a-f]{12}$/), "No account or OpenWebUI user has this email", "2", 1, 5],
    ]);
    const [header, ...rows] = book.rows("All rows");
    expect(header).toEqual([
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
    // Riley's credited mission, matched by name.
    const riley = rows.find((r) => r[1] === missionName && r[5] === true);
    expect(riley?.[0]).toMatch(/^user-[0-9a-f]{12}$/);
    expect(riley?.[8]).toBe("name");
    const text = JSON.stringify(SHEETS.map((s) => book.rows(s)));
    expect(text).not.toContain("@");
    expect(text).not.toContain("Riley");

    expect((await staff.request.get("/campaign/report.xlsx?identified=1")).status()).toBe(403);
  });

  it("the admin downloads it with names; a learner gets none", async () => {
    const admin = await browser.page(app?.baseUrl);
    await signIn(admin, "admin@demo.test", DEMO_PASSWORD);
    const response = await admin.request.get("/campaign/report.xlsx?identified=1");
    expect(response.status()).toBe(200);
    const book = readWorkbook(await response.body());
    expect(book.sheetNames).toEqual(SHEETS);
    expect(book.rows("Unmatched people")[1]?.slice(1, 3)).toEqual(["Sam", "stranger@elsewhere.test"]);
    const riley = book.rows("All rows").find((r) => r[3] === missionName && r[7] === true);
    expect(riley?.[2]).toBe("student@demo.test");
    expect(riley?.[1]).toBe("Riley Student");

    const learner = await browser.page(app?.baseUrl);
    await signIn(learner, "student@demo.test", DEMO_PASSWORD);
    expect((await learner.request.get("/campaign/report.xlsx")).status()).toBe(403);
  });
});
