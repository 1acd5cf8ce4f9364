import { DEMO_PASSWORD } from "@missionboard/api/seed";
import { describe, expect, it } from "vitest";
import { baseUrl, signIn, useBrowser } from "./browser";

describe("foundation journey", () => {
  const browser = useBrowser();

  it("serves /healthz as JSON with the database up", async () => {
    const page = await browser.page();
    const response = await page.goto("/healthz");
    expect(response?.status()).toBe(200);
    const body = JSON.parse((await response?.text()) ?? "{}");
    expect(body).toMatchObject({ status: "ok", db: { engine: "sqlite", ok: true, migrations: { applied: body.db.migrations.total } } });
  });

  it("sends a signed-out visitor to sign in, then shows the seeded admin the audit log with working filters", async () => {
    const page = await browser.page();
    await page.goto("/admin/audit");
    expect(new URL(page.url()).pathname).toBe("/login");
    await signIn(page, "admin@demo.test", DEMO_PASSWORD);
    expect(new URL(page.url()).pathname).toBe("/admin/audit");
    await expect.poll(() => page.getByRole("heading", { name: "Audit log" }).isVisible()).toBe(true);
    await expect.poll(() => page.locator("tbody tr").count()).toBeGreaterThan(5);
    // The newest entry is this very sign-in.
    expect(await page.locator("tbody tr").first().getByRole("cell", { name: "auth.signed_in" }).count()).toBe(1);

    await page.getByLabel("Action").selectOption("system.seeded");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/action=system.seeded/);
    await expect.poll(() => page.locator("tbody tr").count()).toBe(1);
    expect(await page.getByRole("cell", { name: "system.seeded" }).count()).toBe(1);
    expect(await page.getByText("1 entry").isVisible()).toBe(true);
  });

  it("refuses the audit log to a student with a page that says why", async () => {
    const page = await browser.page();
    await signIn(page, "student@demo.test", DEMO_PASSWORD);
    const response = await page.goto("/admin/audit");
    expect(response?.status()).toBe(403);
    expect(await page.getByRole("heading", { name: "You don't have access to this page" }).isVisible()).toBe(true);
  });

  it("rejects a form posted from another site", async () => {
    const res = await fetch(`${baseUrl()}/login`, {
      method: "POST",
      headers: { Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded" },
      body: "email=admin%40demo.test&password=x",
      redirect: "manual",
    });
    expect(res.status).toBe(403);
  });
});
