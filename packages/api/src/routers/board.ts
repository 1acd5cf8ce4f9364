// The learner-facing boards: the leaderboard (everyone signed in) and "My missions" (the signed-in
// account's own learner). Both only read stored standings rows (docs/product/missions.md §M-15);
// names follow §M-17 (staff see real names, others what each learner chose), ranks §M-14.
import {
  type Board,
  type BoardView,
  boardKey,
  boardName,
  can,
  effectiveFreeze,
  PageInputSchema,
  type RankThreshold,
  type Role,
  rankFor,
  viewFor,
} from "@missionboard/core";
import {
  type BoardRow,
  boardPage,
  boardPointsOf,
  boardRowCount,
  boardRowCounts,
  boardRowOf,
  boardWeeks,
  type Conn,
  learnerAdjustments,
  learnerAttemptsPage,
  learnerBoardRows,
  learnerMissions,
  learnerOfAccount,
  loadBoardFreezes,
  loadRankTable,
} from "@missionboard/db";
import { z } from "zod";
import { learnerCreditFigures } from "../services/credits/campaign-state";
import { cachedDashboard } from "../services/dashboard-cache";
import { authedProcedure, router } from "../trpc";

/** `overall` or a week number, as the leaderboard's `?board=` carries it. */
export const BoardParamSchema = z
  .string()
  .trim()
  .regex(/^(overall|[1-9]\d{0,3})$/, "Choose the overall board or a week.")
  .default("overall");

export const LeaderboardInputSchema = PageInputSchema.extend({ board: BoardParamSchema });
export type LeaderboardInput = z.input<typeof LeaderboardInputSchema>;

/** My missions: the page of the learner's own attempts. */
export const MyMissionsInputSchema = PageInputSchema;

const boardOf = (param: string): Board => (param === "overall" ? { kind: "overall" } : { kind: "week", week: Number(param) });

/** Staff (analytics.read) read boards live with real names; everyone else as a learner (§M-13, §M-17). */
const viewerOf = (role: Role): BoardView["viewer"] => (can(role, "analytics.read") ? "staff" : "learner");

const rankOf = (points: number, ranks: readonly RankThreshold[]) => {
  const r = rankFor(points, ranks);
  return { name: r.rank.name, level: r.level };
};

/** What a viewer may see of a row: never a learner id, an email or a name the learner did not choose. */
function publicRow(row: BoardRow, viewer: BoardView["viewer"], overallPoints: number, ranks: readonly RankThreshold[], me: string | null) {
  const account = row.accountId ? { name: row.accountName ?? "", style: row.nameStyle ?? "alias" } : null;
  return {
    position: row.position,
    name: boardName({ learnerId: row.learnerId, account, owuiName: row.owuiName }, viewer),
    points: row.points,
    completions: row.completions,
    attempts: row.attempts,
    rank: rankOf(overallPoints, ranks),
    isMe: row.learnerId === me,
  };
}

const boardSettings = async (c: Conn) => ({ freezes: await loadBoardFreezes(c), ranks: await loadRankTable(c) });

export const boardRouter = router({
  /** A page of one board as the viewer sees it, the viewer's own row even when off the page, and the weeks with boards. */
  leaderboard: authedProcedure.input(LeaderboardInputSchema.prefault({})).query(async ({ ctx, input }) => {
    const { page, pageSize, board: param } = input;
    const viewer = viewerOf(ctx.user.role);
    // What every viewer of this kind sees on this page is kept with the dashboards' stamp, which the
    // standings, names, missions, freezes and rank table all bump; only the viewer's own row is read per request.
    const shared = await cachedDashboard(ctx.db, `board.leaderboard:${JSON.stringify([viewer, param, page, pageSize])}`, async (c) => {
      const { freezes, ranks } = await boardSettings(c);
      const view = viewFor(boardOf(param), freezes, viewer);
      const key = boardKey(view);
      const overallKey = boardKey(viewFor({ kind: "overall" }, freezes, viewer));
      const rows = await boardPage(c, key, { page, pageSize });
      return {
        ranks,
        key,
        overallKey,
        frozenAt: effectiveFreeze(view),
        rows,
        overall:
          key === overallKey
            ? new Map(rows.map((r) => [r.learnerId, r.points]))
            : await boardPointsOf(
                c,
                overallKey,
                rows.map((r) => r.learnerId),
              ),
        total: await boardRowCount(c, key),
        weeks: await boardWeeks(c),
      };
    });
    const { ranks, key, overallKey, rows, overall, total } = shared;
    const { learner, mine, mineOverall } = await ctx.db.read(async (c) => {
      const learner = await learnerOfAccount(c, ctx.user.id);
      const mine = learner && !rows.some((r) => r.learnerId === learner.id) ? await boardRowOf(c, key, learner.id) : null;
      const mineOverall = !mine
        ? null
        : key === overallKey
          ? mine.points
          : ((await boardPointsOf(c, overallKey, [mine.learnerId])).get(mine.learnerId) ?? 0);
      return { learner, mine, mineOverall };
    });
    const shown = (r: BoardRow, overallPoints: number) => publicRow(r, viewer, overallPoints, ranks, learner?.id ?? null);
    return {
      board: param,
      weeks: shared.weeks,
      viewer,
      frozenAt: shared.frozenAt,
      rows: rows.map((r) => shown(r, overall.get(r.learnerId) ?? 0)),
      /** The viewer's row when it is not on this page (null when on it, or not on the board). */
      myRow: mine ? shown(mine, mineOverall ?? 0) : null,
      linked: learner !== null,
      total,
      page,
      pageSize,
      pageCount: Math.max(1, Math.ceil(total / pageSize)),
    };
  }),

  /** The signed-in account's own missions, points, rank and positions; `linked: false` when no OpenWebUI user is linked. */
  me: authedProcedure.input(MyMissionsInputSchema.prefault({})).query(async ({ ctx, input }) => {
    const viewer = viewerOf(ctx.user.role);
    // The boards, their views and sizes are the same for every viewer of a kind: kept with the
    // dashboards' stamp (counting every board's rows was the page's dearest query).
    const shared = await cachedDashboard(ctx.db, `board.me:${viewer}`, async (c) => {
      const { freezes, ranks } = await boardSettings(c);
      const weeks = await boardWeeks(c);
      const boards: Board[] = [{ kind: "overall" }, ...weeks.map((week): Board => ({ kind: "week", week }))];
      const views = boards.map((board) => ({ board, view: viewFor(board, freezes, viewer) }));
      return {
        ranks,
        views,
        sizes: await boardRowCounts(
          c,
          views.map(({ view }) => boardKey(view)),
        ),
      };
    });
    const { page, pageSize } = input;
    // The learner's own answer reads only tables the stamp covers (their link, standings, missions,
    // attempts, adjustments, credit rows), so it is kept too, under their account id, in the
    // learners' pool: a learner reloading their page reads one stamp.
    return cachedDashboard(
      ctx.db,
      `board.me:${viewer}:${ctx.user.id}:${page}:${pageSize}`,
      async (c) => {
        const { ranks, views, sizes } = shared;
        const learner = await learnerOfAccount(c, ctx.user.id);
        if (!learner) return { linked: false as const };
        const onBoards = new Map((await learnerBoardRows(c, learner.id)).map((r) => [r.board, r]));
        const positions = views.map(({ board, view }) => {
          const key = boardKey(view);
          const row = onBoards.get(key);
          return {
            board: board.kind === "overall" ? "overall" : String(board.week),
            week: board.kind === "week" ? board.week : null,
            frozenAt: effectiveFreeze(view),
            position: row?.position ?? null,
            points: row?.points ?? 0,
            of: row ? (sizes.get(key) ?? 0) : null,
          };
        });
        const overall = positions[0];
        const points = overall?.points ?? 0;
        // Ranks follow detected or official points as the campaign setting says (credits.md §C-7).
        const credits = await learnerCreditFigures(c, ctx.user.id, points);
        const standing = rankFor(credits.rank.points, ranks);
        const missions = await learnerMissions(c, learner.id);
        const byWeek = new Map<number | null, typeof missions>();
        for (const m of missions) byWeek.set(m.week, [...(byWeek.get(m.week) ?? []), m]);
        const attempts = await learnerAttemptsPage(c, learner.id, { page, pageSize });
        return {
          linked: true as const,
          points,
          /** Both figures (credits.md §C-7): detected (the boards' points) and official (null before a credit list). */
          credits: { detectedPoints: points, officialPoints: credits.officialPoints, rankSource: credits.rankSource },
          /** The points the rank is read from (detected or official, per the campaign setting). */
          rankPoints: credits.rank.points,
          frozenAt: overall?.frozenAt ?? null,
          rank: { name: standing.rank.name, level: standing.level, reward: standing.rank.reward ?? null },
          nextRank: standing.next
            ? { name: standing.next.name, minPoints: standing.next.minPoints, reward: standing.next.reward ?? null }
            : null,
          pointsToNext: standing.pointsToNext,
          /** Where the current rank starts, so a progress bar runs from it to the next. */
          rankFloor: standing.rank.minPoints,
          positions,
          weeks: [...byWeek].map(([week, list]) => ({
            week,
            missions: list.map((m) => ({
              missionId: m.missionId,
              name: m.name,
              difficulty: m.difficulty,
              points: m.status === "completed" ? (m.pointsSnapshot ?? 0) : m.missionPoints,
              status: m.status,
              attempts: m.attempts,
              completedAt: m.completedAt,
            })),
          })),
          adjustments: (await learnerAdjustments(c, learner.id)).map(({ id: _id, ...a }) => a),
          attempts: {
            items: attempts.rows.map((a) => ({ ...a, href: `/missions/chats/${encodeURIComponent(a.chatId)}` })),
            total: attempts.total,
            page,
            pageSize,
            pageCount: Math.max(1, Math.ceil(attempts.total / pageSize)),
          },
        };
      },
      "learners",
    );
  }),
});
