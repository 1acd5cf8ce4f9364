import type { LoaderFunctionArgs } from "@remix-run/node";
import { toRouteError } from "../lib/api.server";
import { requireUser } from "../lib/auth.server";

/** The running data job and the latest re-detections and re-scores, for /admin/missions' live progress; polled every second. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, requestId } = await requireUser(request, context);
  return api.mission.activity().catch(toRouteError(request, requestId));
}
