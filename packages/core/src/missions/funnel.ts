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

/** Each learner's attempts at each mission, records without an owner left out (§M-11). */
function attemptsByMissionAndLearner(
  attempts: readonly AttemptRecord[],
  missionIds: readonly string[] = [],
): Map<string, Map<string, AttemptRecord[]>> {
  const byMission = new Map<string, Map<string, AttemptRecord[]>>();
  for (const id of missionIds) byMission.set(id, new Map());
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
  return byMission;
}

/** How a learner reached their counted completion of a mission (§M-16). */
interface Completer {
  learnerId: string;
  /** 1-based position of the completing attempt among the learner's attempts; null if it is not among them. */
  attemptsToComplete: number | null;
  /** Counted completion time − first attempt's start, in ms; null when either is unknown. */
  timeToCompleteMs: number | null;
}

function completersOf(missionId: string, people: Map<string, AttemptRecord[]>, counted: Map<string, CompletionRecord>): Completer[] {
  const out: Completer[] = [];
  for (const [who, list] of people) {
    const done = counted.get(`${who}\u0000${missionId}`);
    if (!done) continue;
    list.sort(compareAttempts);
    const index = list.findIndex((a) => a.id === done.attemptId);
    const first = list[0]?.startedAt;
    out.push({
      learnerId: who,
      attemptsToComplete: index >= 0 ? index + 1 : null,
      timeToCompleteMs: first && done.completedAt ? Math.max(0, done.completedAt.getTime() - first.getTime()) : null,
    });
  }
  return out;
}

/**
 * For each learner who completed `missionId`, the 1-based position of the attempt holding their
 * counted completion among their attempts by start (§M-16: attempts to complete).
 */
export function attemptsToComplete(
  missionId: string,
  attempts: readonly AttemptRecord[],
  completions: readonly CompletionRecord[],
): Map<string, number> {
  const people = attemptsByMissionAndLearner(attempts).get(missionId) ?? new Map();
  const out = new Map<string, number>();
  for (const c of completersOf(missionId, people, countedCompletions(completions))) {
    if (c.attemptsToComplete !== null) out.set(c.learnerId, c.attemptsToComplete);
  }
  return out;
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
  const counted = countedCompletions(completions);
  const out: MissionFunnel[] = [];
  for (const [missionId, people] of attemptsByMissionAndLearner(attempts, options.missionIds)) {
    const completers = completersOf(missionId, people, counted);
    const started = people.size;
    const completed = completers.length;
    out.push({
      missionId,
      notStarted: options.knownLearners === undefined ? null : Math.max(0, options.knownLearners - started),
      started,
      completed,
      completionRate: started === 0 ? 0 : (completed / started) * 100,
      medianAttemptsToComplete: median(completers.flatMap((c) => c.attemptsToComplete ?? [])),
      medianTimeToCompleteMs: median(completers.flatMap((c) => c.timeToCompleteMs ?? [])),
    });
  }
  return out.sort((x, y) => (x.missionId < y.missionId ? -1 : x.missionId > y.missionId ? 1 : 0));
}
