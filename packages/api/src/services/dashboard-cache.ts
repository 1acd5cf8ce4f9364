// A per-process cache of the dashboards' answers (Overview, Challenge results, Missions grid, the
// boards, /campaign, and each learner's own My missions): their aggregates scan every attempt and
// learner, far more than a request may cost under load (docs/decisions/023-dashboard-benchmark.md,
// "Performance work"; the learners' pool: docs/decisions/032-server-render-route-cache.md). An answer is kept with the
// database's dashboards stamp, read first in the same read: triggers bump the stamp in every
// transaction that writes what the dashboards read, so an answer computed before a write is never
// served after it, on any instance sharing the database. Reading the stamp before computing makes a
// race harmless: an answer that already saw a newer write is merely stored under the older stamp and
// recomputed on the next request.
import { type Conn, readDataStamp, type Store } from "@missionboard/db";

/** Answers kept per store (filters and pages in use at once); the least recently used goes first. */
export const DASHBOARD_CACHE_ENTRIES = 200;
/**
 * Answers kept per store in the learners' pool: one per learner who opened their own page since the
 * last change (an answer is a few kilobytes), kept apart so learners never push the staff dashboards out.
 */
export const LEARNER_CACHE_ENTRIES = 1000;

/** The staff and shared dashboards' answers, or each learner's own (see LEARNER_CACHE_ENTRIES). */
export type CachePool = "dashboards" | "learners";
const POOL_ENTRIES: Record<CachePool, number> = { dashboards: DASHBOARD_CACHE_ENTRIES, learners: LEARNER_CACHE_ENTRIES };

interface Entry {
  stamp: number;
  value: unknown;
}

const caches = new WeakMap<Store, Record<CachePool, Map<string, Entry>>>();

/**
 * The answer for `key` (a procedure and its input; a learner's own answer names the learner) as of
 * the current stamp: the kept one, or `compute`d and kept. Answers are shared between requests:
 * callers must not change them. Without a stamp row nothing is kept.
 */
export function cachedDashboard<T>(
  store: Store,
  key: string,
  compute: (c: Conn) => Promise<T>,
  pool: CachePool = "dashboards",
): Promise<T> {
  return store.read(async (c) => {
    const stamp = await readDataStamp(c);
    if (stamp === null) return compute(c);
    let pools = caches.get(store);
    if (!pools) {
      pools = { dashboards: new Map(), learners: new Map() };
      caches.set(store, pools);
    }
    const cache = pools[pool];
    const hit = cache.get(key);
    if (hit && hit.stamp === stamp) {
      // Map keeps insertion order: re-inserting makes this the most recently used.
      cache.delete(key);
      cache.set(key, hit);
      return hit.value as T;
    }
    const value = await compute(c);
    // Answers of an older stamp are dead: drop them rather than let them hold memory.
    for (const [k, e] of cache) if (e.stamp !== stamp) cache.delete(k);
    cache.delete(key);
    cache.set(key, { stamp, value });
    while (cache.size > POOL_ENTRIES[pool]) {
      const oldest = cache.keys().next().value as string;
      cache.delete(oldest);
    }
    return value;
  });
}

/** How many answers are kept for a store (tests). */
export const cachedDashboardCount = (store: Store, pool: CachePool = "dashboards") => caches.get(store)?.[pool].size ?? 0;
