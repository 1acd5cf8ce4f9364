// The campaign credits workbook: /campaign/report.xlsx (staff, pseudonymised) and
// /campaign/report.xlsx?identified=1 (admins: names and emails). The api checks the permission
// (analytics.read, export.run for names) and audits the download (docs/product/credits.md §C-14).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { toRouteError } from "../lib/api.server";
import { requireUser } from "../lib/auth.server";
import { workbookResponse } from "../lib/downloads.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, requestId } = await requireUser(request, context);
  const identified = new URL(request.url).searchParams.get("identified") === "1";
  return workbookResponse(await api.creditReport.workbook({ identified }).catch(toRouteError(request, requestId)));
}
