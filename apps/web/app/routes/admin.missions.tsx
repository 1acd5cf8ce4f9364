import {
  DecideChangeInputSchema,
  ImportManifestInputSchema,
  MissionIdInputSchema,
  type RouterInputs,
  UpdateMissionInputSchema,
} from "@missionboard/api";
import { DIFFICULTIES, MissionLinkSchema } from "@missionboard/core";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useId } from "react";
import { JobProgressLine } from "../components/job-progress-line";
import { Button } from "../components/ui/button";
import { DataTable } from "../components/ui/data-table";
import { Field, SelectField, TextareaField } from "../components/ui/field";
import { IgnoredFilters } from "../components/ui/filter-form";
import { LinkButton } from "../components/ui/link-button";
import { toRouteError } from "../lib/api.server";
import { requireUser } from "../lib/auth.server";
import { type FieldOf, fieldName } from "../lib/field-name";
import { redirectWithFlash } from "../lib/flash.server";
import { apiFailure, parseInput, parseSearch } from "../lib/form.server";
import { useInlineValidation } from "../lib/inline-validation";
import { lines, MissionEditFormSchema, markerLine, parseMarkerLines } from "../lib/mission-edit-form";
import { jsonFile, receiveUpload, type UploadLimits } from "../lib/upload.server";
import { type LiveJob, useJobProgress } from "../lib/use-live-query";

export const meta: MetaFunction = () => [{ title: "Missions · Missionboard" }];

/** Mirrors the api's MANIFEST_MAX_BYTES (the procedure checks it again). */
const MANIFEST_MAX_BYTES = 5 * 1024 * 1024;
const TEXT_FIELD_MAX_BYTES = 256 * 1024;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, requestId } = await requireUser(request, context);
  // `?rescore=<mission id>` opens that mission's re-score preview.
  const { value, ignored } = parseSearch(new URL(request.url).searchParams, MissionIdInputSchema.partial(), { id: "rescore" });
  const [missions, models, changes, activity, rescore] = await Promise.all([
    api.mission.list(),
    api.mission.models(),
    api.mission.changes(),
    api.mission.activity(),
    value.id ? api.mission.rescorePreview({ id: value.id }) : null,
  ]).catch(toRouteError(request, requestId));
  return { missions, models, changes, activity, rescore, ignored };
}

// ---------------------------------------------------------------------------------------------
// The manifest upload goes through the upload receiver: held in memory (5 MB at most), refused
// as soon as it passes the limit or when it is not JSON.

const MANIFEST_UPLOAD: UploadLimits = {
  fields: {
    file: {
      kind: "file",
      maxBytes: MANIFEST_MAX_BYTES,
      store: "memory",
      accept: jsonFile,
      tooLarge: `The manifest must be ${MANIFEST_MAX_BYTES / 1024 / 1024} MB or smaller.`,
    },
  },
  maxParts: 4,
  textMaxBytes: TEXT_FIELD_MAX_BYTES,
};

// ---------------------------------------------------------------------------------------------

export interface MissionActionResult {
  intent: string;
  /** The mission id, the model id, or "import". */
  target: string;
  errors: Record<string, string>;
  values?: Record<string, string>;
}

const str = (form: FormData, key: string) => {
  const value = form.get(key);
  return typeof value === "string" ? value : "";
};
/** A blank week, points or difficulty clears it (null); anything else is parsed by the schema. */
const blankToNull = (text: string) => (text.trim() === "" ? null : text.trim());
const checked = (form: FormData, key: string) => form.get(key) === "yes";

type Detection = { status: "started"; runId: string } | { status: "queued"; message: string } | { status: "failed"; message: string };

function detectionNotice(detection: Detection | null): string {
  if (!detection) return "";
  return detection.status === "started" ? " The stored chats are being re-detected (progress below)." : ` ${detection.message}`;
}

const RESCORE_HINT = " Past completions keep their points until you re-score the mission.";

/** The posted form: a multipart manifest upload through the receiver, or a plain form. */
async function readForm(request: Request): Promise<FormData | { refused: { status: number; message: string } }> {
  if (!(request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) return request.formData();
  const upload = await receiveUpload(request, MANIFEST_UPLOAD);
  if (!upload.ok) return { refused: { status: upload.status, message: upload.message } };
  const form = new FormData();
  for (const [name, value] of Object.entries(upload.fields)) form.set(name, value);
  const file = upload.files.file?.data;
  if (file) form.set("file", new TextDecoder().decode(file));
  return form;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { api, requestId } = await requireUser(request, context);
  const form = await readForm(request);
  if ("refused" in form)
    return data<MissionActionResult>(
      { intent: "import", target: "import", errors: { file: form.refused.message } },
      { status: form.refused.status },
    );
  const intent = str(form, "intent");
  const target = intent === "import" ? "import" : intent === "link" ? str(form, "modelId") : str(form, "id");
  const values = Object.fromEntries([...form.entries()].filter(([k, v]) => k !== "file" && typeof v === "string")) as Record<
    string,
    string
  >;
  const fail = (errors: Record<string, string>, status: number) =>
    data<MissionActionResult>({ intent, target, errors, values }, { status });
  let notice: string;
  try {
    switch (intent) {
      case "update": {
        const parsed = parseMarkerLines(str(form, "markers"));
        if ("error" in parsed) return fail({ markers: parsed.error }, 400);
        const input = parseInput(UpdateMissionInputSchema, {
          id: target,
          week: blankToNull(str(form, "week")),
          points: blankToNull(str(form, "points")),
          difficulty: blankToNull(str(form, "difficulty")),
          aliases: lines(str(form, "aliases")),
          markers: parsed.markers,
          includeDefaultMarkers: checked(form, "includeDefaultMarkers"),
          briefingReplyCounts: checked(form, "briefingReplyCounts"),
          isActive: checked(form, "isActive"),
        } satisfies Partial<Record<FieldOf<UpdateInput>, unknown>>);
        const result = await api.mission.update(input);
        notice =
          result.changed.length === 0
            ? `Nothing changed for ${result.name}.`
            : `Saved ${result.name} (${result.changed.join(", ")}).${detectionNotice(result.detection)}${result.rescoreSuggested ? RESCORE_HINT : ""}`;
        break;
      }
      case "rescore": {
        const result = await api.mission.rescore(parseInput(MissionIdInputSchema, form));
        notice = `Re-scoring ${result.name}: the progress shows below.`;
        break;
      }
      case "accept":
      case "dismiss": {
        const result = await api.mission.decideChange(parseInput(DecideChangeInputSchema, { id: target, decision: intent }));
        notice = result.accepted
          ? `${result.name}: OpenWebUI's ${result.field} accepted.${detectionNotice(result.detection)}${result.rescoreSuggested ? RESCORE_HINT : ""}`
          : `${result.name}: OpenWebUI's ${result.field} dismissed.`;
        break;
      }
      case "link": {
        // A blank choice means "a new mission of its own": no missionKey.
        const missionKey = str(form, "missionKey") || undefined;
        const result = await api.mission.link(parseInput(MissionLinkSchema, { modelId: target, missionKey }));
        notice = result.created
          ? `The model ${target} is now the mission "${result.name}".${detectionNotice(result.detection)}`
          : `The model ${target} now counts as "${result.name}".${detectionNotice(result.detection)}`;
        break;
      }
      case "import": {
        const text = str(form, "file");
        if (!text) return fail({ file: "Choose a campaign manifest (.json) to import." }, 400);
        const result = await api.mission.importManifest(parseInput(ImportManifestInputSchema, { text }));
        notice = `Imported ${result.missions} mission(s): ${result.created} new, ${result.updated} updated${
          result.warnings.length ? `, ${result.warnings.length} warning(s)` : ""
        }.${detectionNotice(result.detection)}`;
        break;
      }
      default:
        return fail({ form: "Unknown action." }, 400);
    }
  } catch (error) {
    return apiFailure(request, requestId, error, fail);
  }
  return redirectWithFlash(request, "/admin/missions", { kind: "success", message: notice });
}

// ---------------------------------------------------------------------------------------------

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type MissionItem = LoaderData["missions"][number];

function Errors({ errors, skip }: { errors: Record<string, string | undefined>; skip: readonly string[] }) {
  const rest = Object.entries(errors).filter((entry): entry is [string, string] => entry[1] !== undefined && !skip.includes(entry[0]));
  if (rest.length === 0) return null;
  return (
    <div className="form-error" role="alert">
      {rest.map(([field, message]) => (
        <p key={field} style={{ margin: 0, whiteSpace: "pre-line" }}>
          {message}
        </p>
      ))}
    </div>
  );
}

type UpdateInput = RouterInputs["mission"]["update"];
const EDIT_FIELDS = ["week", "points", "difficulty", "aliases", "markers"] as const satisfies FieldOf<UpdateInput>[];
const updateField = fieldName<UpdateInput>;
const linkField = fieldName<RouterInputs["mission"]["link"]>;
const idField = fieldName<RouterInputs["mission"]["rescore"]>;

/**
 * The edit form of one mission. Its fields show the server's errors next to them (also without
 * JavaScript); with JavaScript they are checked as they are left and on submit with core's rules
 * (lib/mission-edit-form.ts), so most mistakes show before anything is sent.
 */
function MissionEditor({ mission, result, busy }: { mission: MissionItem; result: MissionActionResult | undefined; busy: boolean }) {
  const id = useId();
  const mine = result?.intent === "update" && result.target === mission.id ? result : undefined;
  const { errors, form } = useInlineValidation(MissionEditFormSchema, mine?.errors ?? {});
  const v = mine?.values;
  return (
    <section className="card mission-editor" aria-labelledby={`${id}-heading`} id={`edit-${mission.id}`}>
      <h3 id={`${id}-heading`}>Edit {mission.name}</h3>
      <Form method="post" action="/admin/missions" noValidate aria-label={`Edit ${mission.name}`} className="mission-editor-form" {...form}>
        <input type="hidden" name={updateField("id")} value={mission.id} />
        <Field
          label="Week"
          name={updateField("week")}
          inputMode="numeric"
          defaultValue={v?.week ?? mission.week ?? ""}
          error={errors.week}
        />
        <Field
          label="Points"
          name={updateField("points")}
          inputMode="numeric"
          defaultValue={v?.points ?? mission.points ?? ""}
          error={errors.points}
        />
        <SelectField
          label="Difficulty"
          name={updateField("difficulty")}
          defaultValue={v?.difficulty ?? mission.difficulty ?? ""}
          error={errors.difficulty}
        >
          <option value="">—</option>
          {DIFFICULTIES.map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </SelectField>
        <TextareaField
          label="Aliases (model ids or names that count as this mission, one per line)"
          name={updateField("aliases")}
          rows={3}
          defaultValue={v?.aliases ?? mission.aliases.join("\n")}
          error={errors.aliases}
        />
        <TextareaField
          label="Completion markers (one per line; /regex/flags for a regular expression)"
          name={updateField("markers")}
          rows={4}
          hint={
            <>
              A phrase matches whole words, ignoring case, brackets and emphasis. A line such as{" "}
              {'{"phrase": "MISSION REFERRED", "points": 15}'} sets an outcome's points.
            </>
          }
          defaultValue={v?.markers ?? mission.markers.map(markerLine).join("\n")}
          error={errors.markers}
        />
        <label className="checkbox">
          <input
            type="checkbox"
            name={updateField("includeDefaultMarkers")}
            value="yes"
            defaultChecked={v ? v.includeDefaultMarkers === "yes" : mission.includeDefaultMarkers}
          />{" "}
          Also accept the default phrases ("mission accomplished", "mission complete", …)
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            name={updateField("briefingReplyCounts")}
            value="yes"
            defaultChecked={v ? v.briefingReplyCounts === "yes" : mission.briefingReplyCounts}
          />{" "}
          The first (briefing) reply may complete the mission
        </label>
        <label className="checkbox">
          <input type="checkbox" name={updateField("isActive")} value="yes" defaultChecked={v ? v.isActive === "yes" : mission.isActive} />{" "}
          Active
        </label>
        <Errors errors={errors} skip={EDIT_FIELDS} />
        <div className="mission-editor-actions">
          <Button type="submit" name="intent" value="update" variant="primary" disabled={busy}>
            Save {mission.name}
          </Button>
          <LinkButton to="/admin/missions" variant="secondary" preventScrollReset>
            Close
          </LinkButton>
        </div>
      </Form>
    </section>
  );
}

function LinkForm({
  model,
  missions,
  result,
  busy,
}: {
  model: LoaderData["models"][number];
  missions: MissionItem[];
  result: MissionActionResult | undefined;
  busy: boolean;
}) {
  const id = useId();
  const mine = result?.intent === "link" && result.target === model.id ? result : undefined;
  return (
    <Form method="post" aria-label={`Link ${model.id}`} style={{ display: "flex", gap: "0.5rem", alignItems: "end", flexWrap: "wrap" }}>
      <input type="hidden" name={linkField("modelId")} value={model.id} />
      <div className="field" style={{ margin: 0 }}>
        <label htmlFor={id}>Link to mission</label>
        <select id={id} name={linkField("missionKey")} defaultValue={mine?.values?.missionKey ?? ""}>
          <option value="">A new mission of its own</option>
          {missions.map((m) => (
            <option key={m.id} value={m.key}>
              {m.week ? `W${m.week} · ` : ""}
              {m.name}
            </option>
          ))}
        </select>
      </div>
      <Button type="submit" name="intent" value="link" disabled={busy}>
        Link
      </Button>
      {mine ? <Errors errors={mine.errors} skip={[]} /> : null}
    </Form>
  );
}

type LiveActivity = { current: LiveJob | null; recent: LiveJob[] };

/** The running data job with its progress (refreshed every second through /api/trpc), and the latest re-detections and re-scores. */
function JobActivity({ initial }: { initial: LiveActivity }) {
  const activity = useJobProgress<LiveActivity>(
    initial,
    (api, signal) => api.mission.activity.query(undefined, { signal }),
    (a) => a.current !== null,
  );
  const job = activity.current;
  const last = activity.recent[0];
  return (
    <div data-testid="mission-activity">
      {job ? (
        <JobProgressLine job={job} unit={job.kind === "rescore" ? "completions" : "chats"} />
      ) : last?.status === "failed" ? (
        <p className="form-error" role="alert">
          The last {last.kind === "rescore" ? "re-score" : "re-detection"} failed: {last.error}
        </p>
      ) : null}
    </div>
  );
}

function ChangesFromOpenWebUi({ changes, busy }: { changes: LoaderData["changes"]; busy: boolean }) {
  if (changes.length === 0) return null;
  return (
    <section className="card" aria-labelledby="changes-heading" style={{ marginBottom: "1rem" }}>
      <h2 id="changes-heading">Changed in OpenWebUI ({changes.length})</h2>
      <p className="muted">
        A reload saw these values change for models that count as missions. The missions keep their own values until you accept; accepted
        points apply to new completions (re-score to apply them to past ones).
      </p>
      <ul aria-label="Changes from OpenWebUI" style={{ paddingLeft: "1rem" }}>
        {changes.map((c) => (
          <li key={c.id} data-change={c.field} style={{ marginBottom: "0.5rem" }}>
            <strong>{c.missionName}</strong>: {c.description}{" "}
            <Form method="post" style={{ display: "inline-flex", gap: "0.5rem" }} aria-label={`Decide ${c.field} of ${c.missionName}`}>
              <input type="hidden" name="id" value={c.id} />
              <Button type="submit" name="intent" value="accept" disabled={busy}>
                Accept
              </Button>
              <Button type="submit" name="intent" value="dismiss" disabled={busy}>
                Dismiss
              </Button>
            </Form>
          </li>
        ))}
      </ul>
    </section>
  );
}

const showPoints = (v: number | null) => (v === null ? "none" : String(v));

/** The re-score preview (counts only) with the button that applies it. */
function RescorePreview({ preview, busy }: { preview: NonNullable<LoaderData["rescore"]>; busy: boolean }) {
  return (
    <section className="card" aria-labelledby="rescore-heading" style={{ marginBottom: "1rem" }} data-testid="rescore-preview">
      <h2 id="rescore-heading">Re-score {preview.name}</h2>
      {preview.changed === 0 ? (
        <p>
          All {preview.completions} completion(s) already have the mission's current points ({showPoints(preview.points)}). Nothing to do.{" "}
          <Link to="/admin/missions">Close</Link>
        </p>
      ) : (
        <>
          <p>
            Applies the mission's current points ({showPoints(preview.points)}) to past completions: {preview.changed} of{" "}
            {preview.completions} completion(s) change, affecting {preview.usersAffected} person(s).
          </p>
          <ul>
            {preview.moves.map((m) => (
              <li key={`${m.from}-${m.to}`}>
                {showPoints(m.from)} → {showPoints(m.to)} points: {m.completions} completion(s)
              </li>
            ))}
          </ul>
          <Form method="post" aria-label={`Re-score ${preview.name}`} style={{ display: "flex", gap: "0.5rem" }}>
            <input type="hidden" name={idField("id")} value={preview.missionId} />
            <Button type="submit" name="intent" value="rescore" variant="primary" disabled={busy}>
              Apply the re-score
            </Button>
            <Link to="/admin/missions">Cancel</Link>
          </Form>
        </>
      )}
    </section>
  );
}

export default function MissionsAdmin() {
  const { missions, models, changes, activity, rescore, ignored } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as MissionActionResult | undefined;
  const busy = useNavigation().state === "submitting";
  const importErrors = result?.target === "import" ? result.errors : null;
  const fileId = useId();
  const [params] = useSearchParams();
  // The mission being edited: the one the link asked for, or the one a refused save came back for.
  const refused = result?.intent === "update" && Object.keys(result.errors).length > 0 ? result.target : null;
  const editorFor = missions.find((m) => m.id === (refused ?? params.get("edit")));

  return (
    <section>
      <h1>Missions</h1>
      <p className="muted">
        A mission is an OpenWebUI model tagged "Missions", a challenge from the campaign manifest, or a model an admin linked here. Changing
        aliases, markers, the first-reply rule or the active flag re-detects the stored chats in the background, without fetching them
        again. Points are a snapshot taken at completion: re-score a mission to apply its current points to past completions.
      </p>
      <IgnoredFilters ignored={ignored} labels={{ id: "Re-score" }} />
      {result?.errors.form && result.intent !== "link" && result.intent !== "update" ? (
        <p className="form-error" role="alert">
          {result.errors.form}
        </p>
      ) : null}
      <JobActivity key={activity.current?.id ?? "idle"} initial={activity} />
      {rescore ? <RescorePreview preview={rescore} busy={busy} /> : null}
      <ChangesFromOpenWebUi changes={changes} busy={busy} />

      <section className="card" aria-labelledby="manifest-heading" style={{ marginBottom: "1rem" }}>
        <h2 id="manifest-heading">Import the campaign manifest</h2>
        <p className="muted">
          campaign.json: missions are matched by key and updated, or added. The whole file is checked first; any problem refuses the import
          and nothing is written. Up to {MANIFEST_MAX_BYTES / 1024 / 1024} MB.
        </p>
        <Form method="post" encType="multipart/form-data" aria-label="Import a campaign manifest">
          <div className="field">
            <label htmlFor={fileId}>Manifest file (.json)</label>
            <input id={fileId} type="file" name="file" accept="application/json,.json" />
          </div>
          {importErrors ? (
            <div className="form-error" role="alert">
              {[...new Set(Object.values(importErrors).flatMap((m) => m.split("\n")))].map((line) => (
                <p key={line} style={{ margin: 0 }}>
                  {line}
                </p>
              ))}
            </div>
          ) : null}
          <Button type="submit" name="intent" value="import" variant="primary" disabled={busy}>
            Import manifest
          </Button>
        </Form>
      </section>

      <h2>Missions ({missions.length})</h2>
      {editorFor ? <MissionEditor mission={editorFor} result={result} busy={busy} /> : null}
      <DataTable
        columns={[
          "Mission",
          "Week",
          "Points",
          "Difficulty",
          "Aliases",
          "Markers",
          "First reply",
          "Status",
          "Origin",
          "Attempts",
          "Completions",
        ]}
        rowCount={missions.length}
        empty="No missions yet: import the campaign manifest, reload the data, or link a model below."
      >
        {missions.map((m) => (
          <tr key={m.id} data-mission={m.key}>
            <td>
              <strong>{m.name}</strong>
              <div className="muted">{m.key}</div>
              {/* The editor opens above the table, the page's full width (a link: no JavaScript needed). */}
              <Link to={`?edit=${m.id}#edit-${m.id}`} preventScrollReset aria-label={`Edit ${m.name}`}>
                Edit
              </Link>
            </td>
            <td>{m.week ?? "—"}</td>
            <td>
              {m.points ?? "—"}
              {m.completedAttempts > 0 ? (
                <div>
                  <Link to={`/admin/missions?rescore=${m.id}`} aria-label={`Re-score ${m.name}`}>
                    Re-score…
                  </Link>
                </div>
              ) : null}
            </td>
            <td>{m.difficulty ?? "—"}</td>
            <td>{m.aliases.length}</td>
            <td>
              {m.markers.length}
              {m.includeDefaultMarkers ? <span className="muted"> + defaults</span> : null}
            </td>
            <td>{m.briefingReplyCounts ? "counts" : "ignored"}</td>
            <td>{m.isActive ? "Active" : <span className="muted">Inactive</span>}</td>
            <td>{m.origin}</td>
            <td>{m.attempts}</td>
            <td title={`${m.completedAttempts} completed attempt(s)`}>{m.completions}</td>
          </tr>
        ))}
      </DataTable>

      <h2>OpenWebUI models ({models.length})</h2>
      <p className="muted">
        Every model seen in the OpenWebUI data. A model counts as a mission only when it is tagged "Missions" or linked to one here.
      </p>
      <DataTable
        columns={["Model", "Tagged", "Counts as"]}
        rowCount={models.length}
        empty="No models yet: reload or upload the OpenWebUI data on the Data page."
      >
        {models.map((model) => (
          <tr key={model.id} data-model={model.id}>
            <td>
              <strong>{model.name}</strong>
              <div className="muted">{model.id}</div>
            </td>
            <td>{model.missionTagged ? "Missions" : <span className="muted">no</span>}</td>
            <td>
              {model.mission ? (
                <span>
                  {model.mission.name}
                  {model.mission.isActive ? null : <span className="muted"> (inactive)</span>}
                </span>
              ) : (
                <>
                  <span className="muted">{model.missionTagged ? "Tagged: becomes a mission on the next reload" : "Not a mission"}</span>
                  <LinkForm model={model} missions={missions} result={result} busy={busy} />
                </>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}
