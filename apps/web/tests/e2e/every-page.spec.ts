// Every page every role can reach (the route files, detail pages with a real id, the 403 and 404
// pages), at 1280×800 and on a 390×844 phone: a full-page screenshot kept as an artefact under
// test-results/screenshots/<role>/<page>-<width>.png, no sideways scroll at 390 px, and no serious
// or critical axe violation in the light and the dark colour scheme (the dark one at 1280 px) (docs/product/interface.md §U-2).
import { mkdirSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { DEMO_PASSWORD } from "@missionboard/api/seed";
import { makeUser } from "@missionboard/db/factories";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../../../packages/api/src/services/password";
import { type AppServer, seededDemoDatabase, startAppServer } from "./app-server";
import { signIn, useBrowser } from "./browser";

const shotsDir = path.resolve(import.meta.dirname, "../../test-results/screenshots");

interface PageSpec {
  /** File name of the screenshot. */
  name: string;
  /** The address, or how to find it: the first link matching `link` on the page at `from`. */
  path?: string;
  from?: string;
  link?: string;
  /** Expected HTTP status of the document (200 unless said). */
  status?: number;
  /** The page keeps the app's header (signed-in pages, their 403 and 404 included). */
  shell?: boolean;
}

const shared = (shell: boolean): PageSpec[] => [
  { name: "catalog", path: "/catalog", shell },
  { name: "catalog-program", from: "/catalog", link: "main a[href*='item=']", shell },
  { name: "notifications", path: "/notifications", shell },
  { name: "profile", path: "/profile", shell },
  { name: "missions-me", path: "/missions/me", shell },
  { name: "missions-leaderboard", path: "/missions/leaderboard", shell },
  { name: "campaign", path: "/campaign", shell },
  { name: "not-found", path: "/no-such-page", status: 404, shell },
];

const staffPages: PageSpec[] = [
  { name: "staff", path: "/staff", shell: true },
  { name: "staff-queue", path: "/staff/queue", shell: true },
  { name: "staff-missions", path: "/staff/missions", shell: true },
  { name: "staff-missions-results", from: "/staff/missions/results", link: "main a[href*='mission=']", shell: true },
  { name: "staff-missions-grid", path: "/staff/missions/grid", shell: true },
  { name: "roster", path: "/roster", shell: true },
  { name: "staff-people", path: "/staff/people", shell: true },
  { name: "design", path: "/admin/design", shell: true },
  { name: "staff-chats", path: "/staff/chats", shell: true },
  { name: "campaign-problems", path: "/campaign?problem=missing-credit", shell: true },
  { name: "staff-chats-search", path: "/staff/chats?q=mission&kind=completed", shell: true },
  { name: "chat-transcript", from: "/staff/chats?kind=completed", link: "main a[href^='/missions/chats/']", shell: true },
];

/** An approved account that has not onboarded yet (added to the demo data by this spec). */
const NEWCOMER_EMAIL = "newcomer@demo.test";

const ROLES: Record<string, { email?: string; pages: PageSpec[] }> = {
  admin: {
    email: "admin@demo.test",
    pages: [
      { name: "admin", path: "/admin", shell: true },
      ...staffPages,
      ...shared(true),
      { name: "catalog-skill", from: "/catalog?item=", link: "main a[href*='item=']", shell: true },
      { name: "admin-catalog", path: "/admin/catalog", shell: true },
      { name: "admin-catalog-program", from: "/admin/catalog", link: "main a[href*='item=']", shell: true },
      { name: "admin-awards", path: "/admin/awards", shell: true },
      { name: "admin-awards-student", from: "/admin/awards?q=a", link: "main a[href*='student=']", shell: true },
      { name: "admin-awards-preview", path: "/admin/awards?preview=1", shell: true },
      { name: "admin-audit", path: "/admin/audit", shell: true },
      { name: "admin-exports", path: "/admin/exports", shell: true },
      { name: "admin-outbox", path: "/admin/outbox", shell: true },
      { name: "admin-missions", path: "/admin/missions", shell: true },
      { name: "admin-missions-rescore", from: "/admin/missions", link: "main a[href*='rescore=']", shell: true },
      { name: "admin-data", path: "/admin/data", shell: true },
      { name: "admin-scoring", path: "/admin/scoring", shell: true },
      { name: "admin-scoring-search", path: "/admin/scoring?q=a", shell: true },
      { name: "campaign-credits", path: "/campaign/credits", shell: true },
      { name: "campaign-mapping", path: "/campaign/mapping", shell: true },
      { name: "admin-credentials", path: "/admin/credentials", shell: true },
    ],
  },
  assistant: {
    email: "assistant@demo.test",
    pages: [...staffPages, ...shared(true), { name: "forbidden", path: "/admin", status: 403, shell: true }],
  },
  student: {
    email: "student@demo.test",
    pages: [
      { name: "student", path: "/student", shell: true },
      { name: "student-request", path: "/student/request", shell: true },
      ...shared(true),
      { name: "forbidden", path: "/roster", status: 403, shell: true },
      { name: "chat-forbidden", path: "/missions/chats/no-such-chat", status: 403, shell: true },
    ],
  },
  pending: { email: "pat@demo.test", pages: [{ name: "pending", path: "/pending" }] },
  // Signed in for the first time: the onboarding form comes before anything else.
  newcomer: { email: NEWCOMER_EMAIL, pages: [{ name: "onboarding", path: "/onboarding" }] },
  "signed-out": {
    pages: [
      { name: "login", path: "/login" },
      { name: "register", path: "/register" },
      { name: "register-sent", path: "/register/sent" },
      { name: "forgot-password", path: "/forgot-password" },
      { name: "reset-password", path: "/reset-password?token=not-a-real-token" },
      { name: "verify-email", path: "/verify-email?token=not-a-real-token" },
      { name: "verify-email-resend", path: "/verify-email/resend" },
      { name: "not-found", path: "/no-such-page", status: 404 },
    ],
  },
};

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/** The address of a page: given, or the first matching link of another page (a real id). */
async function addressOf(page: Page, spec: PageSpec): Promise<string> {
  if (spec.path) return spec.path;
  let from = spec.from ?? "/";
  // "/catalog?item=" means: one level below the first program (a skill).
  if (from.endsWith("?item=")) {
    await page.goto(from.replace("?item=", ""));
    from = (await page.locator("main a[href*='item=']").first().getAttribute("href")) ?? from;
  }
  await page.goto(from);
  const href = await page
    .locator(spec.link ?? "main a")
    .first()
    .getAttribute("href");
  if (!href) throw new Error(`${spec.name}: no link ${spec.link} on ${from}`);
  return href;
}

describe("every page, every role", () => {
  const browser = useBrowser();
  // Its own server on the demo data as `npm run demo` seeds it (mission analytics included), so the
  // pages look as a newcomer sees them whatever the other browser tests changed.
  let app: AppServer | null = null;
  beforeAll(async () => {
    const databaseUrl = await seededDemoDatabase("every-page", {
      analytics: true,
      extra: async (store) => {
        const passwordHash = await hashPassword(DEMO_PASSWORD);
        await store.tx((c) =>
          makeUser(c, { email: NEWCOMER_EMAIL, name: "Noor Newcomer", passwordHash, onboardedAt: null, now: new Date() }),
        );
      },
    });
    app = await startAppServer("every-page", databaseUrl, {});
  }, 180_000);
  afterAll(async () => {
    await app?.stop();
  });

  // A role's pages in groups of PAGES_PER_TEST, so no single test outgrows its time limit as pages are added.
  const PAGES_PER_TEST = 10;
  for (const [role, { email, pages: all }] of Object.entries(ROLES))
    for (let from = 0; from < all.length; from += PAGES_PER_TEST)
      for (const width of [1280, 390]) {
        const pages = all.slice(from, from + PAGES_PER_TEST);
        const group = all.length > PAGES_PER_TEST ? ` (pages ${from + 1}–${from + pages.length})` : "";
        it(`${role}${group}: every page at ${width}px has a screenshot, no sideways scroll and no serious axe violation in either theme`, {
          timeout: 300_000,
        }, async () => {
          const page = await browser.page(app?.baseUrl);
          await page.setViewportSize({ width, height: width === 390 ? 844 : 800 });
          if (email) await signIn(page, email, DEMO_PASSWORD);
          mkdirSync(path.join(shotsDir, role), { recursive: true });
          const problems: string[] = [];
          for (const spec of pages) {
            const address = await addressOf(page, spec);
            await page.emulateMedia({ colorScheme: "light" });
            const response = await page.goto(address);
            const where = `${role} ${spec.name} (${address}) at ${width}px`;
            if (response?.status() !== (spec.status ?? 200)) problems.push(`${where}: status ${response?.status()}`);
            if (new URL(page.url()).pathname !== new URL(address, page.url()).pathname) problems.push(`${where}: ended on ${page.url()}`);
            await page.screenshot({ path: path.join(shotsDir, role, `${spec.name}-${width}.png`), fullPage: true });
            if (spec.shell) {
              const header = await page.locator("header.topbar").count();
              if (header !== 1) problems.push(`${where}: the app's header is missing`);
            }
            const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
            if (scrollWidth > width) problems.push(`${where}: ${scrollWidth}px wide`);
            // Both schemes at the desktop width; on the phone the light one (colours do not depend on
            // the width, the phone's layout rules do not depend on the scheme), to keep the run short.
            for (const colorScheme of width === 390 ? (["light"] as const) : (["light", "dark"] as const)) {
              // Reduced motion: a button's 120 ms background transition would otherwise be measured
              // half-way through the switch of scheme (light background, dark-theme text).
              await page.emulateMedia({ colorScheme, reducedMotion: "reduce" });
              for (const v of await seriousViolations(page)) problems.push(`${where}, ${colorScheme}: ${v}`);
            }
          }
          expect(problems).toEqual([]);
        });
      }
});
