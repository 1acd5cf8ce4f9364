// The write side of scoring (docs/product/missions.md §M-12..M-15): score adjustments, the rank
// table, board freezes and a rebuild of the standings. Every write is audited; an adjustment
// updates that learner's standings in its own transaction.
import {
  ADJUSTMENT_REASON_MAX,
  adjustmentProblems,
  buildAuditEntry,
  JOB_LEASES,
  NotFoundError,
  PageInputSchema,
  RuleViolationError,
  rankTableProblems,
  toPage,
} from "@missionboard/core";
import {
  currentJobRun,
  findLearner,
  insertAdjustment,
  insertAuditEntry,
  listAdjustmentsPage,
  listJobRuns,
  loadBoardFreezes,
  loadRankTable,
  missionWeeks,
  replaceRankTable,
  searchLearners,
  setBoardFreeze,
  standingCounts,
} from "@missionboard/db";
import { z } from "zod";
import type { Context } from "../context";
import { jobView } from "../services/jobs/view";
import {
  afterStandingsCommit,
  type RankUpNotices,
  rebuildStandings,
  standingsJob,
  standingsTx,
  updateStandingsFor,
} from "../services/standings";
import { authedProcedure, permissionProcedure, router } from "../trpc";

export const SCORING_ERRORS = {
  unknownLearner: "No OpenWebUI user has that id; search by name or email and pick one.",
} as const;

/** Most ranks a table may hold. */
export const RANKS_MAX = 20;

const LearnerIdSchema = z
  .string("Choose a learner.")
  .trim()
  .min(1, "Choose a learner.")
  .max(200, "A learner id is at most 200 characters.");

export const AdjustInputSchema = z.object({
  learnerId: LearnerIdSchema,
  points: z.number("Points must be a whole number other than 0."),
  reason: z.string("Give a reason.").max(ADJUSTMENT_REASON_MAX * 2, `A reason is at most ${ADJUSTMENT_REASON_MAX} characters.`),
  /** The week's board it also counts on; absent or null: the overall board only. */
  week: z.number("The week must be a whole number from 1.").nullable().optional(),
});
export type AdjustInput = z.input<typeof AdjustInputSchema>;

export const AdjustmentsInputSchema = PageInputSchema.extend({ learnerId: LearnerIdSchema.optional() });

export const LearnerSearchInputSchema = z.object({ q: z.string().trim().max(200).prefault("") });

export const SetRanksInputSchema = z.object({
  ranks: z
    .array(
      z.object({
        name: z.string("Give the rank a name.").trim().max(60, "A rank's name is at most 60 characters."),
        minPoints: z.number("Points must be a whole number."),
        reward: z.string().trim().max(200, "A reward is at most 200 characters.").nullable().optional(),
      }),
    )
    .max(RANKS_MAX, `At most ${RANKS_MAX} ranks.`),
});
export type SetRanksInput = z.input<typeof SetRanksInputSchema>;

export const SetFreezeInputSchema = z.object({
  /** `overall` or a week number. */
  board: z.union([z.literal("overall"), z.number().int().min(1)], "Choose a board."),
  /** Learners see the board as it stood before this instant; null clears the freeze. */
  freezeAt: z.date("Enter a date and time.").nullable(),
});
export type SetFreezeInput = z.input<typeof SetFreezeInputSchema>;

const boardSettingKey = (board: "overall" | number) => (board === "overall" ? "overall" : `week:${board}`);

const noticesOf = (ctx: Pick<Context, "settings" | "mail">): RankUpNotices => ({ settings: ctx.settings, mail: ctx.mail });

/** The field an adjustment problem is about (core words them; the form shows them next to the field). */
function adjustmentField(problem: string): string {
  if (problem.startsWith("Points")) return "points";
  if (problem.startsWith("The week")) return "week";
  return "reason";
}

export const scoringRouter = router({
  /** The rank table, lowest first (every signed-in user: the learner pages show it). */
  ranks: authedProcedure.query(({ ctx }) => ctx.db.read(loadRankTable)),

  /**
   * What the scoring admin page shows: every board (overall and each week with missions) with its
   * freeze, the rows stored per board view, and the analytics job running now or the last rebuild.
   */
  overview: permissionProcedure("scoring.manage").query(async ({ ctx }) => {
    return ctx.db.read(async (c) => {
      const freezes = await loadBoardFreezes(c);
      const freezeOf = (key: string) => freezes.find((f) => f.board === key)?.freezeAt ?? null;
      const weeks = await missionWeeks(c);
      const running = await currentJobRun(c, JOB_LEASES.standings, ctx.now());
      const [lastRebuild] = await listJobRuns(c, { kinds: ["standings"], limit: 1 });
      return {
        boards: [
          { board: "overall" as const, label: "Overall", freezeAt: freezeOf("overall") },
          ...weeks.map((week) => ({ board: week, label: `Week ${week}`, freezeAt: freezeOf(`week:${week}`) })),
        ],
        stored: await standingCounts(c),
        running: running ? jobView(running) : null,
        lastRebuild: lastRebuild ? jobView(lastRebuild) : null,
      };
    });
  }),

  /** OpenWebUI users whose id, name or email contains `q`, for picking a learner (at most 20). */
  learners: permissionProcedure("scoring.manage")
    .input(LearnerSearchInputSchema)
    .query(({ ctx, input }) => ctx.db.read((c) => searchLearners(c, input.q))),

  /** Adjustments newest first, of everyone or one learner. */
  adjustments: permissionProcedure("scoring.manage")
    .input(AdjustmentsInputSchema.prefault({}))
    .query(async ({ ctx, input }) => {
      const { rows, total } = await ctx.db.read((c) => listAdjustmentsPage(c, input, input.learnerId ?? null));
      return toPage(rows, total, input);
    }),

  /**
   * Adds points to (or takes them from) a learner with a reason (§M-12); audited, and that
   * learner's standings (and their neighbours' positions) updated in the same transaction, which
   * waits for a standings rebuild in progress to commit first (standingsTx).
   */
  adjust: permissionProcedure("scoring.manage")
    .input(AdjustInputSchema)
    .mutation(async ({ ctx, input }) => {
      const week = input.week ?? null;
      const problems = adjustmentProblems({ points: input.points, reason: input.reason, week });
      const [first] = problems;
      if (first) throw new RuleViolationError(first, adjustmentField(first));
      const notices = noticesOf(ctx);
      const now = ctx.now();
      const result = await standingsTx(ctx.db, async (c) => {
        const learner = await findLearner(c, input.learnerId);
        if (!learner) throw new NotFoundError(SCORING_ERRORS.unknownLearner);
        const id = await insertAdjustment(
          c,
          { learnerId: learner.id, points: input.points, reason: input.reason, week, createdBy: ctx.user.id },
          now,
        );
        await insertAuditEntry(
          c,
          buildAuditEntry(
            {
              actorId: ctx.user.id,
              action: "score.adjusted",
              entityType: "score_adjustment",
              entityId: id,
              metadata: { learnerId: learner.id, points: input.points, week, reason: input.reason.trim() },
              requestId: ctx.requestId,
            },
            now,
          ),
        );
        const standings = await updateStandingsFor(c, [learner.id], now, notices);
        return { id, learnerId: learner.id, rankUps: standings.rankUps.map((u) => u.to.name), notified: standings.notified };
      });
      afterStandingsCommit(result, notices);
      return result;
    }),

  /** Replaces the rank table (§M-14); ranks apply at once (positions do not depend on them). Audited. */
  setRanks: permissionProcedure("scoring.manage")
    .input(SetRanksInputSchema)
    .mutation(async ({ ctx, input }) => {
      const ranks = input.ranks.map((r) => ({ name: r.name, minPoints: r.minPoints, reward: r.reward?.trim() || null }));
      const [first] = rankTableProblems(ranks);
      if (first) throw new RuleViolationError(first, "ranks");
      const now = ctx.now();
      await ctx.db.tx(async (c) => {
        await replaceRankTable(c, ranks, now);
        await insertAuditEntry(
          c,
          buildAuditEntry(
            {
              actorId: ctx.user.id,
              action: "ranks.updated",
              entityType: "rank_table",
              entityId: null,
              metadata: { ranks: ranks.map((r) => `${r.name} ${r.minPoints}`).join(", ") },
              requestId: ctx.requestId,
            },
            now,
          ),
        );
      });
      return { ranks };
    }),

  /**
   * Sets or clears a board's freeze (§M-13) and rebuilds the standings in the same transaction
   * (the stored views change). Audited.
   */
  setFreeze: permissionProcedure("scoring.manage")
    .input(SetFreezeInputSchema)
    .mutation(async ({ ctx, input }) => {
      const key = boardSettingKey(input.board);
      const notices = noticesOf(ctx);
      const now = ctx.now();
      const result = await standingsTx(ctx.db, async (c) => {
        await setBoardFreeze(c, key, input.freezeAt, ctx.user.id, now);
        await insertAuditEntry(
          c,
          buildAuditEntry(
            {
              actorId: ctx.user.id,
              action: "board.freeze_set",
              entityType: "board",
              entityId: key,
              metadata: { board: key, freezeAt: input.freezeAt ? input.freezeAt.toISOString() : "cleared" },
              requestId: ctx.requestId,
            },
            now,
          ),
        );
        return rebuildStandings(c, now, notices);
      });
      afterStandingsCommit(result, notices);
      return { board: key, freezeAt: input.freezeAt, rows: result.rows };
    }),

  /**
   * Starts a rebuild of the standings as a job (kind `standings`, analytics lease: refused while a
   * reload or another analytics job runs, with a message naming it). Audited with the run id.
   */
  rebuild: permissionProcedure("scoring.manage").mutation(async ({ ctx }) => {
    const job = standingsJob({
      triggeredBy: ctx.user.id,
      notices: noticesOf(ctx),
      begin: async (conn, run) => {
        await insertAuditEntry(
          conn,
          buildAuditEntry(
            {
              actorId: ctx.user.id,
              action: "standings.rebuilt",
              entityType: "job",
              entityId: run.id,
              metadata: {},
              requestId: ctx.requestId,
            },
            run.startedAt,
          ),
        );
      },
    });
    const { runId } = await ctx.jobs.start(job);
    return { runId };
  }),
});
