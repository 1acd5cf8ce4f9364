// The "reload" lease in job_locks: one reload (or re-detection) at a time, across every app
// instance on one database. See docs/decisions/008-ingest.md.
import { ConflictError } from "@missionboard/core";
import { abandonReloadRun, acquireLease, type Conn, releaseLease, renewLease, type Store } from "@missionboard/db";

export const RELOAD_LEASE_KEY = "reload";
/** A lease not renewed for this long is considered abandoned and can be taken over. */
export const DEFAULT_LEASE_TTL_MS = 5 * 60_000;

/** A second reload while one holds the lease. */
export class ReloadBusyError extends ConflictError {
  override name = "ReloadBusyError";
  constructor(readonly startedAt: Date) {
    super(`A reload is already running (started ${startedAt.toISOString()}). Wait for it to finish, then try again.`);
  }
}

export interface HeldLease {
  holder: string;
  /** Throws when the lease was lost (not renewed in time and taken over by another instance). */
  check(): void;
  /** Renews inside the caller's transaction; throws when the lease is no longer ours. */
  renewIn(conn: Conn, now: Date): Promise<void>;
  release(): Promise<void>;
}

/**
 * Takes the reload lease for `holder` (inside one transaction with `alsoInTx`, e.g. creating the
 * run row), or throws {@link ReloadBusyError}. A lease left by a dead instance (expired) is taken
 * over and its run, if any, is marked failed. While held, a timer renews it every third of the TTL.
 */
export async function takeReloadLease(
  store: Store,
  holder: string,
  now: () => Date,
  ttlMs: number = DEFAULT_LEASE_TTL_MS,
  alsoInTx?: (conn: Conn) => Promise<void>,
): Promise<HeldLease> {
  await store.tx(async (conn) => {
    const at = now();
    const res = await acquireLease(conn, RELOAD_LEASE_KEY, holder, at, ttlMs);
    if (!res.ok) throw new ReloadBusyError(res.acquiredAt);
    if (res.tookOver)
      await abandonReloadRun(conn, res.tookOver, at, "Abandoned: the instance running it stopped renewing the reload lease.");
    await alsoInTx?.(conn);
  });
  let lost: Error | null = null;
  let released = false;
  const timer = setInterval(
    () => {
      if (released) return;
      store
        .tx((conn) => renewLease(conn, RELOAD_LEASE_KEY, holder, now(), ttlMs))
        .then((ok) => {
          if (!ok && !released) lost = new Error("The reload lost its lease (it was not renewed in time and another run took over).");
        })
        .catch(() => {
          // A failed renewal is retried on the next tick; the lease only lapses after the full TTL.
        });
    },
    Math.max(1000, Math.floor(ttlMs / 3)),
  );
  timer.unref();
  return {
    holder,
    check() {
      if (lost) throw lost;
    },
    async renewIn(conn, at) {
      if (lost) throw lost;
      if (!(await renewLease(conn, RELOAD_LEASE_KEY, holder, at, ttlMs))) {
        lost = new Error("The reload lost its lease (it was not renewed in time and another run took over).");
        throw lost;
      }
    },
    async release() {
      released = true;
      clearInterval(timer);
      await store.tx((conn) => releaseLease(conn, RELOAD_LEASE_KEY, holder));
    },
  };
}
