/**
 * Which OpenWebUI export a record comes from, read from its shape, so a file given in the wrong
 * place (models uploaded as chats, chats as users) is refused with a message that names what it
 * is instead of becoming empty chats or bogus users (issue 10 item 11). The shapes are those of
 * fixtures/openwebui (docs/product/missions.md §M-3).
 */
export const EXPORT_KINDS = ["chats", "models", "users"] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

type Dict = Record<string, unknown>;
const isDict = (v: unknown): v is Dict => typeof v === "object" && v !== null && !Array.isArray(v);
const has = (d: Dict, key: string) => d[key] !== undefined && d[key] !== null;

/** What one record is, and how sure: each kind's signals counted. */
function scores(value: Dict): Record<ExportKind, number> {
  const chat = isDict(value.chat) ? value.chat : null;
  const chats =
    (chat && (isDict(chat.history) || Array.isArray(chat.messages)) ? 3 : chat ? 1 : 0) +
    (isDict(value.history) || Array.isArray(value.messages) ? 2 : 0) +
    (has(value, "chat_id") ? 1 : 0) +
    (has(value, "folder_id") || has(value, "share_id") || has(value, "pinned") ? 1 : 0);
  const models =
    (value.object === "model" ? 3 : 0) +
    (has(value, "owned_by") || has(value, "base_model_id") || has(value, "connection_type") ? 2 : 0) +
    (isDict(value.info) ? 2 : 0) +
    (isDict(value.params) ? 1 : 0) +
    (isDict(value.meta) && (has(value.meta, "capabilities") || has(value.meta, "profile_image_url") || has(value.meta, "description"))
      ? 1
      : 0) +
    (isDict(value.raw) && has(value, "model_id") ? 3 : 0);
  const users =
    (typeof value.email === "string" ? 2 : 0) +
    (typeof value.role === "string" ? 1 : 0) +
    (has(value, "last_active_at") || has(value, "profile_image_url") || has(value, "oauth_sub") ? 1 : 0);
  return { chats, models, users };
}

/**
 * The export a record looks like it comes from, or `null` when its shape does not say (too few
 * signals, or a tie).
 *
 * @example
 * recordKind({ id: "c1", user_id: "u", chat: { history: { messages: {} } } }) // "chats"
 * recordKind({ id: "gpt-4", object: "model", owned_by: "openai" })             // "models"
 * recordKind({ id: "u1", name: "Ada", email: "ada@example.org", role: "user" }) // "users"
 * recordKind({ id: "x" })                                                       // null
 */
export function recordKind(value: unknown): ExportKind | null {
  if (!isDict(value)) return null;
  const s = scores(value);
  const best = Math.max(s.chats, s.models, s.users);
  if (best < 2) return null;
  const winners = EXPORT_KINDS.filter((k) => s[k] === best);
  return winners.length === 1 ? (winners[0] as ExportKind) : null;
}

const NOUN: Record<ExportKind, string> = { chats: "chats", models: "models", users: "users" };

/**
 * Why records meant as `expected` are refused, or `null` to go ahead: refused when none of the
 * sampled records looks like `expected` and at least half of them look like one other kind.
 * Otherwise each record is judged on its own (skipped if unusable or of another kind).
 *
 * @example
 * exportKindMismatch("chats", ["models", "models", null]) // "This looks like a models export, not chats (2 of the first 3 records are models)."
 * exportKindMismatch("chats", ["chats", "models"])        // null
 */
export function exportKindMismatch(expected: ExportKind, sample: readonly (ExportKind | null)[]): string | null {
  if (sample.includes(expected)) return null;
  const counts = new Map<ExportKind, number>();
  for (const k of sample) if (k !== null) counts.set(k, (counts.get(k) ?? 0) + 1);
  const [kind, n] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0] ?? [];
  if (!kind || !n || n * 2 < sample.length) return null;
  return `This looks like a ${NOUN[kind]} export, not ${NOUN[expected]} (${n} of the first ${sample.length} records are ${NOUN[kind]}).`;
}

/** A single record of another kind, as a skip reason ("a models record, not a chat"). */
export function otherKindReason(kind: ExportKind, expected: ExportKind): string {
  const single: Record<ExportKind, string> = { chats: "chat", models: "model", users: "user" };
  return `a ${single[kind]} record, not a ${single[expected]}`;
}
