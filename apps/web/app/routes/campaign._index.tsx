// /campaign (docs/product/credits.md §C-13): the leaderboard by official points with a column per
// week, rank and reward, stat cards and the activity overview, for everyone signed in; staff also
// see the status chips and the problem lists (?problem=). Week and search live in the URL. Staff
// build the reconciliation workbook as a credits-report job (ADR 028): the page moves to
// ?report=<run>, shows its progress (live with JavaScript, by refreshing without), then the link.
import {
  CAMPAIGN_PAGE_SIZE,
  type CampaignProblem,
  CampaignViewInputSchema,
  CreditReportRunInputSchema,
  type ProblemSelection,
} from "@missionboard/api";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { AppShell } from "../components/app-shell";
import { CAMPAIGN_SPRITES, campaignRowsHtml } from "../components/campaign-rows";
import { CreditJobProgress, creditJobRunning, liveCreditJob } from "../components/credit-job-progress";
import { ShellErrorBoundary } from "../components/shell-error-boundary";
import { UtcTime } from "../components/time";
import { Button } from "../components/ui/button";
import { Card } from "../components/ui/card";
import { type Column, DataTable } from "../components/ui/data-table";
import { FilterForm, IgnoredFilters } from "../components/ui/filter-form";
import { IconSprites } from "../components/ui/icon-sprites";
import { Pager } from "../components/ui/pager";
import { StatCard, StatGrid } from "../components/ui/stat-card";
import { Tabs } from "../components/ui/tabs";
import { toRouteError } from "../lib/api.server";
import { requireUser } from "../lib/auth.server";
import { redirectWithFlash } from "../lib/flash.server";
import { apiFailure, parseSearch } from "../lib/form.server";
import { formatNumber } from "../lib/number-format";

export const meta: MetaFunction = () => [{ title: "Campaign · Missionboard" }];

const SearchSchema = CampaignViewInputSchema.omit({ pageSize: true });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, user, requestId } = await requireUser(request, context);
  const { value, ignored } = parseSearch(new URL(request.url).searchParams, SearchSchema);
  const view = await api.campaign.view({ ...value, pageSize: CAMPAIGN_PAGE_SIZE }).catch(toRouteError(request, requestId));
  const problems =
    view.viewer === "staff" ? await api.campaign.problems({ problem: value.problem }).catch(toRouteError(request, requestId)) : null;
  // The workbook this page started (?report=<run id>): its progress, then the download link.
  const reportId = new URL(request.url).searchParams.get("report");
  const run = reportId && view.viewer === "staff" ? CreditReportRunInputSchema.safeParse({ runId: reportId }) : null;
  const found = run?.success ? await api.creditReport.run(run.data).catch(() => null) : null;
  const report = run?.success ? { runId: run.data.runId, run: found ? { ...found, job: liveCreditJob(found.job) } : null } : null;
  return { user: { name: user.name, role: user.role }, view, problems, problem: value.problem ?? null, q: value.q ?? "", ignored, report };
}

/** Starts the workbook job (names and emails only for admins: the api checks) and shows its progress. */
export async function action({ request, context }: ActionFunctionArgs) {
  const { api, requestId } = await requireUser(request, context);
  const form = await request.formData();
  try {
    const { runId } = await api.creditReport.start({ identified: form.get("identified") === "1" });
    return redirectWithFlash(request, `/campaign?report=${runId}`, {
      kind: "info",
      message: "The workbook is being built; its link shows below when it is ready.",
    });
  } catch (error) {
    return apiFailure(request, requestId, error, (errors, status) =>
      data({ error: errors.form ?? Object.values(errors)[0] ?? "" }, { status }),
    );
  }
}

type Report = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["report"]>;

/** The workbook's progress, its download link, or why it failed. */
function ReportOutcome({ report }: { report: Report }) {
  const { runId, run } = report;
  if (!run)
    return (
      <p className="form-error" role="alert">
        There is no such workbook, or it has expired. Build it again.
      </p>
    );
  if (creditJobRunning(run.job))
    return (
      <CreditJobProgress
        initial={run.job}
        query={async (api, signal) => liveCreditJob((await api.creditReport.run.query({ runId }, { signal })).job)}
        unit="steps done"
        refreshHref={`/campaign?report=${runId}`}
      />
    );
  if (run.job.status === "failed")
    return (
      <p className="form-error" role="alert" data-testid="report-error">
        The workbook could not be built: {run.job.error ?? "unknown error"}
      </p>
    );
  return (
    <p role="status" data-testid="report-ready">
      <a href={`/campaign/report.xlsx?run=${runId}`} download>
        Download the reconciliation workbook (.xlsx, {run.identified ? "with names and emails" : "names pseudonymised"})
      </a>
    </p>
  );
}

/** Staff: build the workbook (a job); admins may ask for names and emails. */
function ReportForm({ admin, error }: { admin: boolean; error: string | undefined }) {
  return (
    <Form method="post" aria-label="Build the reconciliation workbook" className="actions">
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <Button type="submit" name="identified" value="0">
        Build the reconciliation workbook (.xlsx, names pseudonymised)
      </Button>
      {admin ? (
        <>
          {" "}
          <Button type="submit" name="identified" value="1">
            Build it with names and emails (audited)
          </Button>
        </>
      ) : null}
    </Form>
  );
}

const PROBLEM_LABELS: Record<CampaignProblem, string> = {
  "missing-credit": "Missing credit",
  "credited-without-completion": "Credited without completion",
  "points-mismatch": "Points mismatch",
  "pending-review": "Pending review",
  "unmatched-people": "Unmatched people",
  "uncertain-matches": "Uncertain matches",
};

// The api's CAMPAIGN_PROBLEMS order, kept here: the page's component code must not import the api (server-only).
const PROBLEMS = Object.keys(PROBLEM_LABELS) as CampaignProblem[];

function ProblemList({ selected, count }: { selected: ProblemSelection; count: number }) {
  const title = `${PROBLEM_LABELS[selected.problem]} (${formatNumber(count)})`;
  if (selected.problem === "unmatched-people") {
    const { list } = selected;
    return (
      <Card title={title} flush data-testid="problem-list">
        <DataTable
          columns={["Email", "Name in the list", "Why", "UserIDs", { label: "Rows", numeric: true }, { label: "Points", numeric: true }]}
          rowCount={list.items.length}
          caption={title}
          captionHidden
          empty="Everyone in the list is a known person."
        >
          {list.items.map((u) => (
            <tr key={u.email}>
              <td>{u.email}</td>
              <td>{u.name ?? "—"}</td>
              <td>{u.reason === "unknown-email" ? "No account or OpenWebUI user has this email" : "Several people have this email"}</td>
              <td>{u.userIds.join(", ")}</td>
              <td className="numeric">{u.rows}</td>
              <td className="numeric">{u.points}</td>
            </tr>
          ))}
        </DataTable>
        <p className="muted">
          Link them on <Link to="/staff/people">OpenWebUI links</Link>; nobody is guessed at or merged.
        </p>
      </Card>
    );
  }
  if (selected.problem === "uncertain-matches") {
    const { list } = selected;
    return (
      <Card title={title} flush data-testid="problem-list">
        <DataTable
          columns={["MissionChallenge", { label: "Week", numeric: true }, "Matched to", "Why", "Lines"]}
          rowCount={list.items.length}
          caption={title}
          captionHidden
          empty="No match needs confirming."
        >
          {list.items.map((u) => (
            <tr key={`${u.text}-${u.weekId}`}>
              <td>{u.text}</td>
              <td className="numeric">{u.weekId}</td>
              <td>
                {u.missionName ?? "—"}
                {u.match.ratio !== null ? <span className="muted"> ({u.match.ratio.toFixed(3)})</span> : null}
              </td>
              <td>{u.reason === "similar-name" ? "Similar name" : "Several missions share the name"}</td>
              <td>{u.lines.join(", ")}</td>
            </tr>
          ))}
        </DataTable>
        <p className="muted">
          Admins confirm these on <Link to="/campaign/mapping">Credit mapping</Link>; a confirmation becomes a mapping.
        </p>
      </Card>
    );
  }
  const { list } = selected;
  return (
    <Card title={title} flush data-testid="problem-list">
      <DataTable
        columns={[
          "Person",
          "Mission",
          { label: "Week", numeric: true },
          "Status",
          "Completed (UTC)",
          { label: "Awarded", numeric: true },
          { label: "Mission points", numeric: true },
          "Matched by",
        ]}
        rowCount={list.items.length}
        caption={title}
        captionHidden
        empty="Nothing in this list."
      >
        {list.items.map((p) => (
          <tr key={`${p.name}-${p.missionId}`} data-status={p.status}>
            <td>
              {p.name}
              {p.email ? <div className="muted">{p.email}</div> : null}
            </td>
            <td>{p.missionName}</td>
            <td className="numeric">{p.week ?? "—"}</td>
            <td>{p.status}</td>
            <td>{p.completedAt ? <UtcTime value={p.completedAt} /> : "—"}</td>
            <td className="numeric">{p.awardedPoints ?? "—"}</td>
            <td className="numeric">{p.missionPoints ?? "—"}</td>
            <td>{p.matchMethods.join(", ") || "—"}</td>
          </tr>
        ))}
      </DataTable>
    </Card>
  );
}

export default function Campaign() {
  const { user, view, problems, problem, q, ignored, report } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as { error?: string } | undefined;
  const staff = view.viewer === "staff";
  const search = (week: string) => {
    const params = new URLSearchParams();
    if (week) params.set("week", week);
    if (q) params.set("q", q);
    if (problem) params.set("problem", problem);
    return `?${params}`;
  };
  const tabs = [
    { id: "all", label: "All weeks", to: search("") },
    ...view.weeks.map((w) => ({ id: String(w), label: `Week ${w}`, to: search(String(w)) })),
  ];
  const columns: Column[] = [
    { label: "Position", numeric: true },
    "Name",
    ...view.columns.map((w) => ({ label: `Week ${w}`, numeric: true })),
    { label: "Total", numeric: true },
    "Rank",
    ...(staff ? ["Status"] : []),
  ];
  return (
    <AppShell user={user}>
      <section className="stack">
        <IconSprites icons={CAMPAIGN_SPRITES} />
        <div>
          <h1>Campaign</h1>
          <p className="muted">
            Official points: what reviewers credited in the campaign's activity list. Ranks follow {view.rankSource} points.{" "}
            {staff ? "As staff you see real names and each person's status." : "Names show as each learner chose in their profile."}
          </p>
          <p data-testid="last-upload">
            {view.lastUpload ? (
              <>
                Credit list updated <UtcTime value={view.lastUpload.at} /> UTC.
              </>
            ) : (
              "No credit list has been uploaded yet."
            )}
          </p>
        </div>
        <IgnoredFilters ignored={ignored} labels={{ week: "Week", q: "Search", problem: "Problem list", page: "Page" }} />
        {view.weekError ? (
          <p className="form-error" role="alert">
            {view.weekError} Showing every week.
          </p>
        ) : null}
        <StatGrid label="Campaign figures">
          <StatCard label="Participants" value={formatNumber(view.cards.participants)} />
          <StatCard label="Total points" value={formatNumber(view.cards.totalPoints)} />
          <StatCard label="Average points" value={formatNumber(view.cards.averagePoints)} />
          <StatCard label="Active weeks" value={formatNumber(view.cards.activeWeeks)} />
        </StatGrid>
        <Tabs label="Weeks" items={tabs} current={view.week === null ? "all" : String(view.week)} />
        <FilterForm label="Search the campaign leaderboard" clearTo="/campaign">
          {view.week !== null ? <input type="hidden" name="week" value={view.week} /> : null}
          <label>
            Name
            <input type="search" name="q" defaultValue={q} maxLength={100} placeholder="Part of a name" />
          </label>
        </FilterForm>
        <Card title={view.week === null ? "Leaderboard" : `Week ${view.week} leaderboard`} flush>
          <DataTable
            columns={columns}
            rowCount={view.rows.length}
            caption="Campaign leaderboard"
            captionHidden
            empty="Nobody has official points yet."
            rowsHtml={campaignRowsHtml(view.rows, view.columns, staff)}
          />
        </Card>
        {view.myRow ? (
          <Card title="Your position" flush data-testid="my-row">
            <DataTable
              columns={columns}
              rowCount={1}
              caption="Your row"
              captionHidden
              empty=""
              rowsHtml={campaignRowsHtml([view.myRow], view.columns, staff)}
            />
          </Card>
        ) : null}
        <Pager
          page={view.page}
          pageCount={view.pageCount}
          summary={`Page ${view.page} of ${view.pageCount} · ${formatNumber(view.total)} people`}
        />
        <Card title="Activity overview" flush>
          <DataTable
            columns={[
              "Activity type",
              ...view.overview.weeks.map((w) => ({ label: `Week ${w}`, numeric: true })),
              { label: "Total", numeric: true },
            ]}
            rowCount={view.overview.rows.length + 1}
            caption="Participants and points by activity type and week"
            captionHidden
            empty=""
          >
            {[...view.overview.rows, view.overview.total].map((r, i) => (
              <tr key={r.activityType} className={i === view.overview.rows.length ? "total-row" : undefined}>
                <th scope="row">{r.activityType}</th>
                {view.overview.weeks.map((w) => (
                  <td key={w} className="numeric">
                    {r.weeks[w]?.points ?? 0} pts · {r.weeks[w]?.participants ?? 0} people
                  </td>
                ))}
                <td className="numeric">
                  <strong>{r.totalPoints} pts</strong> · {r.totalParticipants} people
                </td>
              </tr>
            ))}
          </DataTable>
        </Card>
        {staff ? (
          <Card title="Reconciliation workbook">
            <ReportForm admin={user.role === "admin"} error={actionData?.error} />
            {report ? <ReportOutcome report={report} /> : null}
          </Card>
        ) : null}
        {staff && problems ? (
          <>
            <nav aria-label="Problem lists">
              <ul className="inline-list">
                {PROBLEMS.map((p) => (
                  <li key={p}>
                    <Link to={`?problem=${p}`} aria-current={problem === p ? "page" : undefined}>
                      {PROBLEM_LABELS[p]} ({problems.counts[p]})
                    </Link>
                  </li>
                ))}
              </ul>
            </nav>
            {problems.selected ? <ProblemList selected={problems.selected} count={problems.counts[problems.selected.problem]} /> : null}
          </>
        ) : null}
      </section>
    </AppShell>
  );
}

export { ShellErrorBoundary as ErrorBoundary };
