// A local fake of Google's / Microsoft Entra ID's OAuth 2.0 + OpenID Connect endpoints, speaking
// the real HTTP protocol (authorization code + PKCE S256, client authentication, single-use codes,
// bearer-protected userinfo) so the app's real strategies can be tested offline.
//
//   const fake = await startFakeProvider("google", { redirectUris: [`${appUrl}/auth/google/callback`] });
//   fake.setUser({ sub: "g-1", email: "ada@example.com", emailVerified: true, name: "Ada Lovelace" });
//
// The authorize endpoint answers with a page "Sign in as <name>" whose button sends the browser
// back to redirect_uri?code=…&state=…, like a person consenting. Tests in another process steer it
// through POST /__control/{user,fail-next-token,deny-next,reset}.
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type FakeProviderKind = "google" | "microsoft";

export interface FakeUser {
  sub: string;
  email: string;
  emailVerified: boolean;
  name: string;
}

export interface FakeProviderOptions {
  clientId?: string;
  clientSecret?: string;
  /** Registered redirect URIs; the authorize and token endpoints refuse any other. */
  redirectUris?: string[];
  /** Microsoft only: the tenant segment the endpoints answer on (default "common"). */
  tenant?: string;
}

export interface FakeProvider {
  kind: FakeProviderKind;
  /** Base URL, e.g. http://127.0.0.1:41234 (use it for every endpoint base URL of the provider). */
  url: string;
  clientId: string;
  clientSecret: string;
  tenant: string;
  /** Who signs in at the next authorization. */
  setUser(user: FakeUser): void;
  /** The token endpoint answers the next request with a 500. */
  failNextToken(): void;
  /** The authorize endpoint sends the next request straight back with error=access_denied. */
  denyNext(): void;
  allowRedirectUri(uri: string): void;
  /** Requests seen, by endpoint (authorize, token, userinfo), for assertions. */
  readonly calls: { authorize: number; token: number; userinfo: number };
  close(): Promise<void>;
}

interface PendingAuthorization {
  clientId: string;
  redirectUri: string;
  state: string;
  codeChallenge: string;
  scope: string;
  nonce: string | null;
  user: FakeUser;
}

interface IssuedCode extends PendingAuthorization {
  expiresAt: number;
}

const b64url = (input: Buffer | string) => Buffer.from(input).toString("base64url");
const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "Content-Type": "application/json", "Cache-Control": "no-store", ...headers });
  res.end(JSON.stringify(body));
}

function redirectTo(res: ServerResponse, location: string) {
  res.writeHead(302, { Location: location, "Cache-Control": "no-store" });
  res.end();
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function signJwt(claims: Record<string, unknown>, secret: string): string {
  const header = b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const payload = b64url(JSON.stringify(claims));
  const signature = createHmac("sha256", secret).update(`${header}.${payload}`).digest("base64url");
  return `${header}.${payload}.${signature}`;
}

const safeEqual = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export async function startFakeProvider(kind: FakeProviderKind, options: FakeProviderOptions = {}): Promise<FakeProvider> {
  const clientId = options.clientId ?? `fake-${kind}-client-id`;
  const clientSecret = options.clientSecret ?? `fake-${kind}-client-secret`;
  const tenant = options.tenant ?? "common";
  const redirectUris = new Set(options.redirectUris ?? []);
  let user: FakeUser = { sub: `${kind}-subject-1`, email: `person@${kind}.example`, emailVerified: true, name: "Fake Person" };
  let failNextToken = false;
  let denyNext = false;
  const pending = new Map<string, PendingAuthorization>();
  const codes = new Map<string, IssuedCode>();
  const accessTokens = new Map<string, { user: FakeUser; expiresAt: number }>();
  const calls = { authorize: 0, token: 0, userinfo: 0 };

  const paths =
    kind === "google"
      ? { authorize: "/o/oauth2/v2/auth", token: "/token", userinfo: "/oauth2/v3/userinfo" }
      : {
          authorize: `/${tenant}/oauth2/v2.0/authorize`,
          token: `/${tenant}/oauth2/v2.0/token`,
          userinfo: "/oidc/userinfo",
        };
  const approvePath = `${paths.authorize}/decide`;

  let baseUrl = "";
  const issuer = () =>
    kind === "google" ? baseUrl : `${baseUrl}/${tenant === "common" ? "9188040d-6c67-4c5b-b112-36a304b66dad" : tenant}/v2.0`;

  function authorize(url: URL, res: ServerResponse) {
    calls.authorize++;
    const q = url.searchParams;
    const redirectUri = q.get("redirect_uri") ?? "";
    // Without a trusted redirect_uri the error is shown here, never sent anywhere.
    if (q.get("client_id") !== clientId) return page(res, 400, "Error 401: invalid_client", "The OAuth client was not found.");
    if (!redirectUris.has(redirectUri)) return page(res, 400, "Error 400: redirect_uri_mismatch", "The redirect URI is not registered.");
    const back = (params: Record<string, string>) => {
      const target = new URL(redirectUri);
      for (const [k, v] of Object.entries(params)) target.searchParams.set(k, v);
      redirectTo(res, target.toString());
    };
    const state = q.get("state") ?? "";
    if (q.get("response_type") !== "code") return back({ error: "unsupported_response_type", state });
    if (!state) return back({ error: "invalid_request", error_description: "state is required" });
    const codeChallenge = q.get("code_challenge") ?? "";
    if (q.get("code_challenge_method") !== "S256" || !/^[\w-]{43}$/.test(codeChallenge))
      return back({ error: "invalid_request", error_description: "PKCE S256 is required", state });
    const scope = q.get("scope") ?? "";
    if (!scope.split(" ").includes("openid")) return back({ error: "invalid_scope", state });
    if (denyNext) {
      denyNext = false;
      return back({ error: "access_denied", error_description: "The user denied access", state });
    }
    const id = randomBytes(16).toString("hex");
    pending.set(id, { clientId, redirectUri, state, codeChallenge, scope, nonce: q.get("nonce"), user: { ...user } });
    const label = kind === "google" ? "Google" : "Microsoft";
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" });
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${label} (fake) – Sign in</title></head>
<body><main><h1>${label} (fake identity provider)</h1>
<p>The application is asking to know your name and email address.</p>
<form method="post" action="${approvePath}">
<input type="hidden" name="id" value="${id}">
<button type="submit" name="decision" value="allow">Sign in as ${escapeHtml(user.name)}</button>
<button type="submit" name="decision" value="deny">Cancel</button>
</form></main></body></html>`);
  }

  async function decide(req: IncomingMessage, res: ServerResponse) {
    const form = new URLSearchParams(await readBody(req));
    const request = pending.get(form.get("id") ?? "");
    if (!request) return page(res, 400, "This sign-in request has expired", "Start again from the application.");
    pending.delete(form.get("id") ?? "");
    const target = new URL(request.redirectUri);
    if (form.get("decision") !== "allow") {
      target.searchParams.set("error", "access_denied");
      target.searchParams.set("state", request.state);
      return redirectTo(res, target.toString());
    }
    const code = `code-${randomBytes(24).toString("base64url")}`;
    codes.set(code, { ...request, expiresAt: Date.now() + 60_000 });
    target.searchParams.set("code", code);
    target.searchParams.set("state", request.state);
    if (kind === "microsoft") target.searchParams.set("session_state", randomBytes(8).toString("hex"));
    redirectTo(res, target.toString());
  }

  async function token(req: IncomingMessage, res: ServerResponse) {
    calls.token++;
    if (failNextToken) {
      failNextToken = false;
      return json(res, 500, { error: "server_error" });
    }
    if (!(req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded"))
      return json(res, 400, { error: "invalid_request", error_description: "form body expected" });
    const body = new URLSearchParams(await readBody(req));
    // Client authentication: HTTP Basic (client_secret_basic) or in the body (client_secret_post).
    let id = body.get("client_id");
    let secret = body.get("client_secret");
    const auth = req.headers.authorization ?? "";
    if (auth.startsWith("Basic ")) {
      const decoded = Buffer.from(auth.slice(6), "base64").toString("utf8");
      const colon = decoded.indexOf(":");
      id = decodeURIComponent(decoded.slice(0, colon));
      secret = decodeURIComponent(decoded.slice(colon + 1));
    }
    if (id !== clientId || !secret || !safeEqual(secret, clientSecret))
      return json(res, 401, { error: "invalid_client" }, { "WWW-Authenticate": 'Basic realm="fake"' });
    if (body.get("grant_type") !== "authorization_code") return json(res, 400, { error: "unsupported_grant_type" });
    const code = body.get("code") ?? "";
    const issued = codes.get(code);
    codes.delete(code); // single use, even when the rest of the request is wrong
    if (!issued || issued.expiresAt < Date.now())
      return json(res, 400, { error: "invalid_grant", error_description: "unknown or used code" });
    if (body.get("redirect_uri") !== issued.redirectUri)
      return json(res, 400, { error: "invalid_grant", error_description: "redirect_uri mismatch" });
    const verifier = body.get("code_verifier") ?? "";
    if (!verifier || createHash("sha256").update(verifier).digest("base64url") !== issued.codeChallenge)
      return json(res, 400, { error: "invalid_grant", error_description: "PKCE verification failed" });

    const accessToken = `at-${randomBytes(24).toString("base64url")}`;
    accessTokens.set(accessToken, { user: issued.user, expiresAt: Date.now() + 3_600_000 });
    const now = Math.floor(Date.now() / 1000);
    const [given, ...family] = issued.user.name.split(" ");
    const claims: Record<string, unknown> = {
      iss: issuer(),
      aud: clientId,
      sub: issued.user.sub,
      iat: now,
      exp: now + 3600,
      name: issued.user.name,
      email: issued.user.email,
      ...(issued.nonce ? { nonce: issued.nonce } : {}),
    };
    if (kind === "google") {
      Object.assign(claims, { email_verified: issued.user.emailVerified, given_name: given, family_name: family.join(" "), azp: clientId });
    } else {
      // Entra: no email_verified; the optional claim xms_edov says whether the domain owner verified it.
      Object.assign(claims, {
        tid: tenant === "common" ? "9188040d-6c67-4c5b-b112-36a304b66dad" : tenant,
        oid: `oid-${issued.user.sub}`,
        preferred_username: issued.user.email,
        xms_edov: issued.user.emailVerified,
        ver: "2.0",
      });
    }
    json(res, 200, {
      access_token: accessToken,
      token_type: "Bearer",
      expires_in: 3600,
      scope: issued.scope,
      id_token: signJwt(claims, clientSecret),
    });
  }

  function userinfo(req: IncomingMessage, res: ServerResponse) {
    calls.userinfo++;
    const auth = req.headers.authorization ?? "";
    const session = auth.startsWith("Bearer ") ? accessTokens.get(auth.slice(7)) : undefined;
    if (!session || session.expiresAt < Date.now())
      return json(res, 401, { error: "invalid_token" }, { "WWW-Authenticate": 'Bearer error="invalid_token"' });
    const [given, ...family] = session.user.name.split(" ");
    const base = {
      sub: session.user.sub,
      name: session.user.name,
      given_name: given,
      family_name: family.join(" "),
      email: session.user.email,
    };
    // Google's userinfo carries email_verified; Microsoft's OIDC userinfo does not.
    json(res, 200, kind === "google" ? { ...base, email_verified: session.user.emailVerified, picture: "" } : base);
  }

  async function control(path: string, req: IncomingMessage, res: ServerResponse) {
    const text = await readBody(req);
    const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    if (path === "/__control/user") {
      user = {
        sub: String(body.sub),
        email: String(body.email),
        emailVerified: body.emailVerified !== false,
        name: String(body.name ?? "Fake Person"),
      };
    } else if (path === "/__control/fail-next-token") failNextToken = true;
    else if (path === "/__control/deny-next") denyNext = true;
    else if (path === "/__control/redirect-uri") redirectUris.add(String(body.uri));
    else if (path === "/__control/reset") {
      failNextToken = false;
      denyNext = false;
    } else return json(res, 404, { error: "not_found" });
    json(res, 200, { ok: true });
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://fake.invalid");
    const route = `${req.method} ${url.pathname}`;
    const handle = async () => {
      if (route === `GET ${paths.authorize}`) return authorize(url, res);
      if (route === `POST ${approvePath}`) return decide(req, res);
      if (route === `POST ${paths.token}`) return token(req, res);
      if (route === `GET ${paths.userinfo}`) return userinfo(req, res);
      if (req.method === "POST" && url.pathname.startsWith("/__control/")) return control(url.pathname, req, res);
      json(res, 404, { error: "not_found", path: url.pathname });
    };
    handle().catch((error: unknown) => {
      if (!res.headersSent) json(res, 500, { error: "server_error", error_description: String(error) });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    kind,
    url: baseUrl,
    clientId,
    clientSecret,
    tenant,
    calls,
    setUser: (next) => {
      user = { ...next };
    },
    failNextToken: () => {
      failNextToken = true;
    },
    denyNext: () => {
      denyNext = true;
    },
    allowRedirectUri: (uri) => {
      redirectUris.add(uri);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function page(res: ServerResponse, status: number, title: string, detail: string) {
  res.writeHead(status, { "Content-Type": "text/html; charset=utf-8" });
  res.end(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(detail)}</p></body></html>`,
  );
}

/** From a test process: tell a fake running elsewhere (e.g. in global setup) who signs in next. */
export async function controlFake(url: string, action: "user" | "fail-next-token" | "deny-next" | "reset", body: object = {}) {
  const response = await fetch(`${url}/__control/${action}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`fake provider control ${action} failed with ${response.status}`);
}
