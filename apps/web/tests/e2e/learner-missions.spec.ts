// A learner's mission pages on the demo data: the demo student linked to an OpenWebUI user with
// completions, standings written as the standings job writes them (core buildStandings).
import { mkdirSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { DEMO_PASSWORD } from "@missionboard/api/seed";
import { findUserByEmail } from "@missionboard/db";
import { linkLearnerWithCompletions, rebuildStandingsForTest } from "@missionboard/db/test-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppServer, seededDemoDatabase, startAppServer } from "./app-server";
import { signIn, useBrowser } from "./browser";

/** Filled-in screenshots of both pages (every-page.spec.ts shows them empty: no demo learner is linked). */
const shotsDir = path.resolve(import.meta.dirname, "../../test-results/screenshots/learner-linked");

describe("learner missions", () => {
  const browser = useBrowser();
  let app: AppServer | null = null;
  beforeAll(async () => {
    const databaseUrl = await seededDemoDatabase("learner-missions", {
      analytics: true,
      extra: (store) =>
        store.tx(async (c) => {
          const student = await findUserByEmail(c, "student@demo.test");
          if (!student) throw new Error("the demo student is missing");
          await linkLearnerWithCompletions(c, student.id);
          await rebuildStandingsForTest(c, [], new Date());
        }),
    });
    app = await startAppServer("learner-missions", databaseUrl, {});
  }, 180_000);
  afterAll(async () => {
    await app?.stop();
  });

  it("a linked learner sees their missions, points, rank and progress, and their own attempts", async () => {
    const page = await browser.page(app?.baseUrl);
    await signIn(page, "student@demo.test", DEMO_PASSWORD);
    await page.getByRole("navigation").getByRole("link", { name: "My missions" }).first().click();
    await page.waitForURL("**/missions/me");
    await page.getByRole("heading", { name: "My missions", level: 1 }).waitFor();

    const standing = page.locator('dl[aria-label="Your standing"]');
    expect(Number((await standing.locator("dd.stat-value").first().textContent())?.replace(/,/g, ""))).toBeGreaterThan(0);
    expect(await page.locator("[data-rank-level]").first().textContent()).toMatch(/\w/);
    // The progress bar has an accessible name and the words say how far the next rank is.
    const progress = page.getByTestId("rank-progress");
    expect(await progress.textContent()).toMatch(/points to |highest rank/);
    if ((await page.getByRole("progressbar").count()) > 0)
      expect(await page.getByRole("progressbar").getAttribute("aria-label")).toMatch(/^Progress to /);
    expect(await page.getByRole("list", { name: "Positions on the boards" }).textContent()).toMatch(/Overall: \d+ of \d+/);
    // Completed missions are listed under their week; the attempts link to their own transcripts.
    expect(await page.getByText("Completed", { exact: true }).count()).toBeGreaterThan(0);
    const transcripts = page.locator("main a[href^='/missions/chats/']");
    expect(await transcripts.count()).toBeGreaterThan(0);
  });

  it("the leaderboard highlights the learner's own row, and the week tabs work as links", async () => {
    const page = await browser.page(app?.baseUrl);
    await signIn(page, "student@demo.test", DEMO_PASSWORD);
    await page.goto("/missions/leaderboard");
    await page.getByRole("heading", { name: "Leaderboard", level: 1 }).waitFor();
    const mine = page.locator('tr[aria-current="true"]');
    expect(await mine.count()).toBe(1);
    expect(await mine.textContent()).toContain("(you)");
    // Highlighted by style too, not only for assistive technology.
    const background = (selector: string) =>
      page
        .locator(selector)
        .first()
        .locator("td")
        .first()
        .evaluate((td) => getComputedStyle(td).backgroundColor);
    expect(await background('tr[aria-current="true"]')).not.toBe(await background("tbody tr:not([aria-current])"));
    // Students see no email anywhere on the board.
    expect(await page.locator("main").textContent()).not.toMatch(/@/);

    const tabs = page.getByRole("navigation", { name: "Boards" });
    expect(await tabs.getByRole("link", { name: "Overall" }).getAttribute("aria-current")).toBe("page");
    await tabs
      .getByRole("link", { name: /^Week / })
      .first()
      .click();
    await page.waitForURL(/board=\d+/);
    await page.getByRole("heading", { name: /^Week \d+ board$/ }).waitFor();
  });

  it("both pages, filled in, pass axe in both themes and fit a phone without sideways scroll", { timeout: 120_000 }, async () => {
    const page = await browser.page(app?.baseUrl);
    await signIn(page, "student@demo.test", DEMO_PASSWORD);
    const problems: string[] = [];
    mkdirSync(shotsDir, { recursive: true });
    for (const address of ["/missions/me", "/missions/leaderboard", "/missions/leaderboard?board=2"])
      for (const width of [1280, 390]) {
        await page.setViewportSize({ width, height: 800 });
        await page.goto(address);
        await page.emulateMedia({ colorScheme: "light" });
        const shot = `${address.slice(1).replace(/[^\w]+/g, "-")}-${width}.png`;
        await page.screenshot({ path: path.join(shotsDir, shot), fullPage: true });
        const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
        if (scrollWidth > width) problems.push(`${address} at ${width}px: ${scrollWidth}px wide`);
        for (const colorScheme of ["light", "dark"] as const) {
          await page.emulateMedia({ colorScheme, reducedMotion: "reduce" });
          const { violations } = await new AxeBuilder({ page }).analyze();
          for (const v of violations.filter((x) => x.impact === "serious" || x.impact === "critical"))
            problems.push(`${address} ${width}px ${colorScheme}: ${v.id} ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
        }
      }
    expect(problems).toEqual([]);
  });

  it("an account with no linked OpenWebUI user (the demo links only its students) gets the not-linked explanation", async () => {
    const page = await browser.page(app?.baseUrl);
    await signIn(page, "assistant@demo.test", DEMO_PASSWORD);
    await page.goto("/missions/me");
    expect(await page.getByTestId("not-linked").textContent()).toMatch(/Your OpenWebUI account is not linked yet/);
  });
});
