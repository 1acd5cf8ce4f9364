import { ResultsInputSchema } from "@missionboard/api";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { Freshness } from "../components/freshness";
import { funnelChart } from "../components/mission-charts.server";
import { decimal, duration, percent, StatusBadge, weekLabel } from "../components/mission-figures";
import { FILTER_LABELS, LearnerSearch, MissionSelect, StatusSelect } from "../components/mission-filters";
import { UtcTime } from "../components/time";
import { Card } from "../components/ui/card";
import { ChartMarkup } from "../components/ui/charts/chart-markup";
import { barChartMarkup } from "../components/ui/charts/chart-markup.server";
import { DataTable } from "../components/ui/data-table";
import { countOf, FilterForm, IgnoredFilters } from "../components/ui/filter-form";
import { Pager } from "../components/ui/pager";
import { StatCard, StatGrid } from "../components/ui/stat-card";
import { toRouteError } from "../lib/api.server";
import { requireUser } from "../lib/auth.server";
import { parseSearch } from "../lib/form.server";

export const meta: MetaFunction = () => [{ title: "Challenge results · Missionboard" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, requestId } = await requireUser(request, context);
  const { value, ignored } = parseSearch(new URL(request.url).searchParams, ResultsInputSchema);
  const [results, freshness] = await Promise.all([api.analytics.results(value), api.analytics.freshness()]).catch(
    toRouteError(request, requestId),
  );
  const { mission, funnel } = results;
  const chart = mission && funnel ? barChartMarkup(funnel, "funnel", (f) => funnelChart(mission.name, f)) : null;
  return { results, freshness, ignored, chart };
}

export default function ChallengeResults() {
  const { results, freshness, ignored, chart } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { mission, funnel, learners, hardest } = results;
  const exportQuery = mission ? `?mission=${encodeURIComponent(mission.id)}` : "";
  return (
    <section className="stack">
      <h1>Challenge results</h1>
      <Freshness data={freshness} />
      <FilterForm label="Choose a mission" clearTo="/staff/missions/results">
        <MissionSelect missions={results.filters.missions} value={params.get("mission") ?? ""} anyLabel="Choose a mission" />
        <StatusSelect value={params.get("status") ?? ""} />
        <LearnerSearch value={params.get("user") ?? ""} />
      </FilterForm>
      <IgnoredFilters ignored={ignored} labels={FILTER_LABELS} />

      {mission && funnel && learners ? (
        <>
          <Card title={`${mission.name} · ${weekLabel(mission.week)}`}>
            <StatGrid label={`Funnel of ${mission.name}`}>
              <StatCard label="Started" value={funnel.started} hint={`of ${results.knownLearners} known learners`} />
              <StatCard label="Completed" value={funnel.completed} hint={`${percent(funnel.completionRate)} of those who started`} />
              <StatCard label="Not started" value={funnel.notStarted} />
              <StatCard label="Median attempts to complete" value={decimal(funnel.medianAttemptsToComplete)} />
              <StatCard label="Median time to complete" value={duration(funnel.medianTimeToCompleteMs)} />
            </StatGrid>
            {chart ? <ChartMarkup html={chart} /> : null}
          </Card>
          <Card
            title="Learners"
            actions={
              <span className="muted">
                Export: <Link to={`/staff/missions/export/challenge-results.csv${exportQuery}`}>CSV</Link> ·{" "}
                <Link to={`/staff/missions/export/challenge-results.xlsx${exportQuery}`}>Excel</Link>
              </span>
            }
          >
            <p className="muted" data-testid="list-count">
              {countOf(learners.total, "learner", "learners")}
            </p>
            <DataTable
              caption={`Learners at ${mission.name}`}
              captionHidden
              columns={[
                "Learner",
                "Status",
                { label: "Attempts", numeric: true },
                "First completion",
                { label: "Attempts to complete", numeric: true },
              ]}
              rowCount={learners.items.length}
              empty="No learner matches these filters."
            >
              {learners.items.map((r) => (
                <tr key={r.learnerId}>
                  <td>{r.name}</td>
                  <td>
                    <StatusBadge status={r.status} />
                  </td>
                  <td className="numeric">{r.attempts}</td>
                  <td>
                    <UtcTime value={r.firstCompletedAt} />
                  </td>
                  <td className="numeric">{r.attemptsToComplete ?? "—"}</td>
                </tr>
              ))}
            </DataTable>
            <Pager page={learners.page} pageCount={learners.pageCount} label="Learner pages" />
          </Card>
        </>
      ) : (
        <p className="muted">Choose a mission to see its funnel and every learner's status.</p>
      )}

      <Card
        title="Which missions are hard"
        actions={
          <span className="muted">
            Export: <Link to="/staff/missions/export/mission-funnel.csv">CSV</Link> ·{" "}
            <Link to="/staff/missions/export/mission-funnel.xlsx">Excel</Link>
          </span>
        }
      >
        <DataTable
          caption="Missions by completion rate, lowest first"
          columns={[
            "Mission",
            "Week",
            { label: "Started", numeric: true },
            { label: "Completed", numeric: true },
            { label: "Completion rate", numeric: true },
            { label: "Median attempts", numeric: true },
            { label: "Median time", numeric: true },
          ]}
          rowCount={hardest.length}
          empty="No missions yet."
        >
          {hardest.map((f) => (
            <tr key={f.missionId}>
              <td>
                <Link to={`?mission=${encodeURIComponent(f.missionId)}`}>{f.name}</Link>
              </td>
              <td>{weekLabel(f.week)}</td>
              <td className="numeric">{f.started}</td>
              <td className="numeric">{f.completed}</td>
              <td className="numeric">{f.started ? percent(f.completionRate) : "—"}</td>
              <td className="numeric">{decimal(f.medianAttemptsToComplete)}</td>
              <td className="numeric">{duration(f.medianTimeToCompleteMs)}</td>
            </tr>
          ))}
        </DataTable>
      </Card>
    </section>
  );
}
