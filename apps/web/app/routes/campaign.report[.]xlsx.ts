// The campaign credits workbook a credits-report job built (ADR 028): /campaign/report.xlsx?run=<id>,
// for the staff member who started it on /campaign. The api checks the permission (analytics.read,
// export.run for a workbook with names), that the run is theirs and finished, and audits the
// download (docs/product/credits.md §C-14). Without a run: back to /campaign to build one.
import { CreditReportRunInputSchema } from "@missionboard/api";
import { type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { toRouteError } from "../lib/api.server";
import { requireUser } from "../lib/auth.server";
import { workbookResponse } from "../lib/downloads.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, requestId } = await requireUser(request, context);
  const run = CreditReportRunInputSchema.safeParse({ runId: new URL(request.url).searchParams.get("run") });
  if (!run.success) throw redirect("/campaign");
  return workbookResponse(await api.creditReport.download(run.data).catch(toRouteError(request, requestId)));
}
