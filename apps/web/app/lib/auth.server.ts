import type { SessionUser } from "@missionboard/api";
import type { Role } from "@missionboard/core";
import type { AppLoadContext } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getApi, requestUser } from "./api.server";
import { signInRedirect } from "./safe-redirect";

export const HOME_BY_ROLE: Record<Role, string> = { admin: "/admin", assistant: "/staff", student: "/student" };

/**
 * Where a signed-in user must go before anything else: onboarding until it is complete, then the
 * waiting page while their account is pending (onboarding comes first so staff decide with the
 * answers, docs/product/identity.md §I-4), otherwise nowhere (null).
 */
export function gateFor(user: SessionUser): string | null {
  if (!user.onboarded) return "/onboarding";
  if (user.status === "pending") return "/pending";
  return null;
}

/** The page a user lands on after signing in. */
export const landingFor = (user: SessionUser): string => gateFor(user) ?? HOME_BY_ROLE[user.role];

/** For pages that need any signed-in user (even one still pending or onboarding). */
export async function requireSession(request: Request, context?: AppLoadContext) {
  const session = await getApi(request, context);
  if (!session.user) throw redirect(signInRedirect(request));
  return { ...session, user: session.user };
}

/** For the app's pages: signed in, approved and onboarded; otherwise sent where they must go. */
export async function requireUser(request: Request, context?: AppLoadContext) {
  const session = await requireSession(request, context);
  const gate = gateFor(session.user);
  if (gate) throw redirect(gate);
  return session;
}

/**
 * Who the app's header is for on pages that have no loader data of their own (the 403 and 404
 * pages): the signed-in user who may use the app, or null. Never redirects.
 */
export async function getShellUser(request: Request, context?: AppLoadContext): Promise<{ name: string; role: Role } | null> {
  const user = await requestUser(request, context);
  return user && !gateFor(user) ? { name: user.name, role: user.role } : null;
}
