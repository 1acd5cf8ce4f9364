// The one job runner (`ctx.jobs`): every background job — reloads, re-detection, re-score, and
// later imports and issuing — starts, reports progress, ends and is drained through it.
// docs/decisions/016-job-runner.md.
import { ConflictError, JOB_LEASES, type JobKind, storableText } from "@missionboard/core";
import {
  type Conn,
  createJobRun,
  enqueueJobRun,
  finishJobRun,
  type JobData,
  type JobRunRow,
  newId,
  nextQueuedJobRun,
  type Store,
  startQueuedJobRun,
  updateJobProgress,
} from "@missionboard/db";
import { DEFAULT_LEASE_TTL_MS, type HeldLease, JobBusyError, takeLease } from "./lease";

/** What a job can tell listeners it changed, so later work (standings, credits…) knows what to refresh. */
export const DATA_AREAS = ["openwebui-users", "models", "missions", "chats", "attempts", "completions", "points"] as const;
export type DataArea = (typeof DATA_AREAS)[number];

/** What listeners hear. `finished` carries what the job changed (empty when nothing did). */
export type JobEvent =
  | { type: "started"; runId: string; kind: JobKind; at: Date }
  | { type: "progress"; runId: string; kind: JobKind; processed: number; total: number | null; phase: string | null }
  | {
      type: "finished";
      runId: string;
      kind: JobKind;
      status: "succeeded" | "failed";
      error: string | null;
      changed: readonly DataArea[];
      at: Date;
    };

export type JobListener = (event: JobEvent) => void | Promise<void>;

export interface JobProgress {
  processed?: number;
  total?: number | null;
  phase?: string | null;
}

/** What a running job is given. */
export interface JobContext {
  readonly runId: string;
  readonly kind: JobKind;
  readonly store: Store;
  readonly now: () => Date;
  /** The job's lease: renew it in every write transaction (`renewIn`) or check it between steps. Both throw once the job must stop. */
  readonly lease: HeldLease;
  /** Aborted when the runner stops the job (draining past its grace period). */
  readonly signal: AbortSignal;
  /** Records progress on the run row — in `conn`'s transaction when given (a batch's) — and tells listeners. */
  progress(update: JobProgress, conn?: Conn): Promise<void>;
  /** Says what the job changed; listeners hear it when the job finishes. */
  changed(...areas: DataArea[]): void;
}

export interface JobDefinition<R> {
  kind: JobKind;
  /** What it works on (ids only), kept on the run row. */
  params?: JobData;
  triggeredBy?: string | null;
  total?: number | null;
  /** Runs in the transaction that takes the lease and creates the run row (e.g. a reload_runs row with the same id). */
  begin?(conn: Conn, run: { id: string; startedAt: Date }): Promise<void>;
  run(ctx: JobContext): Promise<R>;
  /** A result that reports its own failure (an ingest summary with status "failed"): its message, else null. */
  failureOf?(result: R): string | null;
  /** The outcome kept on the run row: counts, never personal data. */
  summarise?(result: R): JobData;
  /** After the job ended and its lease was released, whatever the outcome (e.g. removing uploaded files). */
  cleanup?(): Promise<void>;
}

export interface JobOutcome<R> {
  runId: string;
  kind: JobKind;
  status: "succeeded" | "failed";
  error: string | null;
  /** The job's result; null when it threw. */
  result: R | null;
  durationMs: number;
}

export interface StartedJob<R> {
  runId: string;
  /** Settles when the job has ended (never rejects). */
  done: Promise<JobOutcome<R>>;
}

/** Re-creates a queued job from its kind and params (jobs asked for while their lease was taken). */
export type QueuedJobFactory = (params: JobData, triggeredBy: string | null) => JobDefinition<unknown>;

export interface JobRunnerOptions {
  store: Store;
  now?: () => Date;
  leaseTtlMs?: number;
  /** Kinds that may wait for their lease, and how to re-create them. */
  queued?: Partial<Record<JobKind, QueuedJobFactory>>;
  /** A listener that threw; the job is not affected (default: ignored). */
  onListenerError?: (error: unknown, event: JobEvent) => void;
}

export const SHUTTING_DOWN_MESSAGE = "The server is shutting down; try again in a minute.";
export const STOPPED_MESSAGE = "Stopped: the server shut down before the job finished. Run it again.";

/** A job refused because this instance is shutting down. */
export class ShuttingDownError extends ConflictError {
  override name = "ShuttingDownError";
  constructor() {
    super(SHUTTING_DOWN_MESSAGE);
  }
}

/**
 * What a failed job records and shows: a failed query's database error without the query and its
 * parameters (drizzle quotes them whole: rows with people's data), at most 500 characters,
 * storable as any outside text.
 */
export function failureMessage(error: unknown): string {
  let message = error instanceof Error ? error.message : String(error);
  if (message.startsWith("Failed query:") && error instanceof Error && error.cause instanceof Error)
    message = `Database error: ${error.cause.message}`;
  else if (message.startsWith("Failed query:")) message = "Database error.";
  message = storableText(message);
  return message.length > 500 ? `${message.slice(0, 499)}…` : message;
}

/**
 * Runs jobs: `start` takes the kind's lease and creates the run row in one transaction (or throws
 * {@link JobBusyError} naming the job that holds it), then runs the work in the background with
 * progress on the row; `run` also waits for the outcome. A failure is recorded on the row (its
 * message without query parameters), never thrown. `drain` stops taking jobs and waits for the
 * running ones, stopping them at their next step after a grace period. Listeners (`on`) hear each
 * job start, progress and finish, with what it changed.
 */
export class JobRunner {
  readonly #store: Store;
  readonly #now: () => Date;
  readonly #ttl: number;
  readonly #queued: Partial<Record<JobKind, QueuedJobFactory>>;
  readonly #onListenerError: (error: unknown, event: JobEvent) => void;
  readonly #listeners = new Set<JobListener>();
  readonly #running = new Map<string, { done: Promise<unknown>; abort: AbortController }>();
  /** Looks for queued jobs after one ended (until they have started or found nothing). */
  readonly #followUps = new Set<Promise<void>>();
  #draining = false;
  /** Past the drain's grace period: every job still running is told to stop. */
  #stopping = false;

  constructor(options: JobRunnerOptions) {
    this.#store = options.store;
    this.#now = options.now ?? (() => new Date());
    this.#ttl = options.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS;
    this.#queued = options.queued ?? {};
    this.#onListenerError = options.onListenerError ?? (() => {});
  }

  /** Jobs running in this process. */
  get running(): number {
    return this.#running.size;
  }

  get draining(): boolean {
    return this.#draining;
  }

  /** Adds a listener; returns the function that removes it. */
  on(listener: JobListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Starts `job` once its lease and run row are committed; the work continues in the background. */
  async start<R>(job: JobDefinition<R>, options: { queuedId?: string } = {}): Promise<StartedJob<R>> {
    if (this.#draining) throw new ShuttingDownError();
    const runId = options.queuedId ?? newId();
    const lease = JOB_LEASES[job.kind];
    let startedAt = this.#now();
    const held = await takeLease(this.#store, lease, runId, this.#now, this.#ttl, async (conn, at) => {
      startedAt = at;
      if (options.queuedId) {
        if (!(await startQueuedJobRun(conn, runId, at))) throw new ConflictError("That job was already started.");
      } else
        await createJobRun(conn, {
          id: runId,
          kind: job.kind,
          lease,
          params: job.params ?? {},
          startedAt: at,
          total: job.total ?? null,
          triggeredBy: job.triggeredBy ?? null,
        });
      await job.begin?.(conn, { id: runId, startedAt: at });
    });
    const abort = new AbortController();
    if (this.#stopping) abort.abort(new Error(STOPPED_MESSAGE));
    const done = this.#execute(job, runId, startedAt, held, abort);
    this.#running.set(runId, { done, abort });
    void done.finally(() => {
      this.#running.delete(runId);
      if (this.#draining) return;
      const followUp = this.#startQueued(lease);
      this.#followUps.add(followUp);
      void followUp.finally(() => this.#followUps.delete(followUp));
    });
    return { runId, done };
  }

  /** Starts `job` and waits for its outcome. */
  async run<R>(job: JobDefinition<R>): Promise<JobOutcome<R>> {
    return (await this.start(job)).done;
  }

  /**
   * Starts `job`, or, when its lease is taken, queues it to run when the lease is free (kinds the
   * runner knows how to re-create; at most one queued per kind, so asking twice queues once).
   */
  async startOrQueue<R>(job: JobDefinition<R>): Promise<{ started: StartedJob<R> } | { queued: true; busy: JobBusyError }> {
    try {
      return { started: await this.start(job) };
    } catch (error) {
      if (!(error instanceof JobBusyError) || !this.#queued[job.kind]) throw error;
      await this.#store.tx((conn) =>
        enqueueJobRun(conn, {
          id: newId(),
          kind: job.kind,
          lease: JOB_LEASES[job.kind],
          params: job.params ?? {},
          triggeredBy: job.triggeredBy ?? null,
        }),
      );
      // The holder may have ended between the refusal and the queueing: try the queue once more.
      await this.#startQueued(JOB_LEASES[job.kind]);
      return { queued: true, busy: error };
    }
  }

  /** Waits until no job runs in this process (including queued ones started meanwhile); new jobs are still taken. */
  async idle(): Promise<void> {
    while (this.#running.size > 0 || this.#followUps.size > 0)
      await Promise.allSettled([...[...this.#running.values()].map((r) => r.done), ...this.#followUps]);
  }

  /** Runs the queued jobs whose lease is free (e.g. at start-up, after another instance died). */
  async startQueued(): Promise<void> {
    for (const lease of new Set(Object.values(JOB_LEASES))) await this.#startQueued(lease);
  }

  /**
   * Stops taking jobs and waits for the running ones; after `graceMs` they are told to stop at
   * their next step (their runs are marked failed, their leases released), and waited for.
   */
  async drain(graceMs = 20_000): Promise<void> {
    this.#draining = true;
    const timer = setTimeout(() => {
      this.#stopping = true;
      for (const r of this.#running.values()) r.abort.abort(new Error(STOPPED_MESSAGE));
    }, graceMs);
    timer.unref?.();
    try {
      await this.idle();
    } finally {
      clearTimeout(timer);
    }
  }

  async #startQueued(lease: string): Promise<void> {
    if (this.#draining) return;
    let next: JobRunRow | null;
    try {
      next = await this.#store.read((conn) => nextQueuedJobRun(conn, lease));
    } catch {
      return; // the store is closing; the queued job waits for the next one
    }
    const factory = next ? this.#queued[next.kind] : undefined;
    if (!next || !factory) return;
    try {
      await this.start(factory(next.params, next.triggeredBy), { queuedId: next.id });
    } catch {
      // Busy (the holder runs it when it ends), or started by another instance.
    }
  }

  async #execute<R>(
    job: JobDefinition<R>,
    runId: string,
    startedAt: Date,
    held: HeldLease,
    abort: AbortController,
  ): Promise<JobOutcome<R>> {
    const changed = new Set<DataArea>();
    const stopIfAborted = () => {
      if (abort.signal.aborted) throw abort.signal.reason instanceof Error ? abort.signal.reason : new Error(STOPPED_MESSAGE);
    };
    const lease: HeldLease = {
      key: held.key,
      holder: held.holder,
      check: () => {
        stopIfAborted();
        held.check();
      },
      renewIn: async (conn, at) => {
        stopIfAborted();
        await held.renewIn(conn, at);
      },
      release: (conn) => held.release(conn),
    };
    const ctx: JobContext = {
      runId,
      kind: job.kind,
      store: this.#store,
      now: this.#now,
      lease,
      signal: abort.signal,
      progress: async (update, conn) => {
        if (conn) await updateJobProgress(conn, runId, update);
        else await this.#store.tx((c) => updateJobProgress(c, runId, update));
        this.#emit({
          type: "progress",
          runId,
          kind: job.kind,
          processed: update.processed ?? 0,
          total: update.total ?? null,
          phase: update.phase ?? null,
        });
      },
      changed: (...areas) => {
        for (const a of areas) changed.add(a);
      },
    };
    this.#emit({ type: "started", runId, kind: job.kind, at: startedAt });
    let result: R | null = null;
    let error: string | null = null;
    try {
      result = await job.run(ctx);
      error = job.failureOf?.(result) ?? null;
    } catch (e) {
      error = failureMessage(e);
    }
    const finishedAt = this.#now();
    const durationMs = Math.max(0, finishedAt.getTime() - startedAt.getTime());
    const status = error === null ? "succeeded" : "failed";
    try {
      await this.#store.tx(async (conn) => {
        await finishJobRun(conn, runId, {
          status,
          finishedAt,
          durationMs,
          error,
          result: result !== null && job.summarise ? job.summarise(result) : null,
        });
        await lease.release(conn);
      });
    } catch (e) {
      // Recording the outcome failed (the database went away): the lease expires on its own.
      error ??= failureMessage(e);
      await held.release().catch(() => {});
    }
    await job.cleanup?.().catch(() => {});
    this.#emit({ type: "finished", runId, kind: job.kind, status, error, changed: [...changed], at: finishedAt });
    return { runId, kind: job.kind, status: error === null ? "succeeded" : "failed", error, result, durationMs };
  }

  #emit(event: JobEvent): void {
    for (const listener of this.#listeners) {
      try {
        const r = listener(event);
        if (r instanceof Promise) r.catch((error: unknown) => this.#onListenerError(error, event));
      } catch (error) {
        this.#onListenerError(error, event);
      }
    }
  }
}
