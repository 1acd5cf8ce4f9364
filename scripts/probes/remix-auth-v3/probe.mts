// Evidence for docs/decisions/remix-auth-packages.md: the remix-auth v3 set (remix-auth 3.7.0,
// remix-auth-oauth2 1.11.2, remix-auth-google 2.0.0, remix-auth-microsoft 2.0.1) run against the
// fake Google / Microsoft providers the browser tests use (apps/web/tests/fakes/oidc-provider.ts),
// which, like the app's own strategies, insist on PKCE S256. Not part of the workspace:
//
//   cd scripts/probes/remix-auth-v3 && npm_config_nodedir=/usr pnpm install --ignore-workspace --ignore-scripts
//   DEBUG=OAuth2Strategy ../../../node_modules/.bin/tsx probe.mts
import { createHash, randomBytes } from "node:crypto";
import { createCookieSessionStorage } from "@remix-run/node";
import { Authenticator } from "remix-auth";
import { GoogleStrategy } from "remix-auth-google";
import { MicrosoftStrategy } from "remix-auth-microsoft";
import { OAuth2Strategy } from "remix-auth-oauth2";
import { startFakeProvider } from "../../../apps/web/tests/fakes/oidc-provider";

const APP = "http://app.test";
const say = (line: string) => process.stdout.write(`${line}\n`);
const google = await startFakeProvider("google", { redirectUris: [`${APP}/auth/google/callback`] });
const microsoft = await startFakeProvider("microsoft", { redirectUris: [`${APP}/auth/microsoft/callback`] });
// remix-auth v3 keeps the OAuth state in a SessionStorage; a signed cookie session is the natural one.
const storage = createCookieSessionStorage({ cookie: { name: "oauth", secrets: ["probe"], httpOnly: true, sameSite: "lax", path: "/" } });
const blank = (url: string) => url.replace(/code=[^&]+/, "code=<code>").replace(/state=[^&]+/, "state=<state>");

/** POST /auth/<name>: the strategy throws a redirect to the provider and sets the state cookie. */
async function start(auth: Authenticator<unknown>, name: string): Promise<{ location: URL; cookie: string }> {
  const thrown = await auth.authenticate(name, new Request(`${APP}/auth/${name}`)).then(
    () => null,
    (error: unknown) => error,
  );
  if (!(thrown instanceof Response)) throw new Error("expected a redirect");
  return { location: new URL(thrown.headers.get("location") ?? ""), cookie: (thrown.headers.get("set-cookie") ?? "").split(";")[0] ?? "" };
}

/** GET /auth/<name>/callback with the browser's state cookie. */
const finish = (auth: Authenticator<unknown>, name: string, callback: string, cookie: string) =>
  auth.authenticate(name, new Request(callback, { headers: { Cookie: cookie } })).then(
    (user) => `user ${JSON.stringify(user)}`,
    (error: Error) => `${error.constructor.name}: ${error.message}`,
  );

// [1] The stock strategies: where they send the browser, and with which parameters.
const stock = new Authenticator<unknown>(storage, { throwOnError: true })
  .use(
    new GoogleStrategy(
      { clientID: google.clientId, clientSecret: google.clientSecret, callbackURL: `${APP}/auth/google/callback` },
      async (p) => p,
    ),
  )
  .use(
    new MicrosoftStrategy(
      { clientId: microsoft.clientId, clientSecret: microsoft.clientSecret, redirectUri: `${APP}/auth/microsoft/callback` },
      async (p) => p,
    ),
  );
for (const name of ["google", "microsoft"]) {
  const { location } = await start(stock, name);
  const q = location.searchParams;
  say(`[1] stock ${name}: ${location.origin}${location.pathname}`);
  say(
    `    parameters: ${[...q.keys()].join(", ")}; prompt=${q.get("prompt")} code_challenge=${q.get("code_challenge")} nonce=${q.get("nonce")}`,
  );
}

// [2] Endpoints moved to the fake through the protected authorizationURL / tokenURL fields.
class FakeGoogle extends GoogleStrategy<unknown> {
  constructor(private readonly challenge?: string) {
    super(
      { clientID: google.clientId, clientSecret: google.clientSecret, callbackURL: `${APP}/auth/google/callback` },
      async ({ extraParams, profile }) => ({
        idToken: typeof extraParams.id_token === "string",
        emailVerified: profile._json.email_verified,
      }),
    );
    this.authorizationURL = `${google.url}/o/oauth2/v2/auth`;
    this.tokenURL = `${google.url}/token`;
  }
  // A challenge can be added to the authorization request here (one fixed value, for the probe)…
  protected override authorizationParams(): URLSearchParams {
    const params = super.authorizationParams();
    if (this.challenge) {
      params.set("code_challenge", this.challenge);
      params.set("code_challenge_method", "S256");
    }
    return params;
  }
}
const plain = new Authenticator<unknown>(storage, { throwOnError: true }).use(new FakeGoogle());
{
  const { location, cookie } = await start(plain, "google");
  const answer = await fetch(location, { redirect: "manual" });
  const back = answer.headers.get("location") ?? "";
  say(`[2] the provider answers the authorization request: ${answer.status} ${blank(back)}`);
  say(`    the strategy on that callback: ${await finish(plain, "google", back, cookie)}`);
}

// [3] …but the verifier has no way into the token request.
{
  const hooks = OAuth2Strategy.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  say(
    `[3] parameters of the token-request hooks: tokenParams ${hooks.tokenParams?.length}, fetchAccessToken ${hooks.fetchAccessToken?.length}`,
  );
  const verifier = randomBytes(32).toString("base64url");
  const withChallenge = new Authenticator<unknown>(storage, { throwOnError: true }).use(
    new FakeGoogle(createHash("sha256").update(verifier).digest("base64url")),
  );
  google.setUser({ sub: "g-probe", email: "probe@people.example", emailVerified: true, name: "Probe Person" });
  const { location, cookie } = await start(withChallenge, "google");
  const id = /name="id" value="([^"]+)"/.exec(await (await fetch(location)).text())?.[1] ?? "";
  const consent = await fetch(`${google.url}/o/oauth2/v2/auth/decide`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ id, decision: "allow" }),
    redirect: "manual",
  });
  const callback = consent.headers.get("location") ?? "";
  say(`    with a challenge, consent sends the browser to ${blank(callback)}`);
  say(`    the strategy on that callback: ${await finish(withChallenge, "google", callback, cookie)}`);
}

// [4] The person cancels at the provider: error=access_denied with the right state.
{
  const { cookie } = await start(plain, "google");
  const state = String((await storage.getSession(cookie)).get("oauth2:state"));
  say(
    `[4] error=access_denied with the right state: ${await finish(plain, "google", `${APP}/auth/google/callback?error=access_denied&state=${state}`, cookie)}`,
  );
}

await Promise.all([google.close(), microsoft.close()]);
