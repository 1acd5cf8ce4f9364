import { createCookie } from "@remix-run/node";
import { getEnv } from "./env.server";
import { reachedOverHttps } from "./security-headers.server";

// The cookie holds only the session token; the session itself lives in the database, so
// signing out, deactivation and "sign out everywhere" take effect at once on every instance.
let cookie: ReturnType<typeof createCookie> | undefined;

export function sessionCookie() {
  if (cookie) return cookie;
  const env = getEnv();
  cookie = createCookie("mb_session", { httpOnly: true, sameSite: "lax", path: "/", secrets: [env.SESSION_SECRET] });
  return cookie;
}

/** The request URL's scheme is the socket's, or X-Forwarded-Proto's behind TRUST_PROXY=true (server.mjs builds it). */
export const isHttps = (request: Request) => reachedOverHttps(new URL(request.url).protocol === "https:");

export async function readSessionToken(request: Request): Promise<string | null> {
  const value = await sessionCookie().parse(request.headers.get("cookie"));
  return typeof value === "string" ? value : null;
}

/** Secure whenever the app is reached over https, so a plain-http demo on localhost still signs in. */
export const commitSessionToken = (request: Request, token: string, expiresAt: Date) =>
  sessionCookie().serialize(token, { expires: expiresAt, secure: isHttps(request) });

export const clearSessionToken = (request: Request) => sessionCookie().serialize("", { maxAge: 0, secure: isHttps(request) });
