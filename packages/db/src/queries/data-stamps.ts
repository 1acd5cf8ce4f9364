// The change counter the dashboards' per-process cache is keyed by (docs/decisions/023-dashboard-benchmark.md,
// "Performance work"). Database triggers (migration 0012) bump it in every transaction that writes a
// table the dashboards read, so no code path can forget to.
import { eq } from "drizzle-orm";
import type { Conn } from "../store";

/** The stamp of what the dashboards read: attempts, completions, learners, names, missions, standings, scoring settings. */
export const DASHBOARDS_STAMP = "dashboards";

/** The current value of a stamp: one primary-key read. Null when the row is missing (then nothing may be cached). */
export async function readDataStamp({ db, t }: Conn, key: string = DASHBOARDS_STAMP): Promise<number | null> {
  const [row] = await db.select({ version: t.dataStamps.version }).from(t.dataStamps).where(eq(t.dataStamps.key, key)).limit(1);
  return row?.version ?? null;
}
