import { type AttemptRecord, type CompletionRecord, countedCompletions, learnerOf } from "./counting";

/** Per-mission funnel figures for challenge results (docs/product/missions.md §M-16). */
export interface MissionFunnel {
  missionId: string;
  /** Known learners with no attempt at the mission (null when the number of known learners is not given). */
  notStarted: number | null;
  /** Learners with at least one attempt. */
  started: number;
  /** Learners who completed it. */
  completed: number;
  /** completed / started × 100, 0 when nobody started. */
  completionRate: number;
  /** Median over completing learners of the 1-based position of their counted completion among their attempts. */
  medianAttemptsToComplete: number | null;
  /** Median over completing learners of (counted completion time − their first attempt's start), in ms. */
  medianTimeToCompleteMs: number | null;
}

/** The median of numbers (mean of the middle two for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

const startMs = (a: AttemptRecord) => a.startedAt?.getTime() ?? Number.POSITIVE_INFINITY;

/** Attempt order within a learner's mission (§M-16): start time (unknown last), then id. */
export function compareAttempts(x: AttemptRecord, y: AttemptRecord): number {
  const sx = startMs(x);
  const sy = startMs(y);
  if (sx !== sy) return sx < sy ? -1 : 1;
  return x.id < y.id ? -1 : x.id > y.id ? 1 : 0;
}

/**
 * Funnel per mission (§M-16), for every mission with an attempt or listed in `missionIds`.
 * Records without an owner are left out (§M-11). `knownLearners` is the number of all known learners.
 */
export function missionFunnels(
  attempts: readonly AttemptRecord[],
  completions: readonly CompletionRecord[],
  options: { missionIds?: readonly string[]; knownLearners?: number } = {},
): MissionFunnel[] {
  const byMission = new Map<string, Map<string, AttemptRecord[]>>();
  for (const id of options.missionIds ?? []) byMission.set(id, new Map());
  for (const a of attempts) {
    const who = learnerOf(a);
    if (!who) continue;
    let people = byMission.get(a.missionId);
    if (!people) {
      people = new Map();
      byMission.set(a.missionId, people);
    }
    const list = people.get(who);
    if (list) list.push(a);
    else people.set(who, [a]);
  }
  const counted = countedCompletions(completions);
  const out: MissionFunnel[] = [];
  for (const [missionId, people] of byMission) {
    const tries: number[] = [];
    const times: number[] = [];
    let completed = 0;
    for (const [who, list] of people) {
      const done = counted.get(`${who}\u0000${missionId}`);
      if (!done) continue;
      completed += 1;
      list.sort(compareAttempts);
      const index = list.findIndex((a) => a.id === done.attemptId);
      if (index >= 0) tries.push(index + 1);
      const first = list[0]?.startedAt;
      if (first && done.completedAt) times.push(Math.max(0, done.completedAt.getTime() - first.getTime()));
    }
    const started = people.size;
    out.push({
      missionId,
      notStarted: options.knownLearners === undefined ? null : Math.max(0, options.knownLearners - started),
      started,
      completed,
      completionRate: started === 0 ? 0 : (completed / started) * 100,
      medianAttemptsToComplete: median(tries),
      medianTimeToCompleteMs: median(times),
    });
  }
  return out.sort((x, y) => (x.missionId < y.missionId ? -1 : x.missionId > y.missionId ? 1 : 0));
}
