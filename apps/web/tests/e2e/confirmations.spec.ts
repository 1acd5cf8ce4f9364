// Destructive actions ask first (ConfirmDialog, ADR 019): a truncate reload on /admin/data, revoking
// an award, rejecting a request. Without JavaScript the server answers the first submit with the
// confirmation step in place; with JavaScript revoking asks in a native dialog, whose Cancel sends
// nothing. Own server and database: these change the demo data.
import path from "node:path";
import { DEMO_PASSWORD } from "@missionboard/api/seed";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppServer, seededDemoDatabase, startAppServer } from "./app-server";
import { signIn, useBrowser } from "./browser";

const fixtures = path.resolve(import.meta.dirname, "../../../../fixtures");

describe("confirmations", () => {
  const browser = useBrowser();
  let app: AppServer | null = null;

  beforeAll(async () => {
    const databaseUrl = await seededDemoDatabase("confirmations");
    app = await startAppServer("confirmations", databaseUrl, {});
  }, 180_000);
  afterAll(async () => {
    await app?.stop();
  });

  const adminPage = async (javaScriptEnabled: boolean) => {
    const page = await browser.page(app?.baseUrl, { javaScriptEnabled });
    await signIn(page, "admin@demo.test", DEMO_PASSWORD);
    return page;
  };

  async function uploadTruncate(page: Page) {
    await page.goto("/admin/data");
    const upload = page.getByRole("form", { name: "Upload export files" });
    await upload.getByLabel("Chats (.json)").setInputFiles(path.join(fixtures, "openwebui/sample_models.json"));
    await upload.getByRole("radio", { name: /Truncate/ }).check();
    await upload.getByRole("button", { name: "Upload and reload" }).click();
  }

  for (const javaScriptEnabled of [false, true])
    it(`asks before a truncate reload, ${javaScriptEnabled ? "with" : "without"} JavaScript, and starts it only once confirmed`, async () => {
      const page = await adminPage(javaScriptEnabled);
      await uploadTruncate(page);
      const step = page.getByRole("region", { name: "Replace all mission data?" });
      await expect.poll(() => step.isVisible()).toBe(true);
      expect(await page.getByText(/Upload received|Reload started/).count()).toBe(0);
      expect(await page.getByText("No successful reload yet.").isVisible()).toBe(true);

      // Cancel: back to the page, nothing started.
      await step.getByRole("link", { name: "Cancel" }).click();
      await expect.poll(() => step.count()).toBe(0);
      expect(await page.getByText(/Upload received|Reload started/).count()).toBe(0);

      await uploadTruncate(page);
      await step.getByRole("button", { name: "Truncate and reload" }).click();
      await expect
        .poll(() => page.getByRole("status").filter({ hasText: "Upload received; the reload is running." }).isVisible())
        .toBe(true);
      // The refused file leaves the data as it was; wait for the run to end before the next test.
      await expect
        .poll(
          async () => {
            await page.reload();
            return page.getByTestId("last-run-error").count();
          },
          { timeout: 30_000, interval: 500 },
        )
        .toBe(1);
    });

  async function openAdasAwards(page: Page) {
    await page.goto("/admin/awards?q=ada");
    await page.getByRole("link", { name: /Ada Lovelace/ }).click();
    await page.getByRole("heading", { name: "Ada Lovelace's awards" }).waitFor();
    const revoke = page.getByRole("button", { name: /^Revoke / }).first();
    const title = ((await revoke.getAttribute("aria-label")) ?? "").replace(/^Revoke /, "");
    return { revoke, title };
  }

  it("asks before revoking without JavaScript, keeping the reason typed", async () => {
    const page = await adminPage(false);
    const { revoke, title } = await openAdasAwards(page);
    await page.getByLabel(`Reason for revoking ${title}`).fill("Awarded by mistake");
    await revoke.click();
    const step = page.getByRole("region", { name: `Revoke “${title}” from Ada Lovelace?` });
    await expect.poll(() => step.isVisible()).toBe(true);
    expect(await page.getByText(`Revoked “${title}”`).count()).toBe(0);
    await step.getByRole("button", { name: "Revoke" }).click();
    await expect.poll(() => page.getByText(new RegExp(`Revoked “${title}”`)).isVisible()).toBe(true);
    expect(
      await page
        .getByText(/revoked \d{4}-\d{2}-\d{2}: Awarded by mistake/)
        .first()
        .isVisible(),
    ).toBe(true);
  });

  it("asks in a dialog before revoking with JavaScript; Cancel sends nothing", async () => {
    const page = await adminPage(true);
    const { revoke, title } = await openAdasAwards(page);
    await page.getByLabel(`Reason for revoking ${title}`).fill("Second thoughts");
    await revoke.click();
    const dialog = page.getByRole("dialog", { name: `Revoke “${title}” from Ada Lovelace?` });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await page.getByText(`Revoked “${title}”`).count()).toBe(0);

    await revoke.click();
    await dialog.getByRole("button", { name: "Revoke" }).click();
    await expect.poll(() => page.getByText(new RegExp(`Revoked “${title}”`)).isVisible()).toBe(true);
  });

  it("asks before rejecting a request without JavaScript", async () => {
    const page = await browser.page(app?.baseUrl, { javaScriptEnabled: false });
    await signIn(page, "assistant@demo.test", DEMO_PASSWORD);
    await page.goto("/staff/queue");
    const reject = page.getByRole("button", { name: /^Reject .* for Riley Student$/ });
    const label = (await reject.getAttribute("aria-label")) ?? "";
    const item = label.replace(/^Reject /, "").replace(/ for Riley Student$/, "");
    await page.getByLabel(`Reason for rejecting ${item} for Riley Student`).fill("Add the transcript");
    await reject.click();
    const step = page.getByRole("region", { name: `Reject “${item}” for Riley Student?` });
    await expect.poll(() => step.isVisible()).toBe(true);
    expect(await page.getByText("Request rejected.").count()).toBe(0);
    await step.getByRole("button", { name: "Reject" }).click();
    await expect.poll(() => page.getByText("Request rejected.").isVisible()).toBe(true);
    expect(await page.getByRole("button", { name: label }).count()).toBe(0);
  });
});
