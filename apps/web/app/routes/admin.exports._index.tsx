import { EXPORT_FORMATS, EXPORT_TABLES } from "@missionboard/core";
import { type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { toRouteError } from "../lib/api.server";
import { requireUser } from "../lib/auth.server";

export const meta: MetaFunction = () => [{ title: "Exports · Missionboard" }];

const FORMAT_LABELS = { csv: "CSV (streamed, any size)", xlsx: "Excel workbook (.xlsx)" } as const;

/** A choice submitted with the form (GET) becomes the download's address: /admin/exports/<table>.<format>. */
export function downloadPath(table: string, format: string, personalData: boolean) {
  return `/admin/exports/${table}.${format}${personalData ? "?personalData=1" : ""}`;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, requestId } = await requireUser(request, context);
  const tables = await api.export.tables().catch(toRouteError(request, requestId));
  const params = new URL(request.url).searchParams;
  const table = params.get("table");
  const format = params.get("format");
  if (table && format && (EXPORT_TABLES as readonly string[]).includes(table) && (EXPORT_FORMATS as readonly string[]).includes(format))
    throw redirect(downloadPath(table, format, params.get("personalData") === "on"));
  return { tables };
}

export default function Exports() {
  const { tables } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1>Exports</h1>
      <p className="muted">
        Names and email addresses are replaced by a pseudonym such as <code>user-3f9a1c2b4d5e</code>: the same person has the same pseudonym
        in every file, so files can still be joined. Dates are ISO 8601 in UTC. Every download is recorded in the audit log.
      </p>
      <Form method="get" reloadDocument className="card" aria-label="Download an export">
        <fieldset className="choice">
          <legend>Table</legend>
          {tables.map((t, i) => (
            <label key={t.table} className="option">
              <input type="radio" name="table" value={t.table} defaultChecked={i === 0} required /> <strong>{t.title}</strong> —{" "}
              <span className="muted">{t.description}</span>
            </label>
          ))}
        </fieldset>
        <fieldset className="choice">
          <legend>Format</legend>
          {EXPORT_FORMATS.map((f, i) => (
            <label key={f} className="option">
              <input type="radio" name="format" value={f} defaultChecked={i === 0} required /> {FORMAT_LABELS[f]}
            </label>
          ))}
        </fieldset>
        <label className="option">
          <input type="checkbox" name="personalData" /> Include personal data (names and emails). This choice is recorded in the audit log.
        </label>
        <p>
          <button type="submit" className="button">
            Download
          </button>
        </p>
      </Form>
      <details>
        <summary>Columns per table</summary>
        <ul>
          {tables.map((t) => (
            <li key={t.table}>
              <strong>{t.title}</strong>: {t.columns.join(", ")}
            </li>
          ))}
        </ul>
      </details>
    </section>
  );
}
