import { DEMO_PASSWORD } from "@missionboard/api/seed";
import { describe, expect, it } from "vitest";
import { signIn, useBrowser } from "./browser";
import { linkIn, waitForMail } from "./mailbox";

describe("local accounts", () => {
  const browser = useBrowser();

  it("register → confirm by email → onboarding → wait for approval → an assistant approves, seeing the answers → dashboard", async () => {
    const email = `newcomer.${Date.now()}@example.org`;
    const page = await browser.page();
    await page.goto("/login");
    await page.getByRole("link", { name: "Create an account" }).click();
    await page.getByLabel("Your name").fill("Nia Newcomer");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("a good long password");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL("**/register/sent?status=pending");
    await expect.poll(() => page.getByRole("heading", { name: "Check your email" }).isVisible()).toBe(true);
    // Issue 11 #1: the page used to show the registration form again.
    expect(await page.getByRole("button", { name: "Create account" }).count()).toBe(0);
    expect(await page.getByLabel("Password").count()).toBe(0);
    await page.getByRole("link", { name: "send the link again" }).click();
    await expect.poll(() => page.getByRole("heading", { name: "Send the confirmation link again" }).isVisible()).toBe(true);

    // Signing in before confirming is refused with a clear message.
    await signInExpectingError(page, email, "a good long password", /confirm your email/);

    const confirmation = await waitForMail(email, /Confirm your email/);
    await page.goto(linkIn(confirmation));
    await page.getByRole("button", { name: "Confirm my email" }).click();
    await page.getByRole("status").filter({ hasText: "Your email is confirmed. You can sign in now." }).waitFor();
    await signIn(page, email, "a good long password");

    // Onboarding comes first (docs/product/identity.md §I-4), then the waiting page and nothing else.
    await page.waitForURL("**/onboarding");
    await page.goto("/student");
    expect(new URL(page.url()).pathname).toBe("/onboarding");
    await page.getByLabel("Display name").fill("_bad");
    await page.getByLabel(/I agree/).check();
    await page.getByRole("button", { name: "Complete registration" }).click();
    await expect.poll(() => page.getByText("cannot start or end with underscore").isVisible()).toBe(true);
    await page.getByLabel("Display name").fill("nia-n");
    await page.getByLabel("Substack email (optional)").fill("nia@substack.example");
    await page.getByLabel(/I agree/).check();
    await page.getByRole("button", { name: "Complete registration" }).click();
    await page.waitForURL("**/pending");
    await page.goto("/student");
    expect(new URL(page.url()).pathname).toBe("/pending");

    const staff = await browser.page();
    await signIn(staff, "assistant@demo.test", DEMO_PASSWORD);
    await staff.goto(`/roster?status=pending&q=${encodeURIComponent(email)}`);
    const row = staff.locator("tr", { hasText: email });
    expect(await row.getByText("Display name: nia-n").isVisible()).toBe(true);
    expect(await row.getByText("Substack: nia@substack.example").isVisible()).toBe(true);
    await row.getByRole("button", { name: "Approve" }).click();
    await expect.poll(() => staff.locator("tr", { hasText: email }).count()).toBe(0);

    await waitForMail(email, /approved/);
    await page.goto("/");
    await page.waitForURL("**/student");
    await expect.poll(() => page.getByRole("heading", { name: "My dashboard" }).isVisible()).toBe(true);
  });

  it("shows /register/sent as 'Check your email' and not the registration form, when loaded directly (issue 11 #1)", async () => {
    const page = await browser.page();
    await page.goto("/register/sent?status=pending");
    await expect.poll(() => page.getByRole("heading", { name: "Check your email" }).isVisible()).toBe(true);
    expect(await page.title()).toMatch(/^Check your email/);
    expect(await page.getByRole("heading", { name: /create an account/i }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Create account" }).count()).toBe(0);
    expect(await page.getByLabel("Your name").count()).toBe(0);
  });

  it("answers a registration with a taken email exactly like a new one, and emails the owner", async () => {
    const page = await browser.page();
    await page.goto("/register");
    await page.getByLabel("Your name").fill("Someone Else");
    await page.getByLabel("Email").fill("alan@demo.test");
    await page.getByLabel("Password").fill("a good long password");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL("**/register/sent?status=pending");
    await expect.poll(() => page.getByRole("heading", { name: "Check your email" }).isVisible()).toBe(true);
    await waitForMail("alan@demo.test", /Someone tried to register with your email/);
  });

  it("resets a forgotten password through the emailed link", async () => {
    const page = await browser.page();
    await page.goto("/forgot-password");
    await page.getByLabel("Email").fill("grace@demo.test");
    await page.getByRole("button", { name: "Email me a link" }).click();
    await expect.poll(() => page.getByText("If an account exists for that email").isVisible()).toBe(true);

    const mail = await waitForMail("grace@demo.test", /Reset your/);
    await page.goto(linkIn(mail));
    await page.getByLabel("New password", { exact: true }).fill("grace's new password");
    await page.getByLabel("Repeat the new password").fill("grace's new password");
    await page.getByRole("button", { name: "Save the new password" }).click();
    await page.getByRole("status").filter({ hasText: "Your password is changed. Sign in with the new one." }).waitFor();

    await signInExpectingError(page, "grace@demo.test", DEMO_PASSWORD, /do not match/);
    await signIn(page, "grace@demo.test", "grace's new password");
    expect(new URL(page.url()).pathname).toBe("/student");

    // The link works once.
    const again = await browser.page();
    await again.goto(linkIn(mail));
    await again.getByLabel("New password", { exact: true }).fill("yet another password");
    await again.getByLabel("Repeat the new password").fill("yet another password");
    await again.getByRole("button", { name: "Save the new password" }).click();
    await expect.poll(() => again.getByText("expired or was already used").isVisible()).toBe(true);
  });

  it("denies a student the roster page", async () => {
    const page = await browser.page();
    await signIn(page, "alan@demo.test", DEMO_PASSWORD);
    const response = await page.goto("/roster");
    expect(response?.status()).toBe(403);
    expect(await page.getByRole("heading", { name: "You don't have access to this page" }).isVisible()).toBe(true);
    expect(await page.getByRole("link", { name: "Roster" }).count()).toBe(0);
  });
});

async function signInExpectingError(page: import("playwright-core").Page, email: string, password: string, message: RegExp) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect.poll(() => page.getByRole("alert").textContent()).toMatch(message);
}
