// The staff mission dashboards through the built server on the demo data (mission analytics
// included): the Overview filtered by week (the address, the cards and the board follow), a
// mission's funnel on Challenge results, and a Missions grid cell's details reached by keyboard.
import { DEMO_PASSWORD } from "@missionboard/api/seed";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppServer, seededDemoDatabase, startAppServer } from "./app-server";
import { signIn, useBrowser } from "./browser";

/** The value of the stat card labelled `label` (exactly). */
const stat = (page: Page, label: string) =>
  page
    .locator(".stat-card")
    .filter({ has: page.getByText(label, { exact: true }) })
    .locator(".stat-value")
    .textContent();

describe("mission dashboards", () => {
  const browser = useBrowser();
  let app: AppServer | null = null;
  beforeAll(async () => {
    const databaseUrl = await seededDemoDatabase("mission-dashboards", { analytics: true });
    app = await startAppServer("mission-dashboards", databaseUrl, {});
  }, 180_000);
  afterAll(async () => {
    await app?.stop();
  });

  it("staff filter the overview by week, read a mission's funnel and open a grid cell by keyboard", async () => {
    const page = await browser.page(app?.baseUrl);
    await signIn(page, "assistant@demo.test", DEMO_PASSWORD);

    // Overview: every week, then one week chosen in the filter form.
    await page.goto("/staff/missions");
    expect(await page.getByTestId("freshness").textContent()).toMatch(/Chats reloaded \d{4}-\d{2}-\d{2}/);
    const allAttempts = Number(await stat(page, "Attempts"));
    expect(allAttempts).toBeGreaterThan(0);
    expect(await page.getByRole("heading", { name: /Leaderboard · Overall board/ }).isVisible()).toBe(true);
    const week = await page.locator("select[name=week] option[value]:not([value=''])").first().getAttribute("value");
    await page.getByRole("combobox", { name: "Week" }).selectOption(week ?? "");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL((url) => url.searchParams.get("week") === week);
    await page.getByRole("heading", { name: `Leaderboard · Week ${week} board` }).waitFor();
    const weekAttempts = Number(await stat(page, "Attempts"));
    expect(weekAttempts).toBeGreaterThan(0);
    expect(weekAttempts).toBeLessThan(allAttempts);
    // The per-mission chart's table lists only the week's missions.
    const missionsCard = Number(await stat(page, "Missions"));
    expect(missionsCard).toBeGreaterThan(0);
    // Sorting keeps the filter and says which way.
    await page.getByRole("link", { name: "Efficiency" }).click();
    await page.waitForURL((url) => url.searchParams.get("sort") === "efficiency" && url.searchParams.get("week") === week);
    await expect.poll(() => page.locator("th[aria-sort]").textContent()).toContain("Efficiency");
    expect(await page.locator("th[aria-sort]").getAttribute("aria-sort")).toBe("ascending");

    // The charts are drawn as markup kept on the server (ADR 032): a data point's tooltip shows on
    // focus and Escape hides it, as on a chart React draws. (A fresh page: after the clicks above,
    // a scripted focus would not count as keyboard focus.)
    await page.goto(`/staff/missions?week=${week}`);
    const point = page.locator("figure.chart .chart-hit").first();
    const tip = point.locator(".chart-tip");
    await point.focus();
    await expect.poll(() => tip.isVisible()).toBe(true);
    await page.keyboard.press("Escape");
    await expect.poll(() => tip.isVisible()).toBe(false);

    // Challenge results: choose a mission; its funnel figures show.
    await page.goto("/staff/missions/results");
    expect(await page.getByRole("table", { name: "Missions by completion rate, lowest first" }).isVisible()).toBe(true);
    const mission = await page.locator("select[name=mission] option[value]:not([value=''])").first().getAttribute("value");
    await page.getByRole("combobox", { name: "Mission" }).selectOption(mission ?? "");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL((url) => url.searchParams.get("mission") === mission);
    const started = Number(await stat(page, "Started"));
    const completed = Number(await stat(page, "Completed"));
    expect(started).toBeGreaterThan(0);
    expect(completed).toBeLessThanOrEqual(started);
    expect(await page.locator("figure.chart figcaption").first().textContent()).toContain(`${started} started, ${completed} completed`);
    expect(Number((await page.getByTestId("list-count").textContent())?.split(" ")[0])).toBeGreaterThan(0);

    // Missions grid: Tab from the table into the first cell, open its details with Enter.
    await page.goto("/staff/missions/grid");
    await page.getByRole("region", { name: "Each learner's status at each mission" }).focus();
    let focused = "";
    for (let i = 0; i < 10 && !focused.includes("grid-cell-summary"); i++) {
      await page.keyboard.press("Tab");
      focused = await page.evaluate(() => document.activeElement?.className ?? "");
    }
    expect(focused).toContain("grid-cell-summary");
    const label = await page.evaluate(() => document.activeElement?.getAttribute("aria-label") ?? "");
    expect(label).toMatch(/: (Completed|In progress|Not started), \d+ attempts?$/);
    await page.keyboard.press("Enter");
    const details = page.locator("details.grid-cell[open] .grid-cell-details").first();
    await details.waitFor();
    expect(await details.textContent()).toMatch(/\d+ attempts?/);
  });

  it("keeps the dashboards from learners", async () => {
    const page = await browser.page(app?.baseUrl);
    await signIn(page, "student@demo.test", DEMO_PASSWORD);
    for (const url of ["/staff/missions", "/staff/missions/results", "/staff/missions/grid"]) {
      const response = await page.goto(url);
      expect(response?.status(), url).toBe(403);
    }
  });
});
