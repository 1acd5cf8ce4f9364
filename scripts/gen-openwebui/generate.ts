// Deterministic synthetic OpenWebUI exports of any size (docs/product/missions.md §M-3): users (JSON and
// CSV), models (mission models with the "Missions" tag in its various shapes and custom params,
// plus ordinary models), and every user's chats in the admin-export shape, with branching message
// trees, regenerated replies off the active branch, second and millisecond timestamps and
// completion markers. Chats are written one at a time, so memory stays flat at any size.
//
// Everything derives from the seed through a small PRNG (no Math.random): the same arguments give
// byte-identical files, and chat i is the same in every run, so a variant with `change` rewrites
// exactly the chats it picks (for re-ingest benchmarks and tests).
import { once } from "node:events";
import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import path from "node:path";

export interface GenerateOptions {
  out: string;
  chats: number;
  users: number;
  seed?: number;
  /** Add a few broken records (missing ids, wrong types, dangling parents, a bad CSV row…). */
  faults?: boolean;
  /** Average messages per chat (all branches), default 20. */
  messagesPerChat?: number;
  /** The campaign's first day: chats fall in the ten weeks from it (default 2025-09-01). */
  start?: Date;
  /** Rewrite this share of chats (0–100, e.g. 1 for 1 %) as changed since the base export. */
  change?: { percent: number; salt?: number };
  /** File names; defaults: all-chats-export.json, users.json, users.csv, models.json. */
  files?: Partial<Record<"chats" | "usersJson" | "usersCsv" | "models", string>>;
  /** Only write the chats file (the users and models of a variant are the base's). */
  chatsOnly?: boolean;
  onProgress?: (written: number) => void;
}

export interface GenerateStats {
  files: { chats: string; usersJson: string | null; usersCsv: string | null; models: string | null };
  chats: number;
  messages: number;
  users: number;
  models: number;
  missionModels: number;
  missionChats: number;
  /** Assistant replies carrying a completion marker on the active branch. */
  completions: number;
  /** Chats rewritten by `change`. */
  changed: number;
  changedIds: string[];
  faults: number;
  bytes: number;
}

// ---------------------------------------------------------------------------------------------
// PRNG
// ---------------------------------------------------------------------------------------------

/** splitmix32: a good 32-bit mixer, used to derive independent seeds from (seed, stream, index). */
function mix(a: number): number {
  let z = (a + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}
const seedOf = (...parts: number[]) => parts.reduce((acc, p) => mix(acc ^ mix(p)), 0x1234567);

/** mulberry32: small, fast, deterministic. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) | 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)] as T;
  }
  uuid(): string {
    const hex = (n: number) =>
      Math.floor(this.next() * 16 ** n)
        .toString(16)
        .padStart(n, "0");
    return `${hex(8)}-${hex(4)}-4${hex(3)}-${((8 + Math.floor(this.next() * 4)) as number).toString(16)}${hex(3)}-${hex(6)}${hex(6)}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------------------------

const FIRST = [
  "Ada",
  "Grace",
  "Alan",
  "Katherine",
  "Linus",
  "Margaret",
  "Dennis",
  "Barbara",
  "Ken",
  "Frances",
  "Edsger",
  "Radia",
  "Tim",
  "Hedy",
  "Donald",
  "Shafi",
  "Leslie",
  "Sophie",
  "John",
  "Anita",
  "Niklaus",
  "Jean",
  "Guido",
  "Karen",
  "Bjarne",
  "Lynn",
  "Yukihiro",
  "Mary",
  "Brendan",
  "Joan",
];
const LAST = [
  "Lovelace",
  "Hopper",
  "Turing",
  "Johnson",
  "Torvalds",
  "Hamilton",
  "Ritchie",
  "Liskov",
  "Thompson",
  "Allen",
  "Dijkstra",
  "Perlman",
  "Berners-Lee",
  "Lamarr",
  "Knuth",
  "Goldwasser",
  "Lamport",
  "Wilson",
  "McCarthy",
  "Borg",
  "Wirth",
  "Sammet",
  "van Rossum",
  "Spärck Jones",
  "Stroustrup",
  "Conway",
  "Matsumoto",
  "Keller",
  "Eich",
  "Clarke",
];
const WORDS =
  "the a model prompt data policy risk review agent guardrail bias audit response system user context summary evidence source table report draft check verify compare explain list step plan goal output input format secure private public team project mission challenge week score rule answer question detail example case test result".split(
    " ",
  );
const USER_OPENERS = [
  "Can you help me",
  "Please analyse",
  "I need to",
  "Let's try to",
  "Explain how to",
  "Show me how we",
  "Start the mission:",
  "Next step:",
  "What if we",
  "Try again and",
];
const ASSISTANT_OPENERS = [
  "Sure.",
  "Here is what I found:",
  "Good question.",
  "Let's break it down.",
  "Understood.",
  "Agent, your briefing follows.",
  "Analysis:",
  "Step by step:",
];
const MARKERS = [
  "MISSION_CODE:314-GHOST",
  "⟦MISSION_CODE:314-GHOST⟧",
  "**Mission accomplished!**",
  "[Challenge complete]",
  "【MISSION COMPLETE】",
  "✅ Mission evaluation complete — perfect mission.",
  "<<mission code:314 ghost>>",
];
const DECOYS = ["You are not mission complete yet; try a different approach.", "Proceed to mission complete only when the audit passes."];

function sentence(rng: Rng, opener: string, minWords: number, maxWords: number): string {
  const n = rng.int(minWords, maxWords);
  const words: string[] = [opener];
  for (let i = 0; i < n; i++) words.push(rng.pick(WORDS));
  return `${words.join(" ")}.`;
}

// ---------------------------------------------------------------------------------------------
// Users and models
// ---------------------------------------------------------------------------------------------

interface GenUser {
  id: string;
  name: string;
  email: string;
  role: string;
}

function makeUsers(seed: number, count: number): GenUser[] {
  const out: GenUser[] = [];
  for (let j = 0; j < count; j++) {
    const rng = new Rng(seedOf(seed, 1, j));
    const first = rng.pick(FIRST);
    const last = rng.pick(LAST);
    out.push({
      id: rng.uuid(),
      name: `${first} ${last}`,
      email: `${first}.${last}.${j}@example.org`.toLowerCase().replace(/[^a-z0-9.@-]/g, ""),
      role: j === 0 ? "admin" : rng.chance(0.02) ? "pending" : "user",
    });
  }
  return out;
}

interface GenModel {
  id: string;
  name: string;
  isMission: boolean;
  record: Record<string, unknown>;
}

const DIFFICULTIES = [
  ["Easy", 15],
  ["Medium", 20],
  ["Hard", 25],
  ["Very Easy", 10],
  ["Impossible", 30],
] as const;
const MISSION_TITLES = [
  "Intel Guardian",
  "Prompt Qualification",
  "Seeds of Bias",
  "Restoration Protocol",
  "Algorithmic Integrity",
  "Broken Compass",
  "High Risk Horizon",
  "Red Line Protocol",
  "Ghost Protocol",
  "Data Vault",
  "Silent Witness",
  "Echo Chamber",
];
const BASE_MODELS = [
  "us.anthropic.claude-3-5-haiku-20241022-v1:0",
  "gpt-4o",
  "llama3.1:8b",
  "mistral-large",
  "gpt-4.1-mini",
  "Mission planner (internal)",
];

function makeModels(seed: number): GenModel[] {
  const rng = new Rng(seedOf(seed, 2));
  const models: GenModel[] = [];
  const created = 1_756_684_800; // 2025-09-01, seconds
  for (const [k, title] of MISSION_TITLES.entries()) {
    const week = Math.floor(k / 2) + 1;
    const [difficulty, points] = DIFFICULTIES[k % DIFFICULTIES.length] as (typeof DIFFICULTIES)[number];
    const id = `week-${week}-${title.toLowerCase().replace(/\s+/g, "-")}`;
    const name = k % 3 === 0 ? `Mission: ${title} (${difficulty} Difficulty)` : `Week ${week} - ${title} (${difficulty})`;
    const system = `You are the handler of mission "${title}". ${sentence(rng, "Rules:", 20, 40)} When the agent succeeds, say ${MARKERS[k % MARKERS.length]}.`;
    const custom = { maip_week: String(week), maip_points_value: String(points), maip_difficulty_level: difficulty.toLowerCase() };
    let record: Record<string, unknown>;
    switch (k % 4) {
      case 0: // /api/models (OpenAI-style) with the workspace model under info, tag on info.meta and top level
        record = {
          id,
          name,
          object: "model",
          created,
          owned_by: "openai",
          connection_type: "external",
          info: {
            id,
            user_id: "admin",
            base_model_id: BASE_MODELS[0],
            name,
            params: { system, custom_params: custom },
            meta: {
              description: `Week ${week} mission`,
              tags: [{ name: "Missions" }],
              suggestion_prompts: [{ content: "Start the mission" }],
            },
            is_active: true,
            created_at: created,
            updated_at: created,
          },
          tags: [{ name: "Missions" }],
          actions: [],
          filters: [],
        };
        break;
      case 1: // workspace export: meta.tags lower-case, maip_points (not _value)
        record = {
          id,
          user_id: "admin",
          base_model_id: BASE_MODELS[0],
          name,
          params: { system, custom_params: { maip_week: `Week ${week}`, maip_points: String(points), maip_difficulty_level: difficulty } },
          meta: { description: `Week ${week} mission`, tags: [{ name: "missions" }], capabilities: { vision: false } },
          access_control: null,
          is_active: true,
          created_at: created,
          updated_at: created,
        };
        break;
      case 2: // tags as plain strings at the top level; difficulty only in the name
        record = { id, name, tags: ["Missions", `week-${week}`], params: { custom_params: { maip_week: week } }, is_active: true };
        break;
      default: // production wrapper {model_id, raw} with a padded upper-case tag, params in ms timestamps
        record = {
          model_id: id,
          raw: {
            id,
            name,
            meta: { tags: [{ name: " MISSIONS " }] },
            params: { custom_params: custom },
            created_at: created * 1000,
            updated_at: created * 1000,
          },
        };
    }
    models.push({ id, name, isMission: true, record });
  }
  for (const [k, id] of BASE_MODELS.entries()) {
    const record: Record<string, unknown> =
      k === BASE_MODELS.length - 1
        ? { id: "mission-planner", name: id, meta: { tags: [{ name: "planning" }] } } // "mission" in the name, not tagged
        : {
            id,
            name: id,
            object: "model",
            owned_by: "openai",
            info: { id, name: id, meta: { tags: k === 1 ? [{ name: "missions-archive" }] : [] } },
            tags: [],
          };
    models.push({ id: String(record.id), name: id, isMission: false, record });
  }
  return models;
}

// ---------------------------------------------------------------------------------------------
// Chats
// ---------------------------------------------------------------------------------------------

interface Message {
  id: string;
  parentId: string | null;
  childrenIds: string[];
  role: "user" | "assistant";
  content: string;
  timestamp: number;
  model?: string;
  models?: string[];
  modelName?: string;
  modelIdx?: number;
  done?: boolean;
}

const DEFAULT_START_S = 1_756_684_800; // 2025-09-01
const SPAN_S = 10 * 7 * 86_400; // ten weeks

interface ChatPlan {
  record: Record<string, unknown>;
  messages: number;
  mission: boolean;
  completions: number;
}

function buildChat(
  seed: number,
  i: number,
  users: GenUser[],
  models: GenModel[],
  avgMessages: number,
  change: { percent: number; salt: number } | null,
  startS: number,
): ChatPlan & { changed: boolean } {
  const rng = new Rng(seedOf(seed, 3, i));
  const id = rng.uuid();
  const user = users[Math.floor(rng.next() * users.length)] as GenUser;
  const missions = models.filter((m) => m.isMission);
  const others = models.filter((m) => !m.isMission);
  const mission = rng.chance(0.6);
  const model = mission ? rng.pick(missions) : rng.pick(others);
  const chatMs = rng.chance(0.2); // chat row timestamps in ms (some exports) vs seconds (OpenWebUI)
  const msgMs = rng.chance(0.15);
  const createdS = startS + Math.floor(rng.next() * SPAN_S);
  let t = createdS;
  const ts = () => (msgMs ? t * 1000 + rng.int(0, 999) : t);

  const map = new Map<string, Message>();
  const add = (m: Omit<Message, "id" | "childrenIds" | "timestamp">): Message => {
    const msg: Message = { id: rng.uuid(), childrenIds: [], timestamp: ts(), ...m };
    if (msg.role === "assistant") Object.assign(msg, { model: model.id, modelName: model.name, modelIdx: 0, done: true });
    else msg.models = [model.id];
    map.set(msg.id, msg);
    if (m.parentId) map.get(m.parentId)?.childrenIds.push(msg.id);
    t += rng.int(5, 240);
    return msg;
  };

  // Active branch: user/assistant turns; regenerated replies and edited prompts hang off it.
  const turns = Math.max(1, Math.round((avgMessages * 0.8) / 2) + rng.int(-3, 3));
  let parent: string | null = null;
  let completions = 0;
  const completeAt = mission && rng.chance(0.35) ? rng.int(1, turns - 1) : -1; // never the briefing (turn 0)
  for (let turn = 0; turn < turns; turn++) {
    if (turn > 0 && rng.chance(0.06)) {
      // An edited prompt: an abandoned user message with its own reply, a sibling on the tree.
      const abandoned = add({ parentId: parent, role: "user", content: sentence(rng, rng.pick(USER_OPENERS), 6, 30) });
      add({ parentId: abandoned.id, role: "assistant", content: sentence(rng, rng.pick(ASSISTANT_OPENERS), 20, 80) });
    }
    const u = add({
      parentId: parent,
      role: "user",
      content: turn === 0 && mission ? `Start the mission: ${model.name}` : sentence(rng, rng.pick(USER_OPENERS), 5, 25),
    });
    const regenerations = rng.chance(0.2) ? rng.int(1, 2) : 0;
    for (let r = 0; r < regenerations; r++) {
      // A regenerated reply left behind (not on the active branch); sometimes it even "completed".
      const offBranch = mission && turn > 0 && rng.chance(0.1);
      add({
        parentId: u.id,
        role: "assistant",
        content: `${sentence(rng, rng.pick(ASSISTANT_OPENERS), 15, 70)}${offBranch ? ` ${rng.pick(MARKERS)}` : ""}`,
      });
    }
    let content = sentence(rng, turn === 0 && mission ? "Agent, your briefing follows." : rng.pick(ASSISTANT_OPENERS), 15, 70);
    if (turn === completeAt) {
      content += `\n\n${rng.pick(MARKERS)}`;
      completions++;
    } else if (mission && rng.chance(0.03)) content += ` ${rng.pick(DECOYS)}`;
    const a = add({ parentId: u.id, role: "assistant", content });
    parent = a.id;
  }

  // A changed chat: one more turn on the active branch, later updated_at.
  const changed = change !== null && new Rng(seedOf(seed, 4, i, change.salt)).next() * 100 < change.percent;
  if (changed) {
    t += 3600;
    const u = add({ parentId: parent, role: "user", content: "One more try: summarise the evidence." });
    const a = add({ parentId: u.id, role: "assistant", content: `${sentence(rng, "Summary:", 20, 40)}${mission ? ` ${MARKERS[0]}` : ""}` });
    if (mission) completions++;
    parent = a.id;
  }

  const currentId = parent;
  const branch: Message[] = [];
  for (let cur = currentId ? map.get(currentId) : undefined; cur; cur = cur.parentId ? map.get(cur.parentId) : undefined)
    branch.unshift(cur);
  const updatedS = t;
  const stamp = (s: number) => (chatMs ? s * 1000 : s);
  const title = mission ? model.name : sentence(rng, rng.pick(["Notes on", "Draft", "Help with", "Ideas for"]), 1, 4).slice(0, -1);

  // Shapes: newer (history + flat active branch, 70 %), newest (history only, 15 %), older (flat only, all branches, 15 %).
  const shape = rng.next();
  const history = { messages: Object.fromEntries(map), currentId };
  const blob: Record<string, unknown> =
    shape < 0.7
      ? { id, title, models: [model.id], params: {}, history, messages: branch, tags: [], timestamp: stamp(createdS) }
      : shape < 0.85
        ? { id, title, models: [model.id], history }
        : { id, title, models: model.id, messages: [...map.values()].map(({ childrenIds: _c, ...m }) => m) };
  const record: Record<string, unknown> = {
    id,
    user_id: user.id,
    title,
    chat: blob,
    created_at: stamp(createdS),
    updated_at: stamp(updatedS),
    share_id: null,
    archived: rng.chance(0.03),
    pinned: false,
    meta: { tags: mission ? ["missions"] : [] },
    folder_id: null,
  };
  return { record, messages: map.size, mission, completions, changed };
}

/** A handful of broken records (docs/product/missions.md §M-3: the ingest skips and counts them with a reason). */
function faultyChat(kind: number, i: number, users: GenUser[], startS: number): unknown {
  const user = users[i % users.length]?.id ?? "u";
  switch (kind) {
    case 0:
      return { user_id: user, title: "no id", chat: { messages: [{ role: "user", content: "hi" }] } };
    case 1:
      return 42;
    case 2:
      return {
        id: `fault-${i}-no-user`,
        title: "no user",
        created_at: startS,
        chat: { history: { messages: {}, currentId: null }, messages: [] },
      };
    case 3:
      return {
        id: `fault-${i}-dangling`,
        user_id: user,
        created_at: startS,
        updated_at: startS,
        chat: {
          models: ["gpt-4o"],
          history: {
            currentId: "m2",
            messages: {
              m1: { id: "m1", parentId: null, childrenIds: ["m2"], role: "user", content: "hello", timestamp: startS },
              m2: { id: "m2", parentId: "m-missing", childrenIds: [], role: "assistant", content: "orphan", timestamp: startS },
            },
          },
        },
      };
    case 4:
      return { id: `fault-${i}-bad-chat`, user_id: user, chat: "not a chat blob" };
    case 5:
      return {
        id: `fault-${i}-bad-times`,
        user_id: user,
        created_at: "yesterday",
        updated_at: -1,
        chat: { messages: [{ role: 7, content: { x: 1 } }] },
      };
    case 6:
      return ["an", "array", "is", "not", "a", "chat"];
    default:
      return null;
  }
}
const FAULT_KINDS = 8;

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

/** Buffered writes that wait for the stream to drain: memory stays bounded by the buffer. */
class Sink {
  private buf: string[] = [];
  private size = 0;
  bytes = 0;
  constructor(private readonly stream: WriteStream) {}
  async write(text: string): Promise<void> {
    this.buf.push(text);
    this.size += text.length;
    if (this.size >= 1 << 20) await this.flush();
  }
  async flush(): Promise<void> {
    if (this.buf.length === 0) return;
    const chunk = this.buf.join("");
    this.buf = [];
    this.size = 0;
    this.bytes += Buffer.byteLength(chunk);
    if (!this.stream.write(chunk)) await once(this.stream, "drain");
  }
  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await once(this.stream, "finish");
  }
}

const csvCell = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export async function generateOpenWebUiExport(options: GenerateOptions): Promise<GenerateStats> {
  const seed = options.seed ?? 1;
  const avg = options.messagesPerChat ?? 20;
  const startS = options.start ? Math.floor(options.start.getTime() / 1000) : DEFAULT_START_S;
  const change = options.change ? { percent: options.change.percent, salt: options.change.salt ?? 1 } : null;
  if (!Number.isInteger(options.chats) || options.chats < 0) throw new Error("--chats must be a whole number ≥ 0");
  if (!Number.isInteger(options.users) || options.users < 1) throw new Error("--users must be a whole number ≥ 1");
  mkdirSync(options.out, { recursive: true });
  const names = {
    chats: "all-chats-export.json",
    usersJson: "users.json",
    usersCsv: "users.csv",
    models: "models.json",
    ...options.files,
  };
  const file = (name: string) => path.join(options.out, name);
  const users = makeUsers(seed, options.users);
  const models = makeModels(seed);
  let faults = 0;
  let bytes = 0;

  if (!options.chatsOnly) {
    const usersJson = new Sink(createWriteStream(file(names.usersJson)));
    await usersJson.write('{"users":[\n');
    for (const [j, u] of users.entries()) {
      const created = startS - 86_400 * (j % 90);
      await usersJson.write(
        `${j ? ",\n" : ""}${JSON.stringify({ ...u, profile_image_url: "/user.png", last_active_at: created, created_at: created, updated_at: created })}`,
      );
    }
    if (options.faults) {
      await usersJson.write(`,\n${JSON.stringify({ name: "No Id", email: "noid@example.org", role: "user" })}`);
      faults++;
    }
    await usersJson.write(`\n],"total":${users.length + (options.faults ? 1 : 0)}}\n`);
    await usersJson.close();

    const usersCsv = new Sink(createWriteStream(file(names.usersCsv)));
    await usersCsv.write("id,name,email,role\n");
    for (const u of users) await usersCsv.write(`${[u.id, u.name, u.email, u.role].map(csvCell).join(",")}\n`);
    if (options.faults) {
      await usersCsv.write(',Missing Id,missing@example.org,user\n"unclosed,quote@example.org,user\n');
      faults += 2;
    }
    await usersCsv.close();

    const modelsSink = new Sink(createWriteStream(file(names.models)));
    const records: unknown[] = models.map((m) => m.record);
    if (options.faults) {
      records.push({ name: "A model without an id", meta: { tags: [{ name: "Missions" }] } });
      faults++;
    }
    await modelsSink.write(`{"data":[\n${records.map((r) => JSON.stringify(r)).join(",\n")}\n]}\n`);
    await modelsSink.close();
    bytes += usersJson.bytes + usersCsv.bytes + modelsSink.bytes;
  }

  const chatsSink = new Sink(createWriteStream(file(names.chats)));
  const faultAt = new Map<number, number>();
  if (options.faults) for (let k = 0; k < FAULT_KINDS; k++) faultAt.set(Math.floor(((k + 1) * options.chats) / (FAULT_KINDS + 1)), k);
  const stats = { messages: 0, missionChats: 0, completions: 0, changed: 0 };
  const changedIds: string[] = [];
  await chatsSink.write("[");
  let first = true;
  const emit = async (value: unknown) => {
    await chatsSink.write(`${first ? "\n" : ",\n"}${JSON.stringify(value)}`);
    first = false;
  };
  for (let i = 0; i < options.chats; i++) {
    const fault = faultAt.get(i);
    if (fault !== undefined) {
      await emit(faultyChat(fault, i, users, startS));
      faults++;
    }
    const chat = buildChat(seed, i, users, models, avg, change, startS);
    stats.messages += chat.messages;
    if (chat.mission) stats.missionChats++;
    stats.completions += chat.completions;
    if (chat.changed) {
      stats.changed++;
      changedIds.push(String(chat.record.id));
    }
    await emit(chat.record);
    if (options.onProgress && (i + 1) % 5000 === 0) options.onProgress(i + 1);
  }
  if (options.faults && options.chats > 0) {
    // A duplicate of the first chat's id (the first record is kept).
    const dup = buildChat(seed, 0, users, models, avg, null, startS).record;
    await emit({ ...dup, title: "duplicate id" });
    faults++;
  }
  await chatsSink.write("\n]\n");
  await chatsSink.close();
  bytes += chatsSink.bytes;

  return {
    files: {
      chats: file(names.chats),
      usersJson: options.chatsOnly ? null : file(names.usersJson),
      usersCsv: options.chatsOnly ? null : file(names.usersCsv),
      models: options.chatsOnly ? null : file(names.models),
    },
    chats: options.chats,
    messages: stats.messages,
    users: users.length,
    models: models.length,
    missionModels: models.filter((m) => m.isMission).length,
    missionChats: stats.missionChats,
    completions: stats.completions,
    changed: stats.changed,
    changedIds,
    faults,
    bytes,
  };
}
