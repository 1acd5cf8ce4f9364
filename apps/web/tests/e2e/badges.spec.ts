import { DEMO_PASSWORD } from "@missionboard/api/seed";
import { openStore } from "@missionboard/db";
import { makeCatalogItem } from "@missionboard/db/factories";
import { describe, expect, inject, it } from "vitest";
import { signIn, useBrowser } from "./browser";

/** A program with one skill of two mini-badges, unique to this run (inserted straight into the app's database). */
async function seedProgram(tag: string) {
  const store = openStore(inject("databaseUrl"));
  try {
    return await store.tx(async (c) => {
      const program = await makeCatalogItem(c, { kind: "program", title: `Badges E2E ${tag}` });
      const skill = await makeCatalogItem(c, { kind: "skill", title: `Skill E2E ${tag}`, parent: program });
      const first = await makeCatalogItem(c, { kind: "mini_badge", title: `First E2E ${tag}`, parent: skill });
      const second = await makeCatalogItem(c, { kind: "mini_badge", title: `Second E2E ${tag}`, parent: skill });
      return { program, skill, first, second };
    });
  } finally {
    await store.close();
  }
}

describe("badge requests and approvals", () => {
  const browser = useBrowser();

  it("a student requests a badge, staff approve it (a second approval is told who decided), and progress shows", async () => {
    const tag = Date.now().toString(36);
    const cat = await seedProgram(tag);

    const student = await browser.page();
    await signIn(student, "ada@demo.test", DEMO_PASSWORD);
    await student.goto(`/student/request?item=${cat.first.id}`);
    await student.getByLabel("Evidence link (optional)").fill("ftp://example.com/proof");
    await student.getByRole("button", { name: "Submit request" }).click();
    await expect.poll(() => student.getByText(/must be a web address/).isVisible()).toBe(true);
    await student.getByLabel("Evidence link (optional)").fill("https://example.com/proof");
    await student.getByLabel("Note (optional)").fill("My first prompt");
    await student.getByRole("button", { name: "Submit request" }).click();
    await student.waitForURL((url) => url.pathname === "/student");
    await expect
      .poll(() => student.getByRole("list", { name: "Pending requests" }).getByText(cat.first.title, { exact: true }).isVisible())
      .toBe(true);

    // Two staff pages open on the same queue; the second approval loses and says who won.
    const assistant = await browser.page();
    await signIn(assistant, "assistant@demo.test", DEMO_PASSWORD);
    const admin = await browser.page();
    await signIn(admin, "admin@demo.test", DEMO_PASSWORD);
    const queueUrl = `/staff/queue?program=${cat.program.id}`;
    await assistant.goto(queueUrl);
    await admin.goto(queueUrl);
    await assistant.getByRole("checkbox", { name: new RegExp(`Select ${cat.first.title}`) }).check();
    await assistant.getByRole("button", { name: "Approve selected" }).click();
    await expect.poll(() => assistant.getByText(`Approved “${cat.first.title}”.`).isVisible()).toBe(true);
    await admin.getByRole("button", { name: new RegExp(`Approve ${cat.first.title}`) }).click();
    await expect.poll(() => admin.getByText(/already decided by Sam Assistant/).isVisible()).toBe(true);

    await student.goto("/student");
    await expect
      .poll(() => student.getByRole("list", { name: "Earned badges" }).getByText(cat.first.title, { exact: true }).isVisible())
      .toBe(true);
    await expect.poll(() => student.getByRole("progressbar", { name: `${cat.skill.title}: 50%` }).isVisible()).toBe(true);
    await expect.poll(() => student.getByRole("link", { name: `Request ${cat.second.title}` }).isVisible()).toBe(true);
  });
});
