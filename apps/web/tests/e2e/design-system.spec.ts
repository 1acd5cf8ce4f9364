// The component gallery (/admin/design) in the browser: both themes at desktop and phone widths,
// no horizontal page scroll, no serious or critical axe violation, chart text at 12px or more,
// and the no-JavaScript behaviour of sortable headings and the confirmation step.
import { mkdirSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { DEMO_PASSWORD } from "@missionboard/api/seed";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { signIn, useBrowser } from "./browser";

const shotsDir = path.resolve(import.meta.dirname, "../../test-results/screenshots");

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

describe("design system gallery", () => {
  const browser = useBrowser();

  for (const width of [1280, 390])
    for (const scheme of ["light", "dark"] as const)
      it(`renders every section at ${width}px in the ${scheme} preference, accessibly and without page scroll`, async () => {
        const page = await browser.page();
        await page.setViewportSize({ width, height: 900 });
        await page.emulateMedia({ colorScheme: scheme });
        await signIn(page, "admin@demo.test", DEMO_PASSWORD);
        await page.goto("/admin/design");
        expect(await page.getByRole("heading", { name: "Design system", level: 1 }).isVisible()).toBe(true);
        for (const id of ["tokens", "icons", "buttons", "cards", "table", "forms", "tabs", "badges", "dialog", "navigation", "charts"]) {
          expect(await page.getByTestId(`design-${id}-light`).count(), id).toBe(1);
          expect(await page.getByTestId(`design-${id}-dark`).count(), id).toBe(1);
        }

        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, "the page scrolls sideways").toBeLessThanOrEqual(0);

        // Every chart label that is shown is drawn at 12px or more at this width.
        const labelSizes = await page.$$eval(".chart text", (nodes) =>
          nodes
            .filter((n) => getComputedStyle(n).display !== "none")
            .map((n) => ({
              text: n.textContent,
              size: Number.parseFloat(getComputedStyle(n).fontSize),
              height: n.getBoundingClientRect().height,
            })),
        );
        expect(labelSizes.length).toBeGreaterThan(20);
        expect(labelSizes.filter((l) => l.size < 12 || l.height < 12)).toEqual([]);

        expect(await seriousViolations(page)).toEqual([]);

        mkdirSync(shotsDir, { recursive: true });
        await page.screenshot({ path: path.join(shotsDir, `design-${width}-${scheme}.png`), fullPage: true });
      });

  for (const width of [1280, 390])
    it(`draws the admin dashboard's awards chart at a readable size at ${width}px, its tables inside their cards`, async () => {
      const page = await browser.page();
      await page.setViewportSize({ width, height: 900 });
      await signIn(page, "admin@demo.test", DEMO_PASSWORD);
      await page.goto("/admin");
      const chart = page.getByRole("figure", { name: /Awards per ISO week/ });
      const box = await chart.locator("svg.chart-canvas").boundingBox();
      expect(box?.width).toBeGreaterThan(width === 390 ? 250 : 600);
      expect(box?.height).toBeGreaterThanOrEqual(200);
      const sizes = await chart
        .locator("text")
        .evaluateAll((nodes) => nodes.filter((n) => getComputedStyle(n).display !== "none").map((n) => n.getBoundingClientRect().height));
      expect(sizes.length).toBeGreaterThan(10);
      expect(Math.min(...sizes)).toBeGreaterThanOrEqual(12);
      // Every table box ends inside its card, and the page does not scroll sideways.
      const overflowing = await page.$$eval(
        ".card .table-wrap",
        (wraps) =>
          wraps.filter((w) => w.getBoundingClientRect().right > (w.closest(".card")?.getBoundingClientRect().right ?? 0) + 0.5).length,
      );
      expect(overflowing).toBe(0);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      mkdirSync(shotsDir, { recursive: true });
      await page.screenshot({ path: path.join(shotsDir, `design-admin-dashboard-${width}.png`), fullPage: true });
    });

  it("shows a chart's figures in a tooltip on keyboard focus", async () => {
    const page = await browser.page();
    await signIn(page, "admin@demo.test", DEMO_PASSWORD);
    await page.goto("/admin/design#design-charts");
    const point = page.getByTestId("design-charts-light").getByRole("listitem", { name: "2026-W08: 15 awards" });
    const tip = point.locator(".chart-tip");
    expect(await tip.isVisible()).toBe(false);
    await point.focus();
    await expect.poll(() => tip.isVisible()).toBe(true);
    expect(await tip.textContent()).toBe("2026-W08: 15 awards");
    await page.keyboard.press("Escape");
    await expect.poll(() => tip.isVisible()).toBe(false);
  });

  it("lets an assistant in and gives a student the 403 page", async () => {
    const assistant = await browser.page();
    await signIn(assistant, "assistant@demo.test", DEMO_PASSWORD);
    const ok = await assistant.goto("/admin/design");
    expect(ok?.status()).toBe(200);
    const student = await browser.page();
    await signIn(student, "student@demo.test", DEMO_PASSWORD);
    const refused = await student.goto("/admin/design");
    expect(refused?.status()).toBe(403);
    expect(await student.getByRole("heading", { name: "You don't have access to this page" }).isVisible()).toBe(true);
  });

  it("sorts by a heading and confirms a destructive action without JavaScript", async () => {
    const page = await browser.page(undefined, { javaScriptEnabled: false });
    await signIn(page, "admin@demo.test", DEMO_PASSWORD);
    await page.goto("/admin/design");
    const table = page.getByRole("region", { name: "People (sample, light theme)" });
    await table.getByRole("link", { name: "Awards" }).click();
    await page.waitForURL((url) => url.searchParams.get("sort") === "awards");
    expect(await table.getByRole("columnheader", { name: "Awards" }).getAttribute("aria-sort")).toBe("ascending");
    expect(await table.locator("tbody th").first().textContent()).toBe("Alan Turing");

    const panel = page.getByTestId("design-dialog-light");
    await panel.getByRole("button", { name: "Truncate and reload" }).click();
    const step = panel.getByRole("region", { name: "Replace all mission data?" });
    await expect.poll(() => step.isVisible()).toBe(true);
    await step.getByRole("button", { name: "Truncate and reload" }).click();
    await expect.poll(() => page.getByRole("status").filter({ hasText: "Confirmed “truncate-demo”" }).isVisible()).toBe(true);
  });

  it("asks in a native dialog with JavaScript, and Cancel sends nothing", async () => {
    const page = await browser.page();
    await signIn(page, "admin@demo.test", DEMO_PASSWORD);
    await page.goto("/admin/design");
    const panel = page.getByTestId("design-dialog-light");
    await panel.getByRole("button", { name: "Truncate and reload" }).click();
    const dialog = page.getByRole("dialog", { name: "Replace all mission data?" });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await page.getByText("Confirmed “truncate-demo”").count()).toBe(0);

    await panel.getByRole("button", { name: "Truncate and reload" }).click();
    await dialog.getByRole("button", { name: "Truncate and reload" }).click();
    await expect.poll(() => page.getByText("Confirmed “truncate-demo”").isVisible()).toBe(true);
  });
});
