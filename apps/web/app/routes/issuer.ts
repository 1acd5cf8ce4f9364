import type { LoaderFunctionArgs } from "@remix-run/node";
import { publicJson } from "../lib/credentials.server";

/** GET /issuer: the issuer profile (OB 3.0 Profile) as JSON-LD. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  return publicJson(request, context, "application/ld+json", (api) => api.credential.issuerProfile());
}
