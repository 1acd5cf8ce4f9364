import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { DataTable } from "../components/data-table";
import { countOf, FilterErrors, FilterForm } from "../components/filters";
import { Pager } from "../components/pager";
import { UtcTime } from "../components/time";
import { fieldErrorsOf, toRouteError } from "../lib/api.server";
import { requireUser } from "../lib/auth.server";

export const meta: MetaFunction = () => [{ title: "Audit log · Missionboard" }];

const text = (params: URLSearchParams, key: string) => params.get(key)?.trim() || undefined;
/** A date field's value as the start of that day in UTC; `endOfDay` moves it to the next midnight. */
const day = (params: URLSearchParams, key: string, endOfDay = false) => {
  const value = text(params, key);
  if (!value) return undefined;
  const date = new Date(`${value}T00:00:00.000Z`);
  if (endOfDay) date.setUTCDate(date.getUTCDate() + 1);
  return date;
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, requestId } = await requireUser(request, context);
  const params = new URL(request.url).searchParams;
  const filters = await api.audit.filters().catch(toRouteError(request, requestId));
  try {
    const page = await api.audit.list({
      page: Number(params.get("page") ?? 1),
      pageSize: 50,
      action: text(params, "action") as never,
      actorId: text(params, "actor"),
      entityType: text(params, "entityType"),
      entityId: text(params, "entityId"),
      from: day(params, "from"),
      to: day(params, "to", true),
    });
    return { page, filters, fieldErrors: null };
  } catch (error) {
    const fieldErrors = fieldErrorsOf(error);
    if (!fieldErrors) return toRouteError(request, requestId)(error);
    return data({ page: null, filters, fieldErrors }, { status: 400 });
  }
}

const FIELD_LABELS: Record<string, string> = {
  action: "Action",
  actorId: "Actor",
  from: "From",
  to: "To",
  page: "Page",
  entityType: "Entity type",
  entityId: "Entity id",
};

export default function AuditLog() {
  const { page, filters, fieldErrors } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <section>
      <h1>Audit log</h1>
      <FilterForm label="Filter the audit log" clearTo="/admin/audit">
        <label>
          Action
          <select name="action" defaultValue={params.get("action") ?? ""}>
            <option value="">Any action</option>
            {filters.actions.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
        </label>
        <label>
          Actor
          <select name="actor" defaultValue={params.get("actor") ?? ""}>
            <option value="">Anyone</option>
            {filters.actors.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Entity type
          <input name="entityType" defaultValue={params.get("entityType") ?? ""} maxLength={64} />
        </label>
        <label>
          Entity id
          <input name="entityId" defaultValue={params.get("entityId") ?? ""} maxLength={200} />
        </label>
        <label>
          From
          <input type="date" name="from" defaultValue={params.get("from") ?? ""} />
        </label>
        <label>
          To
          <input type="date" name="to" defaultValue={params.get("to") ?? ""} />
        </label>
      </FilterForm>
      <FilterErrors errors={fieldErrors} labels={FIELD_LABELS} />
      {page ? (
        <>
          <p className="muted">{countOf(page.total, "entry", "entries")}</p>
          <DataTable
            columns={["When (UTC)", "Actor", "Action", "Entity", "Details"]}
            rowCount={page.items.length}
            empty="No entries match these filters."
          >
            {page.items.map((entry) => (
              <tr key={entry.id}>
                <td>
                  <UtcTime value={entry.createdAt} />
                </td>
                <td>{entry.actorName ?? <span className="muted">system</span>}</td>
                <td>
                  <code>{entry.action}</code>
                </td>
                <td>
                  {entry.entityType}
                  {entry.entityId ? <span className="muted"> {entry.entityId.slice(0, 8)}</span> : null}
                </td>
                <td className="details">
                  {Object.entries(entry.metadata).map(([k, v]) => (
                    <span key={k} className="kv">
                      {k}: {String(v)}
                    </span>
                  ))}
                </td>
              </tr>
            ))}
          </DataTable>
          <Pager page={page.page} pageCount={page.pageCount} />
        </>
      ) : null}
    </section>
  );
}
