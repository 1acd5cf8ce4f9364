// Re-runs mission detection over the stored chats (no refetch from OpenWebUI): after an admin
// changes a mission's markers, aliases or first-reply rule, or adds a mission.
import type { NormalisedChat } from "@missionboard/core";
import {
  type CompletionSnapshot,
  chatPage,
  loadChatMessages,
  loadCompletionSnapshots,
  loadMissionRows,
  newId,
  replaceDetections,
  type Store,
} from "@missionboard/db";
import { attemptRowsFor, indexSnapshots, messageFromRow, registryOfRows } from "./detection";
import { DEFAULT_LEASE_TTL_MS, type HeldLease, takeReloadLease } from "./lease";

export interface RedetectOptions {
  /** Chats per transaction (default 500). */
  batchSize?: number;
  onProgress?: (progress: { processed: number }) => void;
  leaseTtlMs?: number;
}

export interface RedetectSummary {
  chats: number;
  attempts: number;
  completions: number;
  durationMs: number;
}

/**
 * Re-detects every stored chat against the missions table, in batches of `batchSize` chats per
 * transaction. Holds the reload lease, so it refuses to run during a reload ("A reload is already
 * running …") and a reload refuses to start during it. Completions proved by the same message and
 * marker keep their points snapshot.
 *
 * @example
 * await redetect(store, () => new Date()); // after editing a mission's markers
 */
export async function redetect(store: Store, now: () => Date, options: RedetectOptions = {}): Promise<RedetectSummary> {
  const started = now();
  const lease = await takeReloadLease(store, `redetect:${newId()}`, now, options.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS);
  try {
    const res = await redetectStored(store, now, lease, options);
    return { ...res, durationMs: now().getTime() - started.getTime() };
  } finally {
    await lease.release();
  }
}

/** The body of {@link redetect}, for a caller that already holds the lease (runIngest). */
export async function redetectStored(
  store: Store,
  now: () => Date,
  lease: HeldLease,
  options: RedetectOptions = {},
): Promise<Omit<RedetectSummary, "durationMs">> {
  const batchSize = Math.max(1, options.batchSize ?? 500);
  const loaded = registryOfRows(await store.read(loadMissionRows));
  let after: string | null = null;
  const total = { chats: 0, attempts: 0, completions: 0 };
  for (;;) {
    lease.check();
    const cursor: string | null = after;
    const { page, messages, snapshots } = await store.read(async (conn) => {
      const page = await chatPage(conn, cursor, batchSize);
      const ids = page.map((c) => c.id);
      return {
        page,
        messages: ids.length ? await loadChatMessages(conn, ids, true) : [],
        snapshots: ids.length ? await loadCompletionSnapshots(conn, ids) : ([] as CompletionSnapshot[]),
      };
    });
    if (page.length === 0) break;
    const byChat = new Map<string, typeof messages>();
    for (const m of messages) {
      const list = byChat.get(m.chatId) ?? [];
      list.push(m);
      byChat.set(m.chatId, list);
    }
    const index = indexSnapshots(snapshots);
    const rows = page.flatMap((c) => {
      const chat: NormalisedChat = {
        id: c.id,
        userId: c.owuiUserId,
        title: c.title ?? "Untitled",
        createdAt: c.createdAtRemote,
        updatedAt: c.updatedAtRemote,
        archived: c.archived,
        models: c.models,
        tree: null,
        flat: (byChat.get(c.id) ?? []).map(messageFromRow),
      };
      return attemptRowsFor(chat, loaded, index).rows;
    });
    const ids = page.map((c) => c.id);
    const written = await store.tx(async (conn) => {
      await lease.renewIn(conn, now());
      return replaceDetections(conn, ids, rows);
    });
    total.chats += page.length;
    total.attempts += written.attempts;
    total.completions += written.completions;
    options.onProgress?.({ processed: total.chats });
    after = page.at(-1)?.id ?? null;
  }
  return total;
}
