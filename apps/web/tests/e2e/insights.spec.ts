// Notifications bell, dashboards and admin exports in the browser.
import { DEMO_PASSWORD } from "@missionboard/api/seed";
import { describe, expect, it } from "vitest";
import { signIn, useBrowser } from "./browser";

describe("notifications, dashboards and exports", () => {
  const browser = useBrowser();

  it("shows the admin dashboard figures with the awards chart, the bell and the existing cards", async () => {
    const page = await browser.page();
    await page.goto("/admin");
    await signIn(page, "admin@demo.test", DEMO_PASSWORD);
    await expect.poll(() => page.getByRole("heading", { name: "Admin dashboard" }).isVisible()).toBe(true);
    expect(await page.getByText("Pending requests").first().isVisible()).toBe(true);
    expect(await page.getByRole("figure", { name: /Awards per ISO week/ }).count()).toBe(1);
    expect(await page.getByRole("link", { name: /^Notifications/ }).count()).toBe(1);
    expect(await page.getByRole("link", { name: /Audit log/ }).count()).toBeGreaterThan(0);
    await page.getByText("Show as a table").click();
    expect(await page.getByRole("columnheader", { name: "ISO week" }).isVisible()).toBe(true);
  });

  it("downloads redacted exports by default and personal data only when ticked, as CSV and Excel", async () => {
    const page = await browser.page();
    await signIn(page, "admin@demo.test", DEMO_PASSWORD);
    // Other journeys export too; count this test's downloads from what the log held before it.
    await page.goto("/admin/audit?action=export.downloaded");
    const before = Number((await page.getByText(/^\d+ entr(y|ies)$/).textContent())?.match(/\d+/)?.[0] ?? 0);
    await page.goto("/admin/exports");
    expect(await page.getByRole("heading", { name: "Exports" }).isVisible()).toBe(true);

    const redacted = await page.request.get("/admin/exports/roster.csv");
    expect(redacted.status()).toBe(200);
    expect(redacted.headers()["content-type"]).toContain("text/csv");
    expect(redacted.headers()["content-disposition"]).toMatch(/attachment; filename="missionboard-roster-\d{4}-\d{2}-\d{2}\.csv"/);
    const text = await redacted.text();
    // The name and email columns would only repeat the pseudonym: a redacted file leaves them out (issue 11 #5).
    expect(text).not.toContain("Display name");
    expect(text).toMatch(/^\uFEFF?User,Role,Status,/);
    expect(text).toMatch(/user-[0-9a-f]{12}/);
    expect(text).not.toContain("@demo.test");

    const personal = await page.request.get("/admin/exports/roster.csv?personalData=1");
    const personalText = await personal.text();
    expect(personalText).toContain("admin@demo.test");
    expect(personalText).toContain("Display name");

    const workbook = await page.request.get("/admin/exports/awards.xlsx");
    expect(workbook.status()).toBe(200);
    expect(workbook.headers()["content-type"]).toContain("spreadsheetml");
    const bytes = await workbook.body();
    expect(bytes.subarray(0, 2).toString()).toBe("PK"); // a zip container

    const missing = await page.request.get("/admin/exports/secrets.csv");
    expect(missing.status()).toBe(404);

    await page.goto("/admin/audit?action=export.downloaded");
    await expect.poll(() => page.locator("tbody tr").count()).toBe(before + 3);
    expect(await page.getByText("personalData: true").count()).toBe(1);
  });

  it("refuses exports to an assistant, who sees the staff dashboard", async () => {
    const page = await browser.page();
    await signIn(page, "assistant@demo.test", DEMO_PASSWORD);
    await page.goto("/staff");
    expect(await page.getByRole("heading", { name: "Staff dashboard" }).isVisible()).toBe(true);
    expect(await page.getByText("Approved this week").isVisible()).toBe(true);
    const res = await page.request.get("/admin/exports/roster.csv?personalData=1");
    expect(res.status()).toBe(403);
    expect(await res.text()).not.toContain("@demo.test");
  });

  it("lets a student open notifications and switch email notifications off", async () => {
    const page = await browser.page();
    await signIn(page, "student@demo.test", DEMO_PASSWORD);
    await page.getByRole("link", { name: /^Notifications/ }).click();
    await page.waitForURL((url) => url.pathname === "/notifications");
    await expect.poll(() => page.getByRole("heading", { name: "Notifications" }).isVisible()).toBe(true);
    await page.goto("/profile");
    await page.getByLabel("Off").check();
    await page.getByRole("button", { name: "Save email setting" }).click();
    await expect.poll(() => page.getByText("Email notifications are off.").isVisible()).toBe(true);
    await page.reload();
    expect(await page.getByLabel("Off").isChecked()).toBe(true);
  });
});
