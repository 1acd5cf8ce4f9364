// Re-runs mission detection over the stored chats (no refetch from OpenWebUI): after an admin
// changes a mission's markers, aliases or first-reply rule, or adds a mission. A job of the job
// runner (kind "redetect"); a reload runs the same body under its own lease when it needs to.
import type { NormalisedChat } from "@missionboard/core";
import {
  type CompletionSnapshot,
  type Conn,
  chatPage,
  countChats,
  loadChatMessages,
  loadCompletionSnapshots,
  loadMissionRows,
  replaceDetections,
  type Store,
} from "@missionboard/db";
import type { HeldLease } from "../jobs/lease";
import { type JobDefinition, JobRunner } from "../jobs/runner";
import { type RankUpNotices, standingsPhase } from "../standings";
import { attemptRowsFor, indexSnapshots, messageFromRow, registryOfRows } from "./detection";

export interface RedetectOptions {
  /** Chats per transaction (default 500). */
  batchSize?: number;
  /** After each batch, in its transaction: how many chats were re-detected so far. */
  onProgress?: (progress: { processed: number }, conn: Conn) => Promise<void> | void;
}

export interface RedetectSummary {
  chats: number;
  attempts: number;
  completions: number;
  durationMs: number;
}

/**
 * The re-detection job: every stored chat re-detected against the missions table, in batches of
 * `batchSize` chats per transaction, with progress. It takes the analytics lease, so it waits for
 * no reload and no reload runs during it. Completions proved by the same message and marker keep
 * their points snapshot.
 */
export function redetectJob(
  options: RedetectOptions & { triggeredBy?: string | null; missionId?: string | null; notices?: RankUpNotices } = {},
): JobDefinition<RedetectSummary> {
  return {
    kind: "redetect",
    params: options.missionId ? { missionId: options.missionId } : {},
    triggeredBy: options.triggeredBy ?? null,
    async run(job) {
      const started = job.now();
      const total = await job.store.read(countChats);
      await job.progress({ processed: 0, total, phase: "re-detecting" });
      const res = await redetectStored(job.store, job.now, job.lease, {
        ...options,
        onProgress: async ({ processed }, conn) => {
          await job.progress({ processed, total, phase: "re-detecting" }, conn);
          await options.onProgress?.({ processed }, conn);
        },
      });
      job.changed("attempts", "completions");
      await standingsPhase(job, options.notices);
      return { ...res, durationMs: job.now().getTime() - started.getTime() };
    },
    summarise: (r) => ({ chats: r.chats, attempts: r.attempts, completions: r.completions }),
  };
}

/**
 * Re-detects the stored chats now, on a runner of its own (scripts and tests; the app starts
 * {@link redetectJob} on `ctx.jobs`). Throws JobBusyError while another analytics job runs.
 *
 * @example
 * await redetect(store, () => new Date()); // after editing a mission's markers
 */
export async function redetect(
  store: Store,
  now: () => Date,
  options: RedetectOptions & { leaseTtlMs?: number } = {},
): Promise<RedetectSummary> {
  const outcome = await new JobRunner({ store, now, leaseTtlMs: options.leaseTtlMs }).run(redetectJob(options));
  if (!outcome.result) throw new Error(outcome.error ?? "The re-detection failed.");
  return outcome.result;
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
      const w = await replaceDetections(conn, ids, rows);
      await options.onProgress?.({ processed: total.chats + page.length }, conn);
      return w;
    });
    total.chats += page.length;
    total.attempts += written.attempts;
    total.completions += written.completions;
    after = page.at(-1)?.id ?? null;
  }
  return total;
}
