import { GridInputSchema } from "@missionboard/api";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { Freshness } from "../components/freshness";
import { gridRowsHtml } from "../components/grid-rows";
import { StatusIconSprites, weekLabel } from "../components/mission-figures";
import { FILTER_LABELS, LearnerSearch, WeekSelect } from "../components/mission-filters";
import { Card } from "../components/ui/card";
import { DataTable } from "../components/ui/data-table";
import { countOf, FilterForm, IgnoredFilters } from "../components/ui/filter-form";
import { Pager } from "../components/ui/pager";
import { toRouteError } from "../lib/api.server";
import { requireUser } from "../lib/auth.server";
import { parseSearch } from "../lib/form.server";

export const meta: MetaFunction = () => [{ title: "Missions grid · Missionboard" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, requestId } = await requireUser(request, context);
  const { value, ignored } = parseSearch(new URL(request.url).searchParams, GridInputSchema);
  const [grid, freshness] = await Promise.all([api.analytics.grid(value), api.analytics.freshness()]).catch(
    toRouteError(request, requestId),
  );
  return { grid, freshness, ignored };
}

type Mission = { id: string; name: string; week: number | null; points: number | null; difficulty: string | null };

/** Missions grouped by week, in the order given (by week, no week last). */
function byWeek(missions: readonly Mission[]): [number | null, Mission[]][] {
  const groups = new Map<number | null, Mission[]>();
  for (const m of missions) groups.set(m.week, [...(groups.get(m.week) ?? []), m]);
  return [...groups];
}

export default function MissionsGrid() {
  const { grid, freshness, ignored } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { missions, learners } = grid;
  return (
    <section className="stack">
      <h1>Missions grid</h1>
      <StatusIconSprites />
      <Freshness data={freshness} />
      <FilterForm label="Filter the grid" clearTo="/staff/missions/grid">
        <WeekSelect weeks={grid.filters.weeks} value={params.get("week") ?? ""} />
        <LearnerSearch value={params.get("user") ?? ""} />
      </FilterForm>
      <IgnoredFilters ignored={ignored} labels={FILTER_LABELS} />

      {byWeek(missions).map(([week, list]) => (
        <section key={week ?? "none"} aria-label={weekLabel(week)}>
          <h2>{weekLabel(week)}</h2>
          <ul className="cards mission-cards">
            {list.map((m) => (
              <li key={m.id}>
                <Card title={m.name} headingLevel={3}>
                  <p className="muted">
                    {m.difficulty ?? "No difficulty"} · {m.points === null ? "no points" : `${m.points} points`}
                  </p>
                </Card>
              </li>
            ))}
          </ul>
        </section>
      ))}

      <Card title="Learners × missions">
        <p className="muted" data-testid="list-count">
          {countOf(learners.total, "learner", "learners")}
        </p>
        <DataTable
          caption="Each learner's status at each mission"
          captionHidden
          columns={["Learner", ...missions.map((m) => (m.week === null ? m.name : `W${m.week} · ${m.name}`))]}
          rowCount={missions.length ? learners.items.length : 0}
          rowsHtml={missions.length ? gridRowsHtml(missions, learners.items) : undefined}
          empty={missions.length ? "No learner matches these filters." : "No missions yet."}
        />
        <Pager page={learners.page} pageCount={learners.pageCount} label="Learner pages" />
      </Card>
    </section>
  );
}
