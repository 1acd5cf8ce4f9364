// The credit list through the built server (issue 13; docs/product/credits.md §C-4, §C-13): an
// admin uploads a list with one bad line and the preview names it, nothing stored; the fixed file's
// preview is confirmed; the campaign page then shows the official points and, for staff, the
// reconciliation's statuses. Rows are made from the demo's own completions, so the statuses are
// known: one credited with the mission's points, one with the wrong points. Each upload is read by a
// credits-import job and the page shows its preview when the job is done (ADR 028). The admin then
// builds the credits workbook (§C-14) as a credits-report job, downloads it once its link shows, and
// the test opens it sheet by sheet.
import { DEMO_PASSWORD } from "@missionboard/api/seed";
import { readWorkbook } from "@missionboard/api/test-support";
import { openStore } from "@missionboard/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppServer, seededDemoDatabase, startAppServer } from "./app-server";
import { signIn, useBrowser } from "./browser";

const HEADER = "UserID,FirstName,LastName,Email,ActivityID,ActivityType,ActivityStatus,PointsAwarded,WeekID,MissionChallenge,Created";

interface Completed {
  email: string;
  mission: string;
  week: number;
  points: number;
}

/** Two completions of different people, with the learner's email and the mission's name, week and points. */
async function twoCompletions(databaseUrl: string): Promise<[Completed, Completed]> {
  const store = openStore(databaseUrl);
  try {
    const rows = await store.read(async ({ db, t }) => {
      const learners = new Map((await db.select().from(t.owuiUsers)).map((u) => [u.id, u.email]));
      const missions = new Map((await db.select().from(t.missions)).map((m) => [m.id, m]));
      return (await db.select().from(t.missionCompletions)).flatMap((c) => {
        const email = c.owuiUserId ? learners.get(c.owuiUserId) : null;
        const m = missions.get(c.missionId);
        return email && m && m.week !== null && m.points !== null
          ? [{ learner: c.owuiUserId, email, mission: m.name, week: m.week, points: m.points }]
          : [];
      });
    });
    const first = rows[0];
    const second = rows.find((r) => r.learner !== first?.learner);
    if (!first || !second) throw new Error("the demo data needs completions of two learners with emails");
    const of = (r: typeof first): Completed => ({
      email: r.email as string,
      mission: r.mission,
      week: r.week as number,
      points: r.points as number,
    });
    return [of(first), of(second)];
  } finally {
    await store.close();
  }
}

/** The list: line 2 credits `good` with the mission's points, line 3 credits `off` with 1 point more. */
function creditList(good: Completed, off: Completed, line3Points: string): string {
  const row = (id: number, c: Completed, points: string) =>
    `${id},Pat,Example,${c.email},3,Missions & Challenges,Review Completed,${points},${c.week},"Mission: ${c.mission}",2026-09-08T14:02:11Z`;
  return `${HEADER}\r\n${row(1, good, String(good.points))}\r\n${row(2, off, line3Points)}\r\n`;
}

describe("campaign credits", () => {
  const browser = useBrowser();
  let app: AppServer | null = null;
  let databaseUrl: string;

  beforeAll(async () => {
    databaseUrl = await seededDemoDatabase("campaign-credits", { analytics: true });
    app = await startAppServer("campaign-credits", databaseUrl);
  }, 180_000);
  afterAll(async () => {
    await app?.stop();
  });

  it("a bad line is shown in the preview; the fixed file is confirmed; the campaign shows the statuses", async () => {
    const [good, off] = await twoCompletions(databaseUrl);
    const page = await browser.page(app?.baseUrl);
    await signIn(page, "admin@demo.test", DEMO_PASSWORD);
    await page.goto("/campaign/credits");
    const file = page.locator("input[type=file][name=file]");

    await file.setInputFiles({
      name: "SubmittedActivityList.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(creditList(good, off, "abc")),
    });
    await page.getByRole("button", { name: "Upload and preview" }).click();
    // The import runs as a job: the page moves to its run, then shows the preview.
    await expect.poll(() => new URL(page.url()).searchParams.get("import")).toMatch(/^[0-9a-f-]{36}$/);
    const error = page.getByTestId("row-error");
    await expect.poll(() => error.count()).toBe(1);
    expect(await error.locator("td").allInnerTexts()).toEqual(["3", "PointsAwarded", "Line 3: 'PointsAwarded' must be a number."]);
    await expect.poll(() => page.getByTestId("cannot-confirm").isVisible()).toBe(true);
    expect(await page.getByRole("button", { name: "Confirm" }).count()).toBe(0);

    await file.setInputFiles({
      name: "SubmittedActivityList.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(creditList(good, off, String(off.points + 1))),
    });
    await page.getByRole("button", { name: "Upload and preview" }).click();
    await expect.poll(() => page.getByTestId("diff-counts").textContent()).toBe("2 to add, 0 to change, 0 to drop");
    await page.getByRole("button", { name: "Confirm" }).click();
    await expect.poll(() => page.getByText("The credit list is now current; the campaign views use it.").isVisible()).toBe(true);
    await expect.poll(() => page.locator("tr[data-status=current]").count()).toBe(1);

    await page.goto("/campaign");
    await expect.poll(() => page.getByTestId("last-upload").textContent()).toMatch(/^Credit list updated /);
    await expect.poll(() => page.locator("[data-chip=points-mismatch]").count()).toBe(1);
    await page.getByRole("link", { name: /^Points mismatch \(1\)$/ }).click();
    const mismatch = page.getByTestId("problem-list").locator("tbody tr");
    await expect.poll(() => mismatch.count()).toBe(1);
    expect(await mismatch.getAttribute("data-status")).toBe("points-mismatch");
    expect(await mismatch.textContent()).toContain(off.mission);

    // The workbook of the same list, with names (the admin's choice), built as a job, then opened and
    // checked sheet by sheet.
    await page.getByRole("button", { name: "Build it with names and emails (audited)" }).click();
    const ready = page.getByTestId("report-ready").getByRole("link");
    await expect.poll(() => ready.count(), { timeout: 30_000 }).toBe(1);
    const href = (await ready.getAttribute("href")) ?? "";
    expect(href).toMatch(/^\/campaign\/report\.xlsx\?run=[0-9a-f-]{36}$/);
    const download = await page.request.get(href);
    expect(download.status()).toBe(200);
    const book = readWorkbook(await download.body());
    expect(book.sheetNames).toEqual([
      "Summary",
      "Missing credit",
      "Credited without completion",
      "Points mismatch",
      "Unmatched people",
      "All rows",
    ]);
    const summary = Object.fromEntries(
      book
        .rows("Summary")
        .slice(1)
        .map(([k, v]) => [String(k), v]),
    );
    expect(summary).toMatchObject({ "Credit list": "SubmittedActivityList.csv", "Rows in the list": 2, "Status: points-mismatch": 1 });
    // Columns: Person, Name, Email, Week, Mission, Mission points, Points awarded, … Status, Match method, Challenge as written.
    expect(
      book
        .rows("Points mismatch")
        .slice(1)
        .map((r) => [r[2], r[4], r[5], r[6], r[10], r[12]]),
    ).toEqual([[off.email, off.mission, off.points, off.points + 1, "points-mismatch", `Mission: ${off.mission}`]]);
    expect(book.rows("Credited without completion")).toHaveLength(1);
    expect(book.rows("Unmatched people")).toHaveLength(1);
    // The demo's other completions have no credit; the two credited missions are not among them.
    const missing = book.rows("Missing credit").slice(1);
    expect(missing.length).toBe(summary["Sheet: Missing credit"]);
    expect(missing.some((r) => r[2] === good.email && r[4] === good.mission)).toBe(false);
    // All rows: the old combined_report.xlsx columns after Person, then status and match method.
    const [header, ...all] = book.rows("All rows");
    expect(header).toEqual([
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
    expect(all.filter((r) => r[7] === true).map((r) => [r[2], r[3], r[5], r[6], r[9]])).toEqual(
      expect.arrayContaining([
        [good.email, good.mission, good.points, good.points, "credited"],
        [off.email, off.mission, off.points, off.points + 1, "points-mismatch"],
      ]),
    );
  });
});
