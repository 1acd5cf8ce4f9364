// Missions to a verifiable badge end to end (issue 14, ADR 029, ADR 030): an admin links a
// mini-badge to three missions on its catalog page, an export upload whose chats complete the last
// of them reloads, the linked learner sees the badge (with its skill and program) and the notice,
// downloads the baked PNG, the credential extracted from it names the missions as evidence and
// verifies on the public page; staff revoke, the status list's bit is set and the page says revoked.
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { extractBakedCredential } from "@missionboard/api";
import { DEMO_PASSWORD } from "@missionboard/api/seed";
import { findUserByEmail, listReloadRuns, liveAwardsOf, loadCatalogNodes, openStore } from "@missionboard/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiClient } from "../../app/lib/trpc-client";
import { type AppServer, seededDemoDatabase, startAppServer } from "./app-server";
import { signIn, useBrowser } from "./browser";
import { sessionCookieFor } from "./http-helpers";

/** Bit `index` of a Bitstring Status List's `encodedList` (multibase base64url of the gzipped bits, first bit the highest). */
function statusBit(encodedList: string, index: number): boolean {
  const bits = gunzipSync(Buffer.from(encodedList.replace(/^u/, ""), "base64url"));
  return ((bits[Math.floor(index / 8)] ?? 0) & (0x80 >> (index % 8))) !== 0;
}

const MODELS = ["e2e-alpha", "e2e-beta", "e2e-gamma"];

function chat(id: string, owner: string, model: string, done: boolean, minute: number) {
  const ts = Math.floor(Date.now() / 1000) - 3600 + minute * 60;
  const messages: Record<string, unknown> = {
    [`${id}-1`]: { id: `${id}-1`, parentId: null, role: "user", content: "Let's start", timestamp: ts },
    [`${id}-2`]: { id: `${id}-2`, parentId: `${id}-1`, role: "assistant", model, content: "Briefing: find the code.", timestamp: ts + 5 },
  };
  if (done) {
    messages[`${id}-3`] = { id: `${id}-3`, parentId: `${id}-2`, role: "user", content: "The code is 42", timestamp: ts + 10 };
    messages[`${id}-4`] = {
      id: `${id}-4`,
      parentId: `${id}-3`,
      role: "assistant",
      model,
      content: "Correct! MISSION ACCOMPLISHED",
      timestamp: ts + 20,
    };
  }
  return {
    id,
    user_id: owner,
    title: id,
    updated_at: ts + (done ? 20 : 5),
    created_at: ts,
    chat: { id, title: id, models: [model], history: { messages, currentId: done ? `${id}-4` : `${id}-2` } },
  };
}

describe("mission-linked badges", () => {
  const browser = useBrowser();
  let app: AppServer | null = null;
  let databaseUrl = "";
  let badge = { id: "", title: "" };
  let studentId = "";
  const owner = "e2e-owui-student";
  const work = mkdtempSync(path.join(tmpdir(), "mb-mission-badges-"));

  beforeAll(async () => {
    databaseUrl = await seededDemoDatabase("mission-badges", {
      extra: (store) =>
        store.tx(async (c) => {
          const { db, t } = c;
          const student = await findUserByEmail(c, "student@demo.test");
          if (!student) throw new Error("the demo student is missing");
          studentId = student.id;
          const now = new Date();
          await db.insert(t.missions).values(
            MODELS.map((key, i) => ({
              key,
              name: `E2E mission ${i + 1}`,
              week: 1,
              points: 10,
              difficulty: null,
              aliases: [key],
              markers: [],
              startTriggers: [],
              origin: "admin" as const,
              updatedAt: now,
            })),
          );
          await db.insert(t.owuiUsers).values({
            id: owner,
            name: "riley-ow",
            email: "riley@elsewhere.test",
            source: "api",
            userId: student.id,
            linkMethod: "manual",
            updatedAt: now,
          });
          // A mini-badge the student does not hold yet.
          const held = new Set((await liveAwardsOf(c, student.id)).map((a) => a.itemId));
          const minis = (await loadCatalogNodes(c)).filter((n) => n.kind === "mini_badge" && n.isActive);
          const free = minis.find((m) => !held.has(m.id));
          if (!free) throw new Error("no mini-badge left to earn");
          badge = { id: free.id, title: free.title };
        }),
    });
    app = await startAppServer("mission-badges", databaseUrl, { CREDENTIAL_KEY_SECRET: randomBytes(32).toString("hex") });
  }, 180_000);
  afterAll(async () => {
    await app?.stop();
  });

  it("admin links a mini-badge to three missions; a reload completing the last awards it; its credential verifies until staff revoke it", {
    timeout: 240_000,
  }, async () => {
    const admin = await browser.page(app?.baseUrl);
    await signIn(admin, "admin@demo.test", DEMO_PASSWORD);
    await admin.goto(`/admin/catalog?item=${badge.id}&missionQ=E2E`);
    const rule = admin.getByRole("form", { name: "Mission rule" });
    for (const n of [1, 2, 3]) await rule.getByLabel(`E2E mission ${n} (week 1)`).check();
    await rule.getByLabel("Complete all of the ticked missions").check();
    await rule.getByRole("button", { name: "Save rule" }).click();
    await expect.poll(() => admin.getByText(/Mission rule saved\. Complete all of 3 missions\./).isVisible()).toBe(true);

    // Two of three completed: nothing yet. Then the third completes.
    const upload = async (name: string, chats: unknown[]) => {
      const file = path.join(work, `${name}.json`);
      writeFileSync(file, JSON.stringify(chats));
      await admin.goto("/admin/data");
      await admin.getByLabel("Chats (.json)").setInputFiles(file);
      await admin.getByRole("button", { name: "Upload and reload" }).click();
      await admin
        .getByRole("status")
        .filter({ hasText: /Upload received/ })
        .waitFor();
    };
    const store = openStore(databaseUrl);
    const liveBadge = () => store.read(async (c) => (await liveAwardsOf(c, studentId)).filter((a) => a.itemId === badge.id).length);
    const runs = () => store.read(async (c) => (await listReloadRuns(c, 10)).filter((r) => r.status === "succeeded").length);
    try {
      await upload("first", [
        chat("e2e-c1", owner, MODELS[0] ?? "", true, 1),
        chat("e2e-c2", owner, MODELS[1] ?? "", true, 2),
        chat("e2e-c3", owner, MODELS[2] ?? "", false, 3),
      ]);
      await expect.poll(runs, { timeout: 30_000 }).toBe(1);
      expect(await liveBadge()).toBe(0);
      await upload("second", [
        chat("e2e-c1", owner, MODELS[0] ?? "", true, 1),
        chat("e2e-c2", owner, MODELS[1] ?? "", true, 2),
        chat("e2e-c3", owner, MODELS[2] ?? "", true, 3),
      ]);
      await expect.poll(liveBadge, { timeout: 30_000 }).toBe(1);
    } finally {
      await store.close();
    }

    const learner = await browser.page(app?.baseUrl, { acceptDownloads: true });
    await signIn(learner, "student@demo.test", DEMO_PASSWORD);
    await learner.goto("/notifications");
    await expect.poll(() => learner.getByText(`You earned the mini-badge “${badge.title}”`).first().isVisible()).toBe(true);
    await learner.goto("/student");
    expect(await learner.locator("main").textContent()).toContain(badge.title);
    expect(await learner.locator("main").textContent()).toContain("missions completed");

    // The baked PNG holds the signed credential, with the missions (never a transcript) as evidence.
    const [download] = await Promise.all([
      learner.waitForEvent("download"),
      learner.getByRole("link", { name: `Download ${badge.title} as a baked badge image (PNG)` }).click(),
    ]);
    const text = extractBakedCredential(readFileSync(await download.path()));
    const credential = JSON.parse(text ?? "{}");
    expect(credential.type).toEqual(["VerifiableCredential", "OpenBadgeCredential"]);
    expect(credential.proof).toMatchObject({ cryptosuite: "eddsa-rdfc-2022" });
    expect(credential.evidence.map((e: { name: string }) => e.name)).toEqual(["E2E mission 1", "E2E mission 2", "E2E mission 3"]);
    expect(text).not.toContain("The code is 42");
    expect(text).not.toContain("student@demo.test");
    const id = String(credential.id).split("/").at(-1) ?? "";

    // The learner turns the public page on (offered once the credential exists); anyone sees it valid.
    await learner.goto("/student");
    const controls = learner.getByRole("form", { name: `Public page of ${badge.title}` });
    await controls.getByRole("checkbox", { name: "Public page" }).check();
    await controls.getByRole("button", { name: `Save the public page settings of ${badge.title}` }).click();
    await learner.getByText("Public page on, without your name.").waitFor();
    const visitor = await browser.page(app?.baseUrl);
    await visitor.goto(`/credentials/${id}`);
    await expect.poll(() => visitor.getByTestId("credential-status").textContent()).toMatch(/^Valid/);

    // Staff revoke the award: its bit is set in the published list and the page says revoked.
    const base = app?.baseUrl ?? "";
    const staff = createApiClient({
      url: `${base}/api/trpc`,
      headers: { cookie: await sessionCookieFor("admin@demo.test", DEMO_PASSWORD, base) },
    });
    const index = Number(credential.credentialStatus.statusListIndex);
    const listBit = async () =>
      statusBit((await (await fetch(`${base}/credentials/status/1`)).json()).credentialSubject.encodedList, index);
    expect(await listBit()).toBe(false);
    await staff.award.revoke.mutate({ userId: studentId, itemId: badge.id, reason: "Shared the code with others" });
    expect(await listBit()).toBe(true);
    await visitor.reload();
    await expect.poll(() => visitor.getByTestId("credential-status").textContent()).toMatch(/^Revoked/);
  });
});
