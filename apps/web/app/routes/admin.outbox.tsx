import { MAIL_STATUSES } from "@missionboard/core";
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { DataTable } from "../components/data-table";
import { countOf, FilterErrors, FilterForm } from "../components/filters";
import { Pager } from "../components/pager";
import { UtcTime } from "../components/time";
import { fieldErrorsOf, toRouteError } from "../lib/api.server";
import { requireUser } from "../lib/auth.server";
import { getEnv } from "../lib/env.server";

export const meta: MetaFunction = () => [{ title: "Outbox · Missionboard" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, requestId } = await requireUser(request, context);
  const params = new URL(request.url).searchParams;
  const smtpConfigured = Boolean(getEnv().SMTP_URL);
  try {
    const page = await api.outbox.list({
      page: Number(params.get("page") ?? 1),
      pageSize: 25,
      status: (params.get("status")?.trim() || undefined) as never,
    });
    return { page, smtpConfigured, fieldErrors: null };
  } catch (error) {
    const fieldErrors = fieldErrorsOf(error);
    if (!fieldErrors) return toRouteError(request, requestId)(error);
    return data({ page: null, smtpConfigured, fieldErrors }, { status: 400 });
  }
}

export default function Outbox() {
  const { page, smtpConfigured, fieldErrors } = useLoaderData<typeof loader>();
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
          <select name="status" defaultValue={params.get("status") ?? ""}>
            <option value="">Any status</option>
            {MAIL_STATUSES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
      </FilterForm>
      <FilterErrors errors={fieldErrors} labels={{ status: "Status", page: "Page" }} />
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
