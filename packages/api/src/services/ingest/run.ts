// The ingest engine: OpenWebUI users, models and chats from any IngestSource (export files, the
// HTTP client) into the database, with mission detection, in batches. It runs as a job of the job
// runner (kind "reload"), which holds the analytics lease and the run's job_runs row.
// Policies (upsert vs truncate, atomicity, missions, unchanged chats): docs/decisions/008-ingest.md.
import {
  aliasKey,
  aliasOwners,
  cleanString,
  DETECTOR_VERSION,
  type ExportKind,
  exportKindMismatch,
  type ModelChange,
  modelChanges,
  type NormalisedModel,
  type NormalisedUser,
  normaliseModelRecord,
  normaliseUserRecord,
  type OwuiUserSource,
  otherKindReason,
  planModelMissions,
  recordKind,
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
  loadOwuiModels,
  missionCounts,
  type NewMissionChange,
  type OwuiModelInput,
  recordMissionChanges,
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
import type { HeldLease } from "../jobs/lease";
import { type DataArea, failureMessage, type JobContext, type JobDefinition, JobRunner } from "../jobs/runner";
import { linkByEmail } from "../people-linking";
import { changesScores, type RankUpNotices, standingsPhase, watchChanges } from "../standings";
import { indexSnapshots } from "./detection";
import { ExportFileError, type RawElement, rawElementsOf, rawTopLevelString } from "./files";
import {
  type ChatItem,
  ChatPreparer,
  type ChatWrite,
  describeRecord,
  droppedReason,
  type ItemOutcome,
  isDict,
  itemPosition,
  type PreparedChat,
  positionOf,
  rawContentHash,
  splitHash,
  unreadableReason,
} from "./prepare";
import { openPreparer, type Preparer } from "./preparer";
import { redetectStored } from "./redetect";
import {
  DEFAULT_MAX_SKIPPED_SHARE,
  type IngestOptions,
  type IngestSource,
  type IngestSummary,
  type MissionSummary,
  type RawRecord,
} from "./types";

export const DEFAULT_BATCH_SIZE = 500;

/** Extra knobs on top of the contract's IngestOptions (all optional; tests and benchmarks). */
export interface IngestRunOptions extends IngestOptions {
  /** How long the analytics lease lasts without renewal (default 5 minutes). */
  leaseTtlMs?: number;
  /**
   * Chats prepared on the main thread before a worker thread takes over preparing (default
   * 2,000; `Infinity`: never), so small imports do not pay for starting one.
   */
  parallelAfter?: number;
  /** Called once the run has ended and its lease is released (e.g. to remove uploaded files). */
  cleanup?: () => Promise<void>;
  /** Where rank-up notices link to and the mail sender to wake (see services/standings.ts). */
  notices?: RankUpNotices;
}

const DEFAULT_PARALLEL_AFTER = 2000;

/**
 * Batches read and submitted for preparing while an earlier one is written: with two, the worker
 * always has its next job queued when it finishes one (one left both threads idle part of the time).
 */
const BATCHES_AHEAD = 2;

/** Skipped records named per reason in a run's report; the rest are only counted. */
export const SKIPPED_EXAMPLES_PER_REASON = 5;

/** Records read from the start of each file to recognise its kind. */
const KIND_SAMPLE = 20;

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
// Counting

class Counters {
  processed = 0;
  inserted = 0;
  updated = 0;
  unchanged = 0;
  skippedReasons: Record<string, number> = {};
  /** The first few skipped records of each reason, named ("record 4 (line 12)"). */
  skippedRecords: Record<string, string[]> = {};
  warnings = 0;
  placeholders = 0;
  skip(reason: string, where?: string, n = 1) {
    this.skippedReasons[reason] = (this.skippedReasons[reason] ?? 0) + n;
    if (where !== undefined) this.#name(reason, where);
  }
  #name(reason: string, where: string) {
    const list = this.skippedRecords[reason] ?? [];
    if (list.length < SKIPPED_EXAMPLES_PER_REASON) list.push(where);
    this.skippedRecords[reason] = list;
  }
  /** Adds another's counts (a committed batch's) to these. */
  add(other: Counters) {
    this.processed += other.processed;
    this.inserted += other.inserted;
    this.updated += other.updated;
    this.unchanged += other.unchanged;
    this.warnings += other.warnings;
    this.placeholders += other.placeholders;
    for (const [k, n] of Object.entries(other.skippedReasons)) this.skip(k, undefined, n);
    for (const [k, list] of Object.entries(other.skippedRecords)) for (const where of list) this.#name(k, where);
  }
  get skipped() {
    return Object.values(this.skippedReasons).reduce((a, b) => a + b, 0);
  }
  /** These counts with `next`'s added (without changing either). */
  plus(next: Counters) {
    const sum = new Counters();
    sum.add(this);
    sum.add(next);
    return sum;
  }
  snapshot() {
    return {
      processed: this.processed,
      inserted: this.inserted,
      updated: this.updated,
      unchanged: this.unchanged,
      skipped: this.skipped,
      skippedReasons: { ...this.skippedReasons },
      skippedRecords: Object.fromEntries(Object.entries(this.skippedRecords).map(([k, v]) => [k, [...v]])),
    };
  }
}

/** Records read and skipped per source: a truncate replaces a source's data only when it was usable. */
type Tallies = Record<SweepResource, { read: number; skipped: number }>;

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

// ---------------------------------------------------------------------------------------------
// Export kinds

/** A file of the wrong kind (models given as chats…): the run is refused before anything is written. */
export class WrongKindError extends ExportFileError {
  override name = "WrongKindError";
}

const KIND_LABEL: Record<SweepResource, ExportKind> = { chats: "chats", models: "models", users: "users" };

/** Reads the first records of `source` to check its kind; returns a source that replays them first. */
async function checkedKind<T>(
  resource: SweepResource,
  source: AsyncIterable<T>,
  valueOfItem: (item: T) => unknown | undefined,
): Promise<AsyncIterable<T>> {
  const iterator = source[Symbol.asyncIterator]();
  const head: T[] = [];
  const kinds: (ExportKind | null)[] = [];
  let ended = false;
  while (kinds.length < KIND_SAMPLE) {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    head.push(next.value);
    const value = valueOfItem(next.value);
    if (value !== undefined) kinds.push(recordKind(value));
  }
  const mismatch = exportKindMismatch(KIND_LABEL[resource], kinds);
  if (mismatch) {
    await iterator.return?.();
    throw new WrongKindError(`The ${resource} file was refused: ${mismatch} Nothing was imported.`);
  }
  return (async function* () {
    yield* head;
    if (ended) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  })();
}

const recordValue = (rec: RawRecord) => (rec.ok ? rec.value : undefined);
const elementValue = (el: RawElement) => {
  if (!el.ok) return undefined;
  try {
    return JSON.parse(el.bytes.toString("utf8")) as unknown;
  } catch {
    return undefined;
  }
};

// ---------------------------------------------------------------------------------------------
// The run

/**
 * The reload job (see types.ts for the contract; policies in docs/decisions/008-ingest.md):
 *
 * 1. the runner takes the analytics lease and creates the job_runs row; this job's `begin`
 *    creates its reload_runs row (same id, status running) in that transaction;
 * 2. files given by a person (`source.checkKinds`) are checked to be of the kind given (models are
 *    not chats) before anything is written;
 * 3. upserts OpenWebUI users, then models (every model; `missionTagged` per core) and the missions
 *    of tagged ones (core's planModelMissions: existing missions only gain aliases; a model value
 *    that changed in OpenWebUI is proposed to the admin);
 * 4. streams chats in batches of `batchSize`, one transaction each: skipped records are counted
 *    by reason and the first ones named; unchanged chats (same updated_at and content hash) are
 *    not re-parsed (upsert mode); others are written with their messages, attempts and
 *    completions, and progress is recorded in the same transaction;
 * 5. truncate mode: removes, in one final transaction, every chat/user/model the run did not see —
 *    only when every source it replaces was read to its end and usable (not all skipped, and no
 *    more than `maxSkippedShare` of its records skipped).
 *
 * A failure marks the run failed and returns a summary with `status: "failed"` (it does not
 * throw); batches committed before it stay, nothing is removed.
 */
export function reloadJob(source: IngestSource, options: IngestRunOptions): JobDefinition<IngestSummary> {
  let mark = new Date(0);
  return {
    kind: "reload",
    // Which resources the run loads: the freshness line dates each one by its last load (§M-23).
    params: {
      source: options.source,
      mode: options.mode,
      users: Boolean(source.users),
      models: Boolean(source.models),
      chats: Boolean(source.chats),
    },
    triggeredBy: options.triggeredBy ?? null,
    total: source.chatCount ?? null,
    async begin(conn, run) {
      await createReloadRun(conn, {
        id: run.id,
        source: options.source,
        mode: options.mode,
        startedAt: run.startedAt,
        total: source.chatCount ?? null,
        triggeredBy: options.triggeredBy ?? null,
      });
      // The run's stamp must differ from every earlier one: truncate's sweep removes what lacks it.
      mark = run.startedAt;
      const latest = await latestIngestStamp(conn);
      if (latest && latest.getTime() >= mark.getTime()) mark = new Date(latest.getTime() + 1);
    },
    run: (job) => {
      const watched = watchChanges(job);
      return ingest(watched.job, source, options, mark, watched.touched);
    },
    failureOf: (summary) => (summary.status === "failed" ? (summary.error ?? "The reload failed.") : null),
    summarise: (s) => ({
      chats: s.chats,
      inserted: s.inserted,
      updated: s.updated,
      unchanged: s.unchanged,
      skipped: Object.values(s.skipped).reduce((a, b) => a + b, 0),
      attempts: s.attempts,
      completions: s.completions,
    }),
    cleanup: options.cleanup,
  };
}

/**
 * Runs one reload now on a runner of its own (the CLI, the demo seed, tests and benchmarks; the
 * app starts {@link reloadJob} on `ctx.jobs`). Throws JobBusyError while another analytics job runs.
 */
export async function runIngest(store: Store, source: IngestSource, options: IngestRunOptions, now: () => Date): Promise<IngestSummary> {
  const outcome = await new JobRunner({ store, now, leaseTtlMs: options.leaseTtlMs }).run(reloadJob(source, options));
  if (!outcome.result) throw new Error(outcome.error ?? "The reload failed.");
  return outcome.result;
}

async function ingest(
  job: JobContext,
  source: IngestSource,
  options: IngestRunOptions,
  mark: Date,
  touched: ReadonlySet<DataArea>,
): Promise<IngestSummary> {
  const { store, now, runId } = job;
  const started = now();
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? DEFAULT_BATCH_SIZE));
  const truncate = options.mode === "truncate";
  const total = source.chatCount ?? null;
  const counters = new Counters();
  const tallies: Tallies = { chats: { read: 0, skipped: 0 }, users: { read: 0, skipped: 0 }, models: { read: 0, skipped: 0 } };
  const reportProgress = () => options.onProgress?.({ runId, processed: counters.processed, total });
  let status: IngestSummary["status"] = "succeeded";
  let workerChats = 0;
  let error: string | null = null;
  try {
    const parallelAfter = options.parallelAfter ?? DEFAULT_PARALLEL_AFTER;
    const ctx: RunContext = {
      store,
      job,
      lease: job.lease,
      now,
      mark,
      truncate,
      counters,
      tallies,
      runId,
      batchSize,
      parallelAfter,
      total,
      reportProgress,
      notices: options.notices,
    };
    const userSource: OwuiUserSource = options.source === "api" || options.source === "schedule" ? "api" : "file";
    const unreadable = new Set<SweepResource>();

    // Files a person chose: each one's kind is checked before anything is written.
    let { users, models } = source;
    let rawChats = source.chats ? rawElementsOf(source.chats) : null;
    let chats = rawChats ? undefined : source.chats;
    if (source.checkKinds) {
      if (users) users = await checkedKind("users", users, recordValue);
      if (models) models = await checkedKind("models", models, recordValue);
      if (rawChats) {
        const checked = await checkedKind("chats", rawChats(), elementValue);
        rawChats = () => checked as AsyncGenerator<RawElement>;
      } else if (chats) chats = await checkedKind("chats", chats, recordValue);
    }
    await job.progress({ processed: 0, total, phase: "starting" });
    reportProgress();
    if (users) {
      await job.progress({ processed: 0, total, phase: "users" });
      await ingestUsers(ctx, users, userSource, unreadable);
      job.changed("openwebui-users");
    }
    let registryChanged = false;
    if (models) {
      await job.progress({ processed: 0, total, phase: "models" });
      registryChanged = await ingestModels(ctx, models, unreadable);
      job.changed("models");
      if (registryChanged) job.changed("missions");
    }
    if (rawChats || chats) {
      // An export file: records arrive as raw bytes, so unchanged ones are skipped before parsing.
      const items = rawChats ? rawItems(rawChats()) : recordItems(chats as AsyncIterable<RawRecord>);
      workerChats = await ingestChats(ctx, items, await store.read(loadMissionRows), unreadable);
      if (counters.inserted + counters.updated > 0) job.changed("chats", "attempts", "completions");
    }
    if (truncate) {
      const resources = new Set<SweepResource>();
      if (rawChats || chats) resources.add("chats");
      if (users) resources.add("users");
      if (models) resources.add("models");
      const refusal = truncateRefusal(resources, unreadable, tallies, counters, options.maxSkippedShare ?? DEFAULT_MAX_SKIPPED_SHARE);
      if (refusal) throw new Error(refusal);
      const removed = await store.tx(async (conn) => {
        await job.lease.renewIn(conn, now());
        return sweepUnmarked(conn, mark, resources);
      });
      if (removed.chats > 0) job.changed("chats", "attempts", "completions");
      if (removed.users > 0) job.changed("openwebui-users");
      if (removed.models > 0) job.changed("models");
    } else if (counters.unchanged > 0) {
      // Unchanged chats were not re-parsed: re-detect when the registry or the rules changed.
      const outdated = await store.read((conn) => hasAttemptsFromOtherDetector(conn, DETECTOR_VERSION));
      if (registryChanged || outdated) {
        await job.progress({ processed: 0, total: counters.processed, phase: "re-detecting" });
        await redetectStored(store, now, job.lease, {
          batchSize,
          onProgress: ({ processed }, conn) => job.progress({ processed, total: counters.processed, phase: "re-detecting" }, conn),
        });
        job.changed("attempts", "completions");
      }
    }
    // Last phase: the standings follow the records this run changed, in this job (§M-15).
    if (changesScores(touched)) await standingsPhase(job, options.notices);
  } catch (e) {
    status = "failed";
    error = failureMessage(e);
  }

  const finished = now();
  const durationMs = Math.max(0, finished.getTime() - started.getTime());
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
    skippedRecords: counters.snapshot().skippedRecords,
    ...summary,
    // Extra keys (allowed by the contract): normaliser warnings kept with a fallback, placeholders
    // made, chats prepared in the worker thread.
    ...({ warnings: counters.warnings, placeholderUsers: counters.placeholders, workerChats } as object),
  };
}

/**
 * Why a truncate run must not remove what it did not see, or null when it may: a source it would
 * replace could not be read to its end, had no usable record, or had more than `maxShare` of its
 * records skipped (a file of the wrong shape is not an export to replace the analytics with).
 */
export function truncateRefusal(
  resources: ReadonlySet<SweepResource>,
  unreadable: ReadonlySet<SweepResource>,
  tallies: Tallies,
  counters: Counters,
  maxShare: number,
): string | null {
  const nothing = "so the truncate removed nothing";
  const stuck = [...resources].filter((r) => unreadable.has(r));
  if (stuck.length > 0)
    return `The ${stuck.join(" and ")} source could not be read to the end (see the skipped records), ${nothing}; fix the file and run it again.`;
  for (const r of resources) {
    const { read, skipped } = tallies[r];
    const reasons = Object.entries(counters.skippedReasons)
      .filter(([reason]) => (r === "chats" ? !reason.includes(":") : reason.startsWith(`${r}: `)))
      .map(([reason, n]) => `${reason.replace(`${r}: `, "")} ${n}`)
      .join(", ");
    if (read === skipped)
      return read === 0
        ? `The ${r} source holds no records, ${nothing}.`
        : `The ${r} source has no usable record (${read} read, all skipped: ${reasons}), ${nothing}.`;
    if (skipped / read > maxShare)
      return `${Math.round((skipped / read) * 100)} % of the ${r} records were skipped (${skipped} of ${read}: ${reasons}); a truncate allows at most ${Math.round(maxShare * 100)} %, ${nothing}.`;
  }
  return null;
}

interface RunContext {
  store: Store;
  job: JobContext;
  lease: HeldLease;
  now: () => Date;
  mark: Date;
  truncate: boolean;
  counters: Counters;
  tallies: Tallies;
  runId: string;
  batchSize: number;
  parallelAfter: number;
  total: number | null;
  /** Tells the caller's onProgress (after each committed batch). */
  reportProgress: () => void;
  /** Where notices link to and the mail sender to wake (rank-ups, mission badges of new links). */
  notices?: RankUpNotices;
}

async function ingestUsers(ctx: RunContext, users: AsyncIterable<RawRecord>, source: OwuiUserSource, unreadable: Set<SweepResource>) {
  const seen = new Set<string>();
  const tally = ctx.tallies.users;
  for await (const batch of batches(users, ctx.batchSize)) {
    const rows: NormalisedUser[] = [];
    for (const rec of batch) {
      tally.read++;
      const skip = (reason: string, id?: string) => {
        tally.skipped++;
        ctx.counters.skip(`users: ${reason}`, describeRecord(positionOf(rec), id));
      };
      if (!rec.ok) {
        skip(unreadableReason(rec.error));
        if (rec.stops !== false) unreadable.add("users");
        continue;
      }
      const kind = recordKind(rec.value);
      if (kind !== null && kind !== "users") {
        skip(otherKindReason(kind, "users"));
        continue;
      }
      const res = normaliseUserRecord(rec.value, rec.index);
      if (!res.user) {
        skip(droppedReason(res.problems));
        continue;
      }
      if (seen.has(res.user.id)) {
        skip("duplicate id", res.user.id);
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
  // Once all users are in, so two OpenWebUI users sharing an email in different batches show as a conflict.
  // A new link can satisfy a mission rule at once (the learner's completions are already in).
  const linked = await ctx.store.tx(async (conn) => {
    await ctx.lease.renewIn(conn, ctx.now());
    return linkByEmail(conn, ctx.now(), { kind: "all" }, null, ctx.notices?.settings ?? { appUrl: "" });
  });
  if (linked.badges.notified) ctx.notices?.mail?.afterCommit();
}

/** Upserts models and the missions of tagged ones; true when the mission registry changed. */
async function ingestModels(ctx: RunContext, models: AsyncIterable<RawRecord>, unreadable: Set<SweepResource>): Promise<boolean> {
  const byId = new Map<string, { model: NormalisedModel; raw: unknown }>();
  const tally = ctx.tallies.models;
  for await (const rec of models) {
    tally.read++;
    const skip = (reason: string, id?: string) => {
      tally.skipped++;
      ctx.counters.skip(`models: ${reason}`, describeRecord(positionOf(rec), id));
    };
    if (!rec.ok) {
      skip(unreadableReason(rec.error));
      if (rec.stops !== false) unreadable.add("models");
      continue;
    }
    const kind = recordKind(rec.value);
    if (kind !== null && kind !== "models") {
      skip(otherKindReason(kind, "models"));
      continue;
    }
    const res = normaliseModelRecord(rec.value, rec.index);
    if (!res.model) {
      skip(droppedReason(res.problems));
      continue;
    }
    if (byId.has(res.model.id)) {
      skip("duplicate id", res.model.id);
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
    const previous = await loadOwuiModels(
      conn,
      list.map((x) => x.model.id),
    );
    await upsertOwuiModels(conn, inputs, ctx.mark);
    const models = list.map((x) => x.model);
    const changed = await upsertModelMissions(conn, models, ctx.mark);
    await proposeModelChanges(conn, models, previous, ctx.mark);
    return changed;
  });
}

/**
 * Missions from tagged models, as core's planModelMissions decides (registry-rules.ts): existing
 * missions only gain the aliases nobody owns (admin edits win), other tagged models become
 * missions. Returns whether anything changed.
 */
export async function upsertModelMissions(conn: Conn, models: readonly NormalisedModel[], now: Date): Promise<boolean> {
  const rows = await loadMissionRows(conn);
  const plan = planModelMissions(
    rows,
    models.filter((m) => m.isMission),
  );
  for (const add of plan.aliasAdds) await setMissionAliases(conn, add.missionId, add.aliases, now);
  const inserted = plan.inserts.length
    ? await insertMissionsIfAbsent(
        conn,
        plan.inserts.map((def) => ({
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
        })),
        now,
      )
    : [];
  return plan.aliasAdds.length > 0 || inserted.length > 0;
}

/**
 * Changes in OpenWebUI to a model that counts as a mission (its Missions tag, week or points,
 * since the previous reload saw it) become proposals on /admin/missions (core's modelChanges).
 */
async function proposeModelChanges(
  conn: Conn,
  models: readonly NormalisedModel[],
  previous: Map<string, { name: string; tags: string[]; missionTagged: boolean; params: Record<string, string | number | boolean | null> }>,
  now: Date,
): Promise<void> {
  const rows = await loadMissionRows(conn);
  const owners = aliasOwners(rows);
  const changes: NewMissionChange[] = [];
  for (const model of models) {
    const mission = owners.get(aliasKey(model.id));
    const before = previous.get(model.id);
    if (!mission || !before) continue;
    const old = normaliseModelRecord({ id: model.id, name: before.name, tags: before.tags, params: before.params }).model;
    const found: ModelChange[] = modelChanges(
      { tagged: before.missionTagged, week: old?.week ?? null, points: old?.points ?? null },
      model,
      mission,
    );
    for (const c of found) changes.push({ missionId: mission.id, modelId: model.id, field: c.field, change: { from: c.from, to: c.to } });
  }
  if (changes.length) await recordMissionChanges(conn, changes, now);
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
        known[i] = { kind: "unchanged", at: itemPosition(item), id, rehash: null, warnings: 0 };
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

  let skippedHere = 0;
  for (const outcome of outcomes) {
    counted.processed++;
    if (outcome.kind === "skipped") {
      skippedHere++;
      counted.skip(outcome.reason, describeRecord(outcome.at));
      if (outcome.unreadable) unreadable.add("chats");
      if (outcome.stop) {
        readable = false;
        break;
      }
      continue;
    }
    if (seen.has(outcome.id)) {
      skippedHere++;
      counted.skip("duplicate id", describeRecord(outcome.at, outcome.id));
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
    const { processed, inserted, updated, unchanged, skipped, skippedReasons, skippedRecords } = c.plus(counted).snapshot();
    await updateReloadRun(conn, ctx.runId, { processed, inserted, updated, unchanged, skipped, skippedReasons, skippedRecords });
    await ctx.job.progress({ processed, total: ctx.total, phase: "chats" }, conn);
  });
  c.add(counted);
  ctx.tallies.chats.read += counted.processed;
  ctx.tallies.chats.skipped += skippedHere;
  ctx.reportProgress();
  return readable;
}

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

export { failureMessage } from "../jobs/runner";
export { redetect } from "./redetect";
