import { AuditListInputSchema, type RouterInputs } from "@missionboard/api";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { UtcTime } from "../components/time";
import { DataTable } from "../components/ui/data-table";
import { countOf, FilterForm, IgnoredFilters } from "../components/ui/filter-form";
import { Pager } from "../components/ui/pager";
import { toRouteError } from "../lib/api.server";
import { requireUser } from "../lib/auth.server";
import { fieldName } from "../lib/field-name";
import { parseSearch } from "../lib/form.server";

export const meta: MetaFunction = () => [{ title: "Audit log · Missionboard" }];

type ListInput = NonNullable<RouterInputs["audit"]["list"]>;
const listField = fieldName<ListInput>;
/** Query parameters named differently from the list input's fields. */
const QUERY_NAMES = { actorId: "actor" } as const;

/** The day after `date`: "to" names a whole day, the list wants its end. */
const nextDay = (date: Date) => new Date(date.getTime() + 24 * 60 * 60 * 1000);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, requestId } = await requireUser(request, context);
  const { value, ignored } = parseSearch(new URL(request.url).searchParams, AuditListInputSchema.omit({ pageSize: true }), QUERY_NAMES);
  const [filters, page] = await Promise.all([
    api.audit.filters(),
    api.audit.list({ ...value, pageSize: 50, to: value.to && nextDay(value.to) }),
  ]).catch(toRouteError(request, requestId));
  return { page, filters, ignored };
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

/** A resolved id: its name, linked to its page when it has one (issue 11 #6). */
function RefText({ text, href }: { text: string; href: string | null }) {
  return href ? <Link to={href}>{text}</Link> : text;
}

export default function AuditLog() {
  const { page, filters, ignored } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <section>
      <h1>Audit log</h1>
      <FilterForm label="Filter the audit log" clearTo="/admin/audit">
        <label>
          Action
          <select name={listField("action")} defaultValue={params.get("action") ?? ""}>
            <option value="">Any action</option>
            {filters.actions.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
        </label>
        <label>
          Actor
          <select name={QUERY_NAMES.actorId} defaultValue={params.get(QUERY_NAMES.actorId) ?? ""}>
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
          <input name={listField("entityType")} defaultValue={params.get("entityType") ?? ""} maxLength={64} />
        </label>
        <label>
          Entity id
          <input name={listField("entityId")} defaultValue={params.get("entityId") ?? ""} maxLength={200} />
        </label>
        <label>
          From
          <input type="date" name={listField("from")} defaultValue={params.get("from") ?? ""} />
        </label>
        <label>
          To
          <input type="date" name={listField("to")} defaultValue={params.get("to") ?? ""} />
        </label>
      </FilterForm>
      <IgnoredFilters ignored={ignored} labels={FIELD_LABELS} />
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
                <td data-testid="audit-entity">
                  {entry.entity ? <RefText text={entry.entity.label} href={entry.entity.href} /> : <span className="muted">system</span>}
                </td>
                <td className="details">
                  {entry.details.map((d) => (
                    <span key={d.key} className="kv">
                      {d.key}: <RefText text={d.text} href={d.href} />
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
