import { DEMO_PASSWORD } from "@missionboard/api/seed";
import { describe, expect, it } from "vitest";
import { signIn, useBrowser } from "./browser";

describe("catalog", () => {
  const browser = useBrowser();

  it("an admin builds a program through the UI; a student sees only the active part of it", async () => {
    const tag = Date.now().toString(36);
    const program = `E2E Program ${tag}`;
    const [skillA, skillB, badge] = [`Prompting ${tag}`, `Retired ${tag}`, `First prompt ${tag}`];

    const admin = await browser.page();
    admin.on("dialog", (dialog) => void dialog.accept());
    await signIn(admin, "admin@demo.test", DEMO_PASSWORD);
    await admin.goto("/admin/catalog");

    await admin.getByText("Add a program", { exact: true }).click();
    const addProgram = admin.getByRole("form", { name: "Add a program" });
    await addProgram.getByLabel("Title").fill(program);
    await addProgram.getByLabel("Icon (emoji)").fill("🤖");
    await addProgram.getByRole("button", { name: "Add program" }).click();
    await expect.poll(() => admin.getByText("Added.").isVisible()).toBe(true);

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

    // Keyboard-friendly reorder: move the second skill up.
    const skills = admin.getByRole("list", { name: `Skills of ${program}` });
    const skillTitles = () => skills.locator(":scope > li > div > div > div > div > strong").allTextContents();
    expect(await skillTitles()).toEqual([skillA, skillB]);
    await admin.getByRole("button", { name: `Move ${skillB} up` }).click();
    await expect.poll(skillTitles).toEqual([skillB, skillA]);

    // Deactivate the retired skill; deleting the program is refused with the reason.
    await skills.locator(":scope > li", { hasText: skillB }).getByRole("button", { name: "Deactivate" }).click();
    await expect.poll(() => admin.getByText("Deactivated:").isVisible()).toBe(true);
    await admin.getByRole("button", { name: `Delete ${program}` }).click();
    await expect.poll(() => admin.getByText("This program still has 2 items under it").isVisible()).toBe(true);

    // Export as a download.
    const exported = await admin.request.get("/admin/catalog/export");
    expect(exported.headers()["content-disposition"]).toMatch(/attachment; filename="missionboard-catalog-/);
    expect(JSON.stringify(await exported.json())).toContain(program);

    // A broken import names the problem's path and writes nothing.
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
    const card = student.getByRole("region", { name: program });
    await expect.poll(() => card.getByText(skillA, { exact: true }).isVisible()).toBe(true);
    expect(await card.getByText(badge, { exact: true }).isVisible()).toBe(true);
    expect(await card.getByRole("link", { name: `Request ${badge}` }).getAttribute("href")).toMatch(/^\/student\/request\?item=/);
    expect(await student.getByText(skillB).count()).toBe(0);

    // Deactivating the program hides it entirely from students.
    await admin
      .getByRole("list", { name: "Programs" })
      .locator(":scope > li", { hasText: program })
      .getByRole("button", { name: "Deactivate" })
      .first()
      .click();
    await expect.poll(() => admin.getByText("Deactivated:").isVisible()).toBe(true);
    await student.reload();
    expect(await student.getByText(program).count()).toBe(0);
  });
});
