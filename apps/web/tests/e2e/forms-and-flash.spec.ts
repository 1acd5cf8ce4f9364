// Typed inputs and flash messages (issue 10, item 21), against the built server: a page never says
// what a link tells it to (no ?notice= text, no forged flash cookie), a flash set by an action
// shows once after its redirect and is gone on reload, and bad query values on every list page give
// the default page with a message instead of an error. See docs/decisions/018-typed-forms-and-flash.md.
import { hashPassword } from "@missionboard/api";
import { DEMO_PASSWORD } from "@missionboard/api/seed";
import { openStore } from "@missionboard/db";
import { makeCatalogItem, makeUser } from "@missionboard/db/factories";
import { describe, expect, inject, it } from "vitest";
import { baseUrl, signIn, useBrowser } from "./browser";
import { sessionCookieFor } from "./http-helpers";

const get = (path: string, cookie: string) => fetch(`${baseUrl()}${path}`, { headers: { Cookie: cookie }, redirect: "manual" });

async function withStore<T>(run: (store: ReturnType<typeof openStore>) => Promise<T>): Promise<T> {
  const store = openStore(inject("databaseUrl"));
  try {
    return await run(store);
  } finally {
    await store.close();
  }
}

describe("messages come only from the server (flash cookie), never from a link", () => {
  const browser = useBrowser();

  it("(a) a forged ?notice= or ?done= link shows nothing", async () => {
    const student = await sessionCookieFor("student@demo.test", DEMO_PASSWORD);
    const admin = await sessionCookieFor("admin@demo.test", DEMO_PASSWORD);
    const forged = ["Your account is suspended", "<script>alert('x')</script>"];
    for (const text of forged) {
      const q = encodeURIComponent(text);
      for (const [path, cookie] of [
        [`/student?notice=${q}`, student],
        [`/admin/data?notice=${q}`, admin],
        [`/admin/missions?notice=${q}`, admin],
        [`/login?notice=${q}`, ""],
      ] as const) {
        const res = await get(path, cookie);
        expect(res.status, path).toBe(200);
        const html = await res.text();
        expect(html, path).not.toContain("Your account is suspended");
        expect(html, path).not.toContain("alert('x')");
        expect(html, path).not.toContain("alert(&#x27;x&#x27;)");
      }
    }
    // The old message keys do nothing either.
    expect(await (await get("/login?notice=verified", "")).text()).not.toContain("Your email is confirmed");
    expect(await (await get("/student?notice=submitted", student)).text()).not.toContain("Request submitted");
    expect(await (await get("/admin/catalog?done=delete", admin)).text()).not.toContain("Deleted.");
  });

  it("(a) a flash cookie that the server did not sign shows nothing and is cleared", async () => {
    const value = Buffer.from(JSON.stringify({ kind: "success", message: "Your account is suspended" })).toString("base64");
    const res = await get("/login", `mb_flash=${encodeURIComponent(value)}`);
    expect(res.status).toBe(200);
    expect(await res.text()).not.toContain("Your account is suspended");
    expect(res.headers.getSetCookie().some((c) => /^mb_flash=[^;]*;.*Max-Age=0/i.test(c))).toBe(true);
  });

  it("a flash is signed, httpOnly and SameSite=Lax, shown on the next page, then cleared", async () => {
    // A throwaway account, since signing out everywhere ends every session of it.
    const email = `flash-${Date.now().toString(36)}@example.test`;
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    await withStore((store) => store.tx((c) => makeUser(c, { email, passwordHash })));
    const session = await sessionCookieFor(email, DEMO_PASSWORD);
    const res = await fetch(`${baseUrl()}/profile`, {
      method: "POST",
      headers: { Cookie: session, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "sign-out-everywhere" }),
      redirect: "manual",
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login");
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith("mb_flash="));
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Secure/i); // the test server is plain http (the session cookie's rule)
    const flash = setCookie?.split(";")[0] ?? "";
    expect(decodeURIComponent(flash)).toMatch(/\.[\w+/=-]+$/); // value.signature

    const shown = await get("/login", flash);
    const html = await shown.text();
    expect(html).toContain("You have been signed out everywhere.");
    // Inside the flash's status region (its icon and text wrappers sit between).
    expect(html).toMatch(/role="status"(?:(?!<\/div><\/div>).)*You have been signed out everywhere\./s);
    expect(shown.headers.getSetCookie().some((c) => /^mb_flash=[^;]*;.*Max-Age=0/i.test(c))).toBe(true);
  });

  it("(b) a flash survives exactly one redirect and is gone on reload", async () => {
    const tag = Date.now().toString(36);
    const badge = await withStore((store) =>
      store.tx(async (c) => {
        const program = await makeCatalogItem(c, { kind: "program", title: `Flash E2E ${tag}` });
        const skill = await makeCatalogItem(c, { kind: "skill", title: `Flash skill ${tag}`, parent: program });
        return makeCatalogItem(c, { kind: "mini_badge", title: `Flash badge ${tag}`, parent: skill });
      }),
    );
    const page = await browser.page();
    await signIn(page, "student@demo.test", DEMO_PASSWORD);
    await page.goto(`/student/request?item=${badge.id}`);
    await page.getByRole("button", { name: "Submit request" }).click();
    await page.waitForURL((url) => url.pathname === "/student" && url.search === "");
    const flash = page.getByRole("status").filter({ hasText: "Request submitted. It is now pending review" });
    await flash.waitFor();
    await page.reload();
    await page.getByRole("heading", { name: "My dashboard" }).waitFor();
    expect(await flash.count()).toBe(0);
    // Nor does it follow to the next page.
    await page.goto("/student/request");
    expect(await page.getByText("Request submitted").count()).toBe(0);
  });
});

describe("(d) bad query values give the default page with a message, never an error", () => {
  const IGNORED = "Some values in the address were not valid, so the defaults are shown instead";
  const pages = [
    ["/roster?page=-5&sort=evil&dir=sideways", /Page: .*[\s\S]*Sort: /, "<table"],
    ["/admin/audit?page=-5&from=not-a-date&action=evil", /Page: [\s\S]*From: /, "<table"],
    ["/admin/outbox?page=-5&status=evil", /Page: [\s\S]*Status: /, "<table"],
    ["/staff/queue?page=-5&age=-3&program=evil", /Page: [\s\S]*Program: [\s\S]*Waiting: /, "<table"],
    ["/admin/awards?student=evil", /Student: /, "Recompute automatic awards"],
    ["/admin/data?page=-5", /Page: /, "<h2>Reload history</h2>"],
    ["/admin/missions?rescore=evil", /Re-score: /, "Import the campaign manifest"],
    ["/notifications?page=0", /Page: /, "Notifications"],
    ["/admin/catalog?page=-5&list=evil", /List: /, "Catalog admin"],
  ] as const;

  it.each(pages)("%s", async (path, named, listShown) => {
    const admin = await sessionCookieFor("admin@demo.test", DEMO_PASSWORD);
    const res = await get(path, admin);
    expect(res.status).toBe(200);
    // React separates adjacent text with <!-- -->: read the text as a person sees it.
    const html = (await res.text()).replaceAll("<!-- -->", "");
    expect(html).toContain(IGNORED);
    expect(html).toMatch(named);
    expect(html).toContain(listShown);
  });

  it("a good query string shows no such message", async () => {
    const admin = await sessionCookieFor("admin@demo.test", DEMO_PASSWORD);
    const html = await (await get("/roster?page=1&sort=email&dir=desc&role=student&onboarded=yes", admin)).text();
    expect(html).not.toContain(IGNORED);
    expect(html).toContain("student@demo.test");
  });
});
