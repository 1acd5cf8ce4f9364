// The ingest engine: OpenWebUI users, models and chats from any IngestSource (export files, the
// HTTP client) into the database, with mission detection, in batches, under the reload lease.
// Policies (upsert vs truncate, atomicity, missions, unchanged chats): docs/decisions/008-ingest.md.
import { createHash } from "node:crypto";
import {
  activeBranch,
  type ChatMessage,
  DETECTOR_VERSION,
  type MissionProblem,
  missionFromModel,
  type NormalisedChat,
  type NormalisedModel,
  type NormalisedUser,
  normaliseChatRecord,
  normaliseModelRecord,
  normaliseUserRecord,
  type OwuiUserSource,
} from "@missionboard/core";
import {
  type AttemptInput,
  type ChatFingerprint,
  type ChatInput,
  type ChatMessageRow,
  type CompletionSnapshot,
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
import { attemptRowsFor, indexSnapshots, type LoadedRegistry, loadRegistry, MODEL_REF_SEPARATOR } from "./detection";
import { parseRawElement, type RawElement, rawElementsOf, rawTopLevelString } from "./files";
import { DEFAULT_LEASE_TTL_MS, type HeldLease, takeReloadLease } from "./lease";
import { redetectStored } from "./redetect";
import type { IngestOptions, IngestSource, IngestSummary, MissionSummary, RawRecord } from "./types";

export const DEFAULT_BATCH_SIZE = 500;

/** Extra knobs on top of the contract's IngestOptions (all optional; tests and benchmarks). */
export interface IngestRunOptions extends IngestOptions {
  /** How long the reload lease lasts without renewal (default 5 minutes). */
  leaseTtlMs?: number;
}

type Dict = Record<string, unknown>;
const isDict = (v: unknown): v is Dict => typeof v === "object" && v !== null && !Array.isArray(v);

/** The skip reason of an unreadable record (readJsonArray / readUsersCsv errors start with it). */
const unreadableReason = (error: string) =>
  /^malformed JSON/i.test(error) ? "malformed JSON" : /^malformed CSV/i.test(error) ? "malformed CSV" : "unreadable record";

/** The reason a normaliser gave for dropping a record, as a short counted key. */
const droppedReason = (problems: readonly MissionProblem[]) => {
  const message = problems.find((p) => p.severity === "error")?.message ?? "";
  if (/missing id/.test(message)) return "missing id";
  return "malformed record";
};

// ---------------------------------------------------------------------------------------------
// Pure helpers: hashing and rows

/** Hash of everything stored from a chat: with updated_at, decides whether a reload re-parses it. */
export function chatContentHash(chat: NormalisedChat): string {
  const msg = (m: ChatMessage) => [m.id, m.parentId, m.childrenIds, m.role, m.content, m.modelRefs, m.timestamp?.getTime() ?? null];
  const canonical = JSON.stringify([
    chat.id,
    chat.userId,
    chat.title,
    chat.createdAt?.getTime() ?? null,
    chat.updatedAt?.getTime() ?? null,
    chat.archived,
    chat.models,
    chat.tree ? [chat.tree.currentId, [...chat.tree.messages.values()].map(msg)] : null,
    chat.flat.map(msg),
  ]);
  return createHash("sha256").update(canonical).digest("hex");
}

/** SHA-256 of a record's raw bytes (export files): equal bytes mean an equal record, no parsing needed. */
export const rawContentHash = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

/**
 * The stored `content_hash`: {@link chatContentHash} of the normalised chat, followed, for records
 * read from an export file, by ":" and the SHA-256 of the record's raw bytes.
 */
const storedHash = (normalised: string, raw: string | null) => (raw ? `${normalised}:${raw}` : normalised);
const splitHash = (stored: string) => {
  const at = stored.indexOf(":");
  return at < 0 ? { normalised: stored, raw: null } : { normalised: stored.slice(0, at), raw: stored.slice(at + 1) };
};

/**
 * The chat_messages rows of a chat: the tree's messages (or, without a tree, the flat list), the
 * active branch first in branch order (`position` 0…), then the messages off the branch in source
 * order. `model` keeps every model reference of the message, newline-separated (first = shown).
 */
export function messageRowsFor(chat: NormalisedChat): { rows: ChatMessageRow[]; branchLength: number; problems: MissionProblem[] } {
  const branch = activeBranch(chat);
  const onBranch = new Set(branch.messages.map((m) => m.id));
  const all = chat.tree ? [...chat.tree.messages.values()] : chat.flat;
  const seen = new Set<string>();
  const ordered: ChatMessage[] = [];
  for (const m of [...branch.messages, ...all]) {
    if (seen.has(m.id)) continue;
    seen.add(m.id);
    ordered.push(m);
  }
  return {
    rows: ordered.map((m, position) => ({
      chatId: chat.id,
      messageId: m.id,
      parentId: m.parentId,
      role: m.role,
      model: m.modelRefs.length ? m.modelRefs.join(MODEL_REF_SEPARATOR) : null,
      content: m.content,
      createdAtRemote: m.timestamp,
      onActiveBranch: onBranch.has(m.id),
      position,
    })),
    branchLength: branch.messages.length,
    problems: branch.problems,
  };
}

const scalarParams = (model: unknown): Record<string, string | number | boolean | null> => {
  const out: Record<string, string | number | boolean | null> = {};
  const from = (v: unknown) => {
    if (!isDict(v)) return;
    for (const [k, x] of Object.entries(v)) {
      if (k in out) continue;
      if (x === null || typeof x === "string" || typeof x === "number" || typeof x === "boolean") out[k] = x;
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
  let error: string | null = null;
  try {
    progress();
    const ctx: RunContext = { store, lease, now, mark, truncate, counters, runId, batchSize, total, progress };
    const userSource: OwuiUserSource = options.source === "api" || options.source === "schedule" ? "api" : "file";
    const unreadable = new Set<SweepResource>();
    if (source.users) await ingestUsers(ctx, source.users, userSource, unreadable);
    let registryChanged = false;
    if (source.models) registryChanged = await ingestModels(ctx, source.models, unreadable);
    const loaded = await store.read(loadRegistry);
    if (source.chats) {
      const seen = new Set<string>();
      // An export file: records arrive as raw bytes, so unchanged ones are skipped before parsing.
      const raw = rawElementsOf(source.chats);
      const items: AsyncIterable<ChatItem> = raw ? rawItems(raw()) : recordItems(source.chats);
      for await (const batch of batches(items, batchSize)) {
        if (!(await ingestChatBatch(ctx, batch, loaded, seen, unreadable))) break;
      }
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
    error = e instanceof Error ? e.message : String(e);
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
    // Extra keys (allowed by the contract): normaliser warnings kept with a fallback, placeholders made.
    ...({ warnings: counters.warnings, placeholderUsers: counters.placeholders } as object),
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

interface PreparedChat {
  chat: NormalisedChat;
  hash: string;
  rawHash: string | null;
}

/** A chat record as the engine receives it: parsed (any source), or still raw bytes (export files). */
type ChatItem = { rec: RawRecord; el?: undefined } | { el: Extract<RawElement, { ok: true }>; rec?: undefined };

async function* recordItems(records: AsyncIterable<RawRecord>): AsyncGenerator<ChatItem> {
  for await (const rec of records) yield { rec };
}

async function* rawItems(elements: AsyncIterable<RawElement>): AsyncGenerator<ChatItem> {
  for await (const el of elements) yield el.ok ? { el } : { rec: el };
}

/** One batch in one transaction; false when the source cannot be read further (malformed JSON). */
async function ingestChatBatch(
  ctx: RunContext,
  batch: ChatItem[],
  loaded: LoadedRegistry,
  seen: Set<string>,
  unreadable: Set<SweepResource>,
): Promise<boolean> {
  const c = ctx.counters;
  // Tentative counters: applied only when the batch's transaction commits.
  const local = new Counters();
  const prepared: PreparedChat[] = [];
  let readable = true;

  // Raw records (export files): the hash of their bytes and their id, to skip unchanged chats unparsed.
  const rawInfo = batch.map((item) => {
    if (!item.el) return null;
    const id = ctx.truncate ? null : rawTopLevelString(item.el.bytes, "id")?.trim() || null;
    return { hash: rawContentHash(item.el.bytes), id };
  });
  const guessed = rawInfo.flatMap((r) => (r?.id ? [r.id] : []));
  const fingerprints = guessed.length
    ? await ctx.store.read((conn) => loadChatFingerprints(conn, guessed))
    : new Map<string, ChatFingerprint>();

  let count = 0;
  for (const [i, item] of batch.entries()) {
    count++;
    let rec: RawRecord;
    const raw = rawInfo[i] ?? null;
    if (item.el) {
      if (raw?.id && !seen.has(raw.id)) {
        const fp = fingerprints.get(raw.id);
        // Same bytes as the record the stored chat was written from: same chat, same updated_at.
        if (fp && splitHash(fp.contentHash).raw === raw.hash) {
          seen.add(raw.id);
          local.unchanged++;
          continue;
        }
      }
      rec = parseRawElement(item.el);
    } else rec = item.rec;
    if (!rec.ok) {
      local.skip(unreadableReason(rec.error));
      unreadable.add("chats");
      if (item.el) {
        // The reader stops at malformed JSON: nothing after it counts.
        readable = false;
        break;
      }
      continue;
    }
    if (!isDict(rec.value)) {
      local.skip("unknown shape");
      continue;
    }
    const res = normaliseChatRecord(rec.value, rec.index);
    if (!res.chat) {
      local.skip(droppedReason(res.problems));
      continue;
    }
    if (seen.has(res.chat.id)) {
      local.skip("duplicate id");
      continue;
    }
    seen.add(res.chat.id);
    local.warnings += res.problems.filter((p) => p.severity === "warning").length;
    prepared.push({ chat: res.chat, hash: chatContentHash(res.chat), rawHash: raw?.hash ?? null });
  }

  const missing = prepared.map((p) => p.chat.id).filter((id) => !fingerprints.has(id));
  if (missing.length) {
    const more = await ctx.store.read((conn) => loadChatFingerprints(conn, missing));
    for (const [id, fp] of more) fingerprints.set(id, fp);
  }
  const changed: PreparedChat[] = [];
  const rehash: { id: string; contentHash: string }[] = [];
  for (const p of prepared) {
    const fp = fingerprints.get(p.chat.id);
    const stored = fp ? splitHash(fp.contentHash) : null;
    const same = fp && stored?.normalised === p.hash && (fp.updatedAtRemote?.getTime() ?? null) === (p.chat.updatedAt?.getTime() ?? null);
    if (same && !ctx.truncate) {
      local.unchanged++;
      // Remember these bytes so the next run skips the record unparsed.
      if (p.rawHash && stored?.raw !== p.rawHash) rehash.push({ id: p.chat.id, contentHash: storedHash(p.hash, p.rawHash) });
    } else {
      if (fp) local.updated++;
      else local.inserted++;
      changed.push(p);
    }
  }

  const changedIds = changed.map((p) => p.chat.id);
  const snapshots = changedIds.length
    ? await ctx.store.read((conn) => loadCompletionSnapshots(conn, changedIds))
    : ([] as CompletionSnapshot[]);
  const index = indexSnapshots(snapshots);
  const chatRows: ChatInput[] = [];
  const messageRows: ChatMessageRow[] = [];
  const attemptRows: AttemptInput[] = [];
  for (const { chat, hash, rawHash } of changed) {
    const messages = messageRowsFor(chat);
    local.warnings += messages.problems.filter((p) => p.severity === "error").length;
    chatRows.push({
      id: chat.id,
      owuiUserId: chat.userId,
      title: chat.title,
      models: chat.models,
      createdAtRemote: chat.createdAt,
      updatedAtRemote: chat.updatedAt,
      messageCount: messages.branchLength,
      contentHash: storedHash(hash, rawHash),
      archived: chat.archived,
      ingestedAt: ctx.mark,
    });
    for (const row of messages.rows) messageRows.push(row);
    for (const row of attemptRowsFor(chat, loaded, index).rows) attemptRows.push(row);
  }
  const owners = changed.map((p) => p.chat.userId).filter((u): u is string => u !== null);
  // Only chats already stored can have messages, attempts or completions to replace (they cascade
  // from chats, and the lease keeps other writers out), so new chats skip the deletes.
  const storedIds = changedIds.filter((id) => fingerprints.has(id));
  local.processed = count;

  await ctx.store.tx(async (conn) => {
    await ctx.lease.renewIn(conn, ctx.now());
    local.placeholders = await ensureOwuiUsers(conn, owners, ctx.mark, ctx.truncate);
    await upsertChats(conn, chatRows);
    await replaceChatMessages(conn, storedIds, messageRows);
    await replaceDetections(conn, storedIds, attemptRows);
    if (rehash.length) await setChatContentHashes(conn, rehash);
    const next = {
      processed: c.processed + local.processed,
      inserted: c.inserted + local.inserted,
      updated: c.updated + local.updated,
      unchanged: c.unchanged + local.unchanged,
      skipped: c.skipped + local.skipped,
      skippedReasons: mergeReasons(c.skippedReasons, local.skippedReasons),
    };
    await updateReloadRun(conn, ctx.runId, next);
  });
  c.processed += local.processed;
  c.inserted += local.inserted;
  c.updated += local.updated;
  c.unchanged += local.unchanged;
  c.warnings += local.warnings;
  c.placeholders += local.placeholders;
  for (const [k, n] of Object.entries(local.skippedReasons)) c.skip(k, n);
  ctx.progress();
  return readable;
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
