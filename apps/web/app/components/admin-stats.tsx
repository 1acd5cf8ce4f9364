import { QueueStats, type StaffFigures } from "./queue-stats";
import { type WeekBar, WeekBars } from "./week-bars";

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

/** The admin dashboard's figures: the staff's queue figures, then catalog and award statistics. */
export function AdminStats({ figures }: { figures: AdminFigures }) {
  const kinds = Object.keys(KIND_LABELS) as Kind[];
  return (
    <>
      <QueueStats figures={figures} />
      <div className="dashboard-panels">
        <section className="card">
          <h2>Catalog</h2>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col">Active</th>
                <th scope="col">Inactive</th>
                <th scope="col">Live awards</th>
              </tr>
            </thead>
            <tbody>
              {kinds.map((kind) => (
                <tr key={kind}>
                  <th scope="row">{KIND_LABELS[kind]}</th>
                  <td>{figures.catalog[kind].active}</td>
                  <td>{figures.catalog[kind].inactive}</td>
                  <td>{figures.awards.liveByKind[kind]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section className="card">
          <h2>Awards</h2>
          <dl className="stats" aria-label="Award totals">
            <div>
              <dt>Total awarded</dt>
              <dd>{figures.awards.total}</dd>
            </div>
            <div>
              <dt>Live</dt>
              <dd>{figures.awards.live}</dd>
            </div>
            <div>
              <dt>Revoked</dt>
              <dd>{figures.awards.revoked}</dd>
            </div>
          </dl>
          <WeekBars weeks={figures.awards.perWeek} caption="Awards per ISO week, last 12 weeks" />
        </section>
      </div>
    </>
  );
}
