import { Link } from "@remix-run/react";

interface ProgramCount {
  programId: string | null;
  title: string;
  count: number;
}

export interface StaffFigures {
  now: string | Date;
  queue: { pending: number; byProgram: ProgramCount[]; oldestSubmittedAt: string | Date | null; oldestAgeMs: number | null };
  decisionsThisWeek: { since: string | Date; approved: number; rejected: number };
  topProgramsThisMonth: { since: string | Date; programs: ProgramCount[] };
}

/** "3 days", "5 hours", "12 minutes". */
export function age(ms: number | null): string {
  if (ms === null) return "—";
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;
  if (ms < 3_600_000) return plural(Math.floor(ms / 60_000), "minute");
  if (ms < 86_400_000) return plural(Math.floor(ms / 3_600_000), "hour");
  return plural(Math.floor(ms / 86_400_000), "day");
}

function ProgramTable({ caption, rows, unit, empty }: { caption: string; rows: ProgramCount[]; unit: string; empty: string }) {
  return (
    <section className="card">
      <h2>{caption}</h2>
      {rows.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Program</th>
              <th scope="col">{unit}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.programId ?? "none"}>
                <td>{r.title}</td>
                <td>{r.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The queue and decision figures staff and admins share. */
export function QueueStats({ figures }: { figures: StaffFigures }) {
  const { queue, decisionsThisWeek: week } = figures;
  return (
    <>
      <dl className="stats" aria-label="Approval queue">
        <div>
          <dt>Pending requests</dt>
          <dd>{queue.pending}</dd>
        </div>
        <div>
          <dt>Oldest waiting</dt>
          <dd>{age(queue.oldestAgeMs)}</dd>
        </div>
        <div>
          <dt>Approved this week</dt>
          <dd>{week.approved}</dd>
        </div>
        <div>
          <dt>Rejected this week</dt>
          <dd>{week.rejected}</dd>
        </div>
      </dl>
      <p className="muted">
        Weeks start Monday 00:00 UTC (this one on {new Date(week.since).toISOString().slice(0, 10)}).{" "}
        {queue.pending > 0 ? <Link to="/staff/queue">Open the approval queue</Link> : "The queue is clear."}
      </p>
      <div className="dashboard-panels">
        <ProgramTable caption="Pending by program" rows={queue.byProgram} unit="Pending" empty="Nothing is waiting." />
        <ProgramTable
          caption="Top programs this month"
          rows={figures.topProgramsThisMonth.programs}
          unit="Awards"
          empty="No awards yet this month."
        />
      </div>
    </>
  );
}
