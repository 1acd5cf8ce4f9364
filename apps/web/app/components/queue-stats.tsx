import { Link } from "@remix-run/react";
import { CircleCheck, CircleX, Hourglass, Inbox } from "lucide-react";
import { Card } from "./ui/card";
import { DataTable } from "./ui/data-table";
import { StatCard, StatGrid } from "./ui/stat-card";

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
    <Card title={caption}>
      <DataTable caption={caption} captionHidden columns={["Program", { label: unit, numeric: true }]} rowCount={rows.length} empty={empty}>
        {rows.map((r) => (
          <tr key={r.programId ?? "none"}>
            <td>{r.title}</td>
            <td className="numeric">{r.count}</td>
          </tr>
        ))}
      </DataTable>
    </Card>
  );
}

/** The queue and decision figures staff and admins share. */
export function QueueStats({ figures }: { figures: StaffFigures }) {
  const { queue, decisionsThisWeek: week } = figures;
  return (
    <>
      <StatGrid label="Approval queue">
        <StatCard label="Pending requests" value={queue.pending} icon={Inbox} />
        <StatCard label="Oldest waiting" value={age(queue.oldestAgeMs)} icon={Hourglass} />
        <StatCard label="Approved this week" value={week.approved} icon={CircleCheck} />
        <StatCard label="Rejected this week" value={week.rejected} icon={CircleX} />
      </StatGrid>
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
