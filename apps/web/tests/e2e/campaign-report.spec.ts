// The campaign credits workbook in the browser's session: a credit list uploaded and confirmed
// through the api (credits.upload's import job, credits.confirm as the demo admin), then the workbook
// built on /campaign as a credits-report job (ADR 028: progress, then a link) by staff (pseudonymised)
// and by the admin with names, each file downloaded, opened and checked sheet by sheet; a report is
// its requester's only, and learners have none.
import { createCaller, createJobRunner } from "@missionboard/api";
import { DEMO_PASSWORD } from "@missionboard/api/seed";
import { readWorkbook } from "@missionboard/api/test-support";
import { findUserByEmail, loadMissionRows, type Store } from "@missionboard/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppServer, seededDemoDatabase, startAppServer } from "./app-server";
import { signIn, useBrowser } from "./browser";

type Page = Awaited<ReturnType<ReturnType<typeof useBrowser>["page"]>>;

/** Builds the workbook on /campaign with `button` and waits for the job's link; returns its address. */
async function buildWorkbook(page: Page, button: string): Promise<string> {
  await page.goto("/campaign");
  await page.getByRole("button", { name: button }).click();
  const link = page.getByTestId("report-ready").getByRole("link");
  await expect.poll(() => link.count(), { timeout: 30_000 }).toBe(1);
  const href = await link.getAttribute("href");
  expect(href).toMatch(/^\/campaign\/report\.xlsx\?run=[0-9a-f-]{36}$/);
  return href ?? "";
}

const SHEETS = ["Summary", "Missing credit", "Credited without completion", "Points mismatch", "Unmatched people", "All rows"];

/** Riley's credit for the demo's first mission and a row of someone no account knows, confirmed by the admin. */
async function seedCreditList(store: Store): Promise<string> {
  const { mission, admin } = await store.read(async (c) => ({
    mission: (await loadMissionRows(c))[0],
    admin: await findUserByEmail(c, "admin@demo.test"),
  }));
  if (!mission || !admin) throw new Error("the demo has no mission or no admin");
  const jobs = createJobRunner({ store });
  const api = createCaller({
    db: store,
    user: { id: admin.id, role: "admin", status: "active", name: admin.name, email: admin.email, onboarded: true, sessionId: "e2e" },
    now: () => new Date(),
    requestId: "e2e-seed",
    clientIp: null,
    settings: { registrationMode: "open", adminEmails: [], appUrl: "http://localhost", signInMethods: ["local"] },
    mail: { afterCommit: () => {} },
    jobs,
    // The credits procedures do not read the ingest uploads.
    ingest: undefined as never,
  });
  const csv = [
    "UserID,FirstName,Email,ActivityID,ActivityType,ActivityStatus,PointsAwarded,WeekID,MissionChallenge,Created",
    `1,Riley,student@demo.test,3,Missions & Challenges,Review Completed,${mission.points ?? 0},${mission.week ?? 1},"${mission.name}",2026-09-08T10:00:00Z`,
    `2,Sam,stranger@elsewhere.test,3,Missions & Challenges,Review Completed,5,${mission.week ?? 1},"${mission.name}",2026-09-08T11:00:00Z`,
  ].join("\n");
  const { runId } = await api.credits.upload({ fileName: "SubmittedActivityList.csv", file: csv });
  await jobs.idle();
  const uploaded = await api.credits.importRun({ runId });
  if (!uploaded.snapshotId) throw new Error(`the list was refused: ${uploaded.job.error ?? JSON.stringify(uploaded.preview)}`);
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

  let adminReport = "";

  it("the admin builds it with names, watches it finish, downloads it; a learner gets none", async () => {
    const admin = await browser.page(app?.baseUrl);
    await signIn(admin, "admin@demo.test", DEMO_PASSWORD);
    adminReport = await buildWorkbook(admin, "Build it with names and emails (audited)");
    expect(await admin.getByTestId("report-ready").textContent()).toContain("with names and emails");
    const response = await admin.request.get(adminReport);
    expect(response.status()).toBe(200);
    const book = readWorkbook(await response.body());
    expect(book.sheetNames).toEqual(SHEETS);
    expect(book.rows("Unmatched people")[1]?.slice(1, 3)).toEqual(["Sam", "stranger@elsewhere.test"]);
    const riley = book.rows("All rows").find((r) => r[3] === missionName && r[7] === true);
    expect(riley?.[2]).toBe("student@demo.test");
    expect(riley?.[1]).toBe("Riley Student");

    const learner = await browser.page(app?.baseUrl);
    await signIn(learner, "student@demo.test", DEMO_PASSWORD);
    expect((await learner.request.get(adminReport)).status()).toBe(403);
    await learner.goto("/campaign");
    expect(await learner.getByRole("button", { name: /Build/ }).count()).toBe(0);
  });

  it("staff build /campaign/report.xlsx: every sheet, pseudonymised; no names offered, nobody else's report", async () => {
    const staff = await browser.page(app?.baseUrl);
    await signIn(staff, "assistant@demo.test", DEMO_PASSWORD);
    expect(await staff.goto("/campaign").then(() => staff.getByRole("button", { name: /with names/ }).count())).toBe(0);
    const response = await staff.request.get(await buildWorkbook(staff, "Build the reconciliation workbook (.xlsx, names pseudonymised)"));
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

    expect((await staff.request.get(adminReport)).status()).toBe(404);
  });
});
