import { DEMO_PASSWORD } from "@missionboard/api/seed";
import { openStore } from "@missionboard/db";
import { makeCatalogItem } from "@missionboard/db/factories";
import { describe, expect, inject, it } from "vitest";
import { signIn, useBrowser } from "./browser";

/** A program with `count` skills "<tag> 1" … "<tag> N", inserted straight into the app's database. */
async function seedSkills(tag: string, count: number) {
  const store = openStore(inject("databaseUrl"));
  try {
    return await store.tx(async (c) => {
      const program = await makeCatalogItem(c, { kind: "program", title: `Order ${tag}` });
      for (let i = 1; i <= count; i++) await makeCatalogItem(c, { kind: "skill", title: `${tag} ${i}`, parent: program, position: i * 10 });
      return program;
    });
  } finally {
    await store.close();
  }
}

describe("catalog", () => {
  const browser = useBrowser();

  it("an admin builds a program through the UI; a student sees only the active part of it", async () => {
    const tag = Date.now().toString(36);
    const program = `E2E Program ${tag}`;
    const [skillA, skillB, badge] = [`Prompting ${tag}`, `Retired ${tag}`, `First prompt ${tag}`];

    const admin = await browser.page();
    await signIn(admin, "admin@demo.test", DEMO_PASSWORD);
    await admin.goto("/admin/catalog");

    await admin.getByText("Add a program", { exact: true }).click();
    const addProgram = admin.getByRole("form", { name: "Add a program" });
    await addProgram.getByLabel("Title").fill(program);
    await addProgram.getByLabel("Icon (emoji)").fill("🤖");
    await addProgram.getByRole("button", { name: "Add program" }).click();
    await expect.poll(() => admin.getByText("Added.").isVisible()).toBe(true);
    // The new program is listed last (the last page of programs); its page holds its skills.
    await admin.getByRole("list", { name: "Programs" }).getByRole("link", { name: program, exact: true }).click();
    await expect.poll(() => admin.getByRole("navigation", { name: "Breadcrumbs" }).getByText(program).isVisible()).toBe(true);

    for (const skill of [skillA, skillB]) {
      await admin.getByText(`Add a skill to ${program}`).click();
      const form = admin.getByRole("form", { name: `Add a skill to ${program}` });
      await form.getByLabel("Title").fill(skill);
      await form.getByRole("button", { name: "Add skill" }).click();
      await expect
        .poll(() =>
          admin
            .getByRole("list", { name: `Skills of ${program}` })
            .getByText(skill, { exact: true })
            .isVisible(),
        )
        .toBe(true);
    }

    // A second skill with the same title in another letter case is refused next to its form.
    await admin.getByText(`Add a skill to ${program}`).click();
    const again = admin.getByRole("form", { name: `Add a skill to ${program}` });
    await again.getByLabel("Title").fill(skillA.toUpperCase());
    await again.getByRole("button", { name: "Add skill" }).click();
    await expect.poll(() => again.getByText("already exists here").isVisible()).toBe(true);

    // Keyboard-friendly reorder: move the second skill up with its button.
    const skills = admin.getByRole("list", { name: `Skills of ${program}` });
    const skillTitles = () => skills.locator(":scope > li strong").allTextContents();
    expect(await skillTitles()).toEqual([skillA, skillB]);
    await admin.getByRole("button", { name: `Move ${skillB} up` }).click();
    await expect.poll(skillTitles).toEqual([skillB, skillA]);

    await skills.getByRole("link", { name: skillA, exact: true }).click();
    await admin.getByText(`Add a mini-badge to ${skillA}`).click();
    const addBadge = admin.getByRole("form", { name: `Add a mini-badge to ${skillA}` });
    await addBadge.getByLabel("Title").fill(badge);
    await addBadge.getByRole("button", { name: "Add mini-badge" }).click();
    await expect
      .poll(() =>
        admin
          .getByRole("list", { name: `Mini-badges of ${skillA}` })
          .getByText(badge, { exact: true })
          .isVisible(),
      )
      .toBe(true);

    // Back on the program's page: deactivate the retired skill; deleting the program is refused with the reason.
    await admin.getByRole("navigation", { name: "Breadcrumbs" }).getByRole("link", { name: program }).click();
    await skills.locator(":scope > li", { hasText: skillB }).getByRole("button", { name: "Deactivate" }).click();
    await expect.poll(() => admin.getByText("Deactivated:").isVisible()).toBe(true);
    await admin.getByRole("button", { name: `Delete ${program}` }).click();
    await admin
      .getByRole("dialog", { name: `Delete the program “${program}”?` })
      .getByRole("button", { name: "Delete" })
      .click();
    await expect.poll(() => admin.getByText("This program still has 2 items under it").isVisible()).toBe(true);

    // Export as a download.
    const exported = await admin.request.get("/admin/catalog/export");
    expect(exported.headers()["content-disposition"]).toMatch(/attachment; filename="missionboard-catalog-/);
    expect(JSON.stringify(await exported.json())).toContain(program);

    // A broken import names the problem's path and writes nothing.
    await admin.goto("/admin/catalog");
    const broken = { format: "missionboard.catalog", version: 1, programs: [{ title: `Imported ${tag}` }, { skills: [] }] };
    await admin.getByLabel("Catalog file (.json)").setInputFiles({
      name: "catalog.json",
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify(broken)),
    });
    await admin.getByRole("button", { name: "Import", exact: true }).click();
    await expect.poll(() => admin.getByText("programs[1].title: Title is required.").isVisible()).toBe(true);
    expect(await admin.getByText(`Imported ${tag}`).count()).toBe(0);

    const student = await browser.page();
    await signIn(student, "student@demo.test", DEMO_PASSWORD);
    await student.goto("/catalog");
    await student.getByRole("list", { name: "Programs" }).getByRole("link", { name: program }).click();
    const programSkills = student.getByRole("list", { name: `Skills of ${program}` });
    await expect.poll(() => programSkills.getByText(skillA, { exact: true }).isVisible()).toBe(true);
    expect(await student.getByText(skillB).count()).toBe(0);
    await programSkills.getByRole("link", { name: skillA }).click();
    const badges = student.getByRole("list", { name: `Mini-badges of ${skillA}` });
    await expect.poll(() => badges.getByText(badge, { exact: true }).isVisible()).toBe(true);
    expect(await badges.getByRole("link", { name: `Request ${badge}` }).getAttribute("href")).toMatch(/^\/student\/request\?item=/);
    await badges.getByRole("link", { name: `Request ${badge}` }).click();
    await student.waitForURL((url) => url.pathname === "/student/request");
    await expect.poll(() => student.getByRole("button", { name: "Submit request" }).isVisible()).toBe(true);
    expect(await student.getByText(badge, { exact: true }).isVisible()).toBe(true);

    // Deactivating the program hides it entirely from students.
    await admin.goto("/admin/catalog?list=program&page=last");
    await admin
      .getByRole("list", { name: "Programs" })
      .locator(":scope > li", { hasText: program })
      .getByRole("button", { name: "Deactivate" })
      .first()
      .click();
    await expect.poll(() => admin.getByText("Deactivated:").isVisible()).toBe(true);
    await student.goto("/catalog");
    expect(await student.getByText(program).count()).toBe(0);
  });

  it("reorders by keyboard (move to a position) and by dragging, one item at a time", async () => {
    const tag = `S${Date.now().toString(36)}`;
    const program = await seedSkills(tag, 5);
    const admin = await browser.page();
    await signIn(admin, "admin@demo.test", DEMO_PASSWORD);
    await admin.goto(`/admin/catalog?item=${program.id}`);
    const skills = admin.getByRole("list", { name: `Skills of ${program.title}` });
    const order = () => skills.locator(":scope > li strong").allTextContents();
    const names = (...n: number[]) => n.map((i) => `${tag} ${i}`);
    expect(await order()).toEqual(names(1, 2, 3, 4, 5));

    // Keyboard: type the new place into the row's position field and press Enter.
    const field = admin.getByRole("spinbutton", { name: `New position of ${tag} 5 (1 to 5)` });
    await field.fill("2");
    await field.press("Enter");
    await expect.poll(order).toEqual(names(1, 5, 2, 3, 4));
    expect(await admin.getByText("Moved.").isVisible()).toBe(true);

    // Drag: drop the first row onto the fourth; the script sends only the item and its new place.
    // The drag events are dispatched (Chromium's emulated drag gesture is flaky after a navigation).
    const row = (n: number) => skills.locator(":scope > li", { hasText: `${tag} ${n}` });
    await expect.poll(() => row(1).getAttribute("draggable")).toBe("true");
    const dataTransfer = await admin.evaluateHandle(() => new DataTransfer());
    await row(1).dispatchEvent("dragstart", { dataTransfer });
    await row(3).dispatchEvent("dragenter", { dataTransfer });
    await row(3).dispatchEvent("dragover", { dataTransfer });
    await row(3).dispatchEvent("drop", { dataTransfer });
    await row(1).dispatchEvent("dragend", { dataTransfer });
    await expect.poll(order).toEqual(names(5, 2, 3, 1, 4));
  });
});
