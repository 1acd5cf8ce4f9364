import { Minus } from "lucide-react";
import { Badge } from "./ui/badge";

/** A learner's status at a mission (docs/product/missions.md §M-23). */
export type LearnerStatus = "completed" | "in_progress" | "not_started";

export const STATUS_LABELS: Record<LearnerStatus, string> = {
  completed: "Completed",
  in_progress: "In progress",
  not_started: "Not started",
};

/** The status as a chip: icon and words, never colour alone. */
export function StatusBadge({ status }: { status: LearnerStatus }) {
  if (status === "completed") return <Badge tone="success">{STATUS_LABELS.completed}</Badge>;
  if (status === "in_progress") return <Badge tone="warning">{STATUS_LABELS.in_progress}</Badge>;
  return (
    <Badge tone="neutral" icon={Minus}>
      {STATUS_LABELS.not_started}
    </Badge>
  );
}

/** "42%" (a share), "—" when there is none. */
export const percent = (value: number | null | undefined) => (value === null || value === undefined ? "—" : `${Math.round(value)}%`);

/** "1.5", "2", "—". */
export const decimal = (value: number | null | undefined) =>
  value === null || value === undefined ? "—" : value.toLocaleString("en", { maximumFractionDigits: 1 });

/** A duration as "3 d 4 h", "2 h 5 min", "12 min", "40 s"; "—" when unknown. */
export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "—";
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 24) return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

/** "Week 3", or "No week" for a mission without one. */
export const weekLabel = (week: number | null) => (week === null ? "No week" : `Week ${week}`);
