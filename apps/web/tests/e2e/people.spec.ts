// /staff/people and the profile's board name (docs/product/missions.md §M-17, §M-18, §M-20): a
// staff member links an OpenWebUI user to a learner's account and the audit log shows it; the
// learner then sees the link on their profile and changes how boards show them; two OpenWebUI
// users sharing an email are listed as a conflict until staff link one. Own server and database:
// this changes the demo data.
import { DEMO_PASSWORD } from "@missionboard/api/seed";
import { leaderboardAlias } from "@missionboard/core";
import { upsertOwuiUsers } from "@missionboard/db";
import { makeUser } from "@missionboard/db/factories";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppServer, seededDemoDatabase, startAppServer } from "./app-server";
import { signIn, useBrowser } from "./browser";

const OWUI_ID = "owui-riley-personal";

describe("people links", () => {
  const browser = useBrowser();
  let app: AppServer | null = null;

  beforeAll(async () => {
    const databaseUrl = await seededDemoDatabase("people", {
      // OpenWebUI users whose emails match no account: only staff can link them.
      extra: (store) =>
        store.tx(async (c) => {
          await upsertOwuiUsers(
            c,
            [
              { id: OWUI_ID, name: "Riley at home", email: "riley.home@example.org", role: "user", source: "api" },
              { id: "owui-spare", name: "Spare account", email: "spare.elsewhere@example.org", role: "user", source: "api" },
              // One email, two OpenWebUI users (non-ASCII capitals on one): linking by email links neither.
              { id: "owui-noe-work", name: "Noé at work", email: "NOÉ@demo.test", role: "user", source: "api" },
              { id: "owui-noe-home", name: "Noé at home", email: "noé@demo.test", role: "user", source: "api" },
            ],
            new Date(),
          );
          await makeUser(c, { email: "spare@demo.test", name: "Spare Learner" });
          await makeUser(c, { email: "noé@demo.test", name: "Noé Learner" });
        }),
    });
    app = await startAppServer("people", databaseUrl, {});
  }, 180_000);
  afterAll(async () => {
    await app?.stop();
  });

  it("staff link an OpenWebUI user to an account without JavaScript, and the audit log shows it", async () => {
    const page = await browser.page(app?.baseUrl, { javaScriptEnabled: false });
    await signIn(page, "assistant@demo.test", DEMO_PASSWORD);
    await page.goto("/staff");
    await page.getByRole("link", { name: "OpenWebUI links" }).first().click();
    await page.getByRole("heading", { name: "OpenWebUI links", level: 1 }).waitFor();

    // One search narrows both lists; it stays in the URL.
    await page.getByLabel("Name or email").fill("riley");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get("q")).toBe("riley");
    const row = page.locator(`tr[data-owui-user-id="${OWUI_ID}"]`);
    // The address changes before the filtered page has loaded (a full navigation without JavaScript).
    await page.waitForLoadState();
    await row.getByText("riley.home@example.org").waitFor();
    await row.getByLabel("Account for Riley at home").selectOption({ label: "Riley Student (student@demo.test)" });
    await row.getByRole("button", { name: "Link" }).click();

    await expect.poll(() => page.getByText(`Linked OpenWebUI user ${OWUI_ID}.`).isVisible()).toBe(true);
    expect(await page.locator(`tr[data-owui-user-id="${OWUI_ID}"]`).count()).toBe(0);
    const pair = page.locator(`tr[data-linked-owui-user-id="${OWUI_ID}"]`);
    expect(await pair.getByText("Riley Student").isVisible()).toBe(true);
    expect(await pair.getByText("staff").isVisible()).toBe(true);

    // Only admins read the audit log.
    const admin = await browser.page(app?.baseUrl);
    await signIn(admin, "admin@demo.test", DEMO_PASSWORD);
    await admin.goto("/admin/audit?action=people.linked");
    const entries = admin.locator("tbody tr");
    await expect.poll(() => entries.count()).toBe(1);
    expect(await entries.first().textContent()).toContain("method: manual");
  });

  it("staff unlink after confirming in a dialog, and the OpenWebUI user is marked as unlinked by staff", async () => {
    const page = await browser.page(app?.baseUrl);
    await signIn(page, "admin@demo.test", DEMO_PASSWORD);
    // Link a second OpenWebUI user first (with JavaScript this time), then unlink it.
    const row = page.locator('tr[data-owui-user-id="owui-spare"]');
    await page.goto("/staff/people?q=spare");
    await row.getByLabel("Account for Spare account").selectOption({ label: "Spare Learner (spare@demo.test)" });
    await row.getByRole("button", { name: "Link" }).click();
    const pair = page.locator('tr[data-linked-owui-user-id="owui-spare"]');
    await expect.poll(() => pair.count()).toBe(1);

    await pair.getByRole("button", { name: "Unlink Spare Learner" }).click();
    const dialog = page.getByRole("dialog", { name: "Unlink Spare Learner?" });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await dialog.getByRole("button", { name: "Unlink" }).click();
    await expect.poll(() => page.getByText("Unlinked OpenWebUI user owui-spare.", { exact: false }).isVisible()).toBe(true);
    await expect.poll(() => pair.count()).toBe(0);
    expect(await row.getByText("unlinked by staff").isVisible()).toBe(true);
  });

  it("staff see two OpenWebUI users sharing an email as a conflict, show them and link one by hand, without JavaScript", async () => {
    const page = await browser.page(app?.baseUrl, { javaScriptEnabled: false });
    await signIn(page, "assistant@demo.test", DEMO_PASSWORD);
    await page.goto("/staff/people");
    const conflict = page.locator('tr[data-conflict-email="noé@demo.test"]');
    expect(await conflict.getByText("Noé at work").isVisible()).toBe(true);
    expect(await conflict.getByText("Noé at home").isVisible()).toBe(true);
    expect(await conflict.getByText("Noé Learner").isVisible()).toBe(true);
    expect(await conflict.getByText("email verified").isVisible()).toBe(true);
    expect(await page.getByTestId("conflict-count").textContent()).toContain("link that one by hand");

    await conflict.getByRole("link", { name: "Show the OpenWebUI users of noé@demo.test" }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get("q")).toBe("noé@demo.test");
    await page.waitForLoadState();
    const rows = page.locator("tr[data-owui-user-id]");
    await rows.nth(1).waitFor();
    expect((await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-owui-user-id")))).sort()).toEqual([
      "owui-noe-home",
      "owui-noe-work",
    ]);
    const work = page.locator('tr[data-owui-user-id="owui-noe-work"]');
    await work.getByLabel("Account for Noé at work").selectOption({ label: "Noé Learner (noé@demo.test)" });
    await work.getByRole("button", { name: "Link" }).click();
    await expect.poll(() => page.getByText("Linked OpenWebUI user owui-noe-work.").isVisible()).toBe(true);
    expect(await page.locator('tr[data-conflict-email="noé@demo.test"]').count()).toBe(0);
  });

  it("a student sees the link on their profile and chooses how boards show them", async () => {
    const page = await browser.page(app?.baseUrl);
    await signIn(page, "student@demo.test", DEMO_PASSWORD);
    await page.goto("/profile");
    expect(await page.getByTestId("owui-link").textContent()).toContain("riley.home@example.org");
    const choice = page.getByRole("group", { name: "How leaderboards show you to other learners" });
    expect(await choice.getByRole("radio", { name: /An alias/ }).isChecked()).toBe(true);
    expect(await choice.getByText(leaderboardAlias(OWUI_ID)).isVisible()).toBe(true);

    expect(await choice.getByText("Riley S.").isVisible()).toBe(true);
    await choice.getByRole("radio", { name: /First name and initial/ }).check();
    await page.getByRole("button", { name: "Save name on boards" }).click();
    await expect.poll(() => page.getByText("Your name on the boards is saved.").isVisible()).toBe(true);
    await page.goto("/profile");
    expect(await choice.getByRole("radio", { name: /First name and initial/ }).isChecked()).toBe(true);
  });
});
