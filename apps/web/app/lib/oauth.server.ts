// Google and Microsoft Entra ID sign-in (remix-auth v4 strategies). The strategies keep the state
// and PKCE verifier in a short-lived cookie and check them on the callback; we verify the
// provider's answer here and hand the result to signInWithProvider (packages/api). Endpoints come
// from env so the browser tests can point them at local fake providers.
// See docs/decisions/005-oauth-account-linking.md, and docs/decisions/010-remix-auth-packages.md for why
// Google comes from @coji/remix-auth-google (remix-auth-google 2.0.0 cannot do PKCE). Never log
// tokens, codes or emails.
import { GoogleStrategy } from "@coji/remix-auth-google";
import {
  DEACTIVATED_MESSAGE,
  MISSING_EMAIL_MESSAGE,
  PROVIDER_DISABLED_MESSAGE,
  type ProviderIdentity,
  REGISTRATION_CLOSED_MESSAGE,
  UNCONFIRMED_ACCOUNT_MESSAGE,
  UNVERIFIED_EMAIL_MESSAGE,
} from "@missionboard/api";
import { DomainError, OAUTH_PROVIDERS, type OAuthProvider } from "@missionboard/core";
import { MicrosoftStrategy } from "remix-auth-microsoft";
import { OAuth2RequestError, type OAuth2Strategy } from "remix-auth-oauth2";
import { type Env, getEnv } from "./env.server";
import { isHttps } from "./session.server";
import { appSettings } from "./settings.server";

type Tokens = OAuth2Strategy.VerifyOptions["tokens"];
type Verified = Omit<ProviderIdentity, "provider">;

export const PROVIDER_LABELS: Record<OAuthProvider, string> = { google: "Google", microsoft: "Microsoft" };

/** Raised by our own checks of the provider's answer; `code` goes into /login?error=… */
export class OAuthFailure extends Error {
  override name = "OAuthFailure";
  constructor(readonly code: OAuthErrorCode) {
    super(code);
  }
}

const trimUrl = (url: string) => url.replace(/\/+$/, "");
const redirectUriOf = (env: Env, provider: OAuthProvider) => `${env.APP_URL}/auth/${provider}/callback`;
const stateCookieName = (provider: OAuthProvider) => `mb_oauth_${provider}`;
const stateCookiePath = (provider: OAuthProvider) => `/auth/${provider}`;

/** The state + PKCE cookie: Secure by the session cookie's rule (the app is reached over https). */
function stateCookie(provider: OAuthProvider, secure: boolean) {
  return {
    name: stateCookieName(provider),
    path: stateCookiePath(provider),
    httpOnly: true as const,
    sameSite: "Lax" as const,
    maxAge: 10 * 60,
    ...(secure ? { secure: true as const } : {}),
  };
}

/** The claims of an id_token received straight from the token endpoint (authenticated by TLS and the client secret). */
function idTokenClaims(tokens: Tokens, clientId: string): Record<string, unknown> | null {
  const raw = (tokens.data as { id_token?: unknown }).id_token;
  if (typeof raw !== "string") return null;
  let claims: Record<string, unknown>;
  try {
    claims = JSON.parse(Buffer.from(raw.split(".")[1] ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
  } catch {
    throw new OAuthFailure("provider");
  }
  const audience = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audience.includes(clientId)) throw new OAuthFailure("provider");
  if (typeof claims.exp === "number" && claims.exp * 1000 < Date.now() - 60_000) throw new OAuthFailure("provider");
  return claims;
}

async function fetchUserInfo(url: string, tokens: Tokens): Promise<Record<string, unknown>> {
  const response = await fetch(url, { headers: { Authorization: `Bearer ${tokens.accessToken()}`, Accept: "application/json" } });
  if (!response.ok) throw new OAuthFailure("provider");
  const body = (await response.json()) as unknown;
  if (!body || typeof body !== "object") throw new OAuthFailure("provider");
  return body as Record<string, unknown>;
}

const str = (value: unknown) => (typeof value === "string" ? value.trim() : "");
const isTrue = (value: unknown) => value === true || value === "true";

function identityOf(claims: Record<string, unknown>, emailVerified: boolean, idToken: Record<string, unknown> | null): Verified {
  const subject = str(claims.sub);
  if (!subject) throw new OAuthFailure("provider");
  // The id_token and the userinfo must describe the same account.
  if (idToken && str(idToken.sub) && str(idToken.sub) !== subject) throw new OAuthFailure("provider");
  const email = str(claims.email) || str(idToken?.email);
  if (!email.includes("@")) throw new OAuthFailure("no_email");
  const name = str(claims.name) || [str(claims.given_name), str(claims.family_name)].filter(Boolean).join(" ") || str(idToken?.name);
  return { subject, email, emailVerified, name };
}

/** "common", "organizations" and "consumers" admit accounts of any tenant; anything else names one tenant. */
export const isSpecificTenant = (tenant: string) => !["common", "organizations", "consumers"].includes(tenant.trim().toLowerCase());

class ConfiguredGoogleStrategy extends GoogleStrategy<Verified> {
  constructor(env: Env, secure: boolean) {
    const clientId = env.GOOGLE_CLIENT_ID ?? "";
    super({ clientId, clientSecret: env.GOOGLE_CLIENT_SECRET ?? "", redirectURI: redirectUriOf(env, "google") }, async ({ tokens }) => {
      const idToken = idTokenClaims(tokens, clientId);
      const info = await fetchUserInfo(`${trimUrl(env.GOOGLE_APIS_URL)}/oauth2/v3/userinfo`, tokens);
      return identityOf(info, isTrue(info.email_verified), idToken);
    });
    // The library hardcodes accounts.google.com / oauth2.googleapis.com.
    this.options.authorizationEndpoint = `${trimUrl(env.GOOGLE_ACCOUNTS_URL)}/o/oauth2/v2/auth`;
    this.options.tokenEndpoint = `${trimUrl(env.GOOGLE_OAUTH2_URL)}/token`;
    this.options.cookie = stateCookie("google", secure);
  }
}

class ConfiguredMicrosoftStrategy extends MicrosoftStrategy<Verified> {
  constructor(env: Env, secure: boolean) {
    const clientId = env.MICROSOFT_CLIENT_ID ?? "";
    const tenant = encodeURIComponent(env.MICROSOFT_TENANT_ID.trim());
    super(
      { clientId, clientSecret: env.MICROSOFT_CLIENT_SECRET ?? "", redirectURI: redirectUriOf(env, "microsoft"), tenantId: tenant },
      async ({ tokens }) => {
        const idToken = idTokenClaims(tokens, clientId);
        const info = await fetchUserInfo(`${trimUrl(env.MICROSOFT_GRAPH_URL)}/oidc/userinfo`, tokens);
        // Entra does not vouch for the email of an arbitrary tenant's account; see ADR 005.
        const verified =
          isTrue(info.email_verified) ||
          isTrue(idToken?.email_verified) ||
          isTrue(idToken?.xms_edov) ||
          isSpecificTenant(env.MICROSOFT_TENANT_ID);
        return identityOf(info, verified, idToken);
      },
    );
    // The library hardcodes login.microsoftonline.com.
    this.options.authorizationEndpoint = `${trimUrl(env.MICROSOFT_LOGIN_URL)}/${tenant}/oauth2/v2.0/authorize`;
    this.options.tokenEndpoint = `${trimUrl(env.MICROSOFT_LOGIN_URL)}/${tenant}/oauth2/v2.0/token`;
    this.options.cookie = stateCookie("microsoft", secure);
  }
}

const strategies = new Map<`${OAuthProvider}:${boolean}`, OAuth2Strategy<Verified>>();

/** The provider named in the URL if it is offered here (AUTH_PROVIDERS and credentials), else null. */
export function enabledProvider(name: string | undefined): OAuthProvider | null {
  const provider = OAUTH_PROVIDERS.find((p) => p === name);
  return provider && appSettings().signInMethods.includes(provider) ? provider : null;
}

/** The provider's strategy for this request: one per provider and cookie rule (http or https), made once. */
export function strategyFor(provider: OAuthProvider, request: Request): OAuth2Strategy<Verified> {
  const secure = isHttps(request);
  let strategy = strategies.get(`${provider}:${secure}`);
  if (!strategy) {
    const env = getEnv();
    strategy = provider === "google" ? new ConfiguredGoogleStrategy(env, secure) : new ConfiguredMicrosoftStrategy(env, secure);
    strategies.set(`${provider}:${secure}`, strategy);
  }
  return strategy;
}

/** Set-Cookie values that delete this provider's state cookies (the library leaves them to expire). */
export function clearStateCookies(request: Request, provider: OAuthProvider): string[] {
  const prefix = stateCookieName(provider);
  return (request.headers.get("cookie") ?? "")
    .split(";")
    .map((part) => part.split("=")[0]?.trim() ?? "")
    .filter((name) => name.startsWith(prefix) && /^[\w:.-]+$/.test(name))
    .map((name) => `${name}=; Path=${stateCookiePath(provider)}; Max-Age=0; HttpOnly; SameSite=Lax`);
}

// --- failures: a short code in the URL, a sentence on the sign-in page ---------------------------

export const OAUTH_ERROR_CODES = [
  "state",
  "denied",
  "provider",
  "no_email",
  "unverified",
  "unconfirmed",
  "closed",
  "deactivated",
  "disabled",
] as const;
export type OAuthErrorCode = (typeof OAUTH_ERROR_CODES)[number];

const MESSAGES: Record<OAuthErrorCode, string> = {
  state: "That sign-in attempt expired or did not come from this browser. Please try again.",
  denied: "Sign-in was cancelled at the provider. Choose a way to sign in below.",
  provider: "We could not complete sign-in with the provider. Please try again in a moment.",
  no_email: MISSING_EMAIL_MESSAGE,
  unverified: UNVERIFIED_EMAIL_MESSAGE,
  unconfirmed: UNCONFIRMED_ACCOUNT_MESSAGE,
  closed: REGISTRATION_CLOSED_MESSAGE,
  deactivated: DEACTIVATED_MESSAGE,
  disabled: PROVIDER_DISABLED_MESSAGE,
};

/** The sentence for `/login?error=<code>`, or null for no or unknown codes. */
export function oauthErrorMessage(code: string | null): string | null {
  const known = OAUTH_ERROR_CODES.find((c) => c === code);
  return known ? MESSAGES[known] : null;
}

/** Maps a failure from the strategy to a code (state/PKCE problems, provider refusal, our own checks). */
export function strategyFailureCode(error: unknown): OAuthErrorCode {
  if (error instanceof OAuthFailure) return error.code;
  if (error instanceof OAuth2RequestError) return error.code === "access_denied" ? "denied" : "provider";
  // remix-auth-oauth2 throws ReferenceError / RangeError for a missing or mismatched state cookie.
  if (error instanceof ReferenceError || error instanceof RangeError) return "state";
  return "provider";
}

/** Maps a refusal from signInWithProvider (person-readable domain errors) to a code, or null if unexpected. */
export function refusalCode(error: unknown): OAuthErrorCode | null {
  if (!(error instanceof DomainError)) return null;
  const message = error.message;
  const found = (Object.entries(MESSAGES) as [OAuthErrorCode, string][]).find(([, text]) => text === message);
  return found && found[0] !== "state" && found[0] !== "denied" && found[0] !== "provider" ? found[0] : null;
}

/** What the sign-in page needs: the provider buttons to show and the message for ?error=<code>. */
export function oauthLoginData(request: Request) {
  const providers = OAUTH_PROVIDERS.filter((p) => appSettings().signInMethods.includes(p)).map((id) => ({
    id,
    label: PROVIDER_LABELS[id],
  }));
  return { providers, error: oauthErrorMessage(new URL(request.url).searchParams.get("error")) };
}
