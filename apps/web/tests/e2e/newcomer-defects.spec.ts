// Issue 11: the defects a newcomer met in data and wording (#9 #10 #11 #13 #6), each as the page
// shows it. The rules themselves are tested in core and api; these check that the pages say them.
import { DEMO_PASSWORD } from "@missionboard/api/seed";
import { countActiveStudents, findUserByEmail, listCatalogItems, openStore, type Store } from "@missionboard/db";
import { makeAwardRow, makeCatalogItem, makeUser } from "@missionboard/db/factories";
import { describe, expect, inject, it } from "vitest";
import { signIn, useBrowser } from "./browser";

async function withStore<T>(fn: (store: Store) => Promise<T>): Promise<T> {
  const store = openStore(inject("databaseUrl"));
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** A new active, onboarded student who signs in with the demo password (Ada's hash is reused). */
async function freshStudent(tag: string) {
  return withStore((store) =>
    store.tx(async (c) => {
      const ada = await findUserByEmail(c, "ada@demo.test");
      return makeUser(c, {
        email: `newcomer-${tag}@example.org`,
        name: `Newcomer ${tag}`,
        passwordHash: ada?.passwordHash ?? null,
        now: new Date(),
      });
    }),
  );
}

describe("newcomer defects", () => {
  const browser = useBrowser();

  it("#10: a program with a skill at 66 % is not 0 %, and the page says how it is computed", async () => {
    const tag = Date.now().toString(36);
    const student = await freshStudent(tag);
    await withStore((store) =>
      store.tx(async (c) => {
        const program = await makeCatalogItem(c, { kind: "program", title: `Partial ${tag}` });
        const skill = await makeCatalogItem(c, { kind: "skill", title: `Thirds ${tag}`, parent: program });
        for (const n of [1, 2, 3]) {
          const mini = await makeCatalogItem(c, { kind: "mini_badge", title: `Third ${n} ${tag}`, parent: skill });
          if (n < 3) await makeAwardRow(c, { userId: student.id, item: mini, awardedAt: new Date() });
        }
      }),
    );
    const page = await browser.page();
    await signIn(page, student.email, DEMO_PASSWORD);
    await page.goto("/student");
    await expect.poll(() => page.getByRole("progressbar", { name: `Thirds ${tag}: 66%` }).isVisible()).toBe(true);
    expect(await page.getByRole("progressbar", { name: `Partial ${tag}: 66%` }).isVisible()).toBe(true);
    expect(await page.getByTestId("progress-rule").textContent()).toMatch(/averages what its award needs/);
  });

  it("#13: the recompute preview says what it counted, out of every active student", async () => {
    const activeStudents = await withStore((store) => store.read(countActiveStudents));
    const page = await browser.page();
    await signIn(page, "admin@demo.test", DEMO_PASSWORD);
    await page.goto("/admin/awards?preview=1");
    const counted = page.getByTestId("recompute-counted");
    await expect
      .poll(() => counted.textContent())
      .toMatch(new RegExp(`Checked the \\d+ of ${activeStudents} active student\\(s\\) who hold at least one award`));
  });

  it("#9: the progress badge says what earns it and how, on the catalog page a student sees", async () => {
    const page = await browser.page();
    await signIn(page, "student@demo.test", DEMO_PASSWORD);
    await page.goto("/catalog");
    await page.getByRole("link", { name: "AI Foundations" }).click();
    const streak = page.locator("li[data-kind='progress_badge']").filter({ hasText: "First week streak" });
    await expect
      .poll(() => streak.getByTestId("earning").textContent())
      .toMatch(/What earns it: Attempt at least one mission on five different days/);
    expect(await streak.getByTestId("earning").textContent()).toMatch(/How: Awarded by an admin, by hand, when you meet its criteria/);
    const skill = page.locator("li[data-kind='skill']").filter({ hasText: "Prompting basics" });
    expect(await skill.getByTestId("earning").textContent()).toMatch(/Awarded automatically once you hold all 3 of its mini-badges/);
    expect(await skill.textContent()).toMatch(/Write prompts that get useful answers/);
  });

  it("#9: the request form shows the chosen badge's description and what earns it", async () => {
    const capstone = await withStore(async (store) =>
      (await store.read(listCatalogItems)).find((i) => i.kind === "capstone" && i.criteria),
    );
    if (!capstone?.criteria) throw new Error("the demo has no capstone with criteria");
    const page = await browser.page();
    await signIn(page, "student@demo.test", DEMO_PASSWORD);
    await page.goto(`/student/request?item=${capstone.id}`);
    expect(await page.getByTestId("criteria").textContent()).toBe(`What earns it: ${capstone.criteria}`);
    if (capstone.description) expect(await page.locator("main").textContent()).toContain(capstone.description);
  });

  it("#11: a request arriving shows on the staff's bell as one notice of the requests waiting", async () => {
    const tag = Date.now().toString(36);
    const newcomer = await freshStudent(`bell-${tag}`);
    const items = await withStore((store) => store.read(listCatalogItems));
    const badge = items.find((i) => i.title === "Check a source");
    const student = await browser.page();
    await signIn(student, newcomer.email, DEMO_PASSWORD);
    await student.goto(`/student/request?item=${badge?.id}`);
    await student.getByRole("button", { name: "Submit request" }).click();
    await student.waitForURL((url) => url.pathname === "/student");

    const staff = await browser.page();
    await signIn(staff, "assistant@demo.test", DEMO_PASSWORD);
    await staff.goto("/staff");
    await expect.poll(() => staff.getByRole("link", { name: /^Notifications, \d+ unread$/ }).isVisible()).toBe(true);
    await staff.goto("/notifications");
    const notices = staff.getByText(/^\d+ requests? waiting$/);
    await expect.poll(() => notices.count()).toBe(1);
  });

  it("#5: redacted CSV and Excel files hold no user id anywhere (audit details included), one pseudonym per person across files", async () => {
    const ids = await withStore((store) =>
      store.read(async ({ db, t }) => (await db.select({ id: t.users.id }).from(t.users)).map((u) => u.id)),
    );
    const page = await browser.page();
    await signIn(page, "admin@demo.test", DEMO_PASSWORD);
    const roster = await (await page.request.get("/admin/exports/roster.csv")).text();
    const audit = await (await page.request.get("/admin/exports/audit.csv")).text();
    const workbook = await (await page.request.get("/admin/exports/audit.xlsx")).body();
    expect(workbook.subarray(0, 2).toString()).toBe("PK");
    for (const id of ids) {
      expect(roster).not.toContain(id);
      expect(audit).not.toContain(id);
    }
    const rosterPseudonyms = new Set(roster.match(/user-[0-9a-f]{12}/g));
    // Each roster row names its person once: the pseudonym is not repeated in name or email columns.
    for (const line of roster.split("\r\n").slice(1).filter(Boolean)) expect(line.match(/user-[0-9a-f]{12}/g)).toHaveLength(1);
    // Every person in the audit file (actors, subjects, ids in the details) is someone in the roster.
    const auditPseudonyms = new Set(audit.match(/user-[0-9a-f]{12}/g));
    expect(auditPseudonyms.size).toBeGreaterThan(1);
    for (const p of auditPseudonyms) expect(rosterPseudonyms.has(p)).toBe(true);
  });

  it("#6: the audit log names each entry's entity with a link, and its details carry names, not ids", async () => {
    const page = await browser.page();
    await signIn(page, "admin@demo.test", DEMO_PASSWORD);
    await page.goto("/admin/audit?action=auth.signed_in");
    const entities = page.getByTestId("audit-entity");
    await expect.poll(() => entities.count()).toBeGreaterThan(1);
    const texts = await entities.allTextContents();
    for (const text of texts) expect(text).not.toMatch(/[0-9a-f]{8}/);
    const ada = entities.getByRole("link", { name: "Ada Lovelace" }).first();
    expect(await ada.getAttribute("href")).toBe("/roster?q=ada%40demo.test");
    await page.goto("/admin/audit");
    const details = await page.locator("td.details").allTextContents();
    expect(details.length).toBeGreaterThan(0);
    for (const text of details) expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}/);
  });
});
