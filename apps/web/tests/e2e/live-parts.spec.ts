// The live parts in the browser (ADR: live parts and artwork): the bell's count refreshing after
// a new notification, search as you type on the roster and the request page, each through
// /api/trpc without a navigation; and the same pages without JavaScript. On a server of its own,
// since it awards a badge.
import { DEMO_PASSWORD } from "@missionboard/api/seed";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiClient } from "../../app/lib/trpc-client";
import { type AppServer, seededDemoDatabase, startAppServer } from "./app-server";
import { signIn, useBrowser } from "./browser";
import { sessionCookieFor } from "./http-helpers";

describe("live parts", () => {
  const browser = useBrowser();
  let app: AppServer;

  beforeAll(async () => {
    const databaseUrl = await seededDemoDatabase("live-parts");
    app = await startAppServer("live-parts", databaseUrl);
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
  });

  /** URLs of /api/trpc calls the page makes. */
  const trpcCalls = (page: Page) => {
    const calls: string[] = [];
    page.on("request", (request) => {
      if (request.url().includes("/api/trpc/")) calls.push(decodeURIComponent(request.url()));
    });
    return calls;
  };

  it("refreshes the bell's count when a notification arrives, without a reload", async () => {
    const page = await browser.page(app.baseUrl);
    await signIn(page, "alan@demo.test", DEMO_PASSWORD);
    await page.goto("/student");
    const bell = page.getByRole("link", { name: /^Notifications/ });
    const before = Number((await bell.getAttribute("data-unread")) || 0);
    const calls = trpcCalls(page);

    const admin = createApiClient({
      url: `${app.baseUrl}/api/trpc`,
      headers: { cookie: await sessionCookieFor("admin@demo.test", DEMO_PASSWORD, app.baseUrl) },
    });
    const alan = (await admin.roster.list.query({ search: "alan@demo.test", page: 1, pageSize: 5 })).items[0];
    const options = await admin.award.options.query();
    const badge = options.find((o) => o.kind === "progress_badge") ?? options[0];
    if (!alan || !badge) throw new Error("the demo data has no Alan or no awardable badge");
    await admin.award.manual.mutate({ userId: alan.id, itemId: badge.id, reason: "Live bell test" });

    await expect.poll(async () => Number((await bell.getAttribute("data-unread")) || 0), { timeout: 20_000 }).toBeGreaterThan(before);
    expect(await bell.getAttribute("aria-label")).toMatch(/unread/);
    expect(calls.some((c) => c.includes("notification.unreadCount"))).toBe(true);
    expect(new URL(page.url()).pathname).toBe("/student");
  });

  it("shows matching people under the roster's search field as you type", async () => {
    const page = await browser.page(app.baseUrl);
    await signIn(page, "admin@demo.test", DEMO_PASSWORD);
    await page.goto("/roster");
    const calls = trpcCalls(page);
    await page.getByRole("searchbox").pressSequentially("grac", { delay: 30 });
    const results = page.getByTestId("roster-live-results");
    await expect.poll(() => results.textContent(), { timeout: 10_000 }).toMatch(/1 person matches/);
    expect(await results.getByRole("link").allTextContents()).toEqual([expect.stringMatching(/Grace/)]);
    // Typing was debounced: far fewer requests than keystrokes, and the page did not navigate.
    expect(calls.filter((c) => c.includes("roster.list")).length).toBeLessThan(4);
    expect(page.url()).toMatch(/\/roster$/);
    await results.getByRole("link").click();
    await page.waitForURL(/q=grace%40demo\.test/);
  });

  it("narrows the request page's badge list as you type", async () => {
    const page = await browser.page(app.baseUrl);
    await signIn(page, "student@demo.test", DEMO_PASSWORD);
    await page.goto("/student/request");
    const list = page.getByTestId("badge-options");
    const all = await list.getByRole("listitem").count();
    expect(all).toBeGreaterThan(2);
    const first = (await list.getByRole("listitem").first().textContent()) ?? "";
    const word = (first.split("›").pop() ?? "").trim().split(/\s+/)[0] ?? "";
    await page.getByRole("searchbox").fill(word);
    await expect.poll(() => list.getByRole("listitem").count(), { timeout: 10_000 }).toBeLessThan(all);
    for (const item of await list.getByRole("listitem").allTextContents()) expect(item.toLowerCase()).toContain(word.toLowerCase());
    expect(page.url()).toMatch(/\/student\/request$/);
  });

  it("without JavaScript, the search fields submit as forms", async () => {
    const page = await browser.page(app.baseUrl, { javaScriptEnabled: false });
    await signIn(page, "admin@demo.test", DEMO_PASSWORD);
    await page.goto("/roster");
    await page.getByRole("searchbox").fill("grace");
    await page.getByRole("searchbox").press("Enter");
    await page.waitForURL(/q=grace/);
    expect(await page.getByTestId("roster-live-results").textContent()).toBe("");
  });

  it("checks the registration form inline with the server's schema, before anything is sent", async () => {
    const page = await browser.page(app.baseUrl);
    const posts: string[] = [];
    page.on("request", (request) => {
      if (request.method() === "POST") posts.push(request.url());
    });
    await page.goto("/register");
    await page.getByLabel("Email").fill("not-an-email");
    await page.getByLabel("Email").press("Tab");
    const email = page.getByLabel("Email");
    await expect.poll(() => email.getAttribute("aria-invalid")).toBe("true");
    await page.getByLabel("Your name").fill("Inline Tester");
    await page.getByRole("button", { name: "Create account" }).click();
    // The password is missing too: both errors show and the first invalid field has the focus.
    await expect.poll(() => page.getByLabel("Password").getAttribute("aria-invalid")).toBe("true");
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe("email");
    expect(posts).toEqual([]);
    // Fixing the field clears its error when it is left.
    await email.fill("inline@demo.test");
    await email.press("Tab");
    await expect.poll(() => email.getAttribute("aria-invalid")).not.toBe("true");
  });

  it("shows a submit button's pending state while its form is being sent", async () => {
    const page = await browser.page(app.baseUrl);
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route("**/register*", async (route) => {
      if (route.request().method() === "POST") await held;
      await route.continue();
    });
    await page.goto("/register");
    await page.getByLabel("Your name").fill("Pending Tester");
    await page.getByLabel("Email").fill("pending@demo.test");
    await page.getByLabel("Password").fill("a-long-enough-password");
    const button = page.getByRole("button", { name: /Create account|Creating/ });
    expect(await button.getAttribute("aria-busy")).toBeNull();
    await button.click();
    await expect.poll(() => button.getAttribute("aria-busy")).toBe("true");
    expect(await button.textContent()).toContain("Creating…");
    expect(await button.isDisabled()).toBe(true);
    release();
    await page.waitForURL(/\/register\/sent|\/onboarding|\/pending|\/student/);
  });
});
