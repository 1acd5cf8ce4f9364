import type { WeekBar } from "./awards-chart.server";
import { QueueStats, type StaffFigures } from "./queue-stats";
import { Card } from "./ui/card";
import { BarChart } from "./ui/charts/bar-chart";
import type { BarChartModel } from "./ui/charts/chart-model";
import { DataTable } from "./ui/data-table";
import { StatCard, StatGrid } from "./ui/stat-card";

const KIND_LABELS = {
  program: "Programs",
  skill: "Skills",
  mini_badge: "Mini-badges",
  capstone: "Capstones",
  progress_badge: "Progress badges",
} as const;
type Kind = keyof typeof KIND_LABELS;

export interface AdminFigures extends StaffFigures {
  catalog: Record<Kind, { active: number; inactive: number; total: number }>;
  awards: { total: number; revoked: number; live: number; liveByKind: Record<Kind, number>; perWeek: WeekBar[] };
}

/**
 * The admin dashboard's figures: the staff's queue figures, then catalog and award statistics.
 * `awardsChart` is built in the loader from `figures.awards.perWeek` (awardsPerWeekChart).
 */
export function AdminStats({ figures, awardsChart }: { figures: AdminFigures; awardsChart: BarChartModel }) {
  const kinds = Object.keys(KIND_LABELS) as Kind[];
  return (
    <>
      <QueueStats figures={figures} />
      <Card title="Awards" className="section">
        <StatGrid label="Award totals">
          <StatCard label="Total awarded" value={figures.awards.total} />
          <StatCard label="Live" value={figures.awards.live} />
          <StatCard label="Revoked" value={figures.awards.revoked} />
        </StatGrid>
        <BarChart chart={awardsChart} />
      </Card>
      <Card title="Catalog" className="section">
        <DataTable
          caption="Catalog items and live awards by kind"
          captionHidden
          columns={[
            "Kind",
            { label: "Active", numeric: true },
            { label: "Inactive", numeric: true },
            { label: "Live awards", numeric: true },
          ]}
          rowCount={kinds.length}
          empty="The catalog is empty."
        >
          {kinds.map((kind) => (
            <tr key={kind}>
              <th scope="row">{KIND_LABELS[kind]}</th>
              <td className="numeric">{figures.catalog[kind].active}</td>
              <td className="numeric">{figures.catalog[kind].inactive}</td>
              <td className="numeric">{figures.awards.liveByKind[kind]}</td>
            </tr>
          ))}
        </DataTable>
      </Card>
    </>
  );
}
