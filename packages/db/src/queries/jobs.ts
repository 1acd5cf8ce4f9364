// Background jobs: the leases that keep one job per lease key running across every app instance
// (job_locks), and the job_runs rows the job runner keeps (queued, running with progress, the
// outcome). Writes run inside the caller's store.tx. See docs/decisions/016-job-runner.md.
import type { JobKind, JobStatus } from "@missionboard/core";
import { and, asc, desc, eq, gt, inArray, lt } from "drizzle-orm";
import { isUuidShaped } from "../ids";
import type { Schema } from "../schema";
import type { Conn } from "../store";

export type JobRunRow = Schema["jobRuns"]["$inferSelect"];
/** Ids and counts only: what a job works on and what it did (never personal data). */
export type JobData = Record<string, string | number | boolean | null>;

// ---------------------------------------------------------------------------------------------
// Leases (job_locks)

export type LeaseResult = { ok: true; tookOver: string | null } | { ok: false; holder: string; acquiredAt: Date; expiresAt: Date };

/**
 * Takes the lease `key` for `holder` until `now + ttlMs`: inserts it, or takes over an expired
 * one with a conditional update (so two instances racing for an expired lease cannot both win).
 * `tookOver` names the previous holder of an expired lease. Call inside store.tx.
 */
export async function acquireLease({ db, t }: Conn, key: string, holder: string, now: Date, ttlMs: number): Promise<LeaseResult> {
  const l = t.jobLocks;
  const expiresAt = new Date(now.getTime() + ttlMs);
  const inserted = await db.insert(l).values({ key, holder, acquiredAt: now, expiresAt }).onConflictDoNothing().returning({ key: l.key });
  if (inserted.length > 0) return { ok: true, tookOver: null };
  const [current] = await db.select().from(l).where(eq(l.key, key)).limit(1);
  if (!current) return { ok: false, holder: "unknown", acquiredAt: now, expiresAt: now };
  const taken = await db
    .update(l)
    .set({ holder, acquiredAt: now, expiresAt })
    .where(and(eq(l.key, key), eq(l.holder, current.holder), lt(l.expiresAt, now)))
    .returning({ key: l.key });
  if (taken.length > 0) return { ok: true, tookOver: current.holder };
  return { ok: false, holder: current.holder, acquiredAt: current.acquiredAt, expiresAt: current.expiresAt };
}

/** Extends `holder`'s lease; false when the lease is no longer theirs (expired and taken over). */
export async function renewLease({ db, t }: Conn, key: string, holder: string, now: Date, ttlMs: number): Promise<boolean> {
  const l = t.jobLocks;
  const rows = await db
    .update(l)
    .set({ expiresAt: new Date(now.getTime() + ttlMs) })
    .where(and(eq(l.key, key), eq(l.holder, holder)))
    .returning({ key: l.key });
  return rows.length > 0;
}

/** Gives the lease up (only when `holder` still has it). */
export async function releaseLease({ db, t }: Conn, key: string, holder: string): Promise<void> {
  await db.delete(t.jobLocks).where(and(eq(t.jobLocks.key, key), eq(t.jobLocks.holder, holder)));
}

/** The current lease `key`, if any (expired or not). */
export async function findLease({ db, t }: Conn, key: string): Promise<Schema["jobLocks"]["$inferSelect"] | null> {
  const [row] = await db.select().from(t.jobLocks).where(eq(t.jobLocks.key, key)).limit(1);
  return row ?? null;
}

// ---------------------------------------------------------------------------------------------
// Job runs

export interface NewJobRun {
  id: string;
  kind: JobKind;
  lease: string;
  params?: JobData;
  startedAt: Date;
  total?: number | null;
  triggeredBy?: string | null;
}

/** The row of a job that starts now (status running). Call in the transaction that took its lease. */
export async function createJobRun({ db, t }: Conn, run: NewJobRun): Promise<JobRunRow> {
  const [row] = await db
    .insert(t.jobRuns)
    .values({
      id: run.id,
      kind: run.kind,
      status: "running",
      lease: run.lease,
      params: run.params ?? {},
      startedAt: run.startedAt,
      total: run.total ?? null,
      triggeredBy: run.triggeredBy ?? null,
    })
    .returning();
  if (!row) throw new Error("createJobRun: no row returned");
  return row;
}

/**
 * Queues a job of `kind` to run when its lease is free; at most one queued job per kind (the
 * partial unique index). Returns the queued row, or null when one was already queued.
 */
export async function enqueueJobRun(
  { db, t }: Conn,
  run: { id: string; kind: JobKind; lease: string; params?: JobData; triggeredBy?: string | null },
): Promise<JobRunRow | null> {
  const [row] = await db
    .insert(t.jobRuns)
    .values({
      id: run.id,
      kind: run.kind,
      status: "queued",
      lease: run.lease,
      params: run.params ?? {},
      triggeredBy: run.triggeredBy ?? null,
    })
    .onConflictDoNothing()
    .returning();
  return row ?? null;
}

/** The oldest queued job of a lease, if any. */
export async function nextQueuedJobRun({ db, t }: Conn, lease: string): Promise<JobRunRow | null> {
  const [row] = await db
    .select()
    .from(t.jobRuns)
    .where(and(eq(t.jobRuns.lease, lease), eq(t.jobRuns.status, "queued")))
    .orderBy(asc(t.jobRuns.createdAt), asc(t.jobRuns.id))
    .limit(1);
  return row ?? null;
}

/** Starts a queued job (status running). False when it is no longer queued (another instance started it). */
export async function startQueuedJobRun({ db, t }: Conn, id: string, startedAt: Date): Promise<boolean> {
  const rows = await db
    .update(t.jobRuns)
    .set({ status: "running", startedAt })
    .where(and(eq(t.jobRuns.id, id), eq(t.jobRuns.status, "queued")))
    .returning({ id: t.jobRuns.id });
  return rows.length > 0;
}

export async function updateJobProgress(
  { db, t }: Conn,
  id: string,
  progress: { processed?: number; total?: number | null; phase?: string | null },
): Promise<void> {
  await db.update(t.jobRuns).set(progress).where(eq(t.jobRuns.id, id));
}

/** Records a job's outcome (only while it is running: an abandoned run stays failed). */
export async function finishJobRun(
  { db, t }: Conn,
  id: string,
  outcome: {
    status: Extract<JobStatus, "succeeded" | "failed">;
    finishedAt: Date;
    durationMs: number;
    error: string | null;
    result: JobData | null;
  },
): Promise<void> {
  await db
    .update(t.jobRuns)
    .set(outcome)
    .where(and(eq(t.jobRuns.id, id), eq(t.jobRuns.status, "running")));
}

/** Marks a job that was still running as failed (its instance died holding the lease). */
export async function abandonJobRun({ db, t }: Conn, id: string, now: Date, error: string): Promise<void> {
  await db
    .update(t.jobRuns)
    .set({ status: "failed", finishedAt: now, error })
    .where(and(eq(t.jobRuns.id, id), eq(t.jobRuns.status, "running")));
}

export async function findJobRun({ db, t }: Conn, id: string): Promise<JobRunRow | null> {
  const [row] = await db.select().from(t.jobRuns).where(eq(t.jobRuns.id, id)).limit(1);
  return row ?? null;
}

/**
 * The job holding `lease` right now: the running row whose id holds an unexpired lease, or null
 * (a row left `running` by a dead instance is not current; the next job marks it failed).
 */
export async function currentJobRun(conn: Conn, lease: string, now: Date): Promise<JobRunRow | null> {
  const { db, t } = conn;
  // Two lookups by key rather than a join on cast(id as text) = holder (the holder is text, the run
  // id a uuid on Postgres): the cast keeps the join off the primary key, so while a job held the
  // lease every analytics page (freshness) scanned the whole job history.
  const [lock] = await db
    .select({ holder: t.jobLocks.holder })
    .from(t.jobLocks)
    .where(and(eq(t.jobLocks.key, lease), gt(t.jobLocks.expiresAt, now)))
    .limit(1);
  if (!lock || !isUuidShaped(lock.holder)) return null;
  const run = await findJobRun(conn, lock.holder);
  return run?.status === "running" ? run : null;
}

/** The newest runs (optionally of some kinds / statuses), newest first. */
export async function listJobRuns(
  { db, t }: Conn,
  options: { kinds?: readonly JobKind[]; statuses?: readonly JobStatus[]; limit?: number } = {},
): Promise<JobRunRow[]> {
  return db
    .select()
    .from(t.jobRuns)
    .where(
      and(
        options.kinds ? inArray(t.jobRuns.kind, [...options.kinds]) : undefined,
        options.statuses ? inArray(t.jobRuns.status, [...options.statuses]) : undefined,
      ),
    )
    .orderBy(desc(t.jobRuns.createdAt), desc(t.jobRuns.id))
    .limit(Math.min(Math.max(options.limit ?? 20, 1), 200));
}
