// Chat records into rows, without the database: parse, normalise, hash, compare with the stored
// fingerprint, lay out the messages and detect missions. No I/O, so it runs on the main thread or
// in the ingest's worker thread while the previous batch is written (docs/decisions/009-ingest-throughput.md).
import { createHash } from "node:crypto";
import {
  activeBranch,
  type ChatMessage,
  type MissionProblem,
  type NormalisedChat,
  normaliseChatRecord,
  otherKindReason,
  recordKind,
} from "@missionboard/core";
import type { AnalyticsMissionRow, AttemptInput, ChatFingerprint, ChatInput, ChatMessageRow, CompletionSnapshot } from "@missionboard/db";
import { attemptRowsFor, indexSnapshots, type LoadedRegistry, MODEL_REF_SEPARATOR, registryOfRows } from "./detection";
import { type OkElement, parseRawElement, TOO_DEEP } from "./files";
import type { RawRecord } from "./types";

type Dict = Record<string, unknown>;
export const isDict = (v: unknown): v is Dict => typeof v === "object" && v !== null && !Array.isArray(v);

/** The skip reason of an unreadable record (readJsonArray / readUsersCsv errors start with it). */
export const unreadableReason = (error: string) =>
  /^malformed JSON/i.test(error)
    ? "malformed JSON"
    : /^malformed CSV/i.test(error)
      ? "malformed CSV"
      : error === TOO_DEEP
        ? "too deeply nested"
        : "unreadable record";

/** Where a record is in its source: its index (0-based) and, in a file, the line it starts on. */
export interface RecordPosition {
  index: number;
  line: number | null;
}

export const positionOf = (rec: { index: number; line?: number | null }): RecordPosition => ({ index: rec.index, line: rec.line ?? null });

/**
 * A record named for a person: "record 4 (line 12)", "record 4 (id chat-7)". Ids are OpenWebUI
 * ids, never names or emails.
 */
export function describeRecord(pos: RecordPosition, id?: string | null): string {
  const details = [pos.line !== null ? `line ${pos.line}` : null, id ? `id ${id}` : null].filter(Boolean);
  return `record ${pos.index + 1}${details.length ? ` (${details.join(", ")})` : ""}`;
}

/** The reason a normaliser gave for dropping a record, as a short counted key. */
export const droppedReason = (problems: readonly MissionProblem[]) => {
  const message = problems.find((p) => p.severity === "error")?.message ?? "";
  if (/missing id/.test(message)) return "missing id";
  return "malformed record";
};

// ---------------------------------------------------------------------------------------------
// Hashes and rows

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
export const splitHash = (stored: string) => {
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

// ---------------------------------------------------------------------------------------------
// Preparing a batch

/** A chat record to prepare: an export file's raw bytes (with their hash if already taken), or a parsed record. */
export type ChatItem = { el: OkElement; rawHash?: string; rec?: undefined } | { rec: RawRecord; el?: undefined };

/** What stays the same for every batch of a run. */
export interface PrepareContext {
  /** The missions table (loadMissionRows), for detection. */
  missions: AnalyticsMissionRow[];
  truncate: boolean;
  /** The run's stamp, written to every chat it stores. */
  mark: Date;
}

export interface PrepareJob {
  items: ChatItem[];
  /** Ids whose stored fingerprint was looked up: one of them without a fingerprint is not stored. */
  lookedUp: ReadonlySet<string>;
  fingerprints: ReadonlyMap<string, ChatFingerprint>;
  /** Stored completions of the stored chats among the items (their points snapshots are kept). */
  snapshots: readonly CompletionSnapshot[];
}

/** A chat normalised and hashed, not yet compared with what is stored. */
export interface PreparedChat {
  at: RecordPosition;
  chat: NormalisedChat;
  hash: string;
  rawHash: string | null;
  warnings: number;
}

/** Everything a changed chat writes. */
export interface ChatWrite {
  chat: ChatInput;
  messages: ChatMessageRow[];
  attempts: AttemptInput[];
}

/**
 * What became of one item. Duplicates are not decided here (the caller sees the whole run in
 * order); `unresolved` is a chat whose id was not among the looked-up ones, for the caller to
 * look up and {@link ChatPreparer.resolve}.
 */
export type ItemOutcome = { at: RecordPosition } & (
  | { kind: "skipped"; reason: string; unreadable: boolean; stop: boolean }
  | { kind: "unchanged"; id: string; rehash: string | null; warnings: number }
  | { kind: "changed"; id: string; stored: boolean; owner: string | null; write: ChatWrite; warnings: number }
  | { kind: "unresolved"; id: string; prepared: PreparedChat }
);

const skipped = (at: RecordPosition, reason: string, unreadable = false, stop = false): ItemOutcome => ({
  kind: "skipped",
  at,
  reason,
  unreadable,
  stop,
});

/** Where a chat item is in its source. */
export const itemPosition = (item: ChatItem): RecordPosition => positionOf(item.el ?? item.rec);

/** Prepares batches of chat records against one run's missions (see {@link ItemOutcome}). */
export class ChatPreparer {
  readonly #loaded: Pick<LoadedRegistry, "registry" | "idByKey">;
  constructor(readonly context: PrepareContext) {
    this.#loaded = registryOfRows(context.missions);
  }

  /** One outcome per item, in order. */
  prepare(job: PrepareJob): ItemOutcome[] {
    const snapshots = indexSnapshots(job.snapshots);
    return job.items.map((item): ItemOutcome => {
      const at = itemPosition(item);
      const rec = item.el ? parseRawElement(item.el) : item.rec;
      // A raw element that does not parse is malformed JSON mid-file: reading stops there. A
      // record skipped whole (nested too deeply) does not stop it.
      if (!rec.ok) return skipped(at, unreadableReason(rec.error), rec.stops !== false, item.el !== undefined);
      if (!isDict(rec.value)) return skipped(at, "unknown shape");
      const kind = recordKind(rec.value);
      if (kind !== null && kind !== "chats") return skipped(at, otherKindReason(kind, "chats"));
      const res = normaliseChatRecord(rec.value, rec.index);
      if (!res.chat) return skipped(at, droppedReason(res.problems));
      const prepared: PreparedChat = {
        at,
        chat: res.chat,
        hash: chatContentHash(res.chat),
        rawHash: item.el ? (item.rawHash ?? rawContentHash(item.el.bytes)) : null,
        warnings: res.problems.filter((p) => p.severity === "warning").length,
      };
      if (!job.lookedUp.has(res.chat.id)) return { kind: "unresolved", at, id: res.chat.id, prepared };
      return this.resolve(prepared, job.fingerprints.get(res.chat.id), snapshots);
    });
  }

  /** The outcome of a prepared chat given its stored fingerprint (`undefined`: not stored). */
  resolve(p: PreparedChat, fp: ChatFingerprint | undefined, snapshots: ReturnType<typeof indexSnapshots>): ItemOutcome {
    const { chat, hash, rawHash } = p;
    const stored = fp ? splitHash(fp.contentHash) : null;
    const same = fp && stored?.normalised === hash && (fp.updatedAtRemote?.getTime() ?? null) === (chat.updatedAt?.getTime() ?? null);
    if (same && !this.context.truncate) {
      // Remember these bytes so the next run skips the record unparsed.
      const rehash = rawHash && stored?.raw !== rawHash ? storedHash(hash, rawHash) : null;
      return { kind: "unchanged", at: p.at, id: chat.id, rehash, warnings: p.warnings };
    }
    const messages = messageRowsFor(chat);
    return {
      kind: "changed",
      at: p.at,
      id: chat.id,
      stored: fp !== undefined,
      owner: chat.userId,
      warnings: p.warnings + messages.problems.filter((x) => x.severity === "error").length,
      write: {
        chat: {
          id: chat.id,
          owuiUserId: chat.userId,
          title: chat.title,
          models: chat.models,
          createdAtRemote: chat.createdAt,
          updatedAtRemote: chat.updatedAt,
          messageCount: messages.branchLength,
          contentHash: storedHash(hash, rawHash),
          archived: chat.archived,
          ingestedAt: this.context.mark,
        },
        messages: messages.rows,
        attempts: attemptRowsFor(chat, this.#loaded, snapshots).rows,
      },
    };
  }
}
