import type { Role } from "@missionboard/core";
import type { AppLoadContext } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getApi } from "./api.server";

export const HOME_BY_ROLE: Record<Role, string> = { admin: "/admin", assistant: "/staff", student: "/student" };

/** Only same-site relative paths are followed after sign-in (no open redirects). */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}

/** For pages that need a signed-in user: the caller and user, or a redirect to sign in. */
export async function requireUser(request: Request, context?: AppLoadContext) {
  const session = await getApi(request, context);
  if (!session.user) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return { ...session, user: session.user };
}
