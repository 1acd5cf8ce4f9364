// Headers server.mjs puts on every response (pages, error pages, resource routes, static files).
// See docs/decisions/011-http-edge.md.
import { randomBytes } from "node:crypto";
import { enabledSignInMethods, getEnv } from "./env.server";

/** A fresh value per request for the CSP's script nonce (128 random bits). */
export const newNonce = () => randomBytes(16).toString("base64");

/**
 * Scripts run only from our own origin or inline with this response's nonce (Remix's hydration
 * and scroll scripts, React's streaming scripts). Inline `style` attributes stay allowed (React
 * renders some), `<style>` elements do not. Forms post only to us, and to the enabled OAuth
 * providers: the sign-in buttons post to /auth/<provider>, which redirects the form there, and
 * browsers hold that redirect to form-action. No page may be framed.
 */
export function contentSecurityPolicy(nonce: string, formTargets: readonly string[] = []): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self'",
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    ["form-action 'self'", ...formTargets].join(" "),
    "frame-ancestors 'none'",
  ].join("; ");
}

let oauthOrigins: string[] | undefined;

/** Where the enabled OAuth providers' authorization pages live (the env is fixed for the process). */
function oauthAuthorizationOrigins(): string[] {
  if (oauthOrigins) return oauthOrigins;
  const env = getEnv();
  const methods = enabledSignInMethods(env);
  oauthOrigins = [
    ...(methods.includes("google") ? [new URL(env.GOOGLE_ACCOUNTS_URL).origin] : []),
    ...(methods.includes("microsoft") ? [new URL(env.MICROSOFT_LOGIN_URL).origin] : []),
  ];
  return oauthOrigins;
}

/** One year; not includeSubDomains, since other hosts under the same domain are not ours to decide. */
export const HSTS = "max-age=31536000";

/**
 * Whether people reach the app over https: this request came over https (the socket, or
 * X-Forwarded-Proto when TRUST_PROXY=true, so a client cannot claim it on its own), or APP_URL is
 * https, since browsers then use https whatever the last hop was. The session cookie's Secure flag
 * and HSTS both follow it.
 */
export const reachedOverHttps = (requestIsHttps: boolean) => requestIsHttps || getEnv().APP_URL.startsWith("https://");

/** Every response's security headers; `requestIsHttps` is Express's req.secure. */
export function securityHeaders(nonce: string, requestIsHttps: boolean): Record<string, string> {
  const https = reachedOverHttps(requestIsHttps);
  return {
    "Content-Security-Policy": contentSecurityPolicy(nonce, oauthAuthorizationOrigins()),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    ...(https ? { "Strict-Transport-Security": HSTS } : {}),
  };
}
