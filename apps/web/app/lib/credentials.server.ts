// The public JSON documents of the Open Badges issuer (ADR 030): DID document, issuer profile and
// status list. Verifiers in browsers fetch them cross-origin, so they allow any origin; they hold
// no personal data.
import type { AppLoadContext } from "@remix-run/node";
import { TRPCError } from "@trpc/server";
import { getApi, toRouteError } from "./api.server";

const HEADERS = {
  "Access-Control-Allow-Origin": "*",
  "X-Content-Type-Options": "nosniff",
  // Short: a revocation re-signs the status list, and verifiers must see it soon.
  "Cache-Control": "public, max-age=60",
};

/** Serves `produce`'s JSON with `contentType`; the api's NotFound becomes a 404. */
export async function publicJson(
  request: Request,
  context: AppLoadContext | undefined,
  contentType: string,
  produce: (api: Awaited<ReturnType<typeof getApi>>["api"]) => Promise<unknown>,
): Promise<Response> {
  const { api, requestId } = await getApi(request, context);
  const body = await produce(api).catch((error: unknown) => {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST"))
      throw new Response("Not found", { status: 404 });
    return toRouteError(request, requestId)(error);
  });
  return new Response(typeof body === "string" ? body : JSON.stringify(body), { headers: { ...HEADERS, "Content-Type": contentType } });
}

/** did:web puts the DID document at /.well-known/did.json, or at <path>/did.json when APP_URL has a path. */
export const appUrlHasPath = (appUrl: string): boolean => new URL(appUrl).pathname.replace(/\/+$/, "") !== "";
