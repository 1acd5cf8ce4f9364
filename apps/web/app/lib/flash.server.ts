// One-time messages after a redirect ("Request submitted.", "Reload started…"), in a signed,
// httpOnly, SameSite=Lax cookie: the action writes the text, the root loader reads and clears it,
// the layout shows it once. Never taken from the URL, so no link can make a page say anything.
// See docs/decisions/018-typed-forms-and-flash.md.
import { createCookie, redirect } from "@remix-run/node";
import { z } from "zod";
import { getEnv } from "./env.server";
import { isHttps } from "./session.server";

export const FLASH_KINDS = ["success", "info", "error"] as const;
/** Longer messages are cut (a cookie is at most ~4 KB, and a notice is a sentence or two). */
export const FLASH_MAX_CHARS = 500;
/** A flash nobody picked up (the tab was closed mid-redirect) expires on its own. */
const FLASH_MAX_AGE_SECONDS = 10 * 60;

const FlashSchema = z.object({ kind: z.enum(FLASH_KINDS), message: z.string().min(1).max(FLASH_MAX_CHARS) });
export type Flash = z.infer<typeof FlashSchema>;

let cookie: ReturnType<typeof createCookie> | undefined;

function flashCookie() {
  cookie ??= createCookie("mb_flash", {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    maxAge: FLASH_MAX_AGE_SECONDS,
    secrets: [getEnv().SESSION_SECRET],
  });
  return cookie;
}

const truncate = (text: string) => (text.length <= FLASH_MAX_CHARS ? text : `${text.slice(0, FLASH_MAX_CHARS - 1)}…`);

/** The Set-Cookie value that carries `flash` to the next page (Secure by the session cookie's rule). */
export async function flashCookieHeader(request: Request, flash: Flash): Promise<string> {
  return flashCookie().serialize({ kind: flash.kind, message: truncate(flash.message) }, { secure: isHttps(request) });
}

/** A redirect whose next page shows `flash` once; `init.headers` may carry other cookies (e.g. the session's). */
export async function redirectWithFlash(request: Request, to: string, flash: Flash, init: { headers?: HeadersInit } = {}) {
  const headers = new Headers(init.headers);
  headers.append("Set-Cookie", await flashCookieHeader(request, flash));
  return redirect(to, { headers });
}

/**
 * The flash this request carries (null when none, or when its signature or shape is wrong) and the
 * Set-Cookie value that clears it, so it is shown exactly once.
 */
export async function readFlash(request: Request): Promise<{ flash: Flash | null; clear: string | null }> {
  const header = request.headers.get("cookie");
  if (!header?.includes(`${flashCookie().name}=`)) return { flash: null, clear: null };
  const parsed = FlashSchema.safeParse(await flashCookie().parse(header));
  const clear = await flashCookie().serialize("", { maxAge: 0, secure: isHttps(request) });
  return { flash: parsed.success ? parsed.data : null, clear };
}
