import { OutboxListInputSchema, type RouterInputs } from "@missionboard/api";
import { MAIL_STATUSES } from "@missionboard/core";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { UtcTime } from "../components/time";
import { DataTable } from "../components/ui/data-table";
import { countOf, FilterForm, IgnoredFilters } from "../components/ui/filter-form";
import { Pager } from "../components/ui/pager";
import { toRouteError } from "../lib/api.server";
import { requireUser } from "../lib/auth.server";
import { getEnv } from "../lib/env.server";
import { fieldName } from "../lib/field-name";
import { parseSearch } from "../lib/form.server";

export const meta: MetaFunction = () => [{ title: "Outbox · Missionboard" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, requestId } = await requireUser(request, context);
  const smtpConfigured = Boolean(getEnv().SMTP_URL);
  const { value, ignored } = parseSearch(new URL(request.url).searchParams, OutboxListInputSchema.omit({ pageSize: true }));
  const page = await api.outbox.list({ ...value, pageSize: 25 }).catch(toRouteError(request, requestId));
  return { page, smtpConfigured, ignored };
}

const listField = fieldName<RouterInputs["outbox"]["list"]>;

export default function Outbox() {
  const { page, smtpConfigured, ignored } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <section>
      <h1>Outbox</h1>
      <p className="card" role="note">
        {smtpConfigured
          ? "Mail is sent through SMTP; bodies are erased once sent."
          : "SMTP is not configured: mail is kept here instead of being sent."}
      </p>
      <FilterForm label="Filter the outbox" clearTo="/admin/outbox">
        <label>
          Status
          <select name={listField("status")} defaultValue={params.get("status") ?? ""}>
            <option value="">Any status</option>
            {MAIL_STATUSES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
      </FilterForm>
      <IgnoredFilters ignored={ignored} labels={{ status: "Status", page: "Page" }} />
      {page ? (
        <>
          <p className="muted">{countOf(page.total, "message", "messages")}</p>
          <DataTable
            columns={["Created (UTC)", "To", "Subject", "Status", "Attempts", "Sent (UTC)", "Last error"]}
            rowCount={page.items.length}
            empty={`No messages${params.get("status") ? " with this status" : ""}.`}
          >
            {page.items.map((m) => (
              <tr key={m.id}>
                <td>
                  <UtcTime value={m.createdAt} />
                </td>
                <td>{m.to}</td>
                <td>
                  {m.subject}
                  {m.text !== null ? (
                    <details open>
                      <summary>Message</summary>
                      <pre style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere", margin: "0.5rem 0 0" }}>{m.text}</pre>
                    </details>
                  ) : null}
                </td>
                <td>
                  <code>{m.status}</code>
                </td>
                <td>{m.attempts}</td>
                <td>
                  <UtcTime value={m.sentAt} />
                </td>
                <td>{m.lastError ?? <span className="muted">—</span>}</td>
              </tr>
            ))}
          </DataTable>
          <Pager page={page.page} pageCount={page.pageCount} />
        </>
      ) : null}
    </section>
  );
}
