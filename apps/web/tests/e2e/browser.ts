// playwright-core driving Debian's chromium (browsers cannot be downloaded here).
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { type Browser, type BrowserContextOptions, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, inject, onTestFailed } from "vitest";

const CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));
const shotsDir = path.resolve(import.meta.dirname, "../../test-results/screenshots");

export const baseUrl = () => inject("baseUrl");

/** One browser per test file; `page()` opens a fresh context (no shared cookies) per test. */
export function useBrowser() {
  let browser: Browser;
  beforeAll(async () => {
    if (!CHROMIUM)
      throw new Error("Chromium is not installed: run `apt-get install -y chromium` (the test command does this when run as root).");
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  return {
    /** A fresh browser context (no shared cookies) on the shared app server, or on `url`; `options` e.g. turn JavaScript off. */
    async page(url: string = baseUrl(), options: BrowserContextOptions = {}): Promise<Page> {
      const context = await browser.newContext({ baseURL: url, ...options });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      onTestFailed(async ({ task }) => {
        mkdirSync(shotsDir, { recursive: true });
        const file = path.join(shotsDir, `${task.name.replace(/[^\w-]+/g, "_")}.png`);
        await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
        console.error(`screenshot saved: ${file}${errors.length ? `\npage errors:\n${errors.join("\n")}` : ""}`);
      });
      return page;
    },
  };
}

export async function signIn(page: Page, email: string, password: string) {
  if (new URL(page.url()).pathname !== "/login") await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  // The address changes before the next page has rendered (Remix renders in a transition): wait
  // until the sign-in form is gone, so the caller reads the page it landed on.
  await page.getByRole("button", { name: "Sign in" }).waitFor({ state: "detached" });
}
