import { GridInputSchema } from "@missionboard/api";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { Freshness } from "../components/freshness";
import { type LearnerStatus, STATUS_LABELS, StatusBadge, StatusIconSprites, weekLabel } from "../components/mission-figures";
import { FILTER_LABELS, LearnerSearch, WeekSelect } from "../components/mission-filters";
import { UtcTime } from "../components/time";
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

/**
 * One cell: the status as symbol and words; its details open by click, Enter or Space, and show on
 * hover as a title. A mission not started has no details beyond "0 attempts": its cell is the words
 * with the title alone, which keeps most of a page of the grid plain text and out of the Tab order.
 */
function GridCell({
  learner,
  mission,
  cell,
}: {
  learner: string;
  mission: string;
  cell: { status: LearnerStatus; attempts: number; firstCompletedAt: string | Date | null };
}) {
  const words = `${learner} · ${mission}: ${STATUS_LABELS[cell.status]}, ${countOf(cell.attempts, "attempt", "attempts")}`;
  if (cell.status === "not_started")
    return (
      <span className="muted" title={words}>
        {STATUS_LABELS.not_started}
      </span>
    );
  return (
    <details className="grid-cell">
      <summary className="grid-cell-summary" title={words} aria-label={words}>
        <StatusBadge status={cell.status} sprite />
      </summary>
      <div className="grid-cell-details">
        <p>{countOf(cell.attempts, "attempt", "attempts")}</p>
        {cell.firstCompletedAt ? (
          <p>
            Completed <UtcTime value={cell.firstCompletedAt} />
          </p>
        ) : null}
      </div>
    </details>
  );
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
          empty={missions.length ? "No learner matches these filters." : "No missions yet."}
        >
          {missions.length
            ? learners.items.map((r) => (
                <tr key={r.learnerId}>
                  <th scope="row">{r.name}</th>
                  {r.cells.map((cell, i) => {
                    const m = missions[i] as Mission;
                    return (
                      <td key={cell.missionId}>
                        <GridCell learner={r.name} mission={m.name} cell={cell} />
                      </td>
                    );
                  })}
                </tr>
              ))
            : null}
        </DataTable>
        <Pager page={learners.page} pageCount={learners.pageCount} label="Learner pages" />
      </Card>
    </section>
  );
}
