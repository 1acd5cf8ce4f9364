// Issue 10 item 1: a catalog of 10,000 items (10 skills × 1,000 mini-badges, imported through the
// admin page) once made /admin/catalog answer 500 after minutes with a 287 MB page, and killed the
// server at 10 × 1,000. Every catalog page is now one level with paged lists: measured here on the
// built server, each page stays within a byte and time budget, and its size does not grow with the
// number of items under it.
import { DEMO_PASSWORD } from "@missionboard/api/seed";
import { openStore } from "@missionboard/db";
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { signIn, useBrowser } from "./browser";

const SKILLS = 10;
const BADGES_PER_SKILL = 1_000;
/** Whole-page budgets: a page holds at most 50 rows per list, whatever the catalog's size. */
const MAX_PAGE_BYTES = 300_000;
const MAX_PAGE_MS = 3_000;
/** What one more row may add to a page (its controls: open link, move up/down/to, activate, delete). */
const MAX_ROW_BYTES = 4_000;

async function idsByTitle(titles: string[]): Promise<Map<string, string>> {
  const store = openStore(inject("databaseUrl"));
  try {
    const rows = await store.read(({ db, t }) => db.select({ id: t.catalogItems.id, title: t.catalogItems.title }).from(t.catalogItems));
    return new Map(rows.filter((r) => titles.includes(r.title)).map((r) => [r.title, r.id]));
  } finally {
    await store.close();
  }
}

async function measure(page: Page, path: string) {
  const started = performance.now();
  const response = await page.request.get(path);
  const body = await response.body();
  // React's text separators (<!-- -->) removed, to read the page's text.
  const text = body.toString("utf8").replaceAll("<!-- -->", "");
  return { status: response.status(), bytes: body.byteLength, ms: performance.now() - started, text };
}

describe("catalog at scale", () => {
  const browser = useBrowser();

  it("10,000 items: every catalog page stays bounded in bytes and time, and still works", async () => {
    const tag = `Scale ${Date.now().toString(36)}`;
    const doc = {
      format: "missionboard.catalog",
      version: 1,
      programs: [
        {
          title: tag,
          skills: [
            ...Array.from({ length: SKILLS }, (_, s) => ({
              title: `${tag} skill ${s}`,
              miniBadges: Array.from({ length: BADGES_PER_SKILL }, (_, b) => ({ title: `${tag} badge ${s}.${b}` })),
            })),
            { title: `${tag} empty skill` },
          ],
        },
      ],
    };
    const admin = await browser.page();
    await signIn(admin, "admin@demo.test", DEMO_PASSWORD);
    const imported = await admin.request.post("/admin/catalog", {
      multipart: {
        intent: "import",
        file: { name: "scale.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(doc)) },
      },
    });
    expect(imported.status()).toBe(200);
    expect(await imported.text()).toContain(`${SKILLS * BADGES_PER_SKILL} mini-badge(s)`);
    const ids = await idsByTitle([tag, `${tag} skill 0`, `${tag} skill 9`, `${tag} empty skill`]);
    const [program, skill, lastSkill, emptySkill] = [tag, `${tag} skill 0`, `${tag} skill 9`, `${tag} empty skill`].map((t) => ids.get(t));

    const student = await browser.page();
    await signIn(student, "student@demo.test", DEMO_PASSWORD);

    const pages: [Page, string][] = [
      [admin, "/admin/catalog"],
      [admin, `/admin/catalog?item=${program}`],
      [admin, `/admin/catalog?item=${skill}`],
      [admin, `/admin/catalog?item=${lastSkill}&list=mini_badge&page=20`],
      [admin, `/catalog?item=${skill}`],
      [student, "/catalog"],
      [student, `/catalog?item=${program}`],
      [student, `/catalog?item=${skill}`],
      [student, "/student/request"],
      [student, `/student/request?q=${encodeURIComponent(`${tag} badge 9.9`)}`],
    ];
    for (const [page, path] of pages) {
      const m = await measure(page, path);
      expect(m.status, path).toBe(200);
      expect(m.bytes, `${path}: ${m.bytes} bytes`).toBeLessThan(MAX_PAGE_BYTES);
      expect(m.ms, `${path}: ${Math.round(m.ms)} ms`).toBeLessThan(MAX_PAGE_MS);
    }

    // 1,000 rows under a skill cost what 50 do: the page holds one page of rows, each of bounded size.
    const full = await measure(admin, `/admin/catalog?item=${skill}`);
    const empty = await measure(admin, `/admin/catalog?item=${emptySkill}`);
    expect(full.text).toContain("1–50 of 1,000");
    expect((full.bytes - empty.bytes) / 50, "bytes per row").toBeLessThan(MAX_ROW_BYTES);
    // No row lists its siblings: another row's id never appears in a row's move forms.
    expect(full.bytes).toBeLessThan(empty.bytes + 50 * MAX_ROW_BYTES);

    // It still works in the browser: move the last badge of the skill (page 20) to position 1.
    await admin.goto(`/admin/catalog?item=${skill}&list=mini_badge&page=20`);
    const last = `${tag} badge 0.999`;
    const field = admin.getByRole("spinbutton", { name: `New position of ${last} (1 to 1000)` });
    await field.fill("1");
    await field.press("Enter");
    await expect.poll(() => admin.getByText("Moved.").isVisible()).toBe(true);
    await admin.goto(`/admin/catalog?item=${skill}`);
    const badges = admin.getByRole("list", { name: `Mini-badges of ${tag} skill 0` });
    expect(await badges.locator(":scope > li strong").first().textContent()).toBe(last);
  });
});
