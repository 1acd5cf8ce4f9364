import type { LoaderFunctionArgs } from "@remix-run/node";
import { toRouteError } from "../lib/api.server";
import { requireUser } from "../lib/auth.server";

const DATA_URL = /^data:(image\/(?:png|jpeg|webp|gif));base64,([A-Za-z0-9+/]+=*)$/;

/**
 * GET /catalog-icon/:id?v=…: an item's uploaded icon image. Catalog pages link to it instead of
 * inlining up to 256 KB per item; the URL carries the item's version, so the browser keeps it.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { api, requestId } = await requireUser(request, context);
  const icon = await api.catalog.icon({ id: params.id ?? "" }).catch(toRouteError(request, requestId));
  const match = DATA_URL.exec(icon.dataUrl);
  if (!match?.[1] || !match[2]) throw new Response("Not found", { status: 404 });
  return new Response(Buffer.from(match[2], "base64"), {
    headers: {
      "Content-Type": match[1],
      "Cache-Control": "private, max-age=31536000, immutable",
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'",
    },
  });
}
