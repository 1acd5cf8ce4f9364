// Google and Microsoft sign-in end to end: the real strategies in the production build against the
// local fake providers started by global-setup.ts (tests/fakes/oidc-provider.ts).
import type { Page } from "playwright-core";
import { beforeEach, describe, expect, inject, it } from "vitest";
import { controlFake, type FakeUser } from "../fakes/oidc-provider";
import { baseUrl, useBrowser } from "./browser";

const fakes = { google: () => inject("fakeGoogleUrl"), microsoft: () => inject("fakeMicrosoftUrl") };
const labels = { google: "Google", microsoft: "Microsoft" } as const;
type Provider = keyof typeof fakes;

let sequence = 0;
const newPerson = (provider: Provider, overrides: Partial<FakeUser> = {}): FakeUser => {
  sequence += 1;
  const id = `${Date.now().toString(36)}${sequence}`;
  return { sub: `${provider}-${id}`, email: `oauth-${id}@people.example`, emailVerified: true, name: `Oauth Person ${id}`, ...overrides };
};

/** Login page → "Continue with …" → the provider's page. */
async function startAt(page: Page, provider: Provider) {
  await page.goto("/login");
  await page.getByRole("button", { name: `Continue with ${labels[provider]}` }).click();
  await page.waitForURL((url) => url.origin === new URL(fakes[provider]()).origin);
}

/** …then "Sign in as <name>" (or Cancel) on the provider's page, and back to the app. */
async function consent(page: Page, provider: Provider, user: FakeUser, decision: "allow" | "deny" = "allow") {
  await controlFake(fakes[provider](), "user", user);
  await startAt(page, provider);
  const button =
    decision === "allow" ? page.getByRole("button", { name: `Sign in as ${user.name}` }) : page.getByRole("button", { name: "Cancel" });
  await button.click();
  await page.waitForURL((url) => url.origin === baseUrl() && !url.pathname.startsWith("/auth/"));
}

const sessionCookie = async (page: Page) => (await page.context().cookies()).find((c) => c.name === "mb_session");
const loginError = (page: Page) => page.locator(".auth-card [role=alert]").first().textContent();

describe("sign-in with Google and Microsoft", () => {
  const browser = useBrowser();

  beforeEach(async () => {
    await Promise.all([controlFake(fakes.google(), "reset"), controlFake(fakes.microsoft(), "reset")]);
  });

  it("registers a new person through Google and signs them in", async () => {
    const page = await browser.page();
    const person = newPerson("google");
    await consent(page, "google", person);
    expect(new URL(page.url()).pathname).not.toBe("/login");
    expect(await sessionCookie(page)).toBeDefined();
    // The state cookie is gone once it has been used.
    expect((await page.context().cookies()).some((c) => c.name.startsWith("mb_oauth_"))).toBe(false);
    // Signed in: the index route sends them on, but never back to sign in.
    await page.goto("/");
    expect(new URL(page.url()).pathname).not.toBe("/login");

    // A second sign-in finds the same account through the linked identity.
    const again = await browser.page();
    await consent(again, "google", { ...person, email: "changed-at-google@people.example" });
    expect(new URL(again.url()).pathname).not.toBe("/login");
    expect(await sessionCookie(again)).toBeDefined();
  });

  it("signs an existing account in through Microsoft by its verified email and lands on its dashboard", async () => {
    const page = await browser.page();
    await consent(page, "microsoft", newPerson("microsoft", { email: "Student@demo.test", name: "Riley Student" }));
    expect(new URL(page.url()).pathname).toBe("/student");
    expect(await sessionCookie(page)).toBeDefined();
  });

  it("registers a new person through Microsoft", async () => {
    const page = await browser.page();
    await consent(page, "microsoft", newPerson("microsoft"));
    expect(new URL(page.url()).pathname).not.toBe("/login");
    expect(await sessionCookie(page)).toBeDefined();
  });

  it("refuses to connect an existing account through an unverified Microsoft email", async () => {
    const page = await browser.page();
    await consent(page, "microsoft", newPerson("microsoft", { email: "assistant@demo.test", emailVerified: false }));
    expect(page.url()).toBe(`${baseUrl()}/login?error=unverified`);
    expect(await loginError(page)).toMatch(/has not confirmed that the address is yours/);
    expect(await sessionCookie(page)).toBeUndefined();
  });

  it("shows a clear message when the person cancels at the provider", async () => {
    const page = await browser.page();
    await consent(page, "google", newPerson("google"), "deny");
    expect(page.url()).toBe(`${baseUrl()}/login?error=denied`);
    expect(await loginError(page)).toMatch(/cancelled/);
    expect(await sessionCookie(page)).toBeUndefined();
  });

  it("refuses a callback whose state was tampered with", async () => {
    const page = await browser.page();
    await controlFake(fakes.google(), "user", newPerson("google"));
    await startAt(page, "google");
    await page.goto(`/auth/google/callback?code=forged-code&state=forged-state`);
    expect(page.url()).toBe(`${baseUrl()}/login?error=state`);
    expect(await loginError(page)).toMatch(/expired or did not come from this browser/);
    expect(await sessionCookie(page)).toBeUndefined();
  });

  it("shows a clear message when the provider's token endpoint fails", async () => {
    const page = await browser.page();
    await controlFake(fakes.microsoft(), "fail-next-token");
    await consent(page, "microsoft", newPerson("microsoft"));
    expect(page.url()).toBe(`${baseUrl()}/login?error=provider`);
    expect(await loginError(page)).toMatch(/could not complete sign-in/);
    expect(await sessionCookie(page)).toBeUndefined();
  });

  it("answers 404 for providers that are not offered", async () => {
    const res = await fetch(`${baseUrl()}/auth/github`, { method: "POST", redirect: "manual" });
    expect(res.status).toBe(404);
    const callback = await fetch(`${baseUrl()}/auth/github/callback?code=x&state=y`, { redirect: "manual" });
    expect(callback.status).toBe(404);
  });
});
