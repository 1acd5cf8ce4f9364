// /admin/scoring through the built server: an admin finds a learner, adjusts their score (the
// overall board moves at once and the adjustment is listed), sees rank-table problems next to the
// row, freezes and clears a board, and rebuilds the standings as a job.
import { DEMO_PASSWORD } from "@missionboard/api/seed";
import { openStore, standingRowsOf } from "@missionboard/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppServer, seededDemoDatabase, startAppServer } from "./app-server";
import { signIn, useBrowser } from "./browser";

describe("scoring admin", () => {
  const browser = useBrowser();
  let app: AppServer | null = null;
  let databaseUrl: string;
  const overall = async () => {
    const store = openStore(databaseUrl);
    try {
      return await store.read((c) => standingRowsOf(c, "overall"));
    } finally {
      await store.close();
    }
  };

  beforeAll(async () => {
    databaseUrl = await seededDemoDatabase("scoring-admin", { analytics: true });
    app = await startAppServer("scoring-admin", databaseUrl);
  }, 180_000);
  afterAll(async () => {
    await app?.stop();
  });

  it("adjusts a learner's score: the board moves at once and the adjustment is listed", async () => {
    const before = await overall();
    const last = before.at(-1);
    expect(last).toBeDefined();
    const page = await browser.page(app?.baseUrl);
    await signIn(page, "admin@demo.test", DEMO_PASSWORD);
    await page.goto("/admin/scoring");
    await page.getByLabel("Find a learner (name, email or OpenWebUI id)").fill(last?.learnerId as string);
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByRole("list", { name: "Matching learners" }).getByRole("link").first().click();
    await expect.poll(() => page.getByLabel("Learner (OpenWebUI id)").inputValue()).toBe(last?.learnerId);
    await page.getByLabel("Points", { exact: true }).fill(String((before[0]?.points ?? 0) + 10));
    await page.getByLabel("Reason").fill("Hosted the prompt clinic");
    await page.getByRole("button", { name: "Save adjustment" }).click();
    await expect.poll(() => page.getByText(/Adjustment saved; the boards are up to date\./).isVisible()).toBe(true);
    await expect.poll(() => page.getByRole("cell", { name: "Hosted the prompt clinic" }).isVisible()).toBe(true);
    expect((await overall())[0]).toMatchObject({ learnerId: last?.learnerId, position: 1 });

    // A refused adjustment keeps what was typed and says why next to the field.
    await page.getByLabel("Learner (OpenWebUI id)").fill(last?.learnerId as string);
    await page.getByLabel("Points", { exact: true }).fill("0");
    await page.getByLabel("Reason").fill("Nothing");
    await page.getByRole("button", { name: "Save adjustment" }).click();
    await expect.poll(() => page.getByText("Points must be a whole number other than 0.").isVisible()).toBe(true);
    await expect.poll(() => page.getByLabel("Reason").inputValue()).toBe("Nothing");
  });

  it("shows rank-table problems next to the row, saves a valid table, freezes a board and rebuilds", async () => {
    const page = await browser.page(app?.baseUrl);
    await signIn(page, "admin@demo.test", DEMO_PASSWORD);
    await page.goto("/admin/scoring");
    // A new rank below the one above it.
    await page.getByLabel("Rank 6 name").fill("Rookie");
    await page.getByLabel("Rank 6 points from").fill("100");
    await page.getByRole("button", { name: "Save ranks" }).click();
    await expect.poll(() => page.getByText("Rookie: must need more points than Secret Agent.").isVisible()).toBe(true);
    await page.getByLabel("Rank 6 name").fill("Legend");
    await page.getByLabel("Rank 6 points from").fill("1000");
    await page.getByLabel("Rank 6 reward").fill("A trophy");
    await page.getByRole("button", { name: "Save ranks" }).click();
    await expect.poll(() => page.getByText("Rank table saved; ranks apply at once.").isVisible()).toBe(true);
    await expect.poll(() => page.getByLabel("Rank 6 name").inputValue()).toBe("Legend");

    // Three weeks ago: inside the demo's ten weeks of chats, so the frozen view has rows.
    const at = new Date(Date.now() - 21 * 86_400_000).toISOString().slice(0, 16);
    await page.getByLabel("Overall: frozen from (UTC)").fill(at);
    await page.getByRole("form", { name: "Freeze Overall" }).getByRole("button", { name: "Set freeze" }).click();
    await expect
      .poll(() => page.getByText(`The overall board is frozen for learners from ${at.replace("T", " ")} UTC.`).isVisible())
      .toBe(true);
    await expect.poll(() => page.getByText(new RegExp(`overall@${at}:00\\.000Z`)).isVisible()).toBe(true);
    await page.getByRole("form", { name: "Clear the freeze of Overall" }).getByRole("button", { name: "Clear" }).click();
    await expect.poll(() => page.getByText("The overall board is live again.").isVisible()).toBe(true);

    await page.getByRole("button", { name: "Rebuild standings" }).click();
    await expect.poll(() => page.getByText("Rebuild started: the progress shows below.").isVisible()).toBe(true);
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.getByTestId("last-rebuild").textContent();
        },
        { timeout: 30_000 },
      )
      .toMatch(/Last rebuild: succeeded/);
  });
});
