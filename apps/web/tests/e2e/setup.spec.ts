import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppServer, freshSqliteUrl, startAppServer } from "./app-server";
import { useBrowser } from "./browser";

describe("first-run setup", () => {
  const browser = useBrowser();
  let app: AppServer;

  beforeAll(async () => {
    app = await startAppServer("setup", freshSqliteUrl("setup"));
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("sends the first visitor to /setup, creates the first admin, then disappears for good", async () => {
    const page = await browser.page(app.baseUrl);
    await page.goto("/");
    expect(new URL(page.url()).pathname).toBe("/setup");

    await page.getByLabel("Your name").fill("Founding Admin");
    await page.getByLabel("Email").fill("Founder@Example.org");
    await page.getByLabel("Password").fill("short");
    await page.getByRole("button", { name: "Create administrator" }).click();
    await expect.poll(() => page.getByText("Use at least 10 characters.").isVisible()).toBe(true);

    await page.getByLabel("Password").fill("a perfectly long password");
    await page.getByRole("button", { name: "Create administrator" }).click();
    await page.waitForURL("**/onboarding");
    await page.getByLabel("Display name").fill("founder");
    await page.getByLabel(/I agree/).check();
    await page.getByRole("button", { name: "Complete registration" }).click();
    await page.waitForURL("**/admin");
    await expect.poll(() => page.getByRole("heading", { name: "Admin dashboard" }).isVisible()).toBe(true);

    // A second visitor finds no setup page, and a direct post is refused.
    const stranger = await browser.page(app.baseUrl);
    await stranger.goto("/setup");
    expect(new URL(stranger.url()).pathname).toBe("/login");
    const res = await fetch(`${app.baseUrl}/setup`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "name=X&email=x%40example.org&password=another+long+password",
      redirect: "manual",
    });
    // Refused (the page then sends the visitor on to sign in), and no second admin exists.
    expect(res.headers.get("location")).toBe("/login");
    await stranger.goto("/login");
    await stranger.getByLabel("Email").fill("x@example.org");
    await stranger.getByLabel("Password").fill("another long password");
    await stranger.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => stranger.getByRole("alert").textContent()).toMatch(/do not match/);
  });
});
