import { type ChatMessage, type MissionProblem, missionProblem, type NormalisedChat } from "./openwebui";

export interface ActiveBranch {
  /** Messages on the active branch, root first. */
  messages: ChatMessage[];
  /**
   * `tree`: walked from `history.currentId`; `flat-linked`: no tree, walked back from the last flat
   * message through its `parentId`s; `flat`: no tree and no usable links, the flat list as is;
   * `none`: no messages.
   */
  source: "tree" | "flat-linked" | "flat" | "none";
  /** The id the walk started from. */
  leafId: string | null;
  /** False when the walk stopped early at a broken parent link or a cycle. */
  complete: boolean;
  problems: MissionProblem[];
}

/**
 * Walks from `leafId` back through `parentId` links to the root and returns the path root first.
 * Stops (and reports) at a parent that is not in `messages` or at a message seen before (cycle);
 * the messages collected so far are kept.
 */
function walk(
  chatId: string,
  messages: ReadonlyMap<string, ChatMessage>,
  leafId: string,
): { path: ChatMessage[]; complete: boolean; problems: MissionProblem[] } {
  const path: ChatMessage[] = [];
  const seen = new Set<string>();
  const problems: MissionProblem[] = [];
  let id: string | null = leafId;
  let complete = true;
  while (id !== null) {
    if (seen.has(id)) {
      problems.push(missionProblem("chat", chatId, `cycle in message tree at ${id}`));
      complete = false;
      break;
    }
    const msg = messages.get(id);
    if (!msg) break; // only reachable for the leaf, which callers check
    seen.add(id);
    path.push(msg);
    if (msg.parentId !== null && !messages.has(msg.parentId)) {
      problems.push(missionProblem("chat", chatId, `message ${msg.id}: parent ${msg.parentId} not found`));
      complete = false;
      break;
    }
    id = msg.parentId;
  }
  return { path: path.reverse(), complete, problems };
}

/** Leaves (no message names them as parent), latest timestamp last; ties keep map order. */
function latestLeaf(messages: ReadonlyMap<string, ChatMessage>): string | null {
  const parents = new Set([...messages.values()].map((m) => m.parentId).filter((p): p is string => p !== null));
  let best: ChatMessage | null = null;
  for (const m of messages.values()) {
    if (parents.has(m.id)) continue;
    if (!best || (m.timestamp?.getTime() ?? 0) >= (best.timestamp?.getTime() ?? 0)) best = m;
  }
  return best?.id ?? null;
}

/**
 * The active branch of a chat (docs/product/missions.md §M-4): only these messages count.
 *
 * - With a tree (`chat.history.messages`), walk back from `currentId` to the root through
 *   `parentId`. Regenerated replies (siblings) off that path are dropped. If `currentId` is missing
 *   or unknown, start from the flat list's last message when it is in the tree, else from the leaf
 *   with the latest timestamp (warning).
 * - A broken parent link (`message M: parent P not found`) or a cycle (`cycle in message tree at M`)
 *   stops the walk and is reported; the part walked so far (ending at the current message) is used.
 * - Only without a tree is the flat `chat.messages` list used. If its last message has a parent in
 *   the list, the same walk is applied (so abandoned regenerations in old exports drop out);
 *   otherwise the list is used in order.
 *
 * @example
 * // history: u1 → a1 (regenerated) and u1 → a2, currentId "a2"
 * activeBranch(chat).messages.map((m) => m.id) // ["u1", "a2"]
 */
export function activeBranch(chat: NormalisedChat): ActiveBranch {
  const problems: MissionProblem[] = [];
  if (chat.tree && chat.tree.messages.size > 0) {
    const { messages, currentId } = chat.tree;
    let leaf = currentId !== null && messages.has(currentId) ? currentId : null;
    if (!leaf) {
      const lastFlat = chat.flat.at(-1)?.id;
      leaf = lastFlat !== undefined && messages.has(lastFlat) ? lastFlat : latestLeaf(messages);
      problems.push(
        missionProblem(
          "chat",
          chat.id,
          `${currentId === null ? "no currentId" : `currentId ${currentId} not found`}; using message ${leaf} as the current message`,
          "warning",
        ),
      );
    }
    if (leaf) {
      const res = walk(chat.id, messages, leaf);
      return { messages: res.path, source: "tree", leafId: leaf, complete: res.complete, problems: [...problems, ...res.problems] };
    }
  }
  if (chat.flat.length === 0) return { messages: [], source: "none", leafId: null, complete: true, problems };
  const last = chat.flat.at(-1) as ChatMessage;
  const byId = new Map(chat.flat.map((m) => [m.id, m] as const));
  if (last.parentId !== null && byId.has(last.parentId)) {
    const res = walk(chat.id, byId, last.id);
    return { messages: res.path, source: "flat-linked", leafId: last.id, complete: res.complete, problems: [...problems, ...res.problems] };
  }
  return { messages: [...chat.flat], source: "flat", leafId: last.id, complete: true, problems };
}
