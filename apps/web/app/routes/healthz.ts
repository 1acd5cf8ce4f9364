import type { LoaderFunctionArgs } from "@remix-run/node";
import pkg from "../../package.json";
import { getApi } from "../lib/api.server";

/** Liveness and readiness for load balancers: 200 when the database answers, 503 when it does not. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  try {
    const { api } = await getApi(request, context);
    const db = await api.system.health();
    return Response.json(
      { status: db.ok ? "ok" : "unavailable", version: pkg.version, db },
      { status: db.ok ? 200 : 503, headers: { "Cache-Control": "no-store" } },
    );
  } catch {
    return Response.json(
      { status: "unavailable", version: pkg.version, db: { ok: false } },
      { status: 503, headers: { "Cache-Control": "no-store" } },
    );
  }
}
