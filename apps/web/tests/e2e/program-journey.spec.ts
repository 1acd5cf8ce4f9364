// The badge program's whole journey (issue 4): an admin builds a small program in the UI, a
// student requests its two mini-badges, an assistant approves them, the student sees the skill
// and program awarded with notifications and emails, and the admin exports awards redacted.
import { DEMO_PASSWORD } from "@missionboard/api/seed";
import { openStore } from "@missionboard/db";
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { signIn, useBrowser } from "./browser";
import { waitForMail } from "./mailbox";

async function idsOf(titles: string[]): Promise<string[]> {
  const store = openStore(inject("databaseUrl"));
  try {
    const rows = await store.read(({ db, t }) => db.select({ id: t.catalogItems.id, title: t.catalogItems.title }).from(t.catalogItems));
    return titles.map((title) => {
      const row = rows.find((r) => r.title === title);
      if (!row) throw new Error(`no catalog item "${title}"`);
      return row.id;
    });
  } finally {
    await store.close();
  }
}

async function addChild(admin: Page, kind: "skill" | "mini-badge", parent: string, title: string) {
  await admin.getByText(`Add a ${kind} to ${parent}`).click();
  const form = admin.getByRole("form", { name: `Add a ${kind} to ${parent}` });
  await form.getByLabel("Title").fill(title);
  await form.getByRole("button", { name: `Add ${kind}` }).click();
  const list = kind === "skill" ? `Skills of ${parent}` : `Mini-badges of ${parent}`;
  await expect.poll(() => admin.getByRole("list", { name: list }).getByText(title, { exact: true }).isVisible()).toBe(true);
}

describe("badge program journey", () => {
  const browser = useBrowser();

  it("build → request two badges → approve → skill and program awarded, notified and emailed → redacted export", async () => {
    const tag = Date.now().toString(36);
    const program = `Journey ${tag}`;
    const skill = `Prompt craft ${tag}`;
    const badges = [`Ask clearly ${tag}`, `Refine answers ${tag}`];

    const admin = await browser.page();
    await signIn(admin, "admin@demo.test", DEMO_PASSWORD);
    await admin.goto("/admin/catalog");
    await admin.getByText("Add a program", { exact: true }).click();
    const addProgram = admin.getByRole("form", { name: "Add a program" });
    await addProgram.getByLabel("Title").fill(program);
    await addProgram.getByRole("button", { name: "Add program" }).click();
    await expect.poll(() => admin.getByText("Added.").isVisible()).toBe(true);
    // Each item's page holds the lists under it: open the program, then the skill.
    await admin.getByRole("list", { name: "Programs" }).getByRole("link", { name: program, exact: true }).click();
    await addChild(admin, "skill", program, skill);
    await admin
      .getByRole("list", { name: `Skills of ${program}` })
      .getByRole("link", { name: skill, exact: true })
      .click();
    for (const badge of badges) await addChild(admin, "mini-badge", skill, badge);

    const student = await browser.page();
    await signIn(student, "alan@demo.test", DEMO_PASSWORD);
    for (const id of await idsOf(badges)) {
      await student.goto(`/student/request?item=${id}`);
      await student.getByRole("button", { name: "Submit request" }).click();
      await student.waitForURL((url) => url.pathname === "/student");
    }
    for (const badge of badges) {
      await expect
        .poll(() => student.getByRole("list", { name: "Pending requests" }).getByText(badge, { exact: true }).isVisible())
        .toBe(true);
    }

    const assistant = await browser.page();
    await signIn(assistant, "assistant@demo.test", DEMO_PASSWORD);
    const [programId] = await idsOf([program]);
    await assistant.goto(`/staff/queue?program=${programId}`);
    for (const badge of badges) await assistant.getByRole("checkbox", { name: new RegExp(`Select ${badge}`) }).check();
    await assistant.getByRole("button", { name: "Approve selected" }).click();
    await expect
      .poll(() =>
        assistant
          .getByText(/Approved/)
          .first()
          .isVisible(),
      )
      .toBe(true);

    await student.goto("/student");
    const earned = student.getByRole("list", { name: "Earned badges" });
    for (const title of [...badges, skill, program]) {
      await expect.poll(() => earned.getByText(title, { exact: true }).isVisible(), { timeout: 5000 }).toBe(true);
    }
    await expect.poll(() => student.getByRole("link", { name: /Notifications, \d+ unread/ }).isVisible()).toBe(true);
    await student.goto("/notifications");
    await expect.poll(() => student.getByText(`You earned the program “${program}”`).isVisible()).toBe(true);
    await waitForMail("alan@demo.test", new RegExp(`program “${program}”`));
    await waitForMail("alan@demo.test", new RegExp(`skill “${skill}”`));

    const csv = await (await admin.request.get("/admin/exports/awards.csv")).text();
    expect(csv).toContain(program);
    expect(csv).not.toContain("alan@demo.test");
    expect(csv).not.toContain("Alan Turing");
    expect(csv).toMatch(/user-[0-9a-f]{8,}/);
  });
});
