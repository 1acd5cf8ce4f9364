// The HTTP edge of the built server (server.mjs + entry.server), probed with the requests of issue
// 10's security findings: open redirects, body sizes, nesting, Origin: null, headers and cookies,
// CSP with nonces on every kind of response, and the request log line.
import { readFileSync } from "node:fs";
import { DEMO_PASSWORD } from "@missionboard/api/seed";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppServer, seededDemoDatabase, startAppServer } from "./app-server";
import { baseUrl, useBrowser } from "./browser";
import { postBytes, sessionCookieFor } from "./http-helpers";

const FORM = { "Content-Type": "application/x-www-form-urlencoded" };
const TOO_LARGE = /The request is too large: forms and API calls may send at most 1 MB\./;

const post = (path: string, body: string, headers: Record<string, string> = {}, url = baseUrl()) =>
  fetch(`${url}${path}`, { method: "POST", headers: { ...FORM, ...headers }, body, redirect: "manual" });

describe("redirect targets never leave the site", () => {
  // Form bodies as an attacker's page would send them (the value is decoded once by the form parser).
  it.each([
    ["/%09/evil.example", "/%09/evil.example"],
    ["/%09%5Cevil.example", "/%09%5Cevil.example"],
    ["/%0A/x", "/%0A/x"],
    ["//evil.example", "//evil.example"],
    ["/%5Cevil.example", "/%5Cevil.example"],
    ["/.//evil.example", "/.//evil.example"],
    ["https://evil.example", "https://evil.example"],
    ["javascript:alert(1)", "javascript:alert(1)"],
    ["a 5,000-character path", `/${"a".repeat(5000)}`],
  ])("POST /login with redirectTo=%s signs in and lands on this site", async (_label, target) => {
    const res = await post("/login", `email=student%40demo.test&password=${DEMO_PASSWORD}&redirectTo=${target}`);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/");
    expect(res.headers.getSetCookie().some((c) => c.startsWith("mb_session="))).toBe(true);
  });

  it("POST /login follows a path of this site", async () => {
    const res = await post(
      "/login",
      `email=student%40demo.test&password=${DEMO_PASSWORD}&redirectTo=${encodeURIComponent("/notifications?page=1")}`,
    );
    expect(res.headers.get("location")).toBe("/notifications?page=1");
  });

  it("the notification Open button refuses /\\evil.example and follows a path of this site", async () => {
    const cookie = await sessionCookieFor("ada@demo.test", DEMO_PASSWORD);
    const page = await (await fetch(`${baseUrl()}/notifications`, { headers: { cookie } })).text();
    const id = page.match(/name="id" value="([^"]+)"/)?.[1];
    expect(id).toBeTruthy();
    const open = (link: string) =>
      post("/notifications", new URLSearchParams({ intent: "open", id: id ?? "", link }).toString(), { cookie });
    for (const hostile of ["/\\evil.example", "//evil.example", "/\t/evil.example", "https://evil.example"]) {
      const res = await open(hostile);
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toBe("/notifications");
    }
    expect((await open("/student")).headers.get("location")).toBe("/student");
  });

  it("a signed-out visit is sent to sign in with the way back", async () => {
    const res = await fetch(`${baseUrl()}/admin/audit?page=2`, { redirect: "manual" });
    expect(res.headers.get("location")).toBe(`/login?redirectTo=${encodeURIComponent("/admin/audit?page=2")}`);
  });
});

describe("request bodies are capped before they are read", () => {
  it("refuses an anonymous 100 MB urlencoded POST /logout with 413, declared by Content-Length", async () => {
    const res = await postBytes("/logout", 100 * 1024 * 1024, { declareLength: true, headers: FORM });
    expect(res.status).toBe(413);
    expect(res.body).toMatch(TOO_LARGE);
  });

  it("refuses a chunked body (no Content-Length) once it passes 1 MB", async () => {
    const res = await postBytes("/logout", 100 * 1024 * 1024, { declareLength: false, headers: FORM });
    expect(res.status).toBe(413);
    expect(res.body).toMatch(TOO_LARGE);
  });

  it("answers a too large tRPC call in tRPC's error shape", async () => {
    const res = await postBytes("/api/trpc/auth.signIn", 2 * 1024 * 1024, {
      declareLength: false,
      headers: { "Content-Type": "application/json" },
    });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({
      error: { message: expect.stringMatching(TOO_LARGE), data: { code: "PAYLOAD_TOO_LARGE" } },
    });
  });

  it("still takes ordinary forms, chunked or not", async () => {
    const declared = await postBytes("/logout", 3, { declareLength: true, headers: FORM, fill: "a" });
    const chunked = await postBytes("/logout", 3, { declareLength: false, headers: FORM, fill: "a" });
    expect([declared.status, chunked.status]).toEqual([302, 302]);
  });

  it("leaves a multipart upload to /admin/catalog to the page's own (larger) limit", async () => {
    const cookie = await sessionCookieFor("admin@demo.test", DEMO_PASSWORD);
    const form = new FormData();
    form.set("intent", "import");
    form.set("file", new Blob([`{"x":"${"a".repeat(1536 * 1024)}"}`], { type: "application/json" }), "catalog.json");
    const res = await fetch(`${baseUrl()}/admin/catalog`, { method: "POST", headers: { cookie }, body: form, redirect: "manual" });
    expect(res.status).not.toBe(413);
    expect(await res.text()).not.toMatch(TOO_LARGE);
  });
});

describe("hostile input gets a 4xx, never a 500", () => {
  it("answers a ~10 KB deeply nested tRPC input with 400 and says why", async () => {
    const deep = `${"[".repeat(5000)}${"]".repeat(5000)}`;
    const res = await fetch(`${baseUrl()}/api/trpc/auth.signIn`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: deep,
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/nested too deeply/);
  });

  it("ignores X-Forwarded-Host when proxies are not trusted (no 500 from a mismatch)", async () => {
    const res = await post("/login", `email=student%40demo.test&password=${DEMO_PASSWORD}`, {
      Origin: baseUrl(),
      "X-Forwarded-Host": "evil.example",
    });
    expect(res.status).toBe(302);
  });

  it("refuses a form posted with Origin: null with 403", async () => {
    const res = await post("/login", "email=admin%40demo.test&password=x", { Origin: "null" });
    expect(res.status).toBe(403);
    expect(await res.text()).toMatch(/another site/);
  });
});

describe("security headers on every kind of response", () => {
  const cspOf = (res: Response) => res.headers.get("content-security-policy") ?? "";

  it.each([
    ["an HTML page", "/login", 200],
    ["an error page", "/no-such-page", 404],
    ["a resource route", "/healthz", 200],
    ["the tRPC endpoint", "/api/trpc/setup.status", 200],
  ])("%s (%s) carries a CSP with frame-ancestors 'none' and the framing guards", async (_kind, path, status) => {
    const res = await fetch(`${baseUrl()}${path}`, { redirect: "manual" });
    expect(res.status).toBe(status);
    expect(cspOf(res)).toMatch(/frame-ancestors 'none'/);
    expect(cspOf(res)).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}'/);
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("a static asset carries them too", async () => {
    const html = await (await fetch(`${baseUrl()}/login`)).text();
    const asset = html.match(/\/assets\/[\w.-]+\.js/)?.[0];
    expect(asset).toBeTruthy();
    const res = await fetch(`${baseUrl()}${asset}`, { headers: { "x-request-id": `asset-${Date.now()}` } });
    expect(res.status).toBe(200);
    expect(cspOf(res)).toMatch(/frame-ancestors 'none'/);
    // and is logged under its full path
    await res.arrayBuffer();
    const logged = () =>
      readFileSync(`${import.meta.dirname}/../../test-results/e2e-server.log`, "utf8")
        .split("\n")
        .filter((line) => line.includes(res.headers.get("x-request-id") ?? "-"))
        .map((line) => JSON.parse(line).path);
    await expect.poll(logged).toEqual([asset]);
  });

  it.each(["/login", "/no-such-page"])("every inline script of %s carries the response's own nonce, fresh per response", async (path) => {
    const first = await fetch(`${baseUrl()}${path}`);
    const nonce = cspOf(first).match(/'nonce-([^']+)'/)?.[1];
    const html = await first.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(2);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    const second = cspOf(await fetch(`${baseUrl()}${path}`)).match(/'nonce-([^']+)'/)?.[1];
    expect(second).not.toBe(nonce);
  });

  it("sends no HSTS and no Secure cookie over plain http, even when a client claims https without TRUST_PROXY", async () => {
    const res = await post("/login", `email=student%40demo.test&password=${DEMO_PASSWORD}`, { "X-Forwarded-Proto": "https" });
    expect(res.headers.get("strict-transport-security")).toBeNull();
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("mb_session="));
    expect(cookie).toBeTruthy();
    expect(cookie).not.toMatch(/;\s*Secure/i);
  });
});

describe("behind a TLS-terminating proxy (TRUST_PROXY=true)", () => {
  let server: AppServer;
  beforeAll(async () => {
    const databaseUrl = await seededDemoDatabase("trust-proxy");
    server = await startAppServer("trust-proxy", databaseUrl, { TRUST_PROXY: "true" });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("marks the session cookie Secure and sends HSTS when the proxy says https", async () => {
    const res = await post(
      "/login",
      `email=student%40demo.test&password=${DEMO_PASSWORD}`,
      { "X-Forwarded-Proto": "https" },
      server.baseUrl,
    );
    expect(res.status).toBe(302);
    expect(res.headers.getSetCookie().find((c) => c.startsWith("mb_session="))).toMatch(/;\s*Secure/i);
    expect(res.headers.get("strict-transport-security")).toBe("max-age=31536000");
  });

  it("accepts the form posted from the public https origin the proxy forwards", async () => {
    const res = await post(
      "/login",
      `email=student%40demo.test&password=${DEMO_PASSWORD}`,
      { "X-Forwarded-Proto": "https", "X-Forwarded-Host": "missionboard.example", Origin: "https://missionboard.example" },
      server.baseUrl,
    );
    expect(res.status).toBe(302);
  });

  it("keeps plain http requests plain (no Secure cookie, no HSTS)", async () => {
    const res = await post("/login", `email=student%40demo.test&password=${DEMO_PASSWORD}`, {}, server.baseUrl);
    expect(res.headers.getSetCookie().find((c) => c.startsWith("mb_session="))).not.toMatch(/;\s*Secure/i);
    expect(res.headers.get("strict-transport-security")).toBeNull();
  });
});

describe("the request log", () => {
  it("writes one JSON line per request, without query string, email, cookie or token", async () => {
    const requestId = `log-probe-${Date.now()}`;
    // Ada: no other browser test changes her password (the identity journey resets Grace's).
    const cookie = await sessionCookieFor("ada@demo.test", DEMO_PASSWORD);
    const secretQuery = "token=s3cr3t-reset-token&email=ada%40demo.test";
    // Read the body: the log line is written when the response has been sent.
    await (await fetch(`${baseUrl()}/reset-password?${secretQuery}`, { headers: { cookie, "x-request-id": requestId } })).text();
    await post("/login", `email=ada%40demo.test&password=${DEMO_PASSWORD}`, { "x-request-id": `${requestId}-post` });

    const lines = () =>
      readFileSync(`${import.meta.dirname}/../../test-results/e2e-server.log`, "utf8")
        .split("\n")
        .filter((line) => line.includes(requestId));
    await expect.poll(() => lines().length).toBe(2);
    // Each line by its request id: the two may be written in either order.
    const parsed = lines().map((line) => JSON.parse(line) as Record<string, unknown>);
    const get = parsed.find((l) => l.requestId === requestId);
    const postLine = parsed.find((l) => l.requestId === `${requestId}-post`);
    expect(get).toEqual({
      time: expect.any(String),
      level: "info",
      msg: "request",
      requestId,
      method: "GET",
      path: "/reset-password",
      status: expect.any(Number),
      durationMs: expect.any(Number),
    });
    expect(postLine).toMatchObject({ method: "POST", path: "/login", status: 302 });
    const raw = lines().join("\n");
    expect(raw).not.toMatch(/@|ada@|ada%40|s3cr3t|token=|\?|mb_session/i);
    expect(raw).not.toContain(cookie.split("=")[1]);
  });
});

describe("the app under its Content-Security-Policy in a browser", () => {
  const browser = useBrowser();

  it("hydrates with no policy violation and navigates on the client", async () => {
    const page = await browser.page();
    const violations: string[] = [];
    await page.exposeFunction("reportViolation", (v: string) => violations.push(v));
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (e) =>
        (window as unknown as { reportViolation(v: string): void }).reportViolation(`${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    await page.goto("/login");
    await page.waitForFunction(() =>
      Boolean((window as unknown as { __remixRouter?: { state: { initialized: boolean } } }).__remixRouter?.state.initialized),
    );
    // A client-side navigation keeps the same document (a full load would reset this marker).
    await page.evaluate(() => Object.assign(window, { sameDocument: true }));
    await page.getByRole("link", { name: "Forgot your password?" }).click();
    await page.waitForURL((url) => url.pathname === "/forgot-password");
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    expect(violations).toEqual([]);
  });
});
