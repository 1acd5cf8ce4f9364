// Data jobs through the built server: the upload size cap (413, nothing left on disk), a file of
// the wrong kind refused with its reason on /admin/data, a re-score previewed then applied on
// /admin/missions, and SIGTERM waiting for a running reload before the process exits.
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DEMO_PASSWORD } from "@missionboard/api/seed";
import { findLease, listReloadRuns, openStore } from "@missionboard/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateOpenWebUiExport } from "../../../../scripts/gen-openwebui/generate";
import { type AppServer, seededDemoDatabase, startAppServer } from "./app-server";
import { signIn, useBrowser } from "./browser";

const fixtures = path.resolve(import.meta.dirname, "../../../../fixtures");
const UPLOAD_MAX_MB = 40;

describe("data jobs", () => {
  const browser = useBrowser();
  let app: AppServer | null = null;
  let databaseUrl: string;
  let serverTmp: string;
  let exports: { chats: string; models: string };
  /** A second export for the SIGTERM test: re-sending the first would be a reload of unchanged chats, over in an instant. */
  let freshExports: { chats: string; models: string };
  const work = mkdtempSync(path.join(tmpdir(), "mb-data-jobs-"));

  beforeAll(async () => {
    databaseUrl = await seededDemoDatabase("data-jobs", { analytics: true });
    // The server's temp directory, to see what an upload leaves behind.
    serverTmp = path.join(work, "server-tmp");
    mkdirSync(serverTmp);
    const generated = await generateOpenWebUiExport({ out: path.join(work, "export"), chats: 2000, users: 40, seed: 5 });
    exports = { chats: generated.files.chats, models: generated.files.models as string };
    const fresh = await generateOpenWebUiExport({ out: path.join(work, "export-fresh"), chats: 2000, users: 40, seed: 6 });
    freshExports = { chats: fresh.files.chats, models: fresh.files.models as string };
    app = await startAppServer("data-jobs", databaseUrl, { UPLOAD_MAX_MB: String(UPLOAD_MAX_MB), TMPDIR: serverTmp });
  }, 180_000);
  afterAll(async () => {
    await app?.stop();
  });

  it("refuses an upload over UPLOAD_MAX_MB with 413, keeping nothing on disk", async () => {
    const page = await browser.page(app?.baseUrl);
    await signIn(page, "admin@demo.test", DEMO_PASSWORD);
    await page.goto("/admin/data");
    const big = path.join(work, "big.json");
    writeFileSync(big, `[${'{"id":"x"},'.repeat(((UPLOAD_MAX_MB + 1) * 1024 * 1024) / 11)}{"id":"y"}]`);
    const response = page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/admin/data"));
    await page.getByLabel("Chats (.json)").setInputFiles(big);
    await page.getByRole("button", { name: "Upload and reload" }).click();
    expect((await response).status()).toBe(413);
    await expect.poll(() => page.getByText(`The upload must be ${UPLOAD_MAX_MB} MB or smaller in total.`).isVisible()).toBe(true);
    expect(readdirSync(serverTmp).filter((f) => f.startsWith("missionboard-upload-"))).toEqual([]);
  });

  it("refuses models given as chats: the run fails with the reason, shown on the page", async () => {
    const page = await browser.page(app?.baseUrl);
    await signIn(page, "admin@demo.test", DEMO_PASSWORD);
    await page.goto("/admin/data");
    await page.getByLabel("Chats (.json)").setInputFiles(path.join(fixtures, "openwebui/sample_models.json"));
    await page
      .getByRole("radio", { name: /Truncate/ })
      .last()
      .check();
    await page.getByRole("button", { name: "Upload and reload" }).click();
    // A truncate asks first (the files wait on the server meanwhile).
    await page.getByRole("region", { name: "Replace all mission data?" }).getByRole("button", { name: "Truncate and reload" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: /Upload received/ })
      .waitFor();
    await expect
      .poll(
        async () => {
          await page.reload();
          return page
            .getByTestId("last-run-error")
            .textContent()
            .catch(() => "");
        },
        { timeout: 30_000, interval: 500 },
      )
      .toMatch(/The chats file was refused: This looks like a models export, not chats/);
    expect(readdirSync(serverTmp).filter((f) => f.startsWith("missionboard-upload-"))).toEqual([]);
  });

  it("previews a re-score in counts, then applies it as a job", async () => {
    const page = await browser.page(app?.baseUrl);
    await signIn(page, "admin@demo.test", DEMO_PASSWORD);
    await page.goto("/admin/missions");
    const row = page
      .locator("tr[data-mission]")
      .filter({ has: page.getByRole("link", { name: /^Re-score / }) })
      .first();
    const link = row.getByRole("link", { name: /^Re-score / });
    const name = (await link.getAttribute("aria-label"))?.replace(/^Re-score /, "") ?? "";
    const missionId = new URL((await link.getAttribute("href")) ?? "", "http://x").searchParams.get("rescore");
    await row.getByText("Edit", { exact: true }).click();
    const editor = page.getByRole("form", { name: `Edit ${name}` });
    await editor.getByLabel("Points").fill("99");
    await editor.getByRole("button", { name: `Save ${name}` }).click();
    await expect.poll(() => page.getByText(/keep their points until you re-score/).isVisible()).toBe(true);

    await page.getByRole("link", { name: `Re-score ${name}` }).click();
    const preview = page.getByTestId("rescore-preview");
    await expect.poll(() => preview.textContent()).toMatch(/→ 99 points: \d+ completion\(s\)/);
    expect(await preview.textContent()).toMatch(/affecting \d+ person\(s\)/);
    await preview.getByRole("button", { name: "Apply the re-score" }).click();
    await expect.poll(() => page.getByText(`Re-scoring ${name}`).isVisible()).toBe(true);
    await page.goto(`/admin/missions?rescore=${missionId}`);
    await expect.poll(() => page.getByTestId("rescore-preview").textContent(), { timeout: 30_000 }).toMatch(/Nothing to do/);
  });

  it("updates a running reload's progress in place through /api/trpc, then shows the finished run", async () => {
    const page = await browser.page(app?.baseUrl);
    await signIn(page, "admin@demo.test", DEMO_PASSWORD);
    const polls: string[] = [];
    page.on("request", (request) => {
      if (request.url().includes("/api/trpc/") && request.url().includes("reload.current")) polls.push(request.url());
    });
    await page.goto("/admin/data");
    await page.getByLabel("Chats (.json)").setInputFiles(exports.chats);
    await page.getByLabel("Models (.json)").setInputFiles(exports.models);
    await page.getByRole("button", { name: "Upload and reload" }).click();
    const progress = page.getByTestId("reload-progress");
    await progress.waitFor();
    const first = await progress.textContent();
    expect(first).toMatch(/chats processed/);
    // Without navigating, the figures change (or the run ends and the page shows its result).
    await expect
      .poll(async () => ((await progress.count()) === 0 ? "finished" : await progress.textContent()), { timeout: 30_000 })
      .not.toBe(first);
    await expect.poll(() => progress.count(), { timeout: 30_000 }).toBe(0);
    expect(polls.length).toBeGreaterThan(0);
    expect(page.url()).toMatch(/\/admin\/data$/);
  });

  it("on SIGTERM, waits for the running reload to finish, then exits cleanly with its lease freed", async () => {
    const page = await browser.page(app?.baseUrl);
    await signIn(page, "admin@demo.test", DEMO_PASSWORD);
    await page.goto("/admin/data");
    await page.getByLabel("Chats (.json)").setInputFiles(freshExports.chats);
    await page.getByLabel("Models (.json)").setInputFiles(freshExports.models);
    await page.getByRole("button", { name: "Upload and reload" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: /Upload received/ })
      .waitFor();
    // The reload is running when the signal arrives.
    const progress = (await (await page.request.get("/api/trpc/reload.current")).json()) as { result: { data: { kind: string } | null } };
    expect(progress.result.data).toMatchObject({ kind: "reload" });
    const code = await app?.stop();
    app = null;
    expect(code).toBe(0);
    const store = openStore(databaseUrl);
    try {
      const [run] = await store.read((c) => listReloadRuns(c, 1));
      expect(run).toMatchObject({ source: "upload", status: "succeeded", processed: 2000 });
      expect(await store.read((c) => findLease(c, "analytics"))).toBeNull();
    } finally {
      await store.close();
    }
    expect(readdirSync(serverTmp).filter((f) => f.startsWith("missionboard-upload-"))).toEqual([]);
  });
});
