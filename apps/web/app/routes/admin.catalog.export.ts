import type { LoaderFunctionArgs } from "@remix-run/node";
import { toRouteError } from "../lib/api.server";
import { requireUser } from "../lib/auth.server";

/** GET /admin/catalog/export: the whole catalog as a JSON download (catalog.manage). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, requestId } = await requireUser(request, context);
  const document = await api.catalog.export().catch(toRouteError(request, requestId));
  const day = new Date().toISOString().slice(0, 10);
  return new Response(`${JSON.stringify(document, null, 2)}\n`, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="missionboard-catalog-${day}.json"`,
      "Cache-Control": "no-store",
    },
  });
}
