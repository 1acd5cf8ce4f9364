// Open Badges 3.0 credentials on the built server (docs/product/credentials.md, ADR 030): a learner
// with an award downloads the baked PNG from their dashboard, the credential extracted from it
// verifies on the public page, and after staff revoke the award the page says revoked.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { extractBakedCredential } from "@missionboard/api";
import { DEMO_PASSWORD } from "@missionboard/api/seed";
import { makeUser } from "@missionboard/db/factories";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../../../packages/api/src/services/password";
import { createApiClient } from "../../app/lib/trpc-client";
import { type AppServer, seededDemoDatabase, startAppServer } from "./app-server";
import { signIn, useBrowser } from "./browser";
import { sessionCookieFor } from "./http-helpers";

const LEARNER = "cora@credentials.test";

/** Serious or critical axe findings, and sideways scroll at the page's width. */
async function pageProblems(page: Page, width: number): Promise<string[]> {
  const problems = (await new AxeBuilder({ page }).analyze()).violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  if (scrollWidth > width) problems.push(`${scrollWidth}px wide`);
  return problems;
}

describe("Open Badges credentials", () => {
  const browser = useBrowser();
  let app: AppServer | null = null;
  let learnerId = "";
  let skill = { id: "", title: "" };

  beforeAll(async () => {
    // Its own server: the shared one runs without CREDENTIAL_KEY_SECRET (issuing refused there).
    const databaseUrl = await seededDemoDatabase("credentials", {
      extra: async (store) => {
        const passwordHash = await hashPassword(DEMO_PASSWORD);
        const user = await store.tx((c) => makeUser(c, { email: LEARNER, name: "Cora Credential", passwordHash, now: new Date() }));
        learnerId = user.id;
        const found = (await store.read(({ db, t }) => db.select().from(t.catalogItems))).find((i) => i.kind === "skill" && i.isActive);
        if (!found) throw new Error("the demo catalog has no skill");
        skill = { id: found.id, title: found.title };
      },
    });
    app = await startAppServer("credentials", databaseUrl, {
      CREDENTIAL_KEY_SECRET: randomBytes(32).toString("hex"),
      ISSUER_NAME: "Missionboard Academy",
    });
  }, 180_000);
  afterAll(async () => {
    await app?.stop();
  });

  const adminApi = async () =>
    createApiClient({
      url: `${app?.baseUrl}/api/trpc`,
      headers: { cookie: await sessionCookieFor("admin@demo.test", DEMO_PASSWORD, app?.baseUrl) },
    });

  it("baked PNG → extracted credential → public page valid → staff revoke → revoked", { timeout: 300_000 }, async () => {
    const base = app?.baseUrl ?? "";
    const admin = await adminApi();
    await admin.award.manual.mutate({ userId: learnerId, itemId: skill.id, reason: "Workshop attendance" });

    // The learner downloads the baked badge from their dashboard.
    const page = await browser.page(base, { acceptDownloads: true });
    await signIn(page, LEARNER, DEMO_PASSWORD);
    await page.goto("/student");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: `Download ${skill.title} as a baked badge image (PNG)` }).click(),
    ]);
    const pngPath = await download.path();
    const png = readFileSync(pngPath);
    expect([...png.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    const text = extractBakedCredential(png);
    expect(text).not.toBeNull();
    const credential = JSON.parse(text ?? "{}");
    expect(credential.type).toEqual(["VerifiableCredential", "OpenBadgeCredential"]);
    expect(credential.issuer).toMatchObject({ name: "Missionboard Academy", id: expect.stringMatching(/^did:web:127\.0\.0\.1%3A\d+$/) });
    expect(credential.proof).toMatchObject({ cryptosuite: "eddsa-rdfc-2022" });
    expect(text).not.toContain(LEARNER);
    const id = String(credential.id).split("/").at(-1) ?? "";

    // The JSON download is the same signed credential, byte for byte.
    const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const json = await fetch(`${base}/student/credentials/${skill.id}.json`, { headers: { cookie } });
    expect(json.headers.get("content-disposition")).toContain("attachment");
    expect(await json.text()).toBe(text);
    // The VC-JWT form, linked beside them, carries the same credential.
    const jwtHref = await page
      .getByRole("link", { name: `Download ${skill.title} as a credential for wallets (VC-JWT)` })
      .getAttribute("href");
    const jwt = await (await fetch(`${base}${jwtHref}`, { headers: { cookie } })).text();
    const claims = JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString());
    expect([claims.jti, claims.vc.id, claims.iss]).toEqual([credential.id, credential.id, credential.issuer.id]);

    // Private until the learner turns the public page on.
    expect((await fetch(`${base}/credentials/${id}`)).status).toBe(404);
    await page.goto("/student");
    const controls = page.getByRole("form", { name: `Public page of ${skill.title}` });
    await controls.getByRole("checkbox", { name: "Public page" }).check();
    await controls.getByRole("button", { name: `Save the public page settings of ${skill.title}` }).click();
    await page.getByText("Public page on, without your name.").waitFor();

    const visitor = await browser.page(base);
    await visitor.goto(`/credentials/${id}`);
    await expect.poll(() => visitor.getByTestId("credential-status").textContent()).toMatch(/^Valid/);
    const body = await visitor.locator("body").textContent();
    expect(body).toContain(skill.title);
    expect(body).toContain("Missionboard Academy");
    expect(body).not.toContain("Cora");

    // The issuer's public documents.
    const did = await (await fetch(`${base}/.well-known/did.json`)).json();
    expect(did.verificationMethod[0]).toMatchObject({ type: "Multikey", id: `${credential.issuer.id}#key-1` });
    expect((await (await fetch(`${base}/issuer`)).json()).name).toBe("Missionboard Academy");

    // Staff revoke the award: the status list bit is set and the page says revoked, with the date.
    await admin.award.revoke.mutate({ userId: learnerId, itemId: skill.id, reason: "Issued by mistake" });
    await visitor.reload();
    await expect.poll(() => visitor.getByTestId("credential-status").textContent()).toMatch(/^Revoked/);
    expect(await visitor.locator("body").textContent()).toContain(`Revoked on ${new Date().toISOString().slice(0, 10)}`);
    const list = await (await fetch(`${base}/credentials/status/1`)).json();
    expect(list.type).toContain("BitstringStatusListCredential");

    // On a phone: the admin page (its forms work without JavaScript), the public page and the dashboard.
    const noScript = await browser.page(base, { javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
    await signIn(noScript, "admin@demo.test", DEMO_PASSWORD);
    await noScript.goto("/admin/credentials");
    await noScript.getByRole("button", { name: "Rotate the signing key" }).click();
    await noScript.getByText("Key 2 signs new credentials from now on").waitFor();
    await noScript.goto(`/credentials/${id}`);
    expect(await noScript.getByTestId("credential-status").textContent()).toMatch(/^Revoked/);
    const phone = await browser.page(base, { viewport: { width: 390, height: 844 } });
    await signIn(phone, "admin@demo.test", DEMO_PASSWORD);
    await phone.goto("/admin/credentials");
    expect(await pageProblems(phone, 390)).toEqual([]);
    await phone.goto(`/credentials/${id}`);
    expect(await pageProblems(phone, 390)).toEqual([]);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/student");
    expect(await pageProblems(page, 390)).toEqual([]);
  });
});
