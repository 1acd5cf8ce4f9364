import { ExportBeginInputSchema, type RouterInputs } from "@missionboard/api";
import { EXPORT_FORMATS } from "@missionboard/core";
import { type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { Download } from "lucide-react";
import { Button } from "../components/ui/button";
import { Checkbox, RadioGroup } from "../components/ui/fieldset";
import { IgnoredFilters } from "../components/ui/filter-form";
import { toRouteError } from "../lib/api.server";
import { requireUser } from "../lib/auth.server";
import { fieldName } from "../lib/field-name";
import { parseSearch } from "../lib/form.server";

const ExportQuerySchema = ExportBeginInputSchema.partial();

export const meta: MetaFunction = () => [{ title: "Exports · Missionboard" }];

const FORMAT_LABELS = { csv: "CSV (streamed, any size)", xlsx: "Excel workbook (.xlsx)" } as const;

/** A choice submitted with the form (GET) becomes the download's address: /admin/exports/<table>.<format>. */
export function downloadPath(table: string, format: string, personalData: boolean) {
  return `/admin/exports/${table}.${format}${personalData ? "?personalData=1" : ""}`;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, requestId } = await requireUser(request, context);
  const tables = await api.export.tables().catch(toRouteError(request, requestId));
  const { value, ignored } = parseSearch(new URL(request.url).searchParams, ExportQuerySchema);
  if (value.table && value.format) throw redirect(downloadPath(value.table, value.format, value.personalData ?? false));
  return { tables, ignored };
}

const field = fieldName<RouterInputs["export"]["begin"]>;

export default function Exports() {
  const { tables, ignored } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1>Exports</h1>
      <IgnoredFilters ignored={ignored} labels={{ table: "Table", format: "Format", personalData: "Personal data" }} />
      <p className="muted">
        Names and email addresses are replaced by a pseudonym such as <code>user-3f9a1c2b4d5e</code>: the same person has the same pseudonym
        in every file, so files can still be joined. Dates are ISO 8601 in UTC. Every download is recorded in the audit log.
      </p>
      <Form method="get" reloadDocument className="card stack" aria-label="Download an export">
        <RadioGroup
          legend="Table"
          name={field("table")}
          options={tables.map((t) => ({ value: t.table, label: t.title, hint: t.description }))}
          defaultValue={tables[0]?.table}
          required
        />
        <RadioGroup
          legend="Format"
          name={field("format")}
          options={EXPORT_FORMATS.map((f) => ({ value: f, label: FORMAT_LABELS[f] }))}
          defaultValue={EXPORT_FORMATS[0]}
          required
        />
        <Checkbox
          name={field("personalData")}
          label="Include personal data (names and emails)"
          hint="This choice is recorded in the audit log."
        />
        <div>
          <Button type="submit" variant="primary" icon={Download}>
            Download
          </Button>
        </div>
      </Form>
      <details className="card">
        <summary>Columns per table</summary>
        <ul>
          {tables.map((t) => (
            <li key={t.table}>
              <strong>{t.title}</strong>: {t.redactedColumns.join(", ")}
              {t.columns.length > t.redactedColumns.length
                ? `; with personal data also ${t.columns.filter((c) => !t.redactedColumns.includes(c)).join(", ")}`
                : ""}
            </li>
          ))}
        </ul>
      </details>
    </section>
  );
}
