import { bakePng } from "@missionboard/api";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { toRouteError } from "../lib/api.server";
import { artworkPng } from "../lib/artwork.server";
import { requireUser } from "../lib/auth.server";
import { fileResponse } from "../lib/downloads.server";

const FILE = /^([0-9a-f-]{36})\.(json|png|jwt)$/i;

/**
 * GET /student/credentials/<itemId>.json | .png | .jwt: the learner's Open Badges credential for a
 * badge they hold, issued on first download (idempotent): the signed JSON, the badge artwork with
 * the credential baked in (iTXt `openbadgecredential`), or the VC-JWT.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const match = FILE.exec(params.file ?? "");
  if (!match?.[1] || !match[2]) throw new Response("Not found", { status: 404 });
  const { api, requestId } = await requireUser(request, context);
  const itemId = match[1].toLowerCase();
  const format = match[2].toLowerCase();
  const fail = toRouteError(request, requestId);
  const credential = await api.credential.download({ itemId }).catch(fail);
  const name = `credential-${credential.id}`;
  if (format === "json") return fileResponse(credential.json, "application/vc+ld+json", `${name}.json`);
  if (format === "jwt") return fileResponse(credential.jwt, "application/vc+jwt", `${name}.jwt`);
  const art = await api.catalog.artwork({ id: itemId }).catch(fail);
  return fileResponse(new Uint8Array(bakePng(artworkPng(art), credential.json)), "image/png", `${name}.png`);
}
