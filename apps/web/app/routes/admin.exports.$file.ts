// Export downloads: /admin/exports/<table>.csv (streamed page by page) and /admin/exports/<table>.xlsx.
// The api checks the permission (export.run) and audits the download before any row is read.

import { ExportBeginInputSchema } from "@missionboard/api";
import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { toRouteError } from "../lib/api.server";
import { requireUser } from "../lib/auth.server";
import { csvResponse, workbookResponse } from "../lib/downloads.server";
import { parseInput } from "../lib/form.server";

/** `<table>.<format>` and `?personalData=1`, read with the export's own schema; null for anything else (404). */
function parseFile(file: string | undefined, params: URLSearchParams) {
  const [, table, format] = /^([a-z]+)\.([a-z]+)$/.exec(file ?? "") ?? [];
  try {
    return parseInput(ExportBeginInputSchema, { table, format, personalData: params.get("personalData") === "1" });
  } catch {
    return null;
  }
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { api, requestId } = await requireUser(request, context);
  const wanted = parseFile(params.file, new URL(request.url).searchParams);
  if (!wanted) throw data({ message: "There is no such export." }, { status: 404 });
  const { personalData } = wanted;
  const fail = toRouteError(request, requestId);
  if (wanted.format === "xlsx") return workbookResponse(await api.export.workbook({ table: wanted.table, personalData }).catch(fail));
  const started = await api.export.begin({ table: wanted.table, format: "csv", personalData }).catch(fail);
  return csvResponse(started, (after) => api.export.page({ table: wanted.table, personalData, ticket: started.ticket, after }), fail);
}
