// Where the ingest prepares its batches: on the main thread for a run's first chats, then in a
// worker thread, so that parsing and detecting one batch overlaps writing the previous one
// (docs/decisions/009-ingest-throughput.md). The worker only speeds things up: if it cannot start
// or dies, preparing goes on on the main thread with the same results.
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import type { OkElement } from "./files";
import type { ChatItem, ChatPreparer, ItemOutcome, PrepareContext, PrepareJob } from "./prepare";
import type { RawRecord } from "./types";

export interface Preparer {
  /** The outcomes of a job's items, in order (see {@link ChatPreparer.prepare}). */
  prepare(job: PrepareJob): Promise<ItemOutcome[]>;
  /** Stops the worker, if one was started. */
  close(): Promise<void>;
  /** Chats the worker thread prepared so far. */
  readonly workerChats: number;
}

export interface PreparerOptions {
  /** Chats prepared on the main thread before a worker takes over (starting one takes ~0.2 s). */
  parallelAfter: number;
  /** The worker's entry module (default: this package's `./prepare-worker` export). */
  entry?: string;
}

/** A preparer that uses `local` for the first `parallelAfter` chats, then a worker thread. */
export function openPreparer(local: ChatPreparer, options: PreparerOptions): Preparer {
  let submitted = 0;
  let worker: PrepareWorker | null = null;
  let unavailable = false;
  let workerChats = 0;
  return {
    async prepare(job) {
      if (unavailable || submitted < options.parallelAfter) {
        submitted += job.items.length;
        return local.prepare(job);
      }
      try {
        worker ??= new PrepareWorker(local.context, options.entry);
        const outcomes = await worker.run(job);
        workerChats += job.items.length;
        return outcomes;
      } catch (error) {
        if (!(error instanceof WorkerUnavailable)) throw error;
        unavailable = true;
        return local.prepare(job);
      }
    },
    async close() {
      await worker?.close();
    },
    get workerChats() {
      return workerChats;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The worker and its messages

/** The worker could not start, died, or was closed: the job is to be prepared on the main thread. */
class WorkerUnavailable extends Error {
  override name = "WorkerUnavailable";
}

type PackedItem = { el: Omit<OkElement, "bytes"> & { start: number; length: number }; rawHash?: string } | { rec: RawRecord };

/** A job as posted to the worker: every raw element's bytes in one transferred buffer (no copy on the way). */
export interface JobMessage extends Omit<PrepareJob, "items"> {
  id: number;
  items: PackedItem[];
  buffer: ArrayBuffer;
}

export type ReplyMessage = { id: number; outcomes: ItemOutcome[] } | { id: number; error: string };

function packJob(id: number, job: PrepareJob): JobMessage {
  let size = 0;
  for (const item of job.items) if (item.el) size += item.el.bytes.length;
  const buffer = Buffer.allocUnsafeSlow(size);
  let at = 0;
  const items = job.items.map((item): PackedItem => {
    if (!item.el) return { rec: item.rec };
    const { bytes, ...el } = item.el;
    buffer.set(bytes, at);
    const packed: PackedItem = { el: { ...el, start: at, length: bytes.length }, ...(item.rawHash ? { rawHash: item.rawHash } : {}) };
    at += bytes.length;
    return packed;
  });
  return {
    id,
    items,
    buffer: buffer.buffer as ArrayBuffer,
    lookedUp: job.lookedUp,
    fingerprints: job.fingerprints,
    snapshots: job.snapshots,
  };
}

/** The job a {@link JobMessage} carries (in the worker). */
export function unpackJob(message: JobMessage): PrepareJob {
  const items = message.items.map((item): ChatItem => {
    if ("rec" in item) return { rec: item.rec };
    const { start, length, ...el } = item.el;
    return { el: { ...el, bytes: Buffer.from(message.buffer, start, length) }, ...(item.rawHash ? { rawHash: item.rawHash } : {}) };
  });
  return { items, lookedUp: message.lookedUp, fingerprints: message.fingerprints, snapshots: message.snapshots };
}

const defaultEntry = () => createRequire(import.meta.url).resolve("@missionboard/api/prepare-worker");

/**
 * The worker's heap bounds. V8 grows a heap lazily, and an unbounded worker settled ~100 MB above
 * what it needs (the 50k bench's peak RSS went from ~380 to ~470 MB). A job needs a few times its
 * batch's raw size; one that needs more than this makes the worker fail, and the run goes on on the
 * main thread (no limit there).
 */
const WORKER_HEAP = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 128 };

/** One worker thread running a ChatPreparer for the run's context; jobs are answered in order. */
class PrepareWorker {
  readonly #worker: Worker;
  readonly #waiting = new Map<number, { resolve: (outcomes: ItemOutcome[]) => void; reject: (error: Error) => void }>();
  #next = 0;
  #down: WorkerUnavailable | null = null;

  constructor(context: PrepareContext, entry?: string) {
    try {
      this.#worker = new Worker(entry ?? defaultEntry(), { workerData: context, resourceLimits: WORKER_HEAP });
    } catch (error) {
      throw new WorkerUnavailable(`the ingest worker could not start: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.#worker.on("message", (reply: ReplyMessage) => {
      const waiting = this.#waiting.get(reply.id);
      this.#waiting.delete(reply.id);
      if ("error" in reply) waiting?.reject(new Error(reply.error));
      else waiting?.resolve(reply.outcomes);
    });
    this.#worker.on("error", (error) => this.#stop(`the ingest worker failed: ${error.message}`));
    this.#worker.on("exit", (code) => this.#stop(`the ingest worker exited (code ${code})`));
  }

  #stop(reason: string) {
    this.#down ??= new WorkerUnavailable(reason);
    for (const waiting of this.#waiting.values()) waiting.reject(this.#down);
    this.#waiting.clear();
  }

  run(job: PrepareJob): Promise<ItemOutcome[]> {
    if (this.#down) return Promise.reject(this.#down);
    const message = packJob(this.#next++, job);
    return new Promise((resolve, reject) => {
      this.#waiting.set(message.id, { resolve, reject });
      this.#worker.postMessage(message, [message.buffer]);
    });
  }

  async close() {
    this.#stop("the ingest worker was closed");
    await this.#worker.terminate();
  }
}
