/**
 * The one definition of participant, attempt and completion (docs/product/missions.md §M-11).
 * Input records have the shapes the database stores (mission_attempts, mission_completions);
 * every count on every page, export and ingest summary is meant to come from here.
 */

/** A (chat, mission) pair as detection stored it (mission_attempts). */
export interface AttemptRecord {
  id: string;
  missionId: string;
  /** The chat's OpenWebUI user; null when the chat has no owner. */
  owuiUserId: string | null;
  startedAt: Date | null;
  completed: boolean;
}

/** The completing message of an attempt, with its points snapshot (mission_completions). */
export interface CompletionRecord {
  attemptId: string;
  missionId: string;
  owuiUserId: string | null;
  completedAt: Date | null;
  points: number | null;
}

/** Per-mission counts under §M-11. */
export interface MissionTally {
  missionId: string;
  /** Every attempt record, with or without an owner. */
  attempts: number;
  /** Attempts that reached completion (with or without an owner). */
  completedAttempts: number;
  /** Distinct learners (non-empty owner) with at least one attempt. */
  participants: number;
  /** Distinct learners (non-empty owner) who completed the mission. */
  completions: number;
}

export interface Tally {
  missions: MissionTally[];
  attempts: number;
  completedAttempts: number;
  /** Distinct learners with at least one attempt on any mission. */
  participants: number;
  /** Σ over missions of distinct completing learners: one per (learner, mission). */
  completions: number;
}

/** The learner an attempt or completion belongs to, or null when it belongs to nobody (§M-11). */
export function learnerOf(record: { owuiUserId: string | null }): string | null {
  const id = record.owuiUserId?.trim();
  return id ? id : null;
}

function mission(map: Map<string, { t: MissionTally; people: Set<string>; done: Set<string> }>, missionId: string) {
  let m = map.get(missionId);
  if (!m) {
    m = { t: { missionId, attempts: 0, completedAttempts: 0, participants: 0, completions: 0 }, people: new Set(), done: new Set() };
    map.set(missionId, m);
  }
  return m;
}

/**
 * Counts attempts, participants and completions (§M-11). A completion record counts as a completed
 * attempt even when its attempt's flag lags (the completion row is the proof); a record without an
 * owner is an attempt but never a participant or a completion.
 *
 * @example
 * tally([{ id: "a", missionId: "m", owuiUserId: null, startedAt: null, completed: true }], []).completions // 0
 */
export function tally(attempts: readonly AttemptRecord[], completions: readonly CompletionRecord[]): Tally {
  const byMission = new Map<string, { t: MissionTally; people: Set<string>; done: Set<string> }>();
  const people = new Set<string>();
  const proved = new Set(completions.map((c) => c.attemptId));
  for (const a of attempts) {
    const m = mission(byMission, a.missionId);
    m.t.attempts += 1;
    if (a.completed || proved.has(a.id)) m.t.completedAttempts += 1;
    const who = learnerOf(a);
    if (who) {
      m.people.add(who);
      people.add(who);
    }
  }
  for (const c of completions) {
    const who = learnerOf(c);
    if (who) mission(byMission, c.missionId).done.add(who);
  }
  const missions = [...byMission.values()]
    .map(({ t, people: p, done }) => ({ ...t, participants: p.size, completions: done.size }))
    .sort((x, y) => (x.missionId < y.missionId ? -1 : x.missionId > y.missionId ? 1 : 0));
  return {
    missions,
    attempts: missions.reduce((n, m) => n + m.attempts, 0),
    completedAttempts: missions.reduce((n, m) => n + m.completedAttempts, 0),
    participants: people.size,
    completions: missions.reduce((n, m) => n + m.completions, 0),
  };
}

/** Orders completions so the first that counts comes first: earliest time (unknown last), then attempt id. */
export function compareCompletions(x: CompletionRecord, y: CompletionRecord): number {
  const tx = x.completedAt?.getTime() ?? Number.POSITIVE_INFINITY;
  const ty = y.completedAt?.getTime() ?? Number.POSITIVE_INFINITY;
  if (tx !== ty) return tx < ty ? -1 : 1;
  return x.attemptId < y.attemptId ? -1 : x.attemptId > y.attemptId ? 1 : 0;
}

/**
 * The completion that counts for each (learner, mission): the first by §M-11's order. Completions
 * without an owner are dropped. Keyed by `learner \u0000 mission`.
 */
export function countedCompletions(completions: readonly CompletionRecord[]): Map<string, CompletionRecord> {
  const out = new Map<string, CompletionRecord>();
  for (const c of completions) {
    const who = learnerOf(c);
    if (!who) continue;
    const key = `${who}\u0000${c.missionId}`;
    const seen = out.get(key);
    if (!seen || compareCompletions(c, seen) < 0) out.set(key, c);
  }
  return out;
}
