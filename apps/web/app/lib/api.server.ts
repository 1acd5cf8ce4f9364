import { randomUUID } from "node:crypto";
import { type Caller, type Context, createCaller, INTERNAL_MESSAGE, resolveSessionUser, type SessionUser } from "@missionboard/api";
import { type AppLoadContext, data, redirect } from "@remix-run/node";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { getStore } from "./db.server";
import { getJobs, ingestInputs } from "./jobs.server";
import { logError } from "./log.server";
import { getMailer } from "./mail.server";
import { signInRedirect } from "./safe-redirect";
import { readSessionToken } from "./session.server";
import { appSettings } from "./settings.server";

export interface RequestApi {
  api: Caller;
  user: SessionUser | null;
  requestId: string;
}

export const requestIdOf = (context: AppLoadContext | undefined): string =>
  typeof context?.requestId === "string" ? context.requestId : randomUUID();

/**
 * State-changing requests must come from our own pages. SameSite=Lax cookies already stop most
 * cross-site posts; this also refuses any whose Origin (or Fetch metadata) names another site.
 * `Origin: null` is an opaque origin (a sandboxed frame, a file: or data: page, a post that went
 * through a cross-site redirect): never one of our pages, whose Referrer-Policy keeps the real
 * origin on same-origin posts, so it is refused like any other site. Without an Origin header
 * (scripts, older clients) the request goes through; SameSite still guards the cookie.
 * server.mjs applies it to every request before Remix sees it; getApi applies it again so the
 * dev server and the tRPC endpoint are covered too.
 */
export function isCrossSiteWrite(method: string, url: string, headers: Headers): boolean {
  if (method === "GET" || method === "HEAD" || method === "OPTIONS") return false;
  const site = headers.get("sec-fetch-site");
  if (site === "cross-site" || site === "same-site") return true;
  const origin = headers.get("origin");
  return origin !== null && origin !== new URL(url).origin;
}

export const CROSS_SITE_MESSAGE = "This form was submitted from another site and was refused.";

function assertSameOrigin(request: Request): void {
  if (isCrossSiteWrite(request.method, request.url, request.headers)) throw data({ message: CROSS_SITE_MESSAGE }, { status: 403 });
}

const usersOfRequests = new WeakMap<AppLoadContext, Promise<SessionUser | null>>();

/**
 * The signed-in user of this request, from the session cookie. A page's GET runs the root loader
 * and its route's loaders with one load context (server.mjs makes one per request): they share one
 * look-up. Other methods look up afresh each time, since an action may change the user.
 */
export function requestUser(request: Request, context?: AppLoadContext): Promise<SessionUser | null> {
  const lookUp = async () =>
    resolveSessionUser(await getStore(), await readSessionToken(request), new Date(), appSettings().sessionIdleMinutes);
  if (!context || (request.method !== "GET" && request.method !== "HEAD")) return lookUp();
  let user = usersOfRequests.get(context);
  if (!user) {
    user = lookUp();
    usersOfRequests.set(context, user);
  }
  return user;
}

/** The api context for this request: the signed-in user is resolved from the session cookie. */
export async function createRequestContext(request: Request, context?: AppLoadContext): Promise<Context> {
  assertSameOrigin(request);
  const db = await getStore();
  const settings = appSettings();
  const user = await requestUser(request, context);
  return {
    db,
    user,
    now: () => new Date(),
    requestId: requestIdOf(context),
    clientIp: typeof context?.clientIp === "string" ? context.clientIp : null,
    settings,
    mail: await getMailer(),
    jobs: await getJobs(),
    ingest: ingestInputs(),
  };
}

/** The tRPC caller for this request (loaders and actions call the routers through it). */
export async function getApi(request: Request, context?: AppLoadContext): Promise<RequestApi> {
  const ctx = await createRequestContext(request, context);
  return { api: createCaller(ctx), user: ctx.user, requestId: ctx.requestId };
}

/**
 * Turns a tRPC error into what a route should do: sign-in redirect for 401, an error page with a
 * message a person understands otherwise. Unexpected errors are logged with the request id.
 */
export function toRouteError(request: Request, requestId?: string) {
  return (error: unknown): never => {
    if (error instanceof TRPCError) {
      if (error.code === "UNAUTHORIZED") throw redirect(signInRedirect(request));
      if (error.code === "INTERNAL_SERVER_ERROR") logError(error.cause ?? error, { requestId });
      throw data({ message: error.message, requestId }, { status: getHTTPStatusCodeFromError(error) });
    }
    logError(error, { requestId });
    throw data({ message: INTERNAL_MESSAGE, requestId }, { status: 500 });
  };
}

/** Field errors from a rejected input, for forms to show next to each field (status 400). */
export function fieldErrorsOf(error: unknown): Record<string, string> | null {
  if (!(error instanceof TRPCError) || error.code !== "BAD_REQUEST") return null;
  const cause = error.cause as { issues?: { path: PropertyKey[]; message: string }[]; field?: string } | undefined;
  if (cause?.issues) {
    const errors: Record<string, string> = {};
    for (const issue of cause.issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
    return errors;
  }
  return { [cause?.field ?? "form"]: error.message };
}
