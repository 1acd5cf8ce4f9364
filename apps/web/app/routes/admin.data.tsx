import { createWriteStream } from "node:fs";
import { mkdtemp, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { type IngestSource, openWebUiSource, ReloadBusyError, readJsonArray, readUsersCsv, runIngest } from "@missionboard/api";
import { DomainError } from "@missionboard/core";
import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
  type UploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { Form, useActionData, useFetcher, useLoaderData, useNavigation, useRevalidator, useSearchParams } from "@remix-run/react";
import { TRPCError } from "@trpc/server";
import { useEffect, useId, useRef } from "react";
import { Notice } from "../components/form-error";
import { Pager } from "../components/pager";
import { UtcTime } from "../components/time";
import { fieldErrorsOf, toRouteError } from "../lib/api.server";
import { requireUser } from "../lib/auth.server";
import { getStore } from "../lib/db.server";
import { getEnv } from "../lib/env.server";
import { logError } from "../lib/log.server";
import { getOpenWebUiClient } from "../lib/openwebui.server";
import type { loader as progressLoader } from "./admin.data.progress";

export const meta: MetaFunction = () => [{ title: "Data · Missionboard" }];

const UPLOAD_KINDS = ["chats", "models", "users"] as const;
type UploadKind = (typeof UPLOAD_KINDS)[number];
const isUploadKind = (name: string): name is UploadKind => (UPLOAD_KINDS as readonly string[]).includes(name);
const TEXT_FIELD_MAX_BYTES = 16 * 1024;
/** How long the action waits for a just-started run to fail fast (e.g. another run holds the lock). */
const START_GRACE_MS = 1500;

const uploadLimitBytes = () => getEnv().UPLOAD_MAX_MB * 1024 * 1024;
const openWebUiConfigured = () => getOpenWebUiClient() !== null;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, requestId } = await requireUser(request, context);
  const page = Math.max(1, Number(new URL(request.url).searchParams.get("page")) || 1);
  const [status, history, current] = await Promise.all([
    api.reload.status(),
    api.reload.history({ page, pageSize: 20 }),
    api.reload.current(),
  ]).catch(toRouteError(request, requestId));
  return { status, history, current, apiConfigured: openWebUiConfigured(), uploadMaxMb: getEnv().UPLOAD_MAX_MB };
}

// ---------------------------------------------------------------------------------------------
// Uploads are streamed to temp files on disk (never held whole in memory): the Content-Length is
// checked first, then the bytes are counted while they are written, and the request is refused as
// soon as the total passes UPLOAD_MAX_MB.

class UploadRefused extends Error {
  constructor(
    message: string,
    readonly status = 413,
  ) {
    super(message);
  }
}

interface Received {
  kind: UploadKind;
  name: string;
  bytes: number;
  file: string;
}

const tooLarge = () => `The upload must be ${getEnv().UPLOAD_MAX_MB} MB or smaller in total.`;

async function receiveUpload(request: Request, dir: string): Promise<{ form: FormData; files: Received[] }> {
  const limit = uploadLimitBytes();
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > limit + 1024 * 1024) throw new UploadRefused(tooLarge());
  // Paths come only from this map, never from form values, so a field cannot name a server file.
  const files = new Map<UploadKind, Received>();
  let total = 0;
  const handler: UploadHandler = async ({ name, filename, data: stream }) => {
    if (typeof filename !== "string") {
      const chunks: Uint8Array[] = [];
      let size = 0;
      for await (const chunk of stream) {
        size += chunk.byteLength;
        if (size > TEXT_FIELD_MAX_BYTES) throw new UploadRefused("A form field is too long.", 400);
        chunks.push(chunk);
      }
      return new TextDecoder().decode(Buffer.concat(chunks));
    }
    if (!isUploadKind(name) || files.has(name)) {
      for await (const chunk of stream) {
        total += chunk.byteLength;
        if (total > limit) throw new UploadRefused(tooLarge());
      }
      return undefined;
    }
    const file = path.join(dir, name);
    let bytes = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytes += chunk.byteLength;
        total += chunk.byteLength;
        if (total > limit) done(new UploadRefused(tooLarge()));
        else done(null, chunk);
      },
    });
    await pipeline(Readable.from(stream), counter, createWriteStream(file));
    if (bytes > 0) files.set(name, { kind: name, name: filename.slice(0, 300), bytes, file });
    return undefined;
  };
  const form = await unstable_parseMultipartFormData(request, handler);
  return { form, files: [...files.values()] };
}

/** A users export is JSON when it starts with `[` or `{`, else CSV. */
async function looksLikeJson(file: string): Promise<boolean> {
  const handle = await open(file, "r");
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(512), 0, 512, 0);
    const head = buffer
      .subarray(0, bytesRead)
      .toString("utf8")
      .replace(/^\uFEFF/, "")
      .trimStart();
    return head.startsWith("[") || head.startsWith("{");
  } finally {
    await handle.close();
  }
}

const messageOf = (error: unknown): string =>
  error instanceof DomainError || (error instanceof Error && error.name === "ExportFileError")
    ? error.message
    : "The reload could not start; the error was logged.";

/**
 * Starts the ingest in the background (the response does not wait for it; the run row carries
 * its progress and outcome). Waits briefly so a run refused at once (another reload holds the
 * lock, unreadable file) is reported on the page; returns that message, or null once it runs.
 */
async function startInBackground(
  start: (onProgress: () => void) => Promise<unknown>,
  fields: Record<string, string>,
  cleanup: () => Promise<void>,
): Promise<string | null> {
  let progressed: () => void = () => {};
  const firstProgress = new Promise<null>((resolve) => {
    progressed = () => resolve(null);
  });
  const outcome = (async () => start(progressed))().then(
    (summary) => {
      const s = summary as { status?: string; error?: string | null } | undefined;
      return s?.status === "failed" ? { ok: false as const, message: s.error ?? "The reload failed." } : { ok: true as const };
    },
    (error: unknown) => {
      logError(error, fields);
      return { ok: false as const, message: messageOf(error) };
    },
  );
  void outcome.finally(() => cleanup().catch((error: unknown) => logError(error, { ...fields, step: "cleanup" })));
  const grace = new Promise<null>((resolve) => setTimeout(() => resolve(null), START_GRACE_MS));
  const first = await Promise.race([outcome, firstProgress, grace]);
  return first && !first.ok ? first.message : null;
}

const str = (form: FormData, key: string) => {
  const value = form.get(key);
  return typeof value === "string" ? value : "";
};

export interface DataActionResult {
  intent: "upload" | "reload";
  errors: Record<string, string>;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { api, user, requestId } = await requireUser(request, context);
  const multipart = (request.headers.get("content-type") ?? "").startsWith("multipart/form-data");
  const intent = multipart ? "upload" : "reload";
  const fail = (errors: Record<string, string>, status: number) => data<DataActionResult>({ intent, errors }, { status });
  const refuse = (error: unknown) => {
    const fieldErrors = fieldErrorsOf(error);
    if (fieldErrors) return fail(fieldErrors, 400);
    if (error instanceof TRPCError && error.code === "CONFLICT") return fail({ form: error.message }, 409);
    return toRouteError(request, requestId)(error);
  };
  const store = await getStore();

  // Refuse early, before reading a large body, when a reload is already running.
  const running = await api.reload.current().catch(toRouteError(request, requestId));
  if (running) return fail({ form: new ReloadBusyError(new Date(running.startedAt)).message }, 409);

  if (!multipart) {
    const form = await request.formData();
    const mode = str(form, "mode") === "truncate" ? "truncate" : "upsert";
    const client = getOpenWebUiClient();
    if (!client) return fail({ form: "OpenWebUI is not configured: set OPENWEBUI_URL and OPENWEBUI_API_KEY." }, 400);
    try {
      await api.reload.start({ source: "api", mode });
    } catch (error) {
      return refuse(error);
    }
    const refused = await startInBackground(
      (onProgress) =>
        runIngest(store, openWebUiSource(client), { mode, source: "api", triggeredBy: user?.id ?? null, onProgress }, () => new Date()),
      { requestId, job: "reload", source: "api" },
      async () => {},
    );
    if (refused) return fail({ form: refused }, 409);
    return redirect(`/admin/data?notice=${encodeURIComponent("Reload started: the progress shows below.")}`);
  }

  const dir = await mkdtemp(path.join(tmpdir(), "missionboard-upload-"));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  let received: { form: FormData; files: Received[] };
  try {
    received = await receiveUpload(request, dir);
  } catch (error) {
    await cleanup();
    if (error instanceof UploadRefused) return fail({ form: error.message }, error.status);
    throw error;
  }
  const { form, files } = received;
  const mode = str(form, "mode") === "truncate" ? "truncate" : "upsert";
  try {
    await api.reload.start({ source: "upload", mode, files: files.map(({ kind, name, bytes }) => ({ kind, name, bytes })) });
  } catch (error) {
    await cleanup();
    return refuse(error);
  }
  const pathOf = (kind: UploadKind) => files.find((f) => f.kind === kind)?.file;
  const chats = pathOf("chats");
  const models = pathOf("models");
  const users = pathOf("users");
  const source: IngestSource = {
    ...(chats ? { chats: readJsonArray(chats) } : {}),
    ...(models ? { models: readJsonArray(models) } : {}),
    ...(users ? { users: (await looksLikeJson(users)) ? readJsonArray(users) : readUsersCsv(users) } : {}),
  };
  const refused = await startInBackground(
    (onProgress) => runIngest(store, source, { mode, source: "upload", triggeredBy: user?.id ?? null, onProgress }, () => new Date()),
    { requestId, job: "reload", source: "upload" },
    cleanup,
  );
  if (refused) return fail({ form: refused }, 409);
  return redirect(`/admin/data?notice=${encodeURIComponent(`Upload received (${files.length} file(s)); the reload is running.`)}`);
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
type Run = NonNullable<LoaderData["current"]>;

function ProgressBar({ run }: { run: Run }) {
  return (
    <div role="status" aria-live="polite" data-testid="reload-progress">
      <p style={{ margin: "0 0 0.25rem" }}>
        Reload running ({run.source}, {run.mode}): {run.processed}
        {run.total ? ` of ${run.total}` : ""} chats processed
        {run.percent !== null ? ` (${run.percent} %)` : ""}.
      </p>
      <progress
        max={run.total ?? undefined}
        value={run.total ? run.processed : undefined}
        aria-label="Reload progress"
        style={{ width: "100%" }}
      />
    </div>
  );
}

/** Polls the running reload every second and refreshes the page once it has finished. */
function LiveProgress({ initial }: { initial: Run | null }) {
  const fetcher = useFetcher<typeof progressLoader>();
  const revalidator = useRevalidator();
  const run = fetcher.data === undefined ? initial : fetcher.data.current;
  const wasRunning = useRef(initial !== null);
  const load = fetcher.load;
  useEffect(() => {
    if (!run) return;
    const timer = setInterval(() => load("/admin/data/progress"), 1000);
    return () => clearInterval(timer);
  }, [run, load]);
  useEffect(() => {
    if (run) wasRunning.current = true;
    else if (wasRunning.current && revalidator.state === "idle") {
      wasRunning.current = false;
      revalidator.revalidate();
    }
  }, [run, revalidator]);
  return run ? <ProgressBar run={run} /> : null;
}

function ModeChoice() {
  return (
    <fieldset style={{ border: "none", padding: 0, margin: "0 0 0.75rem" }}>
      <legend>Mode</legend>
      <label className="checkbox">
        <input type="radio" name="mode" value="upsert" defaultChecked /> Upsert (merge records)
      </label>
      <label className="checkbox">
        <input type="radio" name="mode" value="truncate" /> Truncate (replace everything)
      </label>
    </fieldset>
  );
}

export default function DataAdmin() {
  const { status, history, current, apiConfigured, uploadMaxMb } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as DataActionResult | undefined;
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const notice = result ? null : params.get("notice");
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
      {notice ? <Notice>{notice}</Notice> : null}
      {result?.errors.form ? (
        <p className="form-error" role="alert">
          {result.errors.form}
        </p>
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
            <ModeChoice />
            <button type="submit" name="intent" value="reload" className="button primary" disabled={busy || running || !apiConfigured}>
              Reload now
            </button>
            {!apiConfigured ? (
              <p className="hint">OpenWebUI is not configured: set OPENWEBUI_URL and OPENWEBUI_API_KEY to reload from its API.</p>
            ) : running ? (
              <p className="hint">A reload is running; wait for it to finish.</p>
            ) : null}
          </Form>
        </section>
        <section className="card" aria-labelledby="upload-heading">
          <h2 id="upload-heading">Upload export files</h2>
          <p className="muted">
            OpenWebUI exports: chats (JSON), models (JSON), users (JSON or CSV). Any of them; up to {uploadMaxMb} MB in total. The files are
            processed in the background and deleted afterwards.
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
            <ModeChoice />
            <button type="submit" name="intent" value="upload" className="button primary" disabled={busy || running}>
              Upload and reload
            </button>
          </Form>
        </section>
      </div>

      <h2>Reload history</h2>
      {history.items.length === 0 ? (
        <p className="empty">No reloads yet.</p>
      ) : (
        <div className="table-wrap">
          <table className="table" aria-label="Reload history">
            <thead>
              <tr>
                <th>Started (UTC)</th>
                <th>Source</th>
                <th>Mode</th>
                <th>Status</th>
                <th>Chats</th>
                <th>New</th>
                <th>Updated</th>
                <th>Unchanged</th>
                <th>Skipped</th>
                <th>Duration</th>
                <th>By</th>
              </tr>
            </thead>
            <tbody>
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
                    {Object.entries(run.skippedReasons).map(([reason, n]) => (
                      <span key={reason} className="kv">
                        {reason}: {n}
                      </span>
                    ))}
                  </td>
                  <td>{run.durationMs === null ? "—" : `${(run.durationMs / 1000).toFixed(1)} s`}</td>
                  <td>{run.triggeredByName ?? <span className="muted">system</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={history.page} pageCount={history.pageCount} />
    </section>
  );
}
