// /campaign/credits (admin; docs/product/credits.md §C-4, §C-13, ADR 025): upload the SharePoint
// credit list (file picker; drag and drop when JavaScript runs), see its preview (row errors by
// line, duplicates, identity conflicts, unknown statuses, weeks out of range, rows to add, change
// and drop), then Confirm or Discard; the snapshots, a comparison of two, and making an earlier one
// current again. The file is read through the upload receiver, in memory, refused past 5 MB, and
// handed to a credits-import job (ADR 028): the page moves to ?import=<run>, shows the job's
// progress (live with JavaScript, by refreshing without), then its preview or why the file was refused.
import {
  CompareSnapshotsInputSchema,
  CREDIT_FILE_MAX_BYTES,
  CreditRunInputSchema,
  type RouterOutputs,
  SnapshotInputSchema,
} from "@missionboard/api";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { type DragEvent, useId, useRef, useState } from "react";
import { AppShell } from "../components/app-shell";
import { CreditJobProgress, creditJobRunning, liveCreditJob } from "../components/credit-job-progress";
import { ShellErrorBoundary } from "../components/shell-error-boundary";
import { UtcTime } from "../components/time";
import { Button } from "../components/ui/button";
import { Card } from "../components/ui/card";
import { DataTable } from "../components/ui/data-table";
import { IgnoredFilters } from "../components/ui/filter-form";
import { toRouteError } from "../lib/api.server";
import { requireUser } from "../lib/auth.server";
import { redirectWithFlash } from "../lib/flash.server";
import { apiFailure, parseInput, parseSearch } from "../lib/form.server";
import { formatNumber } from "../lib/number-format";
import { csvFile, receiveUpload, type UploadLimits } from "../lib/upload.server";

const CompareQuerySchema = CompareSnapshotsInputSchema.partial();

export const meta: MetaFunction = () => [{ title: "Credit list · Missionboard" }];

const PAGE = "/campaign/credits";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, user, requestId } = await requireUser(request, context);
  const params = new URL(request.url).searchParams;
  const wantsCompare = params.has("from") || params.has("to");
  const { value, ignored } = wantsCompare
    ? parseSearch(params, CompareQuerySchema)
    : { value: {} as { from?: string; to?: string }, ignored: {} };
  const snapshots = await api.credits.snapshots().catch(toRouteError(request, requestId));
  // The import this page started (?import=<run id>): its progress, then its preview or its failure.
  const importId = params.get("import");
  const run = importId ? CreditRunInputSchema.safeParse({ runId: importId }) : null;
  const imported = run?.success ? await api.credits.importRun(run.data).catch(() => null) : null;
  const comparison =
    value.from && value.to ? await api.credits.compare({ from: value.from, to: value.to }).catch(toRouteError(request, requestId)) : null;
  return {
    user: { name: user.name, role: user.role },
    snapshots,
    comparison,
    from: value.from ?? "",
    to: value.to ?? "",
    ignored,
    maxMb: CREDIT_FILE_MAX_BYTES / 1024 / 1024,
    importId: importId ?? null,
    imported: imported ? { ...imported, job: liveCreditJob(imported.job) } : null,
  };
}

const TOO_LARGE = `The file is larger than ${CREDIT_FILE_MAX_BYTES / 1024 / 1024} MB. Upload the SharePoint export as it is (CSV), or split it.`;

const uploadLimits = (): UploadLimits => ({
  fields: {
    file: { kind: "file", maxBytes: CREDIT_FILE_MAX_BYTES, store: "memory", accept: csvFile, tooLarge: TOO_LARGE },
    intent: { kind: "text" },
  },
  maxParts: 4,
  maxFileBytes: CREDIT_FILE_MAX_BYTES,
  tooLarge: TOO_LARGE,
});

type ImportRun = RouterOutputs["credits"]["importRun"];
type Upload = { snapshotId: string | null; preview: NonNullable<ImportRun["preview"]> };

export interface CreditsActionResult {
  errors: Record<string, string>;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { api, requestId } = await requireUser(request, context);
  const fail = (errors: Record<string, string>, status: number) => data<CreditsActionResult>({ errors }, { status });
  const multipart = (request.headers.get("content-type") ?? "").startsWith("multipart/form-data");
  if (multipart) {
    const upload = await receiveUpload(request, uploadLimits());
    if (!upload.ok) return fail({ file: upload.message }, upload.status);
    const file = upload.files.file;
    if (!file?.data) return fail({ file: "Choose the SubmittedActivityList.csv file to upload." }, 400);
    try {
      const { runId } = await api.credits.upload({ fileName: file.filename, file: file.data });
      return redirectWithFlash(request, `${PAGE}?import=${runId}`, {
        kind: "info",
        message: "Upload received; the file is being read. Its preview shows below when it is ready.",
      });
    } catch (error) {
      return apiFailure(request, requestId, error, (errors, status) =>
        fail({ file: errors.form ?? Object.values(errors)[0] ?? "" }, status),
      );
    }
  }
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  try {
    const { snapshotId } = parseInput(SnapshotInputSchema, form);
    if (intent === "confirm") {
      await api.credits.confirm({ snapshotId });
      return redirectWithFlash(request, PAGE, { kind: "success", message: "The credit list is now current; the campaign views use it." });
    }
    if (intent === "discard") {
      await api.credits.discard({ snapshotId });
      return redirectWithFlash(request, PAGE, { kind: "info", message: "The upload was discarded; nothing changed." });
    }
    if (intent === "restore") {
      await api.credits.restore({ snapshotId });
      return redirectWithFlash(request, PAGE, { kind: "success", message: "That snapshot is current again." });
    }
    return fail({ form: "Choose an action." }, 400);
  } catch (error) {
    return apiFailure(request, requestId, error, fail);
  }
}

type Preview = Upload["preview"];

/** The import's progress while it runs, why the file was refused, or its preview. */
function ImportOutcome({ importId, imported }: { importId: string; imported: ImportRun | null }) {
  const href = `${PAGE}?import=${importId}`;
  if (!imported)
    return (
      <p className="form-error" role="alert">
        There is no such import, or it has expired. Upload the file again.
      </p>
    );
  if (creditJobRunning(imported.job))
    return (
      <CreditJobProgress
        initial={imported.job}
        query={async (api, signal) => liveCreditJob((await api.credits.importRun.query({ runId: importId }, { signal })).job)}
        unit="rows read"
        refreshHref={href}
      />
    );
  if (imported.job.status === "failed")
    return (
      <p className="form-error" role="alert" data-testid="import-error">
        {imported.fileName ? `${imported.fileName}: ` : ""}
        {imported.job.error ?? "The file could not be read."} Nothing was stored.
      </p>
    );
  return imported.preview ? <PreviewView upload={{ snapshotId: imported.snapshotId, preview: imported.preview }} /> : null;
}

const lines = (list: readonly number[]) => (list.length > 10 ? `${list.slice(0, 10).join(", ")}, …` : list.join(", "));

function More({ shown, total }: { shown: number; total: number }) {
  return total > shown ? (
    <p className="muted">
      Showing {shown} of {formatNumber(total)}.
    </p>
  ) : null;
}

function PreviewView({ upload }: { upload: Upload }) {
  const p: Preview = upload.preview;
  return (
    <Card title={`Preview of ${p.fileName}`} data-testid="credit-preview">
      <p>
        {formatNumber(p.rowCount)} rows read. Against the current list:{" "}
        <strong data-testid="diff-counts">
          {p.diff.counts.added} to add, {p.diff.counts.changed} to change, {p.diff.counts.dropped} to drop
        </strong>
        , {p.diff.counts.unchanged} unchanged.
      </p>
      {p.fileProblems.map((problem) => (
        <p key={problem} className="form-error" role="alert">
          {problem}
        </p>
      ))}
      {p.rowErrors.total > 0 ? (
        <>
          <h3>Row errors ({p.rowErrors.total})</h3>
          <DataTable
            columns={[{ label: "Line", numeric: true }, "Column", "Problem"]}
            rowCount={p.rowErrors.items.length}
            caption="Row errors"
            captionHidden
            empty=""
          >
            {p.rowErrors.items.map((e) => (
              <tr key={`${e.line}-${e.column}`} data-testid="row-error">
                <td className="numeric">{e.line}</td>
                <td>{e.column}</td>
                <td>{e.message}</td>
              </tr>
            ))}
          </DataTable>
          <More shown={p.rowErrors.items.length} total={p.rowErrors.total} />
        </>
      ) : null}
      {p.emailConflictMessage ? (
        <p className="form-error" role="alert">
          {p.emailConflictMessage}
        </p>
      ) : null}
      {p.userIdConflictMessage ? (
        <p className="form-error" role="alert">
          {p.userIdConflictMessage}
        </p>
      ) : null}
      {p.duplicates.total > 0 ? (
        <>
          <h3>Duplicate rows ({p.duplicates.total})</h3>
          <ul>
            {p.duplicates.items.map((d) => (
              <li key={d.identity}>
                Lines {lines(d.lines)}: {d.identical ? "identical" : "same submission, different values"}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {p.unknownStatuses.length > 0 ? (
        <>
          <h3>Unknown statuses</h3>
          <ul>
            {p.unknownStatuses.map((s) => (
              <li key={s.value}>
                “{s.value}” on lines {lines(s.lines)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {p.weeksOutOfRange.length > 0 ? (
        <>
          <h3>Weeks out of range</h3>
          <ul>
            {p.weeksOutOfRange.map((w) => (
              <li key={w.value}>
                Week {w.value} on lines {lines(w.lines)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {p.diff.changed.total > 0 ? (
        <>
          <h3>Rows that change ({p.diff.changed.total})</h3>
          <ul>
            {p.diff.changed.items.map((c) => (
              <li key={c.key}>
                Line {c.line}: {c.columns.join(", ")}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {upload.snapshotId ? (
        <div className="actions">
          <Form method="post">
            <input type="hidden" name="snapshotId" value={upload.snapshotId} />
            <Button type="submit" name="intent" value="confirm" variant="primary">
              Confirm
            </Button>{" "}
            <Button type="submit" name="intent" value="discard">
              Discard
            </Button>
          </Form>
        </div>
      ) : (
        <p className="form-error" role="alert" data-testid="cannot-confirm">
          This file cannot be confirmed. Fix the problems above in the list and upload it again; nothing was stored.
        </p>
      )}
    </Card>
  );
}

/** The file field, with a drop zone once JavaScript runs (the picker alone works without it). */
function FileDrop({ error, maxMb }: { error: string | undefined; maxMb: number }) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    if (input.current && event.dataTransfer.files.length > 0) input.current.files = event.dataTransfer.files;
  };
  return (
    <fieldset
      className={`field drop-zone${over ? " is-over" : ""}`}
      onDragOver={(event) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <legend className="visually-hidden">Credit list file</legend>
      <label htmlFor={id}>SubmittedActivityList.csv (CSV, up to {maxMb} MB; you can also drop it here)</label>
      <input
        ref={input}
        id={id}
        type="file"
        name="file"
        accept="text/csv,.csv"
        required
        aria-describedby={error ? `${id}-error` : undefined}
      />
      {error ? (
        <p className="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

type Snapshot = ReturnType<typeof useLoaderData<typeof loader>>["snapshots"]["snapshots"][number];

function SnapshotRow({ s }: { s: Snapshot }) {
  return (
    <tr data-status={s.status}>
      <td>
        <UtcTime value={s.uploadedAt} />
      </td>
      <td>{s.fileName}</td>
      <td>{s.status}</td>
      <td className="numeric">{formatNumber(s.rowCount)}</td>
      <td className="numeric">
        +{s.counts.added} / ~{s.counts.changed} / −{s.counts.dropped}
      </td>
      <td>{s.uploadedByName ?? <span className="muted">command line</span>}</td>
      <td>
        {s.status === "superseded" ? (
          <Form method="post">
            <input type="hidden" name="snapshotId" value={s.id} />
            <Button type="submit" name="intent" value="restore" size="sm">
              Make current
            </Button>
          </Form>
        ) : null}
      </td>
    </tr>
  );
}

export default function CreditList() {
  const { user, snapshots, comparison, from, to, ignored, maxMb, importId, imported } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as CreditsActionResult | undefined;
  const busy = useNavigation().state === "submitting";
  const confirmed = snapshots.snapshots.filter((s) => s.status !== "pending");
  return (
    <AppShell user={user}>
      <section className="stack">
        <div>
          <h1>Credit list</h1>
          <p className="muted">
            Upload the SharePoint “Submitted Activity List” export. You see a preview first; nothing counts until you confirm it. Every
            upload is kept, and an earlier one can be made current again.
          </p>
          <p>
            {snapshots.current ? (
              <>
                Current list: {snapshots.current.fileName}, {formatNumber(snapshots.current.rowCount)} rows, since{" "}
                <UtcTime value={snapshots.current.currentSince ?? snapshots.current.uploadedAt} /> UTC.
              </>
            ) : (
              "No list is current yet."
            )}
          </p>
        </div>
        <IgnoredFilters ignored={ignored} labels={{ from: "Compare from", to: "Compare to" }} />
        {result?.errors.form ? (
          <p className="form-error" role="alert">
            {result.errors.form}
          </p>
        ) : null}
        <Card title="Upload">
          <Form method="post" encType="multipart/form-data" aria-label="Upload the credit list">
            <FileDrop error={result?.errors.file} maxMb={maxMb} />
            <Button type="submit" name="intent" value="upload" variant="primary" disabled={busy}>
              Upload and preview
            </Button>
          </Form>
        </Card>
        {importId ? <ImportOutcome importId={importId} imported={imported as ImportRun | null} /> : null}
        <Card title="Snapshots" flush>
          <DataTable
            columns={[
              "Uploaded (UTC)",
              "File",
              "Status",
              { label: "Rows", numeric: true },
              { label: "Added / changed / dropped", numeric: true },
              "By",
              "",
            ]}
            rowCount={snapshots.snapshots.length}
            caption="Credit list snapshots"
            captionHidden
            empty="No uploads yet."
          >
            {snapshots.snapshots.map((s) => (
              <SnapshotRow key={s.id} s={s} />
            ))}
          </DataTable>
        </Card>
        {confirmed.length >= 2 ? (
          <Card title="Compare two snapshots">
            <Form method="get" className="filters" aria-label="Compare two snapshots">
              {(["from", "to"] as const).map((name, i) => (
                <label key={name}>
                  {name === "from" ? "From" : "To"}
                  <select name={name} defaultValue={(name === "from" ? from : to) || confirmed[i === 0 ? 1 : 0]?.id}>
                    {confirmed.map((s) => (
                      <option key={s.id} value={s.id}>
                        {s.fileName} ({new Date(s.uploadedAt).toISOString().slice(0, 16).replace("T", " ")}, {s.status})
                      </option>
                    ))}
                  </select>
                </label>
              ))}
              <Button type="submit">Compare</Button>
            </Form>
            {comparison ? (
              <div data-testid="comparison">
                <p>
                  {comparison.counts.added} added, {comparison.counts.changed} changed, {comparison.counts.dropped} dropped,{" "}
                  {comparison.counts.unchanged} unchanged.
                </p>
                <ul>
                  {comparison.changed.items.map((c) => (
                    <li key={c.key}>
                      Line {c.line}: {c.columns.join(", ")}
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
          </Card>
        ) : null}
      </section>
    </AppShell>
  );
}

export { ShellErrorBoundary as ErrorBoundary };
