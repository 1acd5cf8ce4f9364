import type { LoaderFunctionArgs } from "@remix-run/node";
import { toRouteError } from "../lib/api.server";
import { requireUser } from "../lib/auth.server";

/** The running reload (processed / total) for /admin/data's live progress bar; polled every second. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, requestId } = await requireUser(request, context);
  const current = await api.reload.current().catch(toRouteError(request, requestId));
  return { current };
}
