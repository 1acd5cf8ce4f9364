// Export downloads: /admin/exports/<table>.csv (streamed page by page) and /admin/exports/<table>.xlsx.
// The api checks the permission (export.run) and audits the download before any row is read.

import { csvStream, ExportBeginInputSchema } from "@missionboard/api";
import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { toRouteError } from "../lib/api.server";
import { requireUser } from "../lib/auth.server";
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

const disposition = (fileName: string) => `attachment; filename="${fileName}"`;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { api, requestId } = await requireUser(request, context);
  const wanted = parseFile(params.file, new URL(request.url).searchParams);
  if (!wanted) throw data({ message: "There is no such export." }, { status: 404 });
  const { personalData } = wanted;
  const fail = toRouteError(request, requestId);
  const headers = { "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" };

  if (wanted.format === "xlsx") {
    const file = await api.export.workbook({ table: wanted.table, personalData }).catch(fail);
    return new Response(Buffer.from(file.base64, "base64"), {
      headers: { ...headers, "Content-Type": file.contentType, "Content-Disposition": disposition(file.fileName) },
    });
  }

  const started = await api.export.begin({ table: wanted.table, format: "csv", personalData }).catch(fail);
  // Read the first page before answering, so a failure is a proper error page rather than a cut-off file.
  const first = await api.export.page({ table: wanted.table, personalData, ticket: started.ticket, after: null }).catch(fail);
  let pending: typeof first | null = first;
  const stream = csvStream(async (after) => {
    if (pending) {
      const page = pending;
      pending = null;
      return page;
    }
    return api.export.page({ table: wanted.table, personalData, ticket: started.ticket, after });
  });
  return new Response(stream, {
    headers: { ...headers, "Content-Type": started.contentType, "Content-Disposition": disposition(started.fileName) },
  });
}
