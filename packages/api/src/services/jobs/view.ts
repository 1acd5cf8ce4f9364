import type { JobRunRow } from "@missionboard/db";

/** A job run as the admin pages show it (progress bar, outcome). */
export interface JobView {
  id: string;
  kind: JobRunRow["kind"];
  status: JobRunRow["status"];
  phase: string | null;
  processed: number;
  total: number | null;
  /** 0–100 when the total is known, else null. */
  percent: number | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  error: string | null;
  params: JobRunRow["params"];
  result: JobRunRow["result"];
}

export const jobView = (row: JobRunRow): JobView => ({
  id: row.id,
  kind: row.kind,
  status: row.status,
  phase: row.phase,
  processed: row.processed,
  total: row.total,
  percent: row.total ? Math.min(100, Math.round((row.processed / row.total) * 100)) : null,
  startedAt: row.startedAt,
  finishedAt: row.finishedAt,
  error: row.error,
  params: row.params,
  result: row.result,
});
