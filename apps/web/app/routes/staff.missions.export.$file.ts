// Mission export downloads: /staff/missions/export/<table>.csv (streamed page by page) and
// /staff/missions/export/<table>.xlsx, tables leaderboard, challenge-results, mission-funnel and
// chats, with the pages' filters in the query string and `identified=1` for names and emails
// (admins only). The api checks the permission (analytics.read) and audits before any row is read.
import { MissionExportBeginInputSchema } from "@missionboard/api";
import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { toRouteError } from "../lib/api.server";
import { requireUser } from "../lib/auth.server";
import { csvResponse, workbookResponse } from "../lib/downloads.server";
import { parseInput } from "../lib/form.server";

const FILTERS = ["board", "week", "mission", "q", "kind", "owner"] as const;

/** `<table>.<format>`, the filters and `identified`, read with the export's own schema; null for anything else. */
function parseFile(file: string | undefined, params: URLSearchParams) {
  const [, table, format] = /^([a-z-]+)\.([a-z]+)$/.exec(file ?? "") ?? [];
  const input: Record<string, string | boolean | undefined> = { table, format, identified: params.get("identified") === "1" };
  for (const key of FILTERS) input[key] = params.get(key) ?? undefined;
  try {
    return { ok: true as const, value: parseInput(MissionExportBeginInputSchema, input) };
  } catch (error) {
    return { ok: false as const, error };
  }
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { api, requestId } = await requireUser(request, context);
  const fail = toRouteError(request, requestId);
  const parsed = parseFile(params.file, new URL(request.url).searchParams);
  if (!parsed.ok) {
    // An unknown table or format is no such file; a bad filter says which.
    if (!/^(leaderboard|challenge-results|mission-funnel|chats)\.(csv|xlsx)$/.test(params.file ?? ""))
      throw data({ message: "There is no such export." }, { status: 404 });
    return fail(parsed.error);
  }
  const { format, ...wanted } = parsed.value;
  if (format === "xlsx") return workbookResponse(await api.missionExport.workbook(wanted).catch(fail));
  const started = await api.missionExport.begin({ ...wanted, format: "csv" }).catch(fail);
  return csvResponse(started, (after) => api.missionExport.page({ ...wanted, ticket: started.ticket, after }), fail);
}
