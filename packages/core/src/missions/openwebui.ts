import { z } from "zod";
import { storableText } from "../storable-text";

/**
 * OpenWebUI input shapes (docs/product/missions.md §M-2, §M-3) and their normalisers.
 *
 * Normalisers never throw on bad data: each returns the normalised record (or `null` when the
 * record cannot be used at all) plus a list of {@link MissionProblem}s, so an ingest can skip and
 * count bad records with a reason.
 */

// ---------------------------------------------------------------------------------------------
// Problems
// ---------------------------------------------------------------------------------------------

export const PROBLEM_SUBJECTS = ["chat", "message", "model", "user", "manifest", "mission", "marker"] as const;
export type ProblemSubject = (typeof PROBLEM_SUBJECTS)[number];

/**
 * One thing wrong with one input record. `error` means the record (or the part named) was
 * skipped; `warning` means it was kept with a fallback. `message` is the full human sentence,
 * e.g. `chat chat-A01: message A-009: parent A-404 not found`.
 */
export interface MissionProblem {
  subject: ProblemSubject;
  /** The record's id when known, else `#<index>` in its input list. */
  recordId: string;
  severity: "error" | "warning";
  message: string;
}

export const missionProblem = (
  subject: ProblemSubject,
  recordId: string,
  detail: string,
  severity: MissionProblem["severity"] = "error",
): MissionProblem => ({ subject, recordId, severity, message: `${subject} ${recordId}: ${detail}` });

// ---------------------------------------------------------------------------------------------
// Small value helpers
// ---------------------------------------------------------------------------------------------

type Dict = Record<string, unknown>;
const isDict = (v: unknown): v is Dict => typeof v === "object" && v !== null && !Array.isArray(v);

/** Follows `a.b.c` through plain objects; anything else gives `undefined`. */
const at = (value: unknown, path: string): unknown => {
  let cur: unknown = value;
  for (const key of path.split(".")) {
    if (!isDict(cur)) return undefined;
    cur = cur[key];
  }
  return cur;
};

/** A trimmed non-empty {@link storableText} (numbers are accepted and stringified), else `null`. */
export const cleanString = (value: unknown): string | null => {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value !== "string") return null;
  const t = storableText(value).trim();
  return t === "" ? null : t;
};

// ---------------------------------------------------------------------------------------------
// Timestamps
// ---------------------------------------------------------------------------------------------

/** Below this, an epoch number is seconds (1e11 s is the year 5138; 1e11 ms is March 1973). */
export const EPOCH_SECONDS_BELOW = 1e11;
/** Below this (and at or above {@link EPOCH_SECONDS_BELOW}) it is milliseconds. */
export const EPOCH_MILLIS_BELOW = 1e14;
/** Below this it is microseconds; at or above, nanoseconds (newer OpenWebUI tables use ns). */
export const EPOCH_MICROS_BELOW = 1e17;

/**
 * Normalises an OpenWebUI timestamp to a `Date`, or `null` when there is none.
 *
 * OpenWebUI writes epoch **seconds** on chats, messages and models, but exports and newer tables
 * also carry milliseconds (and a few nanoseconds). The unit is guessed from the magnitude, which is
 * unambiguous for any date between 1973 and 5138:
 * - `< 1e11` → seconds, `< 1e14` → milliseconds, `< 1e17` → microseconds, else nanoseconds;
 * - numeric strings are read the same way; other strings must be ISO-8601 (`Z` or offset allowed);
 * - `0`, negatives, `NaN`, booleans, unparseable strings and other types give `null`
 *   (OpenWebUI uses `0`/`null` for "unknown").
 *
 * @example
 * normaliseTimestamp(1760017691)       // 2025-10-09T13:48:11.000Z (seconds)
 * normaliseTimestamp(1760017691000)    // same instant (milliseconds)
 * normaliseTimestamp("1760017691")     // same instant (numeric string)
 * normaliseTimestamp("2025-10-09T13:48:11Z") // same instant (ISO)
 * normaliseTimestamp(0)                // null
 */
export function normaliseTimestamp(value: unknown): Date | null {
  let n: number | null = null;
  if (typeof value === "number") n = value;
  else if (typeof value === "string") {
    const t = value.trim();
    if (/^-?\d+(\.\d+)?$/.test(t)) n = Number(t);
    else if (/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/i.test(t)) {
      const ms = Date.parse(t.replace(" ", "T"));
      return Number.isNaN(ms) ? null : new Date(ms);
    } else return null;
  } else if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : new Date(value.getTime());
  if (n === null || !Number.isFinite(n) || n <= 0) return null;
  const abs = Math.abs(n);
  const ms = abs < EPOCH_SECONDS_BELOW ? n * 1000 : abs < EPOCH_MILLIS_BELOW ? n : abs < EPOCH_MICROS_BELOW ? n / 1000 : n / 1e6;
  return new Date(Math.round(ms));
}

// ---------------------------------------------------------------------------------------------
// Model references (strings or objects, single or lists)
// ---------------------------------------------------------------------------------------------

const REF_OBJECT_KEYS = ["id", "model", "slug", "model_id", "modelId", "model_slug", "modelSlug", "name", "preset"] as const;

/**
 * Every model identifier found in a value: a string (trimmed), an object's id-like keys (`id`,
 * `model`, `slug`, `model_id`, `modelId`, `model_slug`, `modelSlug`, `name`, `preset`, then the same
 * under `info`), or a list of those. Deduplicated ignoring case, first spelling kept.
 *
 * @example
 * modelRefsOf(["gpt-4", { id: "week-2-seeds-of-bias" }, "GPT-4"]) // ["gpt-4", "week-2-seeds-of-bias"]
 */
export function modelRefsOf(value: unknown): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (s: string | null) => {
    if (s && !seen.has(s.toLowerCase())) {
      seen.add(s.toLowerCase());
      out.push(s);
    }
  };
  const visit = (v: unknown, depth: number) => {
    if (depth > 3) return;
    if (Array.isArray(v)) for (const x of v) visit(x, depth + 1);
    else if (isDict(v)) {
      for (const key of REF_OBJECT_KEYS) add(cleanString(v[key]));
      if (isDict(v.info)) for (const key of REF_OBJECT_KEYS) add(cleanString(v.info[key]));
    } else add(cleanString(v));
  };
  visit(value, 0);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Chats
// ---------------------------------------------------------------------------------------------

const IdSchema = z.union([z.string(), z.number()]);
const TimestampSchema = z.union([z.number(), z.string(), z.null()]).optional();

/** One message, in the history map or in the legacy flat list. Unknown keys are kept. */
export const OpenWebUiMessageSchema = z.looseObject({
  id: IdSchema.nullish(),
  parentId: IdSchema.nullish(),
  childrenIds: z.array(IdSchema).nullish(),
  role: z.string().nullish(),
  content: z.unknown().optional(),
  timestamp: TimestampSchema,
  model: z.unknown().optional(),
  models: z.unknown().optional(),
});

/** The `chat` JSON blob: `history.messages` map + `currentId` (newer) and/or flat `messages` (legacy). */
export const OpenWebUiChatBlobSchema = z.looseObject({
  id: IdSchema.nullish(),
  title: z.string().nullish(),
  models: z.unknown().optional(),
  history: z
    .looseObject({
      messages: z.record(z.string(), z.unknown()).nullish(),
      currentId: IdSchema.nullish(),
    })
    .nullish(),
  messages: z.array(z.unknown()).nullish(),
});

/** A chat row from `GET /api/v1/chats/all/db` or the admin export file (docs/product/missions.md §M-3). */
export const OpenWebUiChatRecordSchema = z.looseObject({
  id: IdSchema.nullish(),
  chat_id: IdSchema.nullish(),
  user_id: IdSchema.nullish(),
  title: z.string().nullish(),
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
  archived: z.boolean().nullish(),
  chat: OpenWebUiChatBlobSchema.nullish(),
});
export type OpenWebUiChatRecord = z.input<typeof OpenWebUiChatRecordSchema>;

export interface ChatMessage {
  id: string;
  parentId: string | null;
  childrenIds: string[];
  role: string;
  /** Text; a list of `{type:"text", text}` blocks is joined with newlines. */
  content: string;
  /** Model references on the message (`model`, `model_id`, `modelId`, `modelSlug`, `model_slug`, then `models`). */
  modelRefs: string[];
  timestamp: Date | null;
}

export interface ChatTree {
  messages: ReadonlyMap<string, ChatMessage>;
  currentId: string | null;
}

export interface NormalisedChat {
  id: string;
  /** `null` when the record has none; such chats are never counted as a user's (docs/product/missions.md §M-3). */
  userId: string | null;
  title: string;
  createdAt: Date | null;
  updatedAt: Date | null;
  archived: boolean;
  /** `chat.models`: the models selected for the chat. */
  models: string[];
  /** The message tree (`chat.history`), or `null` when the record has none (older exports). */
  tree: ChatTree | null;
  /** The legacy flat `chat.messages` list, in order (may contain abandoned regenerations). */
  flat: ChatMessage[];
}

/** Text of a message `content`: a string, or `{type:"text", text}` blocks joined by newlines ({@link storableText}). */
export function contentText(content: unknown): string {
  return storableText(rawContentText(content));
}

function rawContentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content))
    return content
      .map((block) => (typeof block === "string" ? block : isDict(block) && typeof block.text === "string" ? block.text : ""))
      .filter((t) => t !== "")
      .join("\n");
  if (isDict(content) && typeof content.text === "string") return content.text;
  return "";
}

function normaliseMessage(raw: unknown, fallbackId: string, chatId: string, problems: MissionProblem[]): ChatMessage | null {
  const parsed = OpenWebUiMessageSchema.safeParse(raw);
  if (!parsed.success) {
    problems.push(missionProblem("chat", chatId, `message ${fallbackId}: ${summariseIssues(parsed.error)}`));
    return null;
  }
  const m = parsed.data;
  const ownId = cleanString(m.id);
  const refs = modelRefsOf([m.model, m.model_id, m.modelId, m.modelSlug, m.model_slug, m.models]);
  return {
    id: ownId ?? fallbackId,
    parentId: cleanString(m.parentId),
    childrenIds: (m.childrenIds ?? []).map(String),
    role:
      storableText(m.role ?? "")
        .trim()
        .toLowerCase() || "unknown",
    content: contentText(m.content),
    modelRefs: refs,
    timestamp: normaliseTimestamp(m.timestamp),
  };
}

const summariseIssues = (error: z.ZodError): string =>
  error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? `${i.path.join(".")}: ` : ""}${i.message}`)
    .join("; ");

/**
 * Normalises one chat record (either the row shape with a `chat` blob, or a bare blob).
 *
 * - id: `id`, else `chat.id`, else `chat_id`; without one the chat is skipped (`chat #3: missing id`)
 *   because attempt ids must be stable (no positional `chat-{n}` fallback).
 * - `user_id` missing → kept with `userId: null` and a warning.
 * - `chat.history.messages` (map keyed by message id) + `currentId` become `tree`; a message whose
 *   own `id` differs from its key keeps the key (warning). Bad messages are skipped with an error.
 * - `chat.messages` becomes `flat`; flat messages without an id get `#<index>`.
 *
 * @example
 * normaliseChatRecord({ id: "c1", user_id: "u1", created_at: 1760017800,
 *   chat: { models: ["m"], messages: [{ role: "user", content: "hi" }] } }, 0)
 * // → { chat: { id: "c1", userId: "u1", tree: null, flat: [{ id: "#0", role: "user", … }], … }, problems: [] }
 */
export function normaliseChatRecord(raw: unknown, index = 0): { chat: NormalisedChat | null; problems: MissionProblem[] } {
  const problems: MissionProblem[] = [];
  const parsed = OpenWebUiChatRecordSchema.safeParse(raw);
  if (!parsed.success) {
    const id = isDict(raw) ? (cleanString(raw.id) ?? `#${index}`) : `#${index}`;
    return { chat: null, problems: [missionProblem("chat", id, `not a chat record (${summariseIssues(parsed.error)})`)] };
  }
  const r = parsed.data;
  // A bare blob (no `chat` key but messages/history at the top) is accepted too.
  const blob = r.chat ?? (isDict(raw) && ("history" in raw || "messages" in raw) ? OpenWebUiChatBlobSchema.safeParse(raw).data : undefined);
  const id = cleanString(r.id) ?? cleanString(blob?.id) ?? cleanString(r.chat_id);
  if (!id) return { chat: null, problems: [missionProblem("chat", `#${index}`, "missing id")] };
  const userId = cleanString(r.user_id);
  if (!userId) problems.push(missionProblem("chat", id, "missing user_id; the chat is kept but counts for no user", "warning"));

  let tree: ChatTree | null = null;
  const historyMessages = blob?.history?.messages;
  if (historyMessages && Object.keys(historyMessages).length > 0) {
    const map = new Map<string, ChatMessage>();
    for (const [rawKey, value] of Object.entries(historyMessages)) {
      const key = storableText(rawKey);
      const msg = normaliseMessage(value, key, id, problems);
      if (!msg) continue;
      if (msg.id !== key) {
        problems.push(missionProblem("chat", id, `message ${key}: its id "${msg.id}" differs from its key; the key is used`, "warning"));
        msg.id = key;
      }
      map.set(key, msg);
    }
    tree = { messages: map, currentId: cleanString(blob?.history?.currentId) };
  }

  const flat: ChatMessage[] = [];
  for (const [i, value] of (blob?.messages ?? []).entries()) {
    const msg = normaliseMessage(value, `#${i}`, id, problems);
    if (msg) flat.push(msg);
  }
  if (!tree && flat.length === 0) problems.push(missionProblem("chat", id, "no messages", "warning"));

  return {
    chat: {
      id,
      userId,
      title: cleanString(r.title) ?? cleanString(blob?.title) ?? "Untitled",
      createdAt: normaliseTimestamp(r.created_at),
      updatedAt: normaliseTimestamp(r.updated_at),
      archived: r.archived === true,
      models: modelRefsOf(blob?.models),
      tree,
      flat,
    },
    problems,
  };
}

/**
 * Normalises a chat export: a JSON array of chat records (or `{data|items|chats: [...]}`).
 * Unusable records are left out and explained in `problems`.
 */
export function normaliseChatList(raw: unknown): { chats: NormalisedChat[]; problems: MissionProblem[] } {
  const list = listOf(raw, ["chats", "data", "items"]);
  if (!list) return { chats: [], problems: [missionProblem("chat", "#list", "the chat export is not a list of chat records")] };
  const chats: NormalisedChat[] = [];
  const problems: MissionProblem[] = [];
  const seen = new Set<string>();
  list.forEach((item, i) => {
    const res = normaliseChatRecord(item, i);
    problems.push(...res.problems);
    if (!res.chat) return;
    if (seen.has(res.chat.id)) {
      problems.push(missionProblem("chat", res.chat.id, "duplicate id; the first record is kept"));
      return;
    }
    seen.add(res.chat.id);
    chats.push(res.chat);
  });
  return { chats, problems };
}

const listOf = (raw: unknown, keys: readonly string[]): unknown[] | null => {
  if (Array.isArray(raw)) return raw;
  if (isDict(raw)) {
    for (const key of keys) if (Array.isArray(raw[key])) return raw[key] as unknown[];
  }
  return null;
};

// ---------------------------------------------------------------------------------------------
// Models
// ---------------------------------------------------------------------------------------------

export const DIFFICULTIES = ["Very Easy", "Easy", "Medium", "Hard", "Impossible"] as const;
export type Difficulty = (typeof DIFFICULTIES)[number];

/** Campaign scoring (docs/product/missions.md §M-9). */
export const DIFFICULTY_POINTS: Readonly<Record<Difficulty, number>> = {
  "Very Easy": 10,
  Easy: 15,
  Medium: 20,
  Hard: 25,
  Impossible: 30,
};

/** The tag that makes a model a mission (docs/product/missions.md §M-1), compared trimmed and ignoring case. */
export const MISSIONS_TAG = "missions";

/** A model from `/api/models`, `/api/v1/models(/export)`, a workspace export, or `{model_id, raw}`. */
export const OpenWebUiModelSchema = z.looseObject({
  id: IdSchema.nullish(),
  name: z.string().nullish(),
  tags: z.unknown().optional(),
  meta: z.unknown().optional(),
  info: z.unknown().optional(),
  params: z.unknown().optional(),
  is_active: z.boolean().nullish(),
});

/** Where a week/points/difficulty value came from, strongest first. */
export type ValueSource = "params" | "manifest" | "difficulty" | "name";

export interface NormalisedModel {
  /** Primary id (docs/product/missions.md §M-2): first of slug, model, preset, info.slug/model/preset, id, info.id. */
  id: string;
  /** Display name: name, info.name, meta.name, else the id. */
  name: string;
  /** Every identifier that refers to this model (ids, slugs, names), first spelling kept. */
  aliases: string[];
  /** Trimmed tag names from `tags`, `meta.tags`, `info.meta.tags` (strings or `{name}`). */
  tags: string[];
  /** Carries the "Missions" tag in any case and any tag shape. */
  isMission: boolean;
  isActive: boolean;
  week: number | null;
  weekSource: ValueSource | null;
  points: number | null;
  pointsSource: ValueSource | null;
  difficulty: Difficulty | null;
  difficultySource: ValueSource | null;
  /** `maip_completion_markers` custom param (newline-separated or a JSON array), if any. */
  completionMarkers: string[];
  /** `maip_first_reply_counts` custom param ("true"/"1"/"yes"): the briefing reply may complete. */
  briefingReplyCounts: boolean;
}

/** Tag names from any tag value: a string, `{name}`/`{tag}`/`{label}`/`{id}`, or a list of those. */
export function tagNamesOf(value: unknown): string[] {
  const items = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  const out: string[] = [];
  for (const item of items) {
    const name = isDict(item)
      ? (cleanString(item.name) ?? cleanString(item.tag) ?? cleanString(item.label) ?? cleanString(item.id))
      : cleanString(item);
    if (name) out.push(name);
  }
  return out;
}

/** First value of `key` in the places OpenWebUI keeps model params, then at the top level. */
function paramOf(model: Dict, key: string): unknown {
  for (const path of [`params.custom_params.${key}`, `info.params.custom_params.${key}`, `params.${key}`, `info.params.${key}`, key]) {
    const v = at(model, path);
    if (v !== undefined && v !== null && !(typeof v === "string" && v.trim() === "")) return v;
  }
  return undefined;
}

/**
 * Week number from a value: an integer, or the first digit run of a string ("Week 3" → 3).
 *
 * @example
 * parseWeek("Week 2") // 2
 * parseWeek(4)        // 4
 * parseWeek("soon")   // null
 */
export function parseWeek(value: unknown): number | null {
  if (typeof value === "number") return Number.isInteger(value) && value > 0 ? value : null;
  const m = typeof value === "string" ? /\d+/.exec(value) : null;
  const n = m ? Number(m[0]) : Number.NaN;
  return Number.isInteger(n) && n > 0 ? n : null;
}

/**
 * Points from a value: a non-negative integer, or a string holding one ("20", " 20 ", "20.0").
 * Unlike the seed, an explicit 0 is kept (a 0-point mission is legitimate).
 *
 * @example
 * parsePoints("20") // 20
 * parsePoints("abc") // null
 */
export function parsePoints(value: unknown): number | null {
  const n = typeof value === "number" ? value : typeof value === "string" && /^\s*\d+(\.0+)?\s*$/.test(value) ? Number(value) : Number.NaN;
  return Number.isInteger(n) && n >= 0 ? n : null;
}

/**
 * Difficulty enum from free text, case-insensitive, whole words ("very easy" before "easy").
 *
 * @example
 * parseDifficulty("medium")                        // "Medium"
 * parseDifficulty("Mission: X (Very Easy Difficulty)") // "Very Easy"
 * parseDifficulty("Hardware lab")                 // null (whole words only)
 */
export function parseDifficulty(value: unknown): Difficulty | null {
  if (typeof value !== "string") return null;
  const t = value.toLowerCase();
  for (const d of ["Very Easy", "Easy", "Medium", "Hard", "Impossible"] as const) {
    if (new RegExp(`(^|[^a-z])${d.toLowerCase().replace(" ", "\\s+")}($|[^a-z])`).test(t)) return d;
  }
  return null;
}

/** "Week N" in a display name (docs/product/missions.md §M-2). */
export const weekFromName = (name: string): number | null => {
  const m = /\bweek[\s_-]*(\d+)/i.exec(name);
  return m ? parseWeek(m[1]) : null;
};

const truthy = (v: unknown): boolean => v === true || (typeof v === "string" && /^(true|1|yes|on)$/i.test(v.trim())) || v === 1;

const markerList = (v: unknown): string[] => {
  if (Array.isArray(v)) return v.map(cleanString).filter((s): s is string => s !== null);
  const s = cleanString(v);
  if (!s) return [];
  if (s.startsWith("[")) {
    try {
      return markerList(JSON.parse(s));
    } catch {
      // fall through: treat as one marker per line
    }
  }
  return s
    .split(/\r?\n/)
    .map((x) => x.trim())
    .filter((x) => x !== "");
};

/**
 * Normalises one model in any of the accepted shapes (docs/product/missions.md §M-2).
 *
 * Metadata, each with its source:
 * - week: `maip_week` (custom params, params, top level) else "Week N" in the display name;
 * - difficulty: `maip_difficulty_level` / `maip_difficulty`, else a difficulty word in the name;
 *   title-cased to the {@link Difficulty} enum ("medium" → "Medium");
 * - points: `maip_points_value` / `maip_points` (integer strings), else from the difficulty
 *   (Very Easy 10, Easy 15, Medium 20, Hard 25, Impossible 30).
 * Unparseable explicit values give a warning and fall back.
 *
 * @example
 * normaliseModelRecord({ id: "week-2-seeds-of-bias", name: "Week 2 - Seeds of Bias (Hard)",
 *   meta: { tags: [{ name: "Missions" }] }, params: { custom_params: { maip_week: "2" } } })
 * // → model: { id: "week-2-seeds-of-bias", isMission: true, week: 2, weekSource: "params",
 * //            difficulty: "Hard", difficultySource: "name", points: 25, pointsSource: "difficulty", … }
 */
export function normaliseModelRecord(raw: unknown, index = 0): { model: NormalisedModel | null; problems: MissionProblem[] } {
  const problems: MissionProblem[] = [];
  let wrapperId: string | null = null;
  let source = raw;
  if (isDict(raw) && isDict(raw.raw) && "model_id" in raw) {
    wrapperId = cleanString(raw.model_id);
    source = raw.raw;
  }
  const parsed = OpenWebUiModelSchema.safeParse(source);
  if (!parsed.success)
    return { model: null, problems: [missionProblem("model", `#${index}`, `not a model record (${summariseIssues(parsed.error)})`)] };
  const m = parsed.data as Dict;
  const str = (path: string) => cleanString(at(m, path));

  const primary =
    ["slug", "model", "preset", "info.slug", "info.model", "info.preset", "id", "info.id"].map(str).find((s) => s !== null) ?? wrapperId;
  if (!primary) return { model: null, problems: [missionProblem("model", `#${index}`, "missing id")] };
  const name = str("name") ?? str("info.name") ?? str("meta.name") ?? primary;

  const aliasPaths = [
    "id",
    "slug",
    "model",
    "preset",
    "name",
    "display_name",
    "displayName",
    "model_id",
    ...["meta", "info", "info.meta"].flatMap((p) => ["id", "slug", "model", "preset", "name"].map((k) => `${p}.${k}`)),
  ];
  const aliases: string[] = [];
  for (const s of [wrapperId, primary, ...aliasPaths.map(str)]) {
    if (s && !aliases.some((a) => a.toLowerCase() === s.toLowerCase())) aliases.push(s);
  }

  const tags = [...tagNamesOf(m.tags), ...tagNamesOf(at(m, "meta.tags")), ...tagNamesOf(at(m, "info.meta.tags"))];
  const isMission = tags.some((t) => t.toLowerCase() === MISSIONS_TAG);

  let week: number | null = null;
  let weekSource: ValueSource | null = null;
  const rawWeek = paramOf(m, "maip_week");
  if (rawWeek !== undefined) {
    week = parseWeek(rawWeek);
    if (week !== null) weekSource = "params";
    else problems.push(missionProblem("model", primary, `maip_week "${String(rawWeek)}" is not a week number`, "warning"));
  }
  if (week === null) {
    week = weekFromName(name);
    if (week !== null) weekSource = "name";
  }

  let difficulty: Difficulty | null = null;
  let difficultySource: ValueSource | null = null;
  const rawDifficulty = paramOf(m, "maip_difficulty_level") ?? paramOf(m, "maip_difficulty");
  if (rawDifficulty !== undefined) {
    difficulty = parseDifficulty(rawDifficulty);
    if (difficulty) difficultySource = "params";
    else
      problems.push(
        missionProblem("model", primary, `maip_difficulty_level "${String(rawDifficulty)}" is not a known difficulty`, "warning"),
      );
  }
  if (!difficulty) {
    difficulty = parseDifficulty(name);
    if (difficulty) difficultySource = "name";
  }

  let points: number | null = null;
  let pointsSource: ValueSource | null = null;
  const rawPoints = paramOf(m, "maip_points_value") ?? paramOf(m, "maip_points");
  if (rawPoints !== undefined) {
    points = parsePoints(rawPoints);
    if (points !== null) pointsSource = "params";
    else
      problems.push(
        missionProblem("model", primary, `maip_points_value "${String(rawPoints)}" is not a whole number of points`, "warning"),
      );
  }
  if (points === null && difficulty) {
    points = DIFFICULTY_POINTS[difficulty];
    pointsSource = "difficulty";
  }

  const isActive = m.is_active !== false && at(m, "info.is_active") !== false;
  return {
    model: {
      id: primary,
      name,
      aliases,
      tags,
      isMission,
      isActive,
      week,
      weekSource,
      points,
      pointsSource,
      difficulty,
      difficultySource,
      completionMarkers: markerList(paramOf(m, "maip_completion_markers")),
      briefingReplyCounts: truthy(paramOf(m, "maip_first_reply_counts")),
    },
    problems,
  };
}

/**
 * Normalises a model list: `{data:[…]}`, `{models:[…]}`, `{items:[…]}`, a bare list, or a dict of
 * model dicts keyed by id.
 */
export function normaliseModelList(raw: unknown): { models: NormalisedModel[]; problems: MissionProblem[] } {
  let list = listOf(raw, ["data", "models", "items"]);
  if (!list && isDict(raw) && Object.values(raw).every(isDict)) list = Object.entries(raw).map(([k, v]) => ({ id: k, ...(v as Dict) }));
  if (!list) return { models: [], problems: [missionProblem("model", "#list", "the model list is not a list of models")] };
  const models: NormalisedModel[] = [];
  const problems: MissionProblem[] = [];
  list.forEach((item, i) => {
    const res = normaliseModelRecord(item, i);
    problems.push(...res.problems);
    if (res.model) models.push(res.model);
  });
  return { models, problems };
}

// ---------------------------------------------------------------------------------------------
// Users
// ---------------------------------------------------------------------------------------------

/** A user from `/api/v1/users/all` or a users CSV row (`id,name,email,role`). */
export const OpenWebUiUserSchema = z.looseObject({
  id: IdSchema,
  name: z.string().nullish(),
  email: z.string().nullish(),
  role: z.string().nullish(),
});

export interface NormalisedUser {
  id: string;
  name: string | null;
  email: string | null;
  role: string | null;
  /** Trimmed name, else the email's local part, else the first 8 characters of the id (docs/product/missions.md §M-3). */
  displayName: string;
}

/**
 * Normalises one user; a record without an id is skipped.
 *
 * @example
 * normaliseUserRecord({ id: "a2206ff3-7db0", name: " ", email: "arnold@x.com" }).user?.displayName // "arnold"
 */
export function normaliseUserRecord(raw: unknown, index = 0): { user: NormalisedUser | null; problems: MissionProblem[] } {
  const parsed = OpenWebUiUserSchema.safeParse(raw);
  const id = parsed.success ? cleanString(parsed.data.id) : null;
  if (!parsed.success || !id) return { user: null, problems: [missionProblem("user", `#${index}`, "missing id")] };
  const name = cleanString(parsed.data.name);
  const email = cleanString(parsed.data.email);
  return {
    user: {
      id,
      name,
      email,
      role: cleanString(parsed.data.role)?.toLowerCase() ?? null,
      displayName: name ?? email?.split("@")[0] ?? id.slice(0, 8),
    },
    problems: [],
  };
}

/** Normalises a user list: a bare list, `{users:[…]}` or `{data:[…]}`. Duplicate ids keep the first. */
export function normaliseUserList(raw: unknown): { users: NormalisedUser[]; problems: MissionProblem[] } {
  const list = listOf(raw, ["users", "data", "items"]);
  if (!list) return { users: [], problems: [missionProblem("user", "#list", "the user list is not a list of users")] };
  const users: NormalisedUser[] = [];
  const problems: MissionProblem[] = [];
  const seen = new Set<string>();
  list.forEach((item, i) => {
    const res = normaliseUserRecord(item, i);
    problems.push(...res.problems);
    if (!res.user) return;
    if (seen.has(res.user.id)) problems.push(missionProblem("user", res.user.id, "duplicate id; the first record is kept"));
    else {
      seen.add(res.user.id);
      users.push(res.user);
    }
  });
  return { users, problems };
}
