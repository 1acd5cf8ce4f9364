import type { LoaderFunctionArgs } from "@remix-run/node";
import { appUrlHasPath, publicJson } from "../lib/credentials.server";
import { appSettings } from "../lib/settings.server";

/** GET /.well-known/did.json: the issuer's DID document (did:web of APP_URL), every key listed. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  if (appUrlHasPath(appSettings().appUrl)) throw new Response("Not found", { status: 404 });
  return publicJson(request, context, "application/did+json", (api) => api.credential.didDocument());
}
