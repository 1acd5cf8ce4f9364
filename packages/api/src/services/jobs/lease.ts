// Leases in job_locks: one job per lease key at a time, across every app instance sharing the
// database. The job runner (runner.ts) takes them; see docs/decisions/016-job-runner.md.
import { ConflictError, type JobKind, jobBusyMessage } from "@missionboard/core";
import {
  abandonJobRun,
  abandonReloadRun,
  acquireLease,
  type Conn,
  findJobRun,
  releaseLease,
  renewLease,
  type Store,
} from "@missionboard/db";

/** A lease not renewed for this long is considered abandoned and can be taken over. */
export const DEFAULT_LEASE_TTL_MS = 5 * 60_000;

/** A job refused because another holds its lease (on this instance or another). */
export class JobBusyError extends ConflictError {
  override name = "JobBusyError";
  constructor(
    readonly running: JobKind | null,
    readonly startedAt: Date,
  ) {
    super(jobBusyMessage(running, startedAt));
  }
}

export const LEASE_LOST_MESSAGE = "The job lost its lease (it was not renewed in time and another run took over).";

export interface HeldLease {
  readonly key: string;
  readonly holder: string;
  /** Throws when the lease was lost (not renewed in time and taken over), or the job was stopped. */
  check(): void;
  /** Renews inside the caller's transaction; throws when the lease is no longer ours. */
  renewIn(conn: Conn, now: Date): Promise<void>;
  /** Gives the lease up, in `conn`'s transaction when given. */
  release(conn?: Conn): Promise<void>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Takes lease `key` for `holder` (a job run id) inside one transaction with `alsoInTx` (creating
 * the run rows), or throws {@link JobBusyError} naming the job that holds it. A lease left by a dead
 * instance (expired) is taken over and its runs are marked failed. While held, a timer renews it
 * every third of the TTL.
 */
export async function takeLease(
  store: Store,
  key: string,
  holder: string,
  now: () => Date,
  ttlMs: number = DEFAULT_LEASE_TTL_MS,
  alsoInTx?: (conn: Conn, at: Date) => Promise<void>,
): Promise<HeldLease> {
  await store.tx(async (conn) => {
    const at = now();
    const res = await acquireLease(conn, key, holder, at, ttlMs);
    if (!res.ok) {
      const run = UUID.test(res.holder) ? await findJobRun(conn, res.holder) : null;
      throw new JobBusyError(run?.kind ?? null, run?.startedAt ?? res.acquiredAt);
    }
    if (res.tookOver && UUID.test(res.tookOver)) {
      const why = "Abandoned: the instance running it stopped renewing its lease.";
      await abandonJobRun(conn, res.tookOver, at, why);
      await abandonReloadRun(conn, res.tookOver, at, why);
    }
    await alsoInTx?.(conn, at);
  });
  let lost: Error | null = null;
  let released = false;
  const timer = setInterval(
    () => {
      if (released) return;
      store
        .tx((conn) => renewLease(conn, key, holder, now(), ttlMs))
        .then((ok) => {
          if (!ok && !released) lost = new Error(LEASE_LOST_MESSAGE);
        })
        .catch(() => {
          // A failed renewal is retried on the next tick; the lease only lapses after the full TTL.
        });
    },
    Math.max(1000, Math.floor(ttlMs / 3)),
  );
  timer.unref();
  return {
    key,
    holder,
    check() {
      if (lost) throw lost;
    },
    async renewIn(conn, at) {
      if (lost) throw lost;
      if (!(await renewLease(conn, key, holder, at, ttlMs))) {
        lost = new Error(LEASE_LOST_MESSAGE);
        throw lost;
      }
    },
    async release(conn) {
      released = true;
      clearInterval(timer);
      if (conn) await releaseLease(conn, key, holder);
      else await store.tx((c) => releaseLease(c, key, holder));
    },
  };
}
