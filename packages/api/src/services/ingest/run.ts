// The ingest engine: OpenWebUI users, models and chats from any IngestSource (export files, the
// HTTP client) into the database, with mission detection, in batches, under the reload lease.
// Policies (upsert vs truncate, atomicity, missions, unchanged chats): docs/decisions/008-ingest.md.
import {
  cleanString,
  DETECTOR_VERSION,
  missionFromModel,
  type NormalisedModel,
  type NormalisedUser,
  normaliseModelRecord,
  normaliseUserRecord,
  type OwuiUserSource,
  storableText,
} from "@missionboard/core";
import {
  type AnalyticsMissionRow,
  type ChatFingerprint,
  type Conn,
  createReloadRun,
  ensureOwuiUsers,
  hasAttemptsFromOtherDetector,
  insertMissionsIfAbsent,
  latestIngestStamp,
  loadChatFingerprints,
  loadCompletionSnapshots,
  loadMissionRows,
  missionCounts,
  type NewMissionRow,
  newId,
  type OwuiModelInput,
  replaceChatMessages,
  replaceDetections,
  type Store,
  type SweepResource,
  setChatContentHashes,
  setMissionAliases,
  sweepUnmarked,
  updateReloadRun,
  upsertChats,
  upsertOwuiModels,
  upsertOwuiUsers,
} from "@missionboard/db";
import { indexSnapshots } from "./detection";
import { type RawElement, rawElementsOf, rawTopLevelString } from "./files";
import { DEFAULT_LEASE_TTL_MS, type HeldLease, takeReloadLease } from "./lease";
import {
  type ChatItem,
  ChatPreparer,
  type ChatWrite,
  droppedReason,
  type ItemOutcome,
  isDict,
  type PreparedChat,
  rawContentHash,
  splitHash,
  unreadableReason,
} from "./prepare";
import { openPreparer, type Preparer } from "./preparer";
import { redetectStored } from "./redetect";
import type { IngestOptions, IngestSource, IngestSummary, MissionSummary, RawRecord } from "./types";

export const DEFAULT_BATCH_SIZE = 500;

/** Extra knobs on top of the contract's IngestOptions (all optional; tests and benchmarks). */
export interface IngestRunOptions extends IngestOptions {
  /** How long the reload lease lasts without renewal (default 5 minutes). */
  leaseTtlMs?: number;
  /**
   * Chats prepared on the main thread before a worker thread takes over preparing (default
   * 2,000; `Infinity`: never), so small imports do not pay for starting one.
   */
  parallelAfter?: number;
}

const DEFAULT_PARALLEL_AFTER = 2000;

/**
 * Batches read and submitted for preparing while an earlier one is written: with two, the worker
 * always has its next job queued when it finishes one (one left both threads idle part of the time).
 */
const BATCHES_AHEAD = 2;

const scalarParams = (model: unknown): Record<string, string | number | boolean | null> => {
  const out: Record<string, string | number | boolean | null> = {};
  const from = (v: unknown) => {
    if (!isDict(v)) return;
    for (const [k, x] of Object.entries(v)) {
      const key = storableText(k);
      if (key in out) continue;
      if (typeof x === "string") out[key] = storableText(x);
      else if (x === null || typeof x === "number" || typeof x === "boolean") out[key] = x;
    }
  };
  const raw = isDict(model) && isDict(model.raw) && "model_id" in model ? model.raw : model;
  if (isDict(raw)) {
    from(isDict(raw.params) ? raw.params.custom_params : undefined);
    from(isDict(raw.info) && isDict(raw.info.params) ? raw.info.params.custom_params : undefined);
  }
  return out;
};

// ---------------------------------------------------------------------------------------------
// The run

class Counters {
  processed = 0;
  inserted = 0;
  updated = 0;
  unchanged = 0;
  skippedReasons: Record<string, number> = {};
  warnings = 0;
  placeholders = 0;
  skip(reason: string, n = 1) {
    this.skippedReasons[reason] = (this.skippedReasons[reason] ?? 0) + n;
  }
  /** Adds another's counts (a committed batch's) to these. */
  add(other: Counters) {
    this.processed += other.processed;
    this.inserted += other.inserted;
    this.updated += other.updated;
    this.unchanged += other.unchanged;
    this.warnings += other.warnings;
    this.placeholders += other.placeholders;
    for (const [k, n] of Object.entries(other.skippedReasons)) this.skip(k, n);
  }
  get skipped() {
    return Object.values(this.skippedReasons).reduce((a, b) => a + b, 0);
  }
  snapshot() {
    return {
      processed: this.processed,
      inserted: this.inserted,
      updated: this.updated,
      unchanged: this.unchanged,
      skipped: this.skipped,
      skippedReasons: { ...this.skippedReasons },
    };
  }
}

async function* batches<T>(source: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for await (const item of source) {
    batch.push(item);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/**
 * Runs one reload from `source` (see types.ts for the contract; policies in
 * docs/decisions/008-ingest.md):
 *
 * 1. takes the "reload" lease and creates the reload_runs row (status running) in one
 *    transaction; a second concurrent call throws {@link ReloadBusyError};
 * 2. upserts OpenWebUI users, then models (every model; `missionTagged` per core) and inserts
 *    missions for tagged models that have none (existing missions only gain aliases);
 * 3. streams chats in batches of `batchSize`, one transaction each: skipped records are counted
 *    by reason; unchanged chats (same updated_at and content hash) are not re-parsed (upsert
 *    mode); others are written with their messages, attempts and completions, and the run row's
 *    progress is updated in the same transaction;
 * 4. truncate mode: removes, in one final transaction, every chat/user/model the run did not see.
 *
 * A failure marks the run failed and returns a summary with `status: "failed"` (it does not
 * throw); batches committed before it stay, nothing is removed.
 */
export async function runIngest(store: Store, source: IngestSource, options: IngestRunOptions, now: () => Date): Promise<IngestSummary> {
  const started = now();
  const runId = newId();
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? DEFAULT_BATCH_SIZE));
  const truncate = options.mode === "truncate";
  const total = source.chatCount ?? null;
  let mark = started;
  const lease = await takeReloadLease(store, runId, now, options.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS, async (conn) => {
    await createReloadRun(conn, {
      id: runId,
      source: options.source,
      mode: options.mode,
      startedAt: started,
      total,
      triggeredBy: options.triggeredBy ?? null,
    });
    // The run's stamp must differ from every earlier one: truncate's sweep removes what lacks it.
    const latest = await latestIngestStamp(conn);
    if (latest && latest.getTime() >= mark.getTime()) mark = new Date(latest.getTime() + 1);
  });

  const counters = new Counters();
  const progress = () => options.onProgress?.({ runId, processed: counters.processed, total });
  let status: IngestSummary["status"] = "succeeded";
  let workerChats = 0;
  let error: string | null = null;
  try {
    progress();
    const parallelAfter = options.parallelAfter ?? DEFAULT_PARALLEL_AFTER;
    const ctx: RunContext = { store, lease, now, mark, truncate, counters, runId, batchSize, parallelAfter, total, progress };
    const userSource: OwuiUserSource = options.source === "api" || options.source === "schedule" ? "api" : "file";
    const unreadable = new Set<SweepResource>();
    if (source.users) await ingestUsers(ctx, source.users, userSource, unreadable);
    let registryChanged = false;
    if (source.models) registryChanged = await ingestModels(ctx, source.models, unreadable);
    if (source.chats) {
      // An export file: records arrive as raw bytes, so unchanged ones are skipped before parsing.
      const raw = rawElementsOf(source.chats);
      const items = raw ? rawItems(raw()) : recordItems(source.chats);
      workerChats = await ingestChats(ctx, items, await store.read(loadMissionRows), unreadable);
    }
    if (truncate) {
      if (unreadable.size > 0)
        throw new Error(
          `The ${[...unreadable].join(" and ")} source could not be read to the end (see the skipped records), so the truncate run removed nothing; fix the file and run it again.`,
        );
      const resources = new Set<SweepResource>();
      if (source.chats) resources.add("chats");
      if (source.users) resources.add("users");
      if (source.models) resources.add("models");
      await store.tx(async (conn) => {
        await lease.renewIn(conn, now());
        await sweepUnmarked(conn, mark, resources);
      });
    } else if (counters.unchanged > 0) {
      // Unchanged chats were not re-parsed: re-detect when the registry or the rules changed.
      const outdated = await store.read((conn) => hasAttemptsFromOtherDetector(conn, DETECTOR_VERSION));
      if (registryChanged || outdated) await redetectStored(store, now, lease, { batchSize });
    }
  } catch (e) {
    status = "failed";
    error = failureMessage(e);
  }

  const finished = now();
  const durationMs = Math.max(0, finished.getTime() - started.getTime());
  try {
    await store.tx((conn) =>
      updateReloadRun(conn, runId, {
        ...counters.snapshot(),
        status,
        error,
        finishedAt: finished,
        durationMs,
        total: total ?? counters.processed,
      }),
    );
  } finally {
    await lease.release().catch(() => {});
  }
  const summary = await store.read(summarise);
  return {
    runId,
    status,
    error,
    durationMs,
    chats: counters.processed,
    inserted: counters.inserted,
    updated: counters.updated,
    unchanged: counters.unchanged,
    skipped: { ...counters.skippedReasons },
    ...summary,
    // Extra keys (allowed by the contract): normaliser warnings kept with a fallback, placeholders
    // made, chats prepared in the worker thread.
    ...({ warnings: counters.warnings, placeholderUsers: counters.placeholders, workerChats } as object),
  };
}

interface RunContext {
  store: Store;
  lease: HeldLease;
  now: () => Date;
  mark: Date;
  truncate: boolean;
  counters: Counters;
  runId: string;
  batchSize: number;
  parallelAfter: number;
  total: number | null;
  progress: () => void;
}

async function ingestUsers(ctx: RunContext, users: AsyncIterable<RawRecord>, source: OwuiUserSource, unreadable: Set<SweepResource>) {
  const seen = new Set<string>();
  for await (const batch of batches(users, ctx.batchSize)) {
    const rows: NormalisedUser[] = [];
    for (const rec of batch) {
      if (!rec.ok) {
        ctx.counters.skip(`users: ${unreadableReason(rec.error)}`);
        unreadable.add("users");
        continue;
      }
      const res = normaliseUserRecord(rec.value, rec.index);
      if (!res.user) {
        ctx.counters.skip(`users: ${droppedReason(res.problems)}`);
        continue;
      }
      if (seen.has(res.user.id)) {
        ctx.counters.skip("users: duplicate id");
        continue;
      }
      seen.add(res.user.id);
      rows.push(res.user);
    }
    await ctx.store.tx(async (conn) => {
      await ctx.lease.renewIn(conn, ctx.now());
      await upsertOwuiUsers(
        conn,
        rows.map((u) => ({ id: u.id, name: u.name, email: u.email, role: u.role, source })),
        ctx.mark,
      );
    });
  }
}

/** Upserts models and the missions of tagged ones; true when the mission registry changed. */
async function ingestModels(ctx: RunContext, models: AsyncIterable<RawRecord>, unreadable: Set<SweepResource>): Promise<boolean> {
  const byId = new Map<string, { model: NormalisedModel; raw: unknown }>();
  for await (const rec of models) {
    if (!rec.ok) {
      ctx.counters.skip(`models: ${unreadableReason(rec.error)}`);
      unreadable.add("models");
      continue;
    }
    const res = normaliseModelRecord(rec.value, rec.index);
    if (!res.model) {
      ctx.counters.skip(`models: ${droppedReason(res.problems)}`);
      continue;
    }
    if (byId.has(res.model.id)) {
      ctx.counters.skip("models: duplicate id");
      continue;
    }
    byId.set(res.model.id, { model: res.model, raw: rec.value });
  }
  const list = [...byId.values()];
  return ctx.store.tx(async (conn) => {
    await ctx.lease.renewIn(conn, ctx.now());
    const inputs: OwuiModelInput[] = list.map(({ model, raw }) => ({
      id: model.id,
      name: model.name,
      tags: model.tags,
      missionTagged: model.isMission,
      params: scalarParams(raw),
    }));
    await upsertOwuiModels(conn, inputs, ctx.mark);
    return upsertModelMissions(
      conn,
      list.map((x) => x.model).filter((m) => m.isMission),
      ctx.mark,
    );
  });
}

/**
 * Missions from tagged models. A model whose key (primary id, lower-case) or one of whose ids is
 * already a mission's key or alias only adds its new aliases to that mission: week, points,
 * difficulty, name, markers and rules are never overwritten (admin edits win). Otherwise a new
 * mission is inserted from the model's metadata. Returns whether anything changed.
 */
export async function upsertModelMissions(conn: Conn, tagged: readonly NormalisedModel[], now: Date): Promise<boolean> {
  const rows = await loadMissionRows(conn);
  let changed = false;
  const inserts: NewMissionRow[] = [];
  for (const model of tagged) {
    const def = missionFromModel(model);
    const ids = model.aliases.filter((a) => !(a === model.name && a !== model.id)).map((a) => a.toLowerCase());
    const existing =
      rows.find((r) => r.key === def.key) ?? rows.find((r) => r.key !== def.key && r.aliases.some((a) => ids.includes(a.toLowerCase())));
    if (existing) {
      const lower = new Set(existing.aliases.map((a) => a.toLowerCase()));
      const added = def.aliases.filter((a) => !lower.has(a.toLowerCase()));
      if (added.length > 0) {
        existing.aliases = [...existing.aliases, ...added];
        await setMissionAliases(conn, existing.id, existing.aliases, now);
        changed = true;
      }
      continue;
    }
    if (inserts.some((r) => r.key === def.key)) continue;
    inserts.push({
      key: def.key,
      name: def.name,
      week: def.week,
      points: def.points,
      difficulty: def.difficulty,
      aliases: def.aliases,
      markers: def.markers,
      includeDefaultMarkers: def.markers.length === 0,
      briefingReplyCounts: def.briefingReplyCounts,
      startTriggers: [],
      origin: "model",
    });
  }
  if (inserts.length > 0 && (await insertMissionsIfAbsent(conn, inserts, now)).length > 0) changed = true;
  return changed;
}

async function* recordItems(records: AsyncIterable<RawRecord>): AsyncGenerator<ChatItem> {
  for await (const rec of records) yield { rec };
}

async function* rawItems(elements: AsyncIterable<RawElement>): AsyncGenerator<ChatItem> {
  for await (const el of elements) yield el.ok ? { el } : { rec: el };
}

/**
 * A batch handed to the preparer: its outcomes once prepared (some known before, see
 * {@link submitBatch}). A wrapper, so that awaiting the submission does not await the preparing.
 */
interface SubmittedBatch {
  outcomes: Promise<ItemOutcome[]>;
}

/**
 * Streams the chats in batches: while batch N is written in its transaction, the next ones are
 * read, looked up and prepared (in the worker thread, once the run is large enough). Writes stay in
 * order, one transaction per batch; a source that cannot be read further stops the run's reading.
 * Returns how many chats the worker thread prepared.
 */
async function ingestChats(
  ctx: RunContext,
  items: AsyncIterable<ChatItem>,
  missions: AnalyticsMissionRow[],
  unreadable: Set<SweepResource>,
): Promise<number> {
  const local = new ChatPreparer({ missions, truncate: ctx.truncate, mark: ctx.mark });
  const preparer = openPreparer(local, { parallelAfter: ctx.parallelAfter });
  const seen = new Set<string>();
  // Batches submitted and not yet written, oldest first.
  const ahead: SubmittedBatch[] = [];
  let writing = false;
  const writeOldest = async (): Promise<boolean> => {
    writing = true;
    const readable = await writeBatch(ctx, local, ahead.shift() as SubmittedBatch, seen, unreadable);
    writing = false;
    return readable;
  };
  try {
    try {
      for await (const batch of batches(items, ctx.batchSize)) {
        ahead.push(await submitBatch(ctx, preparer, batch));
        if (ahead.length > BATCHES_AHEAD && !(await writeOldest())) return preparer.workerChats;
      }
    } catch (error) {
      // Reading or looking up the next batch failed (a connection reset): what was read before it
      // is still written. A failed write writes nothing after it.
      if (!writing) while (ahead.length > 0 && (await writeOldest()));
      throw error;
    }
    while (ahead.length > 0 && (await writeOldest()));
    return preparer.workerChats;
  } finally {
    await preparer.close();
  }
}

/** The id a chat record most likely has (its top-level `id`, cleaned as core does), read without normalising it. */
function likelyId(item: ChatItem): string | null {
  if (item.el) return cleanString(rawTopLevelString(item.el.bytes, "id"));
  const value = item.rec.ok ? item.rec.value : null;
  return isDict(value) ? cleanString(value.id) : null;
}

/**
 * Looks up the stored fingerprints of a batch's chats and hands it to the preparer. Raw records
 * whose bytes equal those the stored chat was written from are unchanged without being parsed
 * (upsert mode). The lookups see the batches written so far; the previous batch may still be
 * pending, which only matters for a chat in both, and the second is a duplicate anyway.
 */
async function submitBatch(ctx: RunContext, preparer: Preparer, batch: ChatItem[]): Promise<SubmittedBatch> {
  const ids = batch.map(likelyId);
  const lookedUp = new Set(ids.filter((id): id is string => id !== null));
  const fingerprints = lookedUp.size
    ? await ctx.store.read((conn) => loadChatFingerprints(conn, [...lookedUp]))
    : new Map<string, ChatFingerprint>();
  const known: (ItemOutcome | undefined)[] = new Array(batch.length);
  const items: ChatItem[] = [];
  const at: number[] = [];
  const stored: string[] = [];
  for (const [i, item] of batch.entries()) {
    const id = ids[i];
    const fp = id ? fingerprints.get(id) : undefined;
    let next = item;
    if (fp && id && item.el && !ctx.truncate) {
      const rawHash = rawContentHash(item.el.bytes);
      if (splitHash(fp.contentHash).raw === rawHash) {
        known[i] = { kind: "unchanged", id, rehash: null, warnings: 0 };
        continue;
      }
      next = { el: item.el, rawHash };
    }
    if (fp && id) stored.push(id);
    items.push(next);
    at.push(i);
  }
  const snapshots = stored.length ? await ctx.store.read((conn) => loadCompletionSnapshots(conn, stored)) : [];
  const outcomes = preparer.prepare({ items, lookedUp, fingerprints, snapshots }).then((list) => {
    for (const [k, outcome] of list.entries()) known[at[k] as number] = outcome;
    return known as ItemOutcome[];
  });
  // Awaited when the batch is written; a failure before then must not count as unhandled.
  outcomes.catch(() => {});
  return { outcomes };
}

/** Writes one prepared batch in one transaction; false when the source cannot be read further (malformed JSON). */
async function writeBatch(
  ctx: RunContext,
  mainThread: ChatPreparer,
  batch: SubmittedBatch,
  seen: Set<string>,
  unreadable: Set<SweepResource>,
): Promise<boolean> {
  const outcomes = await batch.outcomes;
  const c = ctx.counters;
  // Tentative counters: applied only when the batch's transaction commits.
  const counted = new Counters();
  const chats: ChatWrite[] = [];
  const storedIds: string[] = [];
  const owners: string[] = [];
  const rehash: { id: string; contentHash: string }[] = [];
  const unresolved: PreparedChat[] = [];
  let readable = true;

  const apply = (outcome: ItemOutcome) => {
    if (outcome.kind === "unchanged") {
      counted.unchanged++;
      counted.warnings += outcome.warnings;
      if (outcome.rehash) rehash.push({ id: outcome.id, contentHash: outcome.rehash });
    } else if (outcome.kind === "changed") {
      if (outcome.stored) {
        counted.updated++;
        // Only stored chats can have messages and detections to replace (they cascade from chats,
        // and the lease keeps other writers out), so new chats skip the deletes.
        storedIds.push(outcome.id);
      } else counted.inserted++;
      counted.warnings += outcome.warnings;
      chats.push(outcome.write);
      if (outcome.owner !== null) owners.push(outcome.owner);
    }
  };

  for (const outcome of outcomes) {
    counted.processed++;
    if (outcome.kind === "skipped") {
      counted.skip(outcome.reason);
      if (outcome.unreadable) unreadable.add("chats");
      if (outcome.stop) {
        readable = false;
        break;
      }
      continue;
    }
    if (seen.has(outcome.id)) {
      counted.skip("duplicate id");
      continue;
    }
    seen.add(outcome.id);
    if (outcome.kind === "unresolved") unresolved.push(outcome.prepared);
    else apply(outcome);
  }
  if (unresolved.length) {
    // Chats whose id could not be read before normalising: looked up now, prepared here.
    const ids = unresolved.map((p) => p.chat.id);
    const fingerprints = await ctx.store.read((conn) => loadChatFingerprints(conn, ids));
    const storedOnes = ids.filter((id) => fingerprints.has(id));
    const snapshots = storedOnes.length ? await ctx.store.read((conn) => loadCompletionSnapshots(conn, storedOnes)) : [];
    const index = indexSnapshots(snapshots);
    for (const p of unresolved) apply(mainThread.resolve(p, fingerprints.get(p.chat.id), index));
  }

  await ctx.store.tx(async (conn) => {
    await ctx.lease.renewIn(conn, ctx.now());
    counted.placeholders = await ensureOwuiUsers(conn, owners, ctx.mark, ctx.truncate);
    await upsertChats(
      conn,
      chats.map((w) => w.chat),
    );
    await replaceChatMessages(
      conn,
      storedIds,
      chats.flatMap((w) => w.messages),
    );
    await replaceDetections(
      conn,
      storedIds,
      chats.flatMap((w) => w.attempts),
    );
    if (rehash.length) await setChatContentHashes(conn, rehash);
    await updateReloadRun(conn, ctx.runId, {
      processed: c.processed + counted.processed,
      inserted: c.inserted + counted.inserted,
      updated: c.updated + counted.updated,
      unchanged: c.unchanged + counted.unchanged,
      skipped: c.skipped + counted.skipped,
      skippedReasons: mergeReasons(c.skippedReasons, counted.skippedReasons),
    });
  });
  c.add(counted);
  ctx.progress();
  return readable;
}

/**
 * What a failed run records and shows: a failed query's database error without the query and its
 * parameters (drizzle quotes them whole: a batch of rows, with people's data), at most 500
 * characters, storable as any outside text.
 */
export function failureMessage(error: unknown): string {
  let message = error instanceof Error ? error.message : String(error);
  if (message.startsWith("Failed query:") && error instanceof Error && error.cause instanceof Error)
    message = `Database error: ${error.cause.message}`;
  message = storableText(message);
  return message.length > 500 ? `${message.slice(0, 499)}…` : message;
}

const mergeReasons = (a: Record<string, number>, b: Record<string, number>) => {
  const out = { ...a };
  for (const [k, n] of Object.entries(b)) out[k] = (out[k] ?? 0) + n;
  return out;
};

/** The summary counts, read from the database after the run (whole stored state, not only this run). */
async function summarise(conn: Conn): Promise<Pick<IngestSummary, "missions" | "attempts" | "completions" | "participants">> {
  const counts = await missionCounts(conn);
  const rows = await loadMissionRows(conn);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const missions: MissionSummary[] = counts.missions
    .map((m) => {
      const row = byId.get(m.missionId);
      return {
        id: m.missionId,
        key: row?.key ?? "",
        name: row?.name ?? "",
        week: row?.week ?? null,
        points: row?.points ?? null,
        attempts: m.attempts,
        completions: m.completions,
        participants: m.participants,
      };
    })
    .sort(
      (a, b) =>
        (a.week ?? Number.MAX_SAFE_INTEGER) - (b.week ?? Number.MAX_SAFE_INTEGER) ||
        a.name.localeCompare(b.name) ||
        a.id.localeCompare(b.id),
    );
  return { missions, attempts: counts.attempts, completions: counts.completions, participants: counts.participants };
}

export { ReloadBusyError } from "./lease";
export { redetect } from "./redetect";
