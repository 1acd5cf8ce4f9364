import { type RouterInputs, StartReloadInputSchema, UPLOAD_KINDS, type UploadKind } from "@missionboard/api";
import { JOB_TITLES, PageInputSchema } from "@missionboard/core";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useId } from "react";
import { JobProgressLine } from "../components/job-progress-line";
import { UtcTime } from "../components/time";
import { Button } from "../components/ui/button";
import { CONFIRM_KEY_FIELD, CONFIRMED_FIELD, type ConfirmationStep, confirmationRequested } from "../components/ui/confirm";
import { ConfirmDialog } from "../components/ui/confirm-dialog";
import { DataTable } from "../components/ui/data-table";
import { RadioGroup } from "../components/ui/fieldset";
import { IgnoredFilters } from "../components/ui/filter-form";
import { Pager } from "../components/ui/pager";
import { toRouteError } from "../lib/api.server";
import { requireUser } from "../lib/auth.server";
import { getEnv } from "../lib/env.server";
import { fieldName } from "../lib/field-name";
import { redirectWithFlash } from "../lib/flash.server";
import { apiFailure, parseInput, parseSearch } from "../lib/form.server";
import { stagedUploads } from "../lib/jobs.server";
import { getOpenWebUiClient } from "../lib/openwebui.server";
import { jsonFile, jsonOrCsvFile, receiveUpload, type UploadLimits } from "../lib/upload.server";
import { type LiveJob, useJobProgress } from "../lib/use-live-query";

const PageQuerySchema = PageInputSchema.omit({ pageSize: true });

export const meta: MetaFunction = () => [{ title: "Data · Missionboard" }];

const openWebUiConfigured = () => getOpenWebUiClient() !== null;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, requestId } = await requireUser(request, context);
  const { value, ignored } = parseSearch(new URL(request.url).searchParams, PageQuerySchema);
  const [status, history, current] = await Promise.all([
    api.reload.status(),
    api.reload.history({ ...value, pageSize: 20 }),
    api.reload.current(),
  ]).catch(toRouteError(request, requestId));
  return { status, history, current, ignored, apiConfigured: openWebUiConfigured(), uploadMaxMb: getEnv().UPLOAD_MAX_MB };
}

// ---------------------------------------------------------------------------------------------
// Export files are streamed to temp files (never held whole in memory) by the upload receiver,
// each refused as soon as it passes UPLOAD_MAX_MB or is not JSON (users: JSON or CSV); the reload
// procedure takes them by the id they are staged under and removes them when the run ends.

function uploadLimits(): UploadLimits {
  const max = getEnv().UPLOAD_MAX_MB * 1024 * 1024;
  const tooLarge = `The upload must be ${getEnv().UPLOAD_MAX_MB} MB or smaller in total.`;
  const file = (accept: typeof jsonFile) => ({ kind: "file" as const, maxBytes: max, store: "disk" as const, accept, tooLarge });
  return {
    fields: { chats: file(jsonFile), models: file(jsonFile), users: file(jsonOrCsvFile), mode: { kind: "text" }, intent: { kind: "text" } },
    maxParts: 8,
    maxFileBytes: max,
    tooLarge,
  };
}

export interface DataActionResult {
  intent: "upload" | "reload";
  errors: Record<string, string>;
  /** A truncate waits for this confirmation (ConfirmDialog renders it, with or without JavaScript). */
  confirmation?: ConfirmationStep;
}

/** The confirmation a truncate reload asks for: it deletes the mission data before loading it again. */
const TRUNCATE_CONFIRM = "truncate-reload";

export async function action({ request, context }: ActionFunctionArgs) {
  const { api, requestId } = await requireUser(request, context);
  const multipart = (request.headers.get("content-type") ?? "").startsWith("multipart/form-data");
  const intent = multipart ? "upload" : "reload";
  const fail = (errors: Record<string, string>, status: number) => data<DataActionResult>({ intent, errors }, { status });

  // Refuse early, before reading a large body, when a job is already running.
  const running = await api.reload.current().catch(toRouteError(request, requestId));
  if (running) return fail({ form: "A reload or another data job is running; wait for it to finish, then try again." }, 409);

  if (!multipart) {
    const form = await request.formData();
    // A truncate replaces everything: asked once more (the form carries `_confirm`; see ConfirmDialog).
    if (form.get(reloadField("mode")) === "truncate") {
      const step = confirmationRequested(form);
      if (step) return data<DataActionResult>({ intent, errors: {}, ...step });
    }
    try {
      await api.reload.start(parseInput(StartReloadInputSchema, form));
    } catch (error) {
      return apiFailure(request, requestId, error, fail);
    }
    // A confirmed truncate of uploaded files arrives here (the files waited staged): say so as the upload would.
    const message =
      form.get(reloadField("source")) === "upload"
        ? "Upload received; the reload is running."
        : "Reload started: the progress shows below.";
    return redirectWithFlash(request, "/admin/data", { kind: "success", message });
  }

  const upload = await receiveUpload(request, uploadLimits());
  if (!upload.ok) return fail({ [upload.field === "form" ? "form" : "files"]: upload.message }, upload.status);
  const files = UPLOAD_KINDS.flatMap((kind: UploadKind) => {
    const f = upload.files[kind];
    return f?.path ? [{ kind, name: f.filename, bytes: f.bytes, path: f.path }] : [];
  });
  if (files.length === 0) {
    await upload.dispose();
    return fail({ files: "Choose at least one export file (chats, models or users)." }, 400);
  }
  const uploadId = stagedUploads.stage({ files, dispose: upload.dispose });
  // Files cannot be sent again from a confirmation form: they wait staged (and expire unused) while
  // the truncate is confirmed; the confirmation posts the upload's id instead.
  if (upload.fields.mode === "truncate" && upload.fields[CONFIRMED_FIELD] !== "yes")
    return data<DataActionResult>({
      intent,
      errors: {},
      confirmation: {
        key: TRUNCATE_CONFIRM,
        fields: { [reloadField("source")]: "upload", [reloadField("mode")]: "truncate", [reloadField("uploadId")]: uploadId },
      },
    });
  try {
    await api.reload.start(parseInput(StartReloadInputSchema, { source: "upload", mode: upload.fields.mode, uploadId }));
  } catch (error) {
    // Refused before the procedure took the files (e.g. invalid input): remove them now.
    await stagedUploads.take(uploadId)?.dispose();
    return apiFailure(request, requestId, error, fail);
  }
  return redirectWithFlash(request, "/admin/data", {
    kind: "success",
    message: `Upload received (${files.length} file(s)); the reload is running.`,
  });
}

// ---------------------------------------------------------------------------------------------

/** "12 minutes ago", "3 hours ago", "2 days ago". */
export function ago(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return "just now";
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"} ago`;
  if (minutes < 60) return unit(minutes, "minute");
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return unit(hours, "hour");
  return unit(Math.floor(hours / 24), "day");
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type Job = NonNullable<LoaderData["current"]>;

function ProgressBar({ job }: { job: LiveJob }) {
  const what =
    job.kind === "reload"
      ? `${JOB_TITLES.reload} running (${String(job.params.source)}, ${String(job.params.mode)})`
      : `${JOB_TITLES[job.kind]} running`;
  return (
    <JobProgressLine
      job={job}
      title={what}
      unit={`${job.kind === "rescore" ? "completions" : "chats"} processed`}
      testId="reload-progress"
    />
  );
}

/** The running job, refreshed every second through /api/trpc; the page reloads its data once it has finished. */
function LiveProgress({ initial }: { initial: Job | null }) {
  const job = useJobProgress<LiveJob | null>(
    initial,
    (api, signal) => api.reload.current.query(undefined, { signal }),
    (current) => current !== null,
  );
  return job ? <ProgressBar job={job} /> : null;
}

/** Skipped records of a run: the count per reason, and the first few named ("record 4 (line 12)"). */
function SkippedRecords({ reasons, named }: { reasons: Record<string, number>; named: Record<string, string[]> | null }) {
  const entries = Object.entries(reasons);
  if (entries.length === 0) return null;
  return (
    <details>
      <summary>By reason</summary>
      <ul aria-label="Skipped records" style={{ margin: 0, paddingLeft: "1rem" }}>
        {entries.map(([reason, n]) => {
          const where = named?.[reason] ?? [];
          return (
            <li key={reason}>
              {reason}: {n}
              {where.length > 0 ? (
                <span className="muted">
                  {" "}
                  — {where.join("; ")}
                  {n > where.length ? `; and ${n - where.length} more` : ""}
                </span>
              ) : null}
            </li>
          );
        })}
      </ul>
    </details>
  );
}

const reloadField = fieldName<RouterInputs["reload"]["start"]>;

const MODES = [
  { value: "upsert", label: "Upsert (merge records)" },
  { value: "truncate", label: "Truncate (replace everything)", hint: "Asks for confirmation first." },
] as const;

function ModeChoice({ error }: { error: string | undefined }) {
  return <RadioGroup legend="Mode" name={reloadField("mode")} options={MODES} defaultValue="upsert" error={error} />;
}

export default function DataAdmin() {
  const { status, history, current, ignored, apiConfigured, uploadMaxMb } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as DataActionResult | undefined;
  const busy = useNavigation().state === "submitting";
  const ids = { chats: useId(), models: useId(), users: useId() };
  const { freshness, counts } = status;
  const running = current !== null;

  return (
    <section>
      <h1>Data</h1>
      <p
        className={freshness.stale ? "form-error" : "notice"}
        role="status"
        data-testid="freshness"
        data-stale={freshness.stale ? "yes" : "no"}
      >
        {freshness.ageMs === null ? "No successful reload yet." : `Data as of ${ago(freshness.ageMs)}.`}
        {freshness.reason === "last_failed" ? " The last reload failed; see the history below." : null}
        {freshness.reason === "old" ? " It is more than a day old." : null}
      </p>
      <IgnoredFilters ignored={ignored} labels={{ page: "Page" }} />
      {result?.errors.form || result?.errors.source ? (
        <p className="form-error" role="alert">
          {result.errors.form ?? result.errors.source}
        </p>
      ) : null}
      {!result && !current && status.lastRun?.status === "failed" ? (
        <p className="form-error" role="alert" data-testid="last-run-error">
          The last reload failed: {status.lastRun.error ?? "see the history below."}
        </p>
      ) : null}
      {result?.confirmation ? (
        <ConfirmDialog
          confirmKey={TRUNCATE_CONFIRM}
          fields={result.confirmation.fields}
          trigger="Truncate and reload"
          title="Replace all mission data?"
          confirmLabel="Truncate and reload"
        >
          <p>
            A truncate deletes the OpenWebUI users, models, chats, attempts and completions, then loads them again from{" "}
            {result.intent === "upload" ? "the files you chose" : "the OpenWebUI API"}. Nothing is removed when the new data is not usable.
          </p>
        </ConfirmDialog>
      ) : null}
      <LiveProgress key={current?.id ?? "idle"} initial={current} />

      <dl className="stats" aria-label="Row counts">
        {(
          [
            ["OpenWebUI users", counts.owuiUsers],
            ["Models", counts.models],
            ["Missions", counts.missions],
            ["Chats", counts.chats],
            ["Messages", counts.messages],
            ["Attempts", counts.attempts],
            ["Completions", counts.completions],
          ] as const
        ).map(([label, n]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{n}</dd>
          </div>
        ))}
      </dl>
      <p className="muted">
        Database: {status.engine === "postgres" ? "PostgreSQL" : "SQLite"}. Last run:{" "}
        {status.lastRun ? (
          <>
            {status.lastRun.status}, <UtcTime value={status.lastRun.finishedAt ?? status.lastRun.startedAt} /> UTC
          </>
        ) : (
          "none"
        )}
        .
      </p>

      <div className="cards forms" style={{ marginBottom: "1rem" }}>
        <section className="card" aria-labelledby="reload-heading">
          <h2 id="reload-heading">Reload from OpenWebUI</h2>
          <p className="muted">Fetches users, models and chats from the OpenWebUI API and re-scores the missions.</p>
          <Form method="post" aria-label="Reload from OpenWebUI">
            <input type="hidden" name={reloadField("source")} value="api" />
            <input type="hidden" name={CONFIRM_KEY_FIELD} value={TRUNCATE_CONFIRM} />
            <ModeChoice error={result?.intent === "reload" ? result.errors.mode : undefined} />
            <Button type="submit" name="intent" value="reload" variant="primary" disabled={busy || running || !apiConfigured}>
              Reload now
            </Button>
            {!apiConfigured ? (
              <p className="hint">OpenWebUI is not configured: set OPENWEBUI_URL and OPENWEBUI_API_KEY to reload from its API.</p>
            ) : running ? (
              <p className="hint">A data job is running; wait for it to finish.</p>
            ) : null}
          </Form>
        </section>
        <section className="card" aria-labelledby="upload-heading">
          <h2 id="upload-heading">Upload export files</h2>
          <p className="muted">
            OpenWebUI exports: chats (JSON), models (JSON), users (JSON or CSV). Any of them; up to {uploadMaxMb} MB in total. Each file's
            kind is checked first (a models export given as chats is refused). The files are processed in the background and deleted
            afterwards. A truncate replaces the data only when the files are usable.
          </p>
          <Form method="post" encType="multipart/form-data" aria-label="Upload export files">
            <div className="field">
              <label htmlFor={ids.chats}>Chats (.json)</label>
              <input id={ids.chats} type="file" name="chats" accept="application/json,.json" />
            </div>
            <div className="field">
              <label htmlFor={ids.models}>Models (.json)</label>
              <input id={ids.models} type="file" name="models" accept="application/json,.json" />
            </div>
            <div className="field">
              <label htmlFor={ids.users}>Users (.json or .csv)</label>
              <input id={ids.users} type="file" name="users" accept="application/json,.json,text/csv,.csv" />
            </div>
            {result?.errors.files ? <p className="field-error">{result.errors.files}</p> : null}
            <ModeChoice error={result?.intent === "upload" ? result.errors.mode : undefined} />
            <Button type="submit" name="intent" value="upload" variant="primary" disabled={busy || running}>
              Upload and reload
            </Button>
          </Form>
        </section>
      </div>

      <h2>Reload history</h2>
      <DataTable
        columns={["Started (UTC)", "Source", "Mode", "Status", "Chats", "New", "Updated", "Unchanged", "Skipped", "Duration", "By"]}
        rowCount={history.items.length}
        empty="No reloads yet."
        caption="Reload history"
        captionHidden
      >
        {history.items.map((run) => (
          <tr key={run.id} data-run-status={run.status}>
            <td>
              <UtcTime value={run.startedAt} />
            </td>
            <td>{run.source}</td>
            <td>{run.mode}</td>
            <td>
              {run.status}
              {run.error ? <div className="field-error">{run.error}</div> : null}
            </td>
            <td>
              {run.processed}
              {run.total !== null && run.status === "running" ? ` / ${run.total}` : ""}
            </td>
            <td>{run.inserted}</td>
            <td>{run.updated}</td>
            <td>{run.unchanged}</td>
            <td className="details">
              {run.skipped}
              <SkippedRecords reasons={run.skippedReasons} named={run.skippedRecords} />
            </td>
            <td>{run.durationMs === null ? "—" : `${(run.durationMs / 1000).toFixed(1)} s`}</td>
            <td>{run.triggeredByName ?? <span className="muted">system</span>}</td>
          </tr>
        ))}
      </DataTable>
      <Pager page={history.page} pageCount={history.pageCount} />
    </section>
  );
}
