import { type AttemptRecord, type CompletionRecord, countedCompletions, learnerOf } from "./counting";

/**
 * Scores, leaderboards and standings rows (docs/product/missions.md §M-12, §M-13, §M-15).
 * Pure: the caller loads the records; nothing here reads transcripts, the clock or the database.
 */

/** What a board needs of a mission. */
export interface MissionWeek {
  id: string;
  week: number | null;
}

/** A signed change to a learner's score, entered by an admin with a reason (§M-12). */
export interface ScoreAdjustment {
  id: string;
  learnerId: string;
  points: number;
  reason: string;
  at: Date;
  /** The week's board it also counts on; null counts only on the overall board. */
  week?: number | null;
}

export interface ScoringData {
  missions: readonly MissionWeek[];
  attempts: readonly AttemptRecord[];
  completions: readonly CompletionRecord[];
  adjustments: readonly ScoreAdjustment[];
}

export type Board = { kind: "overall" } | { kind: "week"; week: number };

export interface BoardView {
  board: Board;
  /** After this instant learners see the board as it stood (§M-13); staff always see it live. */
  freezeAt?: Date | null;
  viewer: "learner" | "staff";
}

/** A learner's figures on one board. */
export interface LearnerTotal {
  learnerId: string;
  points: number;
  /** Distinct missions completed in the board's scope. */
  completions: number;
  attempts: number;
  /** When the learner reached `points`: the latest counted non-zero item; null if unknown or none. */
  reachedAt: Date | null;
}

export interface StandingRow extends LearnerTotal {
  /** boardKey of the view the row belongs to. */
  board: string;
  /** 1-based; learners equal on points, reachedAt and attempts share a position. */
  position: number;
}

/** The freeze that applies to a view: none for staff (§M-13). */
export function effectiveFreeze(view: BoardView): Date | null {
  return view.viewer === "staff" ? null : (view.freezeAt ?? null);
}

/** A stable key for a view's rows: `overall`, `week:3`, plus `@<freeze ISO>` when a freeze applies. */
export function boardKey(view: BoardView): string {
  const base = view.board.kind === "overall" ? "overall" : `week:${view.board.week}`;
  const freeze = effectiveFreeze(view);
  return freeze ? `${base}@${freeze.toISOString()}` : base;
}

/** Whether an item at `at` counts under a freeze: strictly before it; an unknown time never does. */
function beforeFreeze(at: Date | null, freeze: Date | null): boolean {
  if (!freeze) return true;
  return at !== null && at.getTime() < freeze.getTime();
}

interface Acc {
  points: number;
  completions: number;
  attempts: number;
  /** ms; +Infinity when some counted item has no time; -Infinity when there is none yet. */
  reached: number;
}

/**
 * Each learner's figures on a board (§M-12): points of the distinct missions completed in scope
 * (the counted completion's snapshot; no snapshot = 0) plus the adjustments in scope. Only learners
 * with an attempt, a completion or an adjustment in scope appear. `only` limits the learners computed.
 */
export function learnerTotals(data: ScoringData, view: BoardView, only?: ReadonlySet<string>): LearnerTotal[] {
  const freeze = effectiveFreeze(view);
  const board = view.board;
  const inScope = new Set(data.missions.filter((m) => board.kind === "overall" || m.week === board.week).map((m) => m.id));
  const acc = new Map<string, Acc>();
  const get = (id: string) => {
    let a = acc.get(id);
    if (!a) {
      a = { points: 0, completions: 0, attempts: 0, reached: Number.NEGATIVE_INFINITY };
      acc.set(id, a);
    }
    return a;
  };
  const reach = (a: Acc, at: Date | null) => {
    a.reached = Math.max(a.reached, at ? at.getTime() : Number.POSITIVE_INFINITY);
  };
  for (const t of data.attempts) {
    const who = learnerOf(t);
    if (!who || (only && !only.has(who)) || !inScope.has(t.missionId) || !beforeFreeze(t.startedAt, freeze)) continue;
    get(who).attempts += 1;
  }
  const visible = data.completions.filter((c) => inScope.has(c.missionId) && beforeFreeze(c.completedAt, freeze));
  for (const c of countedCompletions(visible).values()) {
    const who = learnerOf(c) as string;
    if (only && !only.has(who)) continue;
    const a = get(who);
    a.completions += 1;
    const points = c.points ?? 0;
    a.points += points;
    if (points !== 0) reach(a, c.completedAt);
  }
  for (const adj of data.adjustments) {
    const who = adj.learnerId;
    if (only && !only.has(who)) continue;
    if (board.kind === "week" && adj.week !== board.week) continue;
    if (!beforeFreeze(adj.at, freeze)) continue;
    const a = get(who);
    a.points += adj.points;
    if (adj.points !== 0) reach(a, adj.at);
  }
  return [...acc].map(([learnerId, a]) => ({
    learnerId,
    points: a.points,
    completions: a.completions,
    attempts: a.attempts,
    reachedAt: Number.isFinite(a.reached) ? new Date(a.reached) : null,
  }));
}

const reachedMs = (t: LearnerTotal) => t.reachedAt?.getTime() ?? Number.POSITIVE_INFINITY;

/** Board order (§M-12): more points; then reached first (unknown last); then fewer attempts; then learner id. */
export function compareTotals(x: LearnerTotal, y: LearnerTotal): number {
  if (x.points !== y.points) return y.points - x.points;
  const rx = reachedMs(x);
  const ry = reachedMs(y);
  if (rx !== ry) return rx < ry ? -1 : 1;
  if (x.attempts !== y.attempts) return x.attempts - y.attempts;
  return x.learnerId < y.learnerId ? -1 : x.learnerId > y.learnerId ? 1 : 0;
}

/** Sorts totals into a board's rows with positions (ties on every rule share a position). */
export function rankTotals(board: string, totals: readonly LearnerTotal[]): StandingRow[] {
  const sorted = [...totals].sort(compareTotals);
  const rows: StandingRow[] = [];
  sorted.forEach((t, i) => {
    const prev = rows[i - 1];
    const tied = prev && prev.points === t.points && reachedMs(prev) === reachedMs(t) && prev.attempts === t.attempts;
    rows.push({ ...t, board, position: tied ? prev.position : i + 1 });
  });
  return rows;
}

/** A board as the viewer sees it, built from scratch. */
export function leaderboard(data: ScoringData, view: BoardView): StandingRow[] {
  return rankTotals(boardKey(view), learnerTotals(data, view));
}

/** Every board a data set has: overall and one per week that has missions. */
export function boardsOf(missions: readonly MissionWeek[]): Board[] {
  const weeks = [...new Set(missions.map((m) => m.week).filter((w): w is number => w !== null))].sort((a, b) => a - b);
  return [{ kind: "overall" }, ...weeks.map((week): Board => ({ kind: "week", week }))];
}

/** A board's freeze as an admin set it (board: `overall` or `week:N`). */
export interface BoardFreeze {
  board: string;
  freezeAt: Date | null;
}

const baseKey = (board: Board) => (board.kind === "overall" ? "overall" : `week:${board.week}`);

/** The view a viewer reads of a board: staff live; learners frozen when the board has a freeze (§M-13). */
export function viewFor(board: Board, freezes: readonly BoardFreeze[], viewer: BoardView["viewer"]): BoardView {
  const freezeAt = freezes.find((f) => f.board === baseKey(board))?.freezeAt ?? null;
  return { board, freezeAt, viewer };
}

/**
 * Every view the standings table stores: each board live, plus its frozen view when it has a
 * freeze, so a page reads rows and never scores (§M-15).
 */
export function storedViews(missions: readonly MissionWeek[], freezes: readonly BoardFreeze[]): BoardView[] {
  return boardsOf(missions).flatMap((board) => {
    const live = viewFor(board, freezes, "staff");
    const learner = viewFor(board, freezes, "learner");
    return learner.freezeAt ? [live, learner] : [live];
  });
}

/** Standings rows for the given views, from scratch (the rebuild job). */
export function buildStandings(data: ScoringData, views: readonly BoardView[]): StandingRow[] {
  return views.flatMap((v) => leaderboard(data, v));
}

function sameRow(x: StandingRow, y: StandingRow): boolean {
  return (
    x.position === y.position &&
    x.points === y.points &&
    x.completions === y.completions &&
    x.attempts === y.attempts &&
    (x.reachedAt?.getTime() ?? null) === (y.reachedAt?.getTime() ?? null)
  );
}

export interface StandingsChange {
  /** Rows to insert or replace (new or different from before). */
  upserts: StandingRow[];
  /** Learners whose row on this board must go (nothing left in scope). */
  deletes: string[];
}

/**
 * Applies a change to one board's stored rows (§M-15): `data` needs only the records of the
 * `changed` learners (all of theirs, after the change); everyone else keeps their stored figures,
 * the board is re-ordered and only rows that differ are returned.
 */
export function applyStandingsChange(
  previous: readonly StandingRow[],
  data: ScoringData,
  view: BoardView,
  changed: ReadonlySet<string>,
): StandingsChange {
  const key = boardKey(view);
  const fresh = learnerTotals(data, view, changed);
  const kept = previous.filter((r) => !changed.has(r.learnerId));
  const next = rankTotals(key, [...kept, ...fresh]);
  const before = new Map(previous.map((r) => [r.learnerId, r]));
  const upserts = next.filter((r) => {
    const old = before.get(r.learnerId);
    return !old || !sameRow(old, r);
  });
  const present = new Set(next.map((r) => r.learnerId));
  const deletes = previous.filter((r) => !present.has(r.learnerId)).map((r) => r.learnerId);
  return { upserts, deletes: deletes.sort() };
}

/** Longest reason an adjustment may carry. */
export const ADJUSTMENT_REASON_MAX = 500;

/** Problems with an adjustment as an admin entered it (§M-12), in words; empty when it is usable. */
export function adjustmentProblems(input: { points: number; reason: string; week?: number | null }): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(input.points) || input.points === 0) problems.push("Points must be a whole number other than 0.");
  const reason = input.reason.trim();
  if (!reason) problems.push("Give a reason.");
  else if (reason.length > ADJUSTMENT_REASON_MAX) problems.push(`A reason is at most ${ADJUSTMENT_REASON_MAX} characters.`);
  if (input.week !== undefined && input.week !== null && (!Number.isInteger(input.week) || input.week < 1)) {
    problems.push("The week must be a whole number from 1.");
  }
  return problems;
}

/** Points per learner from a board's rows, the shape rankUps compares. */
export function pointsByLearner(rows: readonly StandingRow[]): Map<string, number> {
  return new Map(rows.map((r) => [r.learnerId, r.points]));
}
