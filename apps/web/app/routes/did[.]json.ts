import type { LoaderFunctionArgs } from "@remix-run/node";
import { appUrlHasPath, publicJson } from "../lib/credentials.server";
import { appSettings } from "../lib/settings.server";

/**
 * GET /did.json: the DID document when APP_URL has a path (did:web resolves did:web:host:path to
 * <path>/did.json; a proxy that mounts the app under that path strips it before it reaches here).
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  if (!appUrlHasPath(appSettings().appUrl)) throw new Response("Not found", { status: 404 });
  return publicJson(request, context, "application/did+json", (api) => api.credential.didDocument());
}
