import { type ActiveBranch, activeBranch } from "./branch";
import { MarkerText, matchMarker, normaliseMarkerText } from "./markers";
import type { ChatMessage, MissionProblem, NormalisedChat } from "./openwebui";
import { type Mission, type MissionRegistry, resolveMission } from "./registry";

/**
 * Bump when detection rules change, so stored completions say which rules produced them and
 * re-runs are auditable (docs/product/missions.md §M-6).
 */
export const DETECTOR_VERSION = "missions-detector/1";

export interface MissionCompletion {
  /** The assistant message that proved completion. */
  messageId: string;
  /** That message's time (not the chat's start); falls back to the chat's updated/created time. */
  completedAt: Date | null;
  /** The marker as written (`/…/` for a regex). */
  marker: string;
  /** The text it matched. */
  matched: string;
  /** The marker's outcome label (e.g. "deny"), if it has one. */
  outcome: string | null;
  /** Points snapshot at completion (docs/product/missions.md §M-8): the marker's points, else the mission's. */
  points: number | null;
}

/** One (chat, mission) pair. */
export interface MissionAttempt {
  /** `{chatId}:{missionKey}`: stable across reloads (docs/product/missions.md §M-6). */
  id: string;
  chatId: string;
  userId: string | null;
  missionKey: string;
  missionName: string;
  week: number | null;
  startedAt: Date | null;
  updatedAt: Date | null;
  /** Active-branch messages attributed to the mission. */
  messageCount: number;
  userMessageCount: number;
  assistantMessageCount: number;
  completion: MissionCompletion | null;
  detectorVersion: string;
}

export interface DetectOptions {
  /**
   * Ignore a marker that the preceding user message also contains: the user made the model echo
   * it ("say MISSION ACCOMPLISHED"). Default true.
   */
  rejectEchoedMarkers?: boolean;
}

/** Words of a start trigger as typed: "Start Challenge!" → "start challenge". */
const triggerText = (s: string) =>
  normaliseMarkerText(s)
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();

const isStartTrigger = (mission: Mission, text: string): boolean => {
  const said = triggerText(text);
  return mission.startTriggers.some((t) => {
    const want = triggerText(t);
    return want !== "" && (said === want || said.startsWith(`${want} `));
  });
};

type Attribution = { mission: Mission | null; explicit: "mission" | "other" | "none" };

function ownMission(registry: MissionRegistry, msg: ChatMessage): Attribution {
  if (msg.modelRefs.length === 0) return { mission: null, explicit: "none" };
  for (const ref of msg.modelRefs) {
    const mission = resolveMission(registry, ref);
    if (mission) return { mission, explicit: "mission" };
  }
  return { mission: null, explicit: "other" };
}

/**
 * Attributes each active-branch message to at most one mission:
 * - a message whose model (or `models`) resolves to a mission belongs to it;
 * - an assistant message of a non-mission model belongs to nothing and ends the current mission;
 * - an assistant message with no model at all belongs to the current mission, else to the chat's
 *   only mission (the old dashboard ignored it; docs/product/missions.md §M-5);
 * - a user/system message without a mission model belongs to the mission of the next assistant
 *   reply (the turn it starts; the seed dropped the opening message), else to the current mission.
 */
function attribute(registry: MissionRegistry, messages: readonly ChatMessage[], chatMissions: readonly Mission[]): (Mission | null)[] {
  const out: (Mission | null)[] = messages.map(() => null);
  const fallback = chatMissions.length === 1 ? (chatMissions[0] as Mission) : null;
  const currentAt: (Mission | null)[] = [];
  let current: Mission | null = null;
  messages.forEach((msg, i) => {
    const own = ownMission(registry, msg);
    if (own.mission) {
      out[i] = own.mission;
      current = own.mission;
    } else if (msg.role === "assistant") {
      if (own.explicit === "other") current = null;
      else {
        out[i] = current ?? fallback;
        current = out[i] ?? null;
      }
    }
    currentAt[i] = current;
  });
  messages.forEach((msg, i) => {
    if (out[i] || msg.role === "assistant") return;
    const next = messages.findIndex((m, j) => j > i && m.role === "assistant");
    out[i] = next >= 0 ? (out[next] ?? null) : (currentAt[i] ?? null);
  });
  return out;
}

/**
 * Detects mission attempts and completions in one normalised chat.
 *
 * - Only the active branch counts ({@link activeBranch}); regenerated siblings never do.
 * - The chat's missions: `chat.models` entries and message models that resolve through the
 *   registry (aliases, ignoring case), in order of first appearance. One attempt per mission.
 * - Completion: the first assistant message of the mission, on the branch, that contains one of
 *   the mission's markers. Skipped unless the mission's `briefingReplyCounts` is set: its first
 *   reply (the briefing), and the first reply after each user message that is a start trigger
 *   ("Start Challenge"), since that reply is the briefing when the first was an access-lock
 *   notice. A marker the preceding user message also contains is ignored (echo), unless
 *   `rejectEchoedMarkers` is false.
 *
 * @example
 * // user "Start Challenge" → assistant briefing "… → Mission complete" → user answers →
 * // assistant "🎉 MISSION ACCOMPLISHED ⟦MISSION_CODE:314-GHOST⟧"
 * detectChat(chat, registry).attempts[0]?.completion?.messageId // the last assistant message's id
 */
export function detectChat(
  chat: NormalisedChat,
  registry: MissionRegistry,
  options: DetectOptions = {},
): { attempts: MissionAttempt[]; problems: MissionProblem[]; branch: ActiveBranch["source"] } {
  const rejectEchoes = options.rejectEchoedMarkers ?? true;
  const branch = activeBranch(chat);
  const messages = branch.messages;

  const chatMissions: Mission[] = [];
  const addMission = (m: Mission | null) => {
    if (m && !chatMissions.includes(m)) chatMissions.push(m);
  };
  for (const ref of chat.models) addMission(resolveMission(registry, ref));
  for (const msg of messages) addMission(ownMission(registry, msg).mission);
  if (chatMissions.length === 0) return { attempts: [], problems: branch.problems, branch: branch.source };

  const owners = attribute(registry, messages, chatMissions);
  // Each message's text is normalised once, however many missions and markers read it.
  const texts = new Map<ChatMessage, MarkerText>();
  const textOf = (m: ChatMessage) => {
    let text = texts.get(m);
    if (!text) {
      text = new MarkerText(m.content);
      texts.set(m, text);
    }
    return text;
  };
  const attempts = chatMissions.map((mission): MissionAttempt => {
    const mine = messages.filter((_, i) => owners[i] === mission);
    const replies = messages.map((m, i) => ({ m, i })).filter(({ m, i }) => m.role === "assistant" && owners[i] === mission);
    const skipped = new Set<number>();
    if (!mission.briefingReplyCounts) {
      if (replies[0]) skipped.add(replies[0].i);
      messages.forEach((m, i) => {
        if (m.role === "user" && isStartTrigger(mission, m.content)) {
          const briefing = replies.find((r) => r.i > i);
          if (briefing) skipped.add(briefing.i);
        }
      });
    }
    let completion: MissionCompletion | null = null;
    for (const { m, i } of replies) {
      if (skipped.has(i)) continue;
      const prevUser = messages.slice(0, i).findLast((p) => p.role === "user");
      const reply = textOf(m);
      for (const marker of mission.markers) {
        const hit = matchMarker(reply, marker);
        if (!hit) continue;
        if (rejectEchoes && prevUser && matchMarker(textOf(prevUser), marker)) continue;
        completion = {
          messageId: m.id,
          completedAt: m.timestamp ?? chat.updatedAt ?? chat.createdAt,
          marker: marker.label,
          matched: hit.matched.trim(),
          outcome: marker.outcome,
          points: marker.points ?? mission.points,
        };
        break;
      }
      if (completion) break;
    }
    return {
      id: `${chat.id}:${mission.key}`,
      chatId: chat.id,
      userId: chat.userId,
      missionKey: mission.key,
      missionName: mission.name,
      week: mission.week,
      startedAt: chat.createdAt ?? mine[0]?.timestamp ?? null,
      updatedAt: chat.updatedAt ?? mine.at(-1)?.timestamp ?? null,
      messageCount: mine.length,
      userMessageCount: mine.filter((m) => m.role === "user").length,
      assistantMessageCount: replies.length,
      completion,
      detectorVersion: DETECTOR_VERSION,
    };
  });
  return { attempts, problems: branch.problems, branch: branch.source };
}

/** {@link detectChat} over many chats; attempts and problems concatenated in chat order. */
export function detectChats(
  chats: readonly NormalisedChat[],
  registry: MissionRegistry,
  options: DetectOptions = {},
): { attempts: MissionAttempt[]; problems: MissionProblem[] } {
  const attempts: MissionAttempt[] = [];
  const problems: MissionProblem[] = [];
  for (const chat of chats) {
    const res = detectChat(chat, registry, options);
    attempts.push(...res.attempts);
    problems.push(...res.problems);
  }
  return { attempts, problems };
}

// ---------------------------------------------------------------------------------------------
// Summaries
// ---------------------------------------------------------------------------------------------

export interface UserMissionSummary {
  userId: string;
  missionKey: string;
  missionName: string;
  attempts: number;
  /** Attempts that completed (a user may complete again; only the first counts). */
  completedAttempts: number;
  firstAttemptAt: Date | null;
  /** The counted completion: the earliest by completion time. */
  firstCompletion: (MissionCompletion & { attemptId: string; chatId: string }) | null;
  /** 1-based position of the completing attempt among the user's attempts by start time. */
  attemptsToComplete: number | null;
  /** User messages in the attempts up to and including the completing one. */
  userMessagesToComplete: number | null;
  /** The completion's points snapshot, counted once per user and mission; 0 without a completion. */
  points: number;
}

export interface MissionStats {
  missionKey: string;
  missionName: string;
  attempts: number;
  completedAttempts: number;
  usersAttempted: number;
  /** Distinct users who completed: what reports call "completions" (docs/product/missions.md §M-7). */
  usersCompleted: number;
}

export interface UserTotals {
  userId: string;
  attempts: number;
  /** Distinct missions completed. */
  completions: number;
  points: number;
}

const time = (d: Date | null) => d?.getTime() ?? Number.POSITIVE_INFINITY;

/**
 * Summarises attempts per user and mission, per mission and per user (docs/product/missions.md §M-7, §M-8).
 * Attempts without a user (`userId: null`) are left out and counted in `unattributedAttempts`.
 * Every list is sorted (user id, then mission key) so output is deterministic.
 *
 * @example
 * // u1 tried m1 three times (chats started 1st, 2nd, 3rd); the 2nd and 3rd completed.
 * summariseAttempts(attempts).byUserMission[0]
 * // { userId: "u1", missionKey: "m1", attempts: 3, completedAttempts: 2, attemptsToComplete: 2, points: 20, … }
 */
export function summariseAttempts(attempts: readonly MissionAttempt[]): {
  byUserMission: UserMissionSummary[];
  byMission: MissionStats[];
  byUser: UserTotals[];
  unattributedAttempts: number;
} {
  const groups = new Map<string, MissionAttempt[]>();
  let unattributed = 0;
  for (const a of attempts) {
    if (a.userId === null) {
      unattributed++;
      continue;
    }
    const key = JSON.stringify([a.userId, a.missionKey]);
    const list = groups.get(key) ?? [];
    list.push(a);
    groups.set(key, list);
  }

  const byUserMission: UserMissionSummary[] = [];
  for (const list of groups.values()) {
    const ordered = [...list].sort((a, b) => time(a.startedAt) - time(b.startedAt) || a.chatId.localeCompare(b.chatId));
    const first = ordered[0] as MissionAttempt;
    let winner: number | null = null;
    ordered.forEach((a, i) => {
      if (!a.completion) return;
      const best = winner === null ? null : (ordered[winner] as MissionAttempt);
      if (!best?.completion || time(a.completion.completedAt) < time(best.completion.completedAt)) winner = i;
    });
    const won = winner === null ? null : (ordered[winner] as MissionAttempt);
    byUserMission.push({
      userId: first.userId as string,
      missionKey: first.missionKey,
      missionName: first.missionName,
      attempts: ordered.length,
      completedAttempts: ordered.filter((a) => a.completion).length,
      firstAttemptAt: ordered.map((a) => a.startedAt).find((d) => d !== null) ?? null,
      firstCompletion: won?.completion ? { ...won.completion, attemptId: won.id, chatId: won.chatId } : null,
      attemptsToComplete: winner === null ? null : winner + 1,
      userMessagesToComplete: winner === null ? null : ordered.slice(0, winner + 1).reduce((n, a) => n + a.userMessageCount, 0),
      points: won?.completion?.points ?? 0,
    });
  }
  byUserMission.sort((a, b) => a.userId.localeCompare(b.userId) || a.missionKey.localeCompare(b.missionKey));

  const missionMap = new Map<string, MissionStats>();
  const userMap = new Map<string, UserTotals>();
  for (const s of byUserMission) {
    const m = missionMap.get(s.missionKey) ?? {
      missionKey: s.missionKey,
      missionName: s.missionName,
      attempts: 0,
      completedAttempts: 0,
      usersAttempted: 0,
      usersCompleted: 0,
    };
    m.attempts += s.attempts;
    m.completedAttempts += s.completedAttempts;
    m.usersAttempted += 1;
    m.usersCompleted += s.firstCompletion ? 1 : 0;
    missionMap.set(s.missionKey, m);
    const u = userMap.get(s.userId) ?? { userId: s.userId, attempts: 0, completions: 0, points: 0 };
    u.attempts += s.attempts;
    u.completions += s.firstCompletion ? 1 : 0;
    u.points += s.points;
    userMap.set(s.userId, u);
  }
  return {
    byUserMission,
    byMission: [...missionMap.values()].sort((a, b) => a.missionKey.localeCompare(b.missionKey)),
    byUser: [...userMap.values()].sort((a, b) => a.userId.localeCompare(b.userId)),
    unattributedAttempts: unattributed,
  };
}
