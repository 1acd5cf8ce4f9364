import {
  AdjustInputSchema,
  AdjustmentsInputSchema,
  RANKS_MAX,
  type RouterInputs,
  SetFreezeInputSchema,
  SetRanksInputSchema,
} from "@missionboard/api";
import { rankTableProblems } from "@missionboard/core";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Freshness } from "../components/freshness";
import { JobProgressLine } from "../components/job-progress-line";
import { UtcTime } from "../components/time";
import { Button } from "../components/ui/button";
import { DataTable } from "../components/ui/data-table";
import { Field } from "../components/ui/field";
import { IgnoredFilters } from "../components/ui/filter-form";
import { Pager } from "../components/ui/pager";
import { toRouteError } from "../lib/api.server";
import { requireUser } from "../lib/auth.server";
import { fieldName } from "../lib/field-name";
import { redirectWithFlash } from "../lib/flash.server";
import { apiFailure, parseInput, parseSearch } from "../lib/form.server";
import { type LiveJob, useJobProgress } from "../lib/use-live-query";

export const meta: MetaFunction = () => [{ title: "Scoring · Missionboard" }];

const SearchSchema = AdjustmentsInputSchema.omit({ pageSize: true }).extend({
  q: AdjustmentsInputSchema.shape.learnerId,
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, requestId } = await requireUser(request, context);
  const { value, ignored } = parseSearch(new URL(request.url).searchParams, SearchSchema, { learnerId: "learner" });
  const [overview, ranks, adjustments, found, freshness] = await Promise.all([
    api.scoring.overview(),
    api.scoring.ranks(),
    api.scoring.adjustments({ page: value.page, pageSize: 20, learnerId: value.learnerId }),
    value.q ? api.scoring.learners({ q: value.q }) : Promise.resolve(null),
    api.analytics.freshness(),
  ]).catch(toRouteError(request, requestId));
  return { overview, ranks, adjustments, found, freshness, q: value.q ?? "", learner: value.learnerId ?? "", ignored };
}

type Intent = "adjust" | "ranks" | "freeze" | "clear-freeze" | "rebuild";

export interface ScoringActionResult {
  intent: Intent;
  errors: Record<string, string>;
  /** Per rank row (by index), the problems core found with the table. */
  rowErrors?: Record<number, string>;
  values?: Record<string, string>;
}

const adjustField = fieldName<RouterInputs["scoring"]["adjust"]>;
const freezeField = fieldName<RouterInputs["scoring"]["setFreeze"]>;

/** The rank rows as posted (`rank-<i>-name` …): blank rows (the one for adding) and removed rows left out. */
function postedRanks(form: FormData) {
  const rows: { index: number; name: string; minPoints: string; reward: string }[] = [];
  for (let i = 0; i <= RANKS_MAX; i++) {
    const name = String(form.get(`rank-${i}-name`) ?? "").trim();
    const minPoints = String(form.get(`rank-${i}-minPoints`) ?? "").trim();
    const reward = String(form.get(`rank-${i}-reward`) ?? "").trim();
    if (form.get(`rank-${i}-remove`) === "on" || (!name && !minPoints && !reward)) continue;
    rows.push({ index: i, name, minPoints, reward });
  }
  return rows;
}

/** `2026-10-01T12:00` from a datetime-local input, read as UTC (the page says so), or null. */
function utcFromInput(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  const date = new Date(`${value}Z`);
  return Number.isNaN(date.getTime()) ? null : date;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { api, requestId } = await requireUser(request, context);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "") as Intent;
  const fail = (errors: Record<string, string>, status: number, extra: Partial<ScoringActionResult> = {}) =>
    data<ScoringActionResult>({ intent, errors, ...extra }, { status });
  try {
    if (intent === "adjust") {
      const values = Object.fromEntries(["learnerId", "points", "reason", "week"].map((k) => [k, String(form.get(k) ?? "")]));
      try {
        const week = values.week?.trim();
        const res = await api.scoring.adjust(
          parseInput(AdjustInputSchema, {
            learnerId: values.learnerId,
            points: values.points,
            reason: values.reason,
            week: week ? week : null,
          }),
        );
        const ranked = res.rankUps.length ? ` They reached ${res.rankUps.join(", ")}.` : "";
        return redirectWithFlash(request, "/admin/scoring", {
          kind: "success",
          message: `Adjustment saved; the boards are up to date.${ranked}`,
        });
      } catch (error) {
        return apiFailure(request, requestId, error, (errors, status) => fail(errors, status, { values }));
      }
    }
    if (intent === "ranks") {
      const rows = postedRanks(form);
      const ranks = rows.map((r) => ({
        name: r.name,
        minPoints: r.minPoints === "" ? Number.NaN : Number(r.minPoints),
        reward: r.reward || null,
      }));
      // Every problem at once, next to its row (the procedure refuses with the first one).
      const problems = rankTableProblems(ranks);
      if (problems.length) {
        const rowErrors: Record<number, string> = {};
        const errors: Record<string, string> = {};
        for (const problem of problems) {
          const at = ranks.findIndex((r, i) => problem.startsWith(`${r.name}:`) || problem.startsWith(`Rank ${i + 1} `));
          const row = rows[at];
          if (row) rowErrors[row.index] = rowErrors[row.index] ? `${rowErrors[row.index]} ${problem}` : problem;
          else errors.ranks = errors.ranks ? `${errors.ranks} ${problem}` : problem;
        }
        return fail(errors, 400, { rowErrors });
      }
      await api.scoring.setRanks(parseInput(SetRanksInputSchema, { ranks }));
      return redirectWithFlash(request, "/admin/scoring", { kind: "success", message: "Rank table saved; ranks apply at once." });
    }
    if (intent === "freeze" || intent === "clear-freeze") {
      const boardText = String(form.get(freezeField("board")) ?? "");
      const board = boardText === "overall" ? "overall" : Number(boardText);
      const raw = String(form.get(freezeField("freezeAt")) ?? "");
      const freezeAt = intent === "clear-freeze" ? null : utcFromInput(raw);
      if (intent === "freeze" && !freezeAt) return fail({ [`freeze-${boardText}`]: "Enter a date and time (UTC)." }, 400);
      await api.scoring.setFreeze(parseInput(SetFreezeInputSchema, { board, freezeAt }));
      const label = board === "overall" ? "The overall board" : `Week ${board}'s board`;
      return redirectWithFlash(request, "/admin/scoring", {
        kind: "success",
        message: freezeAt
          ? `${label} is frozen for learners from ${freezeAt.toISOString().slice(0, 16).replace("T", " ")} UTC.`
          : `${label} is live again.`,
      });
    }
    if (intent === "rebuild") {
      await api.scoring.rebuild();
      return redirectWithFlash(request, "/admin/scoring", { kind: "success", message: "Rebuild started: the progress shows below." });
    }
    return fail({ form: "Unknown action." }, 400);
  } catch (error) {
    return apiFailure(request, requestId, error, fail);
  }
}

// ---------------------------------------------------------------------------------------------

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

function RebuildProgress({ initial }: { initial: LoaderData["overview"]["running"] }) {
  const job = useJobProgress<LiveJob | null>(
    initial,
    (api, signal) => api.scoring.overview.query(undefined, { signal }).then((o) => o.running),
    (current) => current !== null,
  );
  if (!job) return null;
  return <JobProgressLine job={job} testId="standings-progress" />;
}

const inputValue = (d: Date | string | null) => (d ? new Date(d).toISOString().slice(0, 16) : "");

export default function ScoringAdmin() {
  const { overview, ranks, adjustments, found, freshness, q, learner, ignored } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ScoringActionResult | undefined;
  const busy = useNavigation().state === "submitting";
  const errorsOf = (intent: Intent) => (result?.intent === intent ? result.errors : {});
  const adjustErrors = errorsOf("adjust");
  const values = result?.intent === "adjust" ? (result.values ?? {}) : {};
  const rankErrors = errorsOf("ranks");
  const rowErrors = result?.intent === "ranks" ? (result.rowErrors ?? {}) : {};
  const freezeErrors = { ...errorsOf("freeze"), ...errorsOf("clear-freeze") };
  const rebuildErrors = errorsOf("rebuild");
  const running = overview.running !== null;
  const rankRows = [...ranks, { name: "", minPoints: "", reward: "" }];

  return (
    <section>
      <h1>Scoring</h1>
      <Freshness data={freshness} />
      <IgnoredFilters ignored={ignored} labels={{ page: "Page", learnerId: "Learner", q: "Search" }} />
      {result?.errors.form ? (
        <p className="form-error" role="alert">
          {result.errors.form}
        </p>
      ) : null}

      <div className="cards forms" style={{ marginBottom: "1rem" }}>
        <section className="card" aria-labelledby="adjust-heading">
          <h2 id="adjust-heading">Adjust a score</h2>
          <p className="muted">Points added to (or taken from) a learner, with a reason they can see. The boards update at once.</p>
          <Form method="get" aria-label="Find a learner">
            <Field label="Find a learner (name, email or OpenWebUI id)" name="q" type="search" defaultValue={q} />
            <Button type="submit">Search</Button>
          </Form>
          {found ? (
            found.length === 0 ? (
              <p className="muted">No OpenWebUI user matches “{q}”.</p>
            ) : (
              <ul aria-label="Matching learners">
                {found.map((l) => (
                  <li key={l.id}>
                    <a href={`?learner=${encodeURIComponent(l.id)}`}>
                      {l.name ?? "(no name)"} {l.email ? `<${l.email}>` : ""}
                    </a>{" "}
                    <span className="muted">{l.id}</span>
                  </li>
                ))}
              </ul>
            )
          ) : null}
          <Form method="post" aria-label="Adjust a score">
            <input type="hidden" name="intent" value="adjust" />
            <Field
              label="Learner (OpenWebUI id)"
              name={adjustField("learnerId")}
              defaultValue={values.learnerId ?? learner}
              error={adjustErrors.learnerId}
              required
            />
            <Field
              label="Points"
              name={adjustField("points")}
              type="number"
              step={1}
              hint="Negative to take points away."
              defaultValue={values.points ?? ""}
              error={adjustErrors.points}
              required
            />
            <Field
              label="Reason"
              name={adjustField("reason")}
              maxLength={500}
              defaultValue={values.reason ?? ""}
              error={adjustErrors.reason}
              required
            />
            <Field
              label="Week (optional)"
              name={adjustField("week")}
              type="number"
              min={1}
              step={1}
              hint="Also counts on that week's board; blank: the overall board only."
              defaultValue={values.week ?? ""}
              error={adjustErrors.week}
            />
            <Button type="submit" variant="primary" disabled={busy}>
              Save adjustment
            </Button>
          </Form>
        </section>

        <section className="card" aria-labelledby="rebuild-heading">
          <h2 id="rebuild-heading">Standings</h2>
          <p className="muted">
            Reloads, re-detections and adjustments keep the boards up to date. Rebuild them from the records if they ever look wrong.
          </p>
          <RebuildProgress key={overview.running?.id ?? "idle"} initial={overview.running} />
          {rebuildErrors.form ? (
            <p className="form-error" role="alert">
              {rebuildErrors.form}
            </p>
          ) : null}
          <Form method="post" aria-label="Rebuild standings">
            <input type="hidden" name="intent" value="rebuild" />
            <Button type="submit" disabled={busy || running}>
              Rebuild standings
            </Button>
          </Form>
          {overview.lastRebuild ? (
            <p className="muted" data-testid="last-rebuild">
              Last rebuild: {overview.lastRebuild.status},{" "}
              <UtcTime value={overview.lastRebuild.finishedAt ?? overview.lastRebuild.startedAt} /> UTC
              {overview.lastRebuild.error ? ` — ${overview.lastRebuild.error}` : ""}.
            </p>
          ) : null}
          <p className="muted">
            Rows stored: {overview.stored.length === 0 ? "none" : overview.stored.map((s) => `${s.board} ${s.rows}`).join(", ")}.
          </p>
        </section>
      </div>

      <h2 id="ranks-heading">Ranks</h2>
      <p className="muted">
        A learner holds the highest rank at or below their overall points. Changes apply at once. The lowest rank starts at 0. To add a
        rank, fill in the empty row; to remove one, tick its box.
      </p>
      {rankErrors.ranks ? (
        <p className="form-error" role="alert">
          {rankErrors.ranks}
        </p>
      ) : null}
      <Form method="post" aria-labelledby="ranks-heading">
        <input type="hidden" name="intent" value="ranks" />
        <DataTable
          columns={["Name", "From points", "Reward", "Remove"]}
          rowCount={rankRows.length}
          empty="No ranks."
          caption="Rank table"
          captionHidden
        >
          {rankRows.map((r, i) => (
            <tr key={`${r.name}|${r.minPoints}`} data-rank-row={i}>
              <td>
                <input name={`rank-${i}-name`} defaultValue={r.name} aria-label={`Rank ${i + 1} name`} maxLength={60} />
                {rowErrors[i] ? <p className="field-error">{rowErrors[i]}</p> : null}
              </td>
              <td>
                <input
                  name={`rank-${i}-minPoints`}
                  type="number"
                  step={1}
                  defaultValue={r.minPoints}
                  aria-label={`Rank ${i + 1} points from`}
                />
              </td>
              <td>
                <input name={`rank-${i}-reward`} defaultValue={r.reward ?? ""} aria-label={`Rank ${i + 1} reward`} maxLength={200} />
              </td>
              <td>{i < ranks.length ? <input type="checkbox" name={`rank-${i}-remove`} aria-label={`Remove rank ${i + 1}`} /> : null}</td>
            </tr>
          ))}
        </DataTable>
        <Button type="submit" variant="primary" disabled={busy}>
          Save ranks
        </Button>
      </Form>

      <h2>Freezes</h2>
      <p className="muted">After a board's freeze, learners see it as it stood (staff always see it live). Times are UTC.</p>
      <DataTable
        columns={["Board", "Frozen from (UTC)", "Set", "Clear"]}
        rowCount={overview.boards.length}
        empty="No boards yet."
        caption="Board freezes"
        captionHidden
      >
        {overview.boards.map((b) => {
          const formId = `freeze-${b.board}`;
          return (
            <tr key={String(b.board)} data-board={String(b.board)}>
              <td>{b.label}</td>
              <td>
                <input
                  form={formId}
                  type="datetime-local"
                  name={freezeField("freezeAt")}
                  defaultValue={inputValue(b.freezeAt)}
                  aria-label={`${b.label}: frozen from (UTC)`}
                />
                {freezeErrors[formId] ? <p className="field-error">{freezeErrors[formId]}</p> : null}
                {b.freezeAt ? null : <span className="muted"> live</span>}
              </td>
              <td>
                <Form method="post" id={formId} aria-label={`Freeze ${b.label}`}>
                  <input type="hidden" name={freezeField("board")} value={String(b.board)} />
                  <Button type="submit" name="intent" value="freeze" size="sm" disabled={busy}>
                    Set freeze
                  </Button>
                </Form>
              </td>
              <td>
                {b.freezeAt ? (
                  <Form method="post" aria-label={`Clear the freeze of ${b.label}`}>
                    <input type="hidden" name={freezeField("board")} value={String(b.board)} />
                    <Button type="submit" name="intent" value="clear-freeze" size="sm" disabled={busy}>
                      Clear
                    </Button>
                  </Form>
                ) : null}
              </td>
            </tr>
          );
        })}
      </DataTable>

      <h2>Recent adjustments</h2>
      <DataTable
        columns={["When (UTC)", "Learner", "Points", "Week", "Reason", "By"]}
        rowCount={adjustments.items.length}
        empty="No adjustments yet."
        caption="Recent adjustments"
        captionHidden
      >
        {adjustments.items.map((a) => (
          <tr key={a.id}>
            <td>
              <UtcTime value={a.createdAt} />
            </td>
            <td>
              {a.learnerName ?? a.learnerEmail ?? a.learnerId} <span className="muted">{a.learnerId}</span>
            </td>
            <td>{a.points > 0 ? `+${a.points}` : a.points}</td>
            <td>{a.week ?? "—"}</td>
            <td>{a.reason}</td>
            <td>{a.createdByName ?? <span className="muted">—</span>}</td>
          </tr>
        ))}
      </DataTable>
      <Pager page={adjustments.page} pageCount={adjustments.pageCount} />
    </section>
  );
}
