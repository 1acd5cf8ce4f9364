import { createCookie } from "@remix-run/node";
import { getEnv } from "./env.server";

// The cookie holds only the session token; the session itself lives in the database, so
// signing out, deactivation and "sign out everywhere" take effect at once on every instance.
let cookie: ReturnType<typeof createCookie> | undefined;

export function sessionCookie() {
  if (cookie) return cookie;
  const env = getEnv();
  cookie = createCookie("mb_session", {
    httpOnly: true,
    sameSite: "lax",
    // Secure whenever people reach the app over https (APP_URL), so a plain-http demo still works.
    secure: env.APP_URL.startsWith("https://"),
    path: "/",
    secrets: [env.SESSION_SECRET],
  });
  return cookie;
}

export async function readSessionToken(request: Request): Promise<string | null> {
  const value = await sessionCookie().parse(request.headers.get("cookie"));
  return typeof value === "string" ? value : null;
}

export const commitSessionToken = (token: string, expiresAt: Date) => sessionCookie().serialize(token, { expires: expiresAt });

export const clearSessionToken = () => sessionCookie().serialize("", { maxAge: 0 });
