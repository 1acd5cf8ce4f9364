// The configured Google and Microsoft strategies against the local fake providers, in process:
// the authorization request carries state and PKCE S256, a callback is only honoured with the
// state its own browser started (checked before any token request), and the identity comes from
// userinfo plus the id_token's claims (docs/decisions/005-oauth-account-linking.md).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type FakeProvider, type FakeUser, startFakeProvider } from "../../tests/fakes/oidc-provider";
import type { Env } from "./env.server";
import { strategyFailureCode, strategyFor } from "./oauth.server";

const APP = "http://app.test";
const env = vi.hoisted(() => ({ current: undefined as unknown }));
vi.mock("./env.server", () => ({ getEnv: () => env.current }));

let google: FakeProvider;
let microsoft: FakeProvider;

beforeAll(async () => {
  google = await startFakeProvider("google", { redirectUris: [`${APP}/auth/google/callback`] });
  microsoft = await startFakeProvider("microsoft", { redirectUris: [`${APP}/auth/microsoft/callback`] });
  const config: Partial<Env> = {
    NODE_ENV: "test",
    TRUST_PROXY: "false",
    APP_URL: APP,
    GOOGLE_CLIENT_ID: google.clientId,
    GOOGLE_CLIENT_SECRET: google.clientSecret,
    GOOGLE_ACCOUNTS_URL: google.url,
    GOOGLE_OAUTH2_URL: google.url,
    GOOGLE_APIS_URL: google.url,
    MICROSOFT_CLIENT_ID: microsoft.clientId,
    MICROSOFT_CLIENT_SECRET: microsoft.clientSecret,
    MICROSOFT_TENANT_ID: "common",
    MICROSOFT_LOGIN_URL: microsoft.url,
    MICROSOFT_GRAPH_URL: microsoft.url,
  };
  env.current = config;
});

afterAll(async () => {
  await Promise.all([google?.close(), microsoft?.close()]);
});

type Provider = "google" | "microsoft";
const fakeOf = (provider: Provider) => (provider === "google" ? google : microsoft);

/** POST /auth/<provider>: the redirect to the provider and the state cookie it sets. */
async function start(provider: Provider, app = APP): Promise<{ authorize: URL; cookie: string; setCookie: string }> {
  const request = new Request(`${app}/auth/${provider}`);
  const thrown = await strategyFor(provider, request)
    .authenticate(request)
    .then(
      () => null,
      (error: unknown) => error,
    );
  if (!(thrown instanceof Response)) throw new Error("expected a redirect to the provider");
  const setCookie = thrown.headers.get("set-cookie") ?? "";
  return { authorize: new URL(thrown.headers.get("location") ?? ""), cookie: setCookie.split(";")[0] ?? "", setCookie };
}

/** The person consents at the fake provider; returns the callback URL it sends the browser to. */
async function consent(provider: Provider, authorize: URL, user: FakeUser): Promise<URL> {
  const fake = fakeOf(provider);
  fake.setUser(user);
  const page = await (await fetch(authorize)).text();
  const id = /name="id" value="([^"]+)"/.exec(page)?.[1];
  if (!id) throw new Error(`the provider did not show its consent page: ${page.slice(0, 200)}`);
  const answer = await fetch(`${fake.url}${authorize.pathname}/decide`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ id, decision: "allow" }),
    redirect: "manual",
  });
  return new URL(answer.headers.get("location") ?? "");
}

const callback = (provider: Provider, url: URL, cookie: string | null) => {
  const request = new Request(url, { headers: cookie ? { Cookie: cookie } : {} });
  return strategyFor(provider, request).authenticate(request);
};

const failureCode = (promise: Promise<unknown>) =>
  promise.then(
    () => "signed in",
    (error: unknown) => strategyFailureCode(error),
  );

const person = (sub: string, emailVerified = true): FakeUser => ({
  sub,
  email: `${sub}@people.example`,
  emailVerified,
  name: "Ada Lovelace",
});

describe("Google sign-in (@coji/remix-auth-google, remix-auth-oauth2)", () => {
  it("sends the browser to the provider with state and PKCE S256, and signs the person in from the callback", async () => {
    const { authorize, cookie } = await start("google");
    expect(authorize.origin).toBe(google.url);
    expect(authorize.searchParams.get("state")).toMatch(/^[\w-]{20,}$/);
    expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorize.searchParams.get("code_challenge")).toMatch(/^[\w-]{43}$/);
    expect(cookie).toMatch(/^mb_oauth_google/);

    const back = await consent("google", authorize, person("g-ada"));
    expect(await callback("google", back, cookie)).toEqual({
      subject: "g-ada",
      email: "g-ada@people.example",
      emailVerified: true,
      name: "Ada Lovelace",
    });
  });

  it("refuses a callback whose state was tampered with, before asking for a token", async () => {
    const { authorize, cookie } = await start("google");
    const back = await consent("google", authorize, person("g-tamper"));
    const tokensBefore = google.calls.token;

    const forged = new URL(back);
    forged.searchParams.set("state", "forged-state");
    expect(await failureCode(callback("google", forged, cookie))).toBe("state");

    // Another browser's state cookie (an attacker's own flow) does not fit this callback either.
    const other = await start("google");
    expect(await failureCode(callback("google", back, other.cookie))).toBe("state");

    // No state cookie at all: a link that did not start in this browser.
    expect(await failureCode(callback("google", back, null))).toBe("state");
    expect(google.calls.token).toBe(tokensBefore);

    // The untouched callback still works: the refusals above did not use up the code.
    expect(await callback("google", back, cookie)).toMatchObject({ subject: "g-tamper" });
  });

  it("reports a cancel at the provider as denied only with a valid state", async () => {
    const { authorize, cookie } = await start("google");
    const denied = new URL(`${APP}/auth/google/callback`);
    denied.searchParams.set("error", "access_denied");
    denied.searchParams.set("state", authorize.searchParams.get("state") ?? "");
    expect(await failureCode(callback("google", denied, cookie))).toBe("denied");
    denied.searchParams.set("state", "forged-state");
    expect(await failureCode(callback("google", denied, cookie))).toBe("state");
  });
});

describe("Microsoft sign-in (remix-auth-microsoft)", () => {
  it("takes the verification from the id_token's xms_edov claim on a multi-tenant app", async () => {
    for (const verified of [true, false]) {
      const { authorize, cookie } = await start("microsoft");
      expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
      const back = await consent("microsoft", authorize, person(`m-${verified}`, verified));
      expect(await callback("microsoft", back, cookie)).toMatchObject({ subject: `m-${verified}`, emailVerified: verified });
    }
  });
});

describe("the state cookie's Secure flag (the session cookie's rule: reached over https)", () => {
  const secureOf = (setCookie: string) => /;\s*secure/i.test(setCookie);
  const withEnv = async (patch: Partial<Env>, run: () => Promise<void>) => {
    const before = env.current;
    env.current = { ...(before as Env), ...patch };
    try {
      await run();
    } finally {
      env.current = before;
    }
  };

  it("is Secure when the request came over https (socket, or X-Forwarded-Proto behind TRUST_PROXY), whatever NODE_ENV", async () => {
    expect(secureOf((await start("google", "https://app.test")).setCookie)).toBe(true);
    expect(secureOf((await start("microsoft", "https://app.test")).setCookie)).toBe(true);
  });

  it("is Secure when APP_URL is https, even if the last hop was plain http", async () => {
    await withEnv({ APP_URL: "https://app.test" }, async () => {
      expect(secureOf((await start("google")).setCookie)).toBe(true);
    });
  });

  it("is not Secure on a plain-http app (the local demo), even in production behind a proxy that says http", async () => {
    expect(secureOf((await start("google")).setCookie)).toBe(false);
    await withEnv({ NODE_ENV: "production", TRUST_PROXY: "true" }, async () => {
      expect(secureOf((await start("google")).setCookie)).toBe(false);
    });
  });
});
