import { OverviewInputSchema } from "@missionboard/api";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { Freshness } from "../components/freshness";
import { completionsPerMissionChart, completionsPerWeekChart } from "../components/mission-charts.server";
import { decimal, percent } from "../components/mission-figures";
import { FILTER_LABELS, LearnerSearch, MissionSelect, StatusSelect, WeekSelect } from "../components/mission-filters";
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

export const meta: MetaFunction = () => [{ title: "Mission overview · Missionboard" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, requestId } = await requireUser(request, context);
  const { value, ignored } = parseSearch(new URL(request.url).searchParams, OverviewInputSchema);
  const [overview, freshness] = await Promise.all([api.analytics.overview(value), api.analytics.freshness()]).catch(
    toRouteError(request, requestId),
  );
  // The per-week and per-mission figures reach the page as the charts' markup only (ADR 032).
  const { perWeek, perMission, ...shown } = overview;
  return {
    overview: shown,
    freshness,
    ignored,
    perWeekChart: barChartMarkup(perWeek, "per-week", completionsPerWeekChart),
    perMissionChart: barChartMarkup(perMission, "per-mission", completionsPerMissionChart),
  };
}

/** The export links keep the page's filters (the exports are built elsewhere; routes.md). */
function exportHref(params: URLSearchParams, table: string, format: "csv" | "xlsx") {
  const next = new URLSearchParams(params);
  next.delete("page");
  const query = next.toString();
  return `/staff/missions/export/${table}.${format}${query ? `?${query}` : ""}`;
}

export default function MissionOverview() {
  const { overview, freshness, ignored, perWeekChart, perMissionChart } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { summary, leaderboard, filters } = overview;
  const boardName = overview.board === "overall" ? "Overall board" : `Week ${overview.board.slice(5)} board`;
  return (
    <section className="stack">
      <h1>Mission overview</h1>
      <Freshness data={freshness} />
      <FilterForm label="Filter the overview" clearTo="/staff/missions">
        <WeekSelect weeks={filters.weeks} value={params.get("week") ?? ""} />
        <MissionSelect missions={filters.missions} value={params.get("mission") ?? ""} />
        <StatusSelect value={params.get("status") ?? ""} />
        <LearnerSearch value={params.get("user") ?? ""} />
        {params.get("sort") ? <input type="hidden" name="sort" value={params.get("sort") ?? ""} /> : null}
        {params.get("dir") ? <input type="hidden" name="dir" value={params.get("dir") ?? ""} /> : null}
      </FilterForm>
      <IgnoredFilters ignored={ignored} labels={FILTER_LABELS} />

      <StatGrid label="Mission figures">
        <StatCard label="Missions" value={summary.missions} />
        <StatCard label="Attempts" value={summary.attempts} hint={`${summary.completedAttempts} completed`} />
        <StatCard label="Completions" value={summary.completions} hint="learner × mission" />
        <StatCard label="Participants" value={summary.participants} hint={`of ${summary.knownLearners} known learners`} />
        <StatCard label="Participation rate" value={percent(summary.participationRate)} hint="participants ÷ known learners" />
        <StatCard label="Completion rate" value={percent(summary.completionRate)} hint="completions ÷ missions started" />
      </StatGrid>

      <Card
        title={`Leaderboard · ${boardName}`}
        actions={
          <span className="muted">
            Export: <Link to={exportHref(params, "leaderboard", "csv")}>CSV</Link> ·{" "}
            <Link to={exportHref(params, "leaderboard", "xlsx")}>Excel</Link>
          </span>
        }
      >
        <p className="muted" data-testid="list-count">
          {countOf(leaderboard.total, "learner", "learners")}
        </p>
        <DataTable
          caption="Leaderboard"
          captionHidden
          sortDefault={{ by: "points", dir: "desc" }}
          columns={[
            { label: "#", numeric: true },
            "Learner",
            { label: "Points", sort: "points", numeric: true },
            { label: "Completions", sort: "completions", numeric: true },
            { label: "Attempts", sort: "attempts", numeric: true },
            { label: "Efficiency", sort: "efficiency", numeric: true },
          ]}
          rowCount={leaderboard.items.length}
          empty="No learner on this board matches these filters."
        >
          {leaderboard.items.map((r) => (
            <tr key={r.learnerId}>
              <td className="numeric">{r.position}</td>
              <td>{r.name}</td>
              <td className="numeric">{r.points}</td>
              <td className="numeric">{r.completions}</td>
              <td className="numeric">{r.attempts}</td>
              <td className="numeric">{decimal(r.efficiency * 100)}%</td>
            </tr>
          ))}
        </DataTable>
        <Pager page={leaderboard.page} pageCount={leaderboard.pageCount} label="Leaderboard pages" />
      </Card>

      <div className="dashboard-panels">
        <Card>
          <ChartMarkup html={perWeekChart} />
        </Card>
        <Card>
          <ChartMarkup html={perMissionChart} />
        </Card>
      </div>
    </section>
  );
}
