import type { LoaderFunctionArgs } from "@remix-run/node";
import { TRPCError } from "@trpc/server";
import { getApi, toRouteError } from "../lib/api.server";
import { artworkPng, artworkSvg, etagOf } from "../lib/artwork.server";

const FILE = /^([0-9a-f-]{36})\.(png|svg)$/i;

/**
 * GET /badge-image/:id.png and /badge-image/:id.svg (docs/product/badges.md §B-8): an item's
 * artwork, uploaded or generated. Public for visible items (emails and credentials link it),
 * cached by ETag; a `?v=` (the item's version, as pages link it) makes it cacheable for good.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const match = FILE.exec(params.file ?? "");
  if (!match?.[1] || !match[2]) throw new Response("Not found", { status: 404 });
  const { api, user, requestId } = await getApi(request, context);
  const art = await api.catalog.artwork({ id: match[1].toLowerCase() }).catch((error: unknown) => {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST"))
      throw new Response("Not found", { status: 404 });
    return toRouteError(request, requestId)(error);
  });
  const svg = match[2].toLowerCase() === "svg";
  const body: string | Uint8Array<ArrayBuffer> = svg ? artworkSvg(art) : new Uint8Array(artworkPng(art));
  const etag = etagOf(body);
  const versioned = new URL(request.url).searchParams.get("v") === String(art.version);
  // Staff may see inactive items' artwork: what they get is not for shared caches.
  const scope = user && user.role !== "student" ? "private" : "public";
  const headers = {
    "Content-Type": svg ? "image/svg+xml; charset=utf-8" : "image/png",
    "Cache-Control": versioned ? `${scope}, max-age=31536000, immutable` : `${scope}, max-age=300, must-revalidate`,
    ETag: etag,
    // An SVG opened on its own: no script, nothing fetched; only its own embedded image.
    "Content-Security-Policy": "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox",
  };
  if (request.headers.get("If-None-Match") === etag) return new Response(null, { status: 304, headers });
  return new Response(body, { headers });
}
