import { STATUS_LIST_NUMBER } from "@missionboard/core";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { publicJson } from "../lib/credentials.server";

/** GET /credentials/status/1: the signed BitstringStatusListCredential every credential points at. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  if (params.number !== String(STATUS_LIST_NUMBER)) throw new Response("Not found", { status: 404 });
  return publicJson(request, context, "application/vc+ld+json", async (api) => (await api.credential.statusList()).json);
}
