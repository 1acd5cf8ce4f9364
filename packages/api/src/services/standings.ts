// Keeping the stored standings up to date (docs/product/missions.md §M-12..M-15): a full rebuild
// (the jobs that change completions, a freeze, the admin's "Rebuild standings") and the
// incremental path for a few learners (an adjustment), with rank-up notifications written in the
// same transaction. Everything here runs in a standings transaction ({@link standingsTx}).
import {
  applyStandingsChange,
  boardKey,
  buildStandings,
  pointsByLearner,
  type RankThreshold,
  type RankUp,
  rankUps,
  type StandingRow,
  storedViews,
  type Tally,
  tally,
} from "@missionboard/core";
import {
  type Conn,
  linkedAccounts,
  loadBoardFreezes,
  loadRankTable,
  loadScoringData,
  lockStandings,
  replaceStandings,
  type Store,
  standingRowsOf,
  writeBoardChange,
} from "@missionboard/db";
import type { AppSettings, MailDispatch } from "../context";
import type { DataArea, JobContext, JobDefinition } from "./jobs/runner";
import { evaluateMissionBadges, type MissionBadgeResult } from "./mission-badges";
import { notifyUser } from "./notify";

/**
 * What rank-up notices need beyond the database: the app's URL for the email's link, and the mail
 * sender to wake once the transaction committed. Without it (scripts, tests) the notices are
 * still written, with a link relative to the app.
 */
export interface RankUpNotices {
  settings: Pick<AppSettings, "appUrl">;
  mail?: MailDispatch;
}

const OVERALL = "overall";
/** Where a rank-up notice sends the learner. */
export const RANK_UP_LINK = "/missions/me";

export interface StandingsResult {
  /** Rows written (rebuild) or changed (incremental). */
  rows: number;
  /** Board views stored. */
  boards: number;
  learners: number;
  rankUps: RankUp[];
  /** Learners told of a rank-up (those whose OpenWebUI user is linked to an account). */
  notified: number;
}

export interface RebuildResult extends StandingsResult {
  /** The §M-11 counts of the records the standings were built from (the ingest summary's). */
  tally: Tally;
}

/** The title and body of a rank-up notice. */
export function rankUpNotice(up: RankUp): { title: string; body: string } {
  const reward = up.to.reward?.trim();
  return {
    title: `You reached ${up.to.name}`,
    body: `You have ${up.points} points.${reward ? ` Your reward: ${reward}.` : ""}`,
  };
}

/** Notifies the linked learners among `ups` (in-app, and by email unless they opted out). */
async function notifyRankUps(conn: Conn, ups: readonly RankUp[], now: Date, notices?: RankUpNotices): Promise<number> {
  if (ups.length === 0) return 0;
  const accounts = await linkedAccounts(
    conn,
    ups.map((u) => u.learnerId),
  );
  const settings = notices?.settings ?? { appUrl: "" };
  let notified = 0;
  for (const up of ups) {
    const userId = accounts.get(up.learnerId);
    if (!userId) continue;
    await notifyUser(conn, settings, { userId, kind: "rank_up", ...rankUpNotice(up), link: RANK_UP_LINK }, now);
    notified++;
  }
  return notified;
}

/**
 * store.tx for a transaction that writes standings: its first statement waits for any other
 * standings writer (db lockStandings), so a rebuild and an adjustment never interleave and neither
 * writes figures computed before the other committed (ADR 022, Consequences).
 */
export function standingsTx<T>(store: Store, fn: (conn: Conn) => Promise<T>): Promise<T> {
  return store.tx(async (conn) => {
    await lockStandings(conn);
    return fn(conn);
  });
}

/**
 * Rebuilds every stored board view from the records (core buildStandings over storedViews),
 * replacing the table's rows, and notifies the rank-ups on the overall board's live points.
 * Call `notices.mail.afterCommit()` after the transaction (see {@link afterStandingsCommit}).
 */
export async function rebuildStandings(conn: Conn, now: Date, notices?: RankUpNotices): Promise<RebuildResult> {
  // Already held in a standingsTx (the lock is re-entrant); this keeps any other caller safe too.
  await lockStandings(conn);
  const data = await loadScoringData(conn);
  const views = storedViews(data.missions, await loadBoardFreezes(conn));
  const before = pointsByLearner(await standingRowsOf(conn, OVERALL));
  const rows = buildStandings(data, views);
  await replaceStandings(conn, rows, now);
  const ranks = await loadRankTable(conn);
  const after = pointsByLearner(rows.filter((r) => r.board === OVERALL));
  const ups = rankUps(before, after, ranks);
  return {
    rows: rows.length,
    boards: views.length,
    learners: after.size,
    rankUps: ups,
    notified: await notifyRankUps(conn, ups, now, notices),
    tally: tally(data.attempts, data.completions),
  };
}

/**
 * Recomputes only `learnerIds` from their records on every stored view (core
 * applyStandingsChange): everyone else keeps their figures, the boards are re-ordered and only
 * the rows that differ are written. For a change that leaves the set of boards as it is (an
 * adjustment); new missions or freezes need {@link rebuildStandings}.
 */
export async function updateStandingsFor(
  conn: Conn,
  learnerIds: readonly string[],
  now: Date,
  notices?: RankUpNotices,
): Promise<StandingsResult> {
  await lockStandings(conn);
  const changed = new Set(learnerIds);
  const data = await loadScoringData(conn, [...changed]);
  const views = storedViews(data.missions, await loadBoardFreezes(conn));
  let written = 0;
  let before = new Map<string, number>();
  let after = new Map<string, number>();
  for (const view of views) {
    const key = boardKey(view);
    const previous = await standingRowsOf(conn, key);
    const change = applyStandingsChange(previous, data, view, changed);
    await writeBoardChange(conn, key, change, now);
    written += change.upserts.length + change.deletes.length;
    if (key === OVERALL) {
      const mine = (rows: readonly StandingRow[]) => pointsByLearner(rows.filter((r) => changed.has(r.learnerId)));
      before = mine(previous);
      after = mine([...previous.filter((r) => !change.deletes.includes(r.learnerId)), ...change.upserts]);
    }
  }
  const ranks: RankThreshold[] = await loadRankTable(conn);
  const ups = rankUps(before, after, ranks);
  return {
    rows: written,
    boards: views.length,
    learners: changed.size,
    rankUps: ups,
    notified: await notifyRankUps(conn, ups, now, notices),
  };
}

/** Wakes the mail sender when a standings change notified someone (after its transaction committed). */
export function afterStandingsCommit(result: Pick<StandingsResult, "notified">, notices?: RankUpNotices): void {
  if (result.notified > 0) notices?.mail?.afterCommit();
}

/**
 * The last phase of a job that changed attempts or completions (a reload, a re-detection, a
 * re-score): the standings rebuilt in one transaction under the job's lease, so no page reads
 * standings that disagree with the records. The mission rules are evaluated in the same
 * transaction (ADR 029): badges the completions now satisfy are awarded, and mission awards whose
 * completion disappeared are flagged. It leaves the job's progress as the main phase left it (its
 * counts are what the run row keeps); it takes about as long as one batch.
 */
export async function standingsPhase(job: JobContext, notices?: RankUpNotices): Promise<RebuildResult & { badges: MissionBadgeResult }> {
  const result = await standingsTx(job.store, async (conn) => {
    await job.lease.renewIn(conn, job.now());
    const rebuilt = await rebuildStandings(conn, job.now(), notices);
    const badges = await evaluateMissionBadges(
      conn,
      job.now(),
      { settings: notices?.settings ?? { appUrl: "" }, requestId: null },
      { flagMissing: true },
    );
    return { ...rebuilt, badges };
  });
  afterStandingsCommit(result, notices);
  if (result.badges.notified && result.notified === 0) notices?.mail?.afterCommit();
  job.changed("points");
  return result;
}

/**
 * A job context that remembers what the job said it changed, so its last phase knows whether the
 * standings must follow (the runner only tells listeners, after the job).
 */
export function watchChanges(job: JobContext): { job: JobContext; touched: ReadonlySet<DataArea> } {
  const touched = new Set<DataArea>();
  const watched: JobContext = {
    runId: job.runId,
    kind: job.kind,
    store: job.store,
    now: job.now,
    lease: job.lease,
    signal: job.signal,
    progress: (update, conn) => job.progress(update, conn),
    changed: (...areas) => {
      for (const a of areas) touched.add(a);
      job.changed(...areas);
    },
  };
  return { job: watched, touched };
}

/** Whether a job's changes move scores: attempts, completions or their points. */
export const changesScores = (touched: ReadonlySet<DataArea>): boolean =>
  touched.has("attempts") || touched.has("completions") || touched.has("points");

export interface StandingsJobResult {
  rows: number;
  boards: number;
  learners: number;
  rankUps: number;
  durationMs: number;
}

/** The admin's "Rebuild standings" (kind `standings`, analytics lease: no reload runs meanwhile). */
export function standingsJob(
  options: { triggeredBy?: string | null; notices?: RankUpNotices; begin?: JobDefinition<unknown>["begin"] } = {},
): JobDefinition<StandingsJobResult> {
  return {
    kind: "standings",
    triggeredBy: options.triggeredBy ?? null,
    begin: options.begin,
    async run(job) {
      const started = job.now();
      await job.progress({ processed: 0, total: null, phase: "standings" });
      const r = await standingsPhase(job, options.notices);
      return {
        rows: r.rows,
        boards: r.boards,
        learners: r.learners,
        rankUps: r.rankUps.length,
        durationMs: Math.max(0, job.now().getTime() - started.getTime()),
      };
    },
    summarise: (r) => ({ rows: r.rows, boards: r.boards, learners: r.learners, rankUps: r.rankUps }),
  };
}

/** Rebuilds the standings now in one transaction (benchmarks, the demo seed). */
export async function rebuildStandingsNow(store: Store, now: () => Date, notices?: RankUpNotices): Promise<RebuildResult> {
  const result = await standingsTx(store, (conn) => rebuildStandings(conn, now(), notices));
  afterStandingsCommit(result, notices);
  return result;
}
