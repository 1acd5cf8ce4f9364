import path from "node:path";
import { DEMO_PASSWORD } from "@missionboard/api/seed";
import { describe, expect, it } from "vitest";
import { signIn, useBrowser } from "./browser";

const fixtures = path.resolve(import.meta.dirname, "../../../../fixtures");

describe("analytics admin", () => {
  const browser = useBrowser();

  it("an admin imports the manifest, edits a mission, uploads OpenWebUI exports and sees the run finish", async () => {
    const admin = await browser.page();
    await signIn(admin, "admin@demo.test", DEMO_PASSWORD);

    // Import the campaign manifest.
    await admin.goto("/admin/missions");
    await admin.getByLabel("Manifest file (.json)").setInputFiles(path.join(fixtures, "campaign/campaign.json"));
    await admin.getByRole("button", { name: "Import manifest" }).click();
    await expect.poll(() => admin.getByText(/Imported \d+ mission\(s\)/).isVisible()).toBe(true);

    // Edit a mission: an unsafe regex is refused next to the field, a good one is saved.
    const row = admin.locator('tr[data-mission="week-3-broken-compass"]');
    await row.getByText("Edit", { exact: true }).click();
    const form = admin.getByRole("form", { name: "Edit Broken Compass" });
    await form.getByLabel("Points").fill("25");
    await form.getByLabel(/Completion markers/).fill("MISSION ACCOMPLISHED\n/(a+)+$/");
    await form.getByRole("button", { name: "Save Broken Compass" }).click();
    await expect.poll(() => admin.getByText(/Marker 2: The marker \/\(a\+\)\+\$\/ is refused/).isVisible()).toBe(true);
    const again = admin.getByRole("form", { name: "Edit Broken Compass" });
    await again.getByLabel(/Completion markers/).fill("MISSION ACCOMPLISHED\n/case (approved|referred)/i");
    await again.getByRole("button", { name: "Save Broken Compass" }).click();
    await expect.poll(() => admin.getByText(/Saved Broken Compass/).isVisible()).toBe(true);
    expect(await admin.locator('tr[data-mission="week-3-broken-compass"] td').nth(2).textContent()).toBe("25");

    // Upload the sample exports on /admin/data and watch the run finish.
    await admin.goto("/admin/data");
    await admin.getByLabel("Chats (.json)").setInputFiles(path.join(fixtures, "openwebui/sample_chats.json"));
    await admin.getByLabel("Models (.json)").setInputFiles(path.join(fixtures, "openwebui/sample_models.json"));
    await admin.getByRole("button", { name: "Upload and reload" }).click();
    await admin.getByRole("status").filter({ hasText: "Upload received (2 file(s)); the reload is running." }).waitFor();
    const history = admin.getByRole("table", { name: "Reload history" });
    await expect
      .poll(async () => (await history.locator('tr[data-run-status="succeeded"]').count()) > 0, { timeout: 30_000, interval: 500 })
      .toBe(true);
    await expect.poll(() => admin.getByTestId("freshness").textContent()).toMatch(/Data as of (just now|1 minute ago)/);
    expect(await admin.getByTestId("freshness").getAttribute("data-stale")).toBe("no");
    const chats = admin.getByRole("definition").nth(3);
    expect(Number(await chats.textContent())).toBeGreaterThan(0);

    // Models from the upload are listed on the missions page with the mission they count for.
    await admin.goto("/admin/missions");
    await expect.poll(() => admin.getByRole("heading", { name: /OpenWebUI models \(\d+\)/ }).textContent()).not.toMatch(/\(0\)/);
  });

  it("the mission edit form shows each field's problem next to it: inline with JavaScript, from the server without", async () => {
    const admin = await browser.page();
    await signIn(admin, "admin@demo.test", DEMO_PASSWORD);
    // A second import only updates, so this test does not depend on the one above.
    await admin.goto("/admin/missions");
    await admin.getByLabel("Manifest file (.json)").setInputFiles(path.join(fixtures, "campaign/campaign.json"));
    await admin.getByRole("button", { name: "Import manifest" }).click();
    await expect.poll(() => admin.getByText(/Imported \d+ mission\(s\)/).isVisible()).toBe(true);
    const posts: string[] = [];
    admin.on("request", (request) => {
      if (request.method() === "POST") posts.push(request.url());
    });

    await admin.locator('tr[data-mission="week-3-broken-compass"]').getByText("Edit", { exact: true }).click();
    const form = admin.getByRole("form", { name: "Edit Broken Compass" });
    const points = form.getByLabel("Points");
    await points.fill("-5");
    await points.press("Tab");
    await expect.poll(() => points.getAttribute("aria-invalid")).toBe("true");
    expect(await form.getByText("Points cannot be negative.").isVisible()).toBe(true);
    // The error is the field's description, so a screen reader reads it with the field.
    const describedBy = (await points.getAttribute("aria-describedby")) ?? "";
    expect(await admin.locator(`[id="${describedBy.split(" ").at(-1)}"]`).textContent()).toBe("Points cannot be negative.");
    const markers = form.getByLabel(/Completion markers/);
    await markers.fill("MISSION ACCOMPLISHED\n/(a+)+$/");
    await form.getByRole("button", { name: "Save Broken Compass" }).click();
    await expect.poll(() => markers.getAttribute("aria-invalid")).toBe("true");
    expect(await form.getByText(/Marker 2: The marker \/\(a\+\)\+\$\/ is refused/).isVisible()).toBe(true);
    // Nothing was sent, and the first field in error has the focus.
    expect(posts).toEqual([]);
    expect(await admin.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe("points");
    // Fixing a field clears its error when it is left.
    await points.fill("20");
    await points.press("Tab");
    await expect.poll(() => points.getAttribute("aria-invalid")).toBeNull();

    // Without JavaScript the server answers with the same messages, each next to its field.
    const plain = await browser.page(undefined, { javaScriptEnabled: false });
    await signIn(plain, "admin@demo.test", DEMO_PASSWORD);
    await plain.goto("/admin/missions");
    await plain.locator('tr[data-mission="week-3-broken-compass"]').getByText("Edit", { exact: true }).click();
    const noJs = plain.getByRole("form", { name: "Edit Broken Compass" });
    await noJs.getByLabel("Week").fill("0");
    await noJs.getByRole("button", { name: "Save Broken Compass" }).click();
    const refused = plain.getByRole("form", { name: "Edit Broken Compass" });
    await refused.waitFor();
    expect(await refused.getByLabel("Week").getAttribute("aria-invalid")).toBe("true");
    expect(await refused.getByLabel("Week").inputValue()).toBe("0");
    expect(await refused.getByText("Weeks start at 1.").isVisible()).toBe(true);
  });

  it("keeps the pages from non-admins", async () => {
    const student = await browser.page();
    await signIn(student, "student@demo.test", DEMO_PASSWORD);
    for (const url of ["/admin/missions", "/admin/data"]) {
      const response = await student.goto(url);
      expect(response?.status(), url).toBe(403);
    }
  });
});
