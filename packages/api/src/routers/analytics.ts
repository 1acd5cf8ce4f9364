// The staff mission dashboards (Overview, Challenge results, Missions grid) and the freshness line
// every analytics page shows. Figures come from SQL aggregates and the stored standings rows: no
// request re-reads transcripts or re-scores (docs/product/missions.md §M-11, §M-16, §M-23).
import { attemptsToComplete, boardName, JOB_LEASES, type LeaderboardNameStyle, PageInputSchema, toPage } from "@missionboard/core";
import {
  BOARD_SORTS,
  type Conn,
  completingLearnerRecords,
  currentJobRun,
  dashboardSummary,
  type JobRunRow,
  knownLearnerCount,
  LEARNER_STATUSES,
  type LearnerNames,
  listMissionRows,
  type MissionRow,
  missionGridPage,
  missionLearnerStatuses,
  recentReloadJobs,
  standingsPage,
} from "@missionboard/db";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { cachedDashboard } from "../services/dashboard-cache";
import { jobView } from "../services/jobs/view";
import { funnelsOf } from "../services/mission-funnel";
import { authedProcedure, permissionProcedure, router } from "../trpc";

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

const WeekSchema = z.number("Choose a week.").int("Choose a week.").min(0, "Choose a week.").max(1000, "Choose a week.").optional();
const MissionSchema = z.preprocess(blankToUndefined, z.uuid("Unknown mission.").optional());
const StatusSchema = z.enum(LEARNER_STATUSES, "Choose completed, in progress or not started.").optional();
const UserSchema = z.preprocess(blankToUndefined, z.string().trim().max(200, "Use at most 200 characters.").optional());

/** The Overview's filters and leaderboard order, as the page's address carries them. */
export const OverviewInputSchema = z.object({
  week: WeekSchema,
  mission: MissionSchema,
  status: StatusSchema,
  user: UserSchema,
  sort: z.enum(BOARD_SORTS, "Sort by points, completions, attempts or efficiency.").default("points"),
  dir: z.enum(["asc", "desc"], "Sort ascending or descending.").default("desc"),
  page: PageInputSchema.shape.page,
});

/** Challenge results: the mission chosen (none: the summary across missions only) and its learners' page. */
export const ResultsInputSchema = z.object({
  mission: MissionSchema,
  status: StatusSchema,
  user: UserSchema,
  page: PageInputSchema.shape.page,
});

/** The Missions grid: the week's missions (all without one) and a page of learners. */
export const GridInputSchema = z.object({
  week: WeekSchema,
  user: UserSchema,
  page: PageInputSchema.shape.page,
});

/** Learners per page on the Overview's board, the results list and the grid. */
export const DASHBOARD_PAGE_SIZE = 25;

const missionOption = (m: MissionRow) => ({ id: m.id, name: m.name, week: m.week, points: m.points, difficulty: m.difficulty });

/** The mission list for the filters, and the weeks that have missions. */
async function missionOptions(c: Conn) {
  const missions = (await listMissionRows(c)).map(missionOption);
  const weeks = [...new Set(missions.map((m) => m.week).filter((w): w is number => w !== null))].sort((a, b) => a - b);
  return { missions, weeks };
}

/** A learner's name as staff see it (§M-17). */
const staffName = (l: LearnerNames) =>
  boardName(
    {
      learnerId: l.learnerId,
      account: l.accountName === null ? null : { name: l.accountName, style: (l.leaderboardName ?? "alias") as LeaderboardNameStyle },
      owuiName: l.owuiName,
    },
    "staff",
  );

type Resource = "users" | "models" | "chats";
const RESOURCES: readonly Resource[] = ["users", "models", "chats"];

/**
 * Whether a reload run loaded `resource` (§M-23): the run's params say so (`users`, `models`,
 * `chats` flags, recorded since issue 12); an older run from the OpenWebUI API loaded all three.
 */
function loaded(run: JobRunRow, resource: Resource): boolean {
  const flag = run.params[resource];
  if (typeof flag === "boolean") return flag;
  return run.params.source === "api" || run.params.source === "schedule";
}

const count = (v: unknown) => (typeof v === "number" ? v : 0);

export const analyticsRouter = router({
  /**
   * The Overview: summary cards, completions per week and per mission, and the live board
   * (overall, or the week's when a week is chosen) from the stored standings, sorted in SQL.
   */
  overview: permissionProcedure("analytics.read")
    .input(OverviewInputSchema.prefault({}))
    .query(({ ctx, input }) =>
      cachedDashboard(ctx.db, `analytics.overview:${JSON.stringify(input)}`, async (c) => {
        const filter = { week: input.week, missionId: input.mission, status: input.status, user: input.user };
        const options = await missionOptions(c);
        const { summary, missions } = await dashboardSummary(c, filter);
        const byId = new Map(missions.map((m) => [m.missionId, m]));
        const inScope = options.missions.filter(
          (m) => (input.week === undefined || m.week === input.week) && (!input.mission || m.id === input.mission),
        );
        const perMission = inScope.map((m) => ({
          ...m,
          completions: byId.get(m.id)?.completions ?? 0,
          attempts: byId.get(m.id)?.attempts ?? 0,
        }));
        const weeks = new Map<number | null, number>();
        for (const m of perMission) weeks.set(m.week, (weeks.get(m.week) ?? 0) + m.completions);
        const perWeek = [...weeks]
          .map(([week, completions]) => ({ week, completions }))
          .sort((x, y) => (x.week ?? Number.POSITIVE_INFINITY) - (y.week ?? Number.POSITIVE_INFINITY));
        const board = input.week === undefined ? "overall" : `week:${input.week}`;
        const page = { page: input.page, pageSize: DASHBOARD_PAGE_SIZE };
        const rows = await standingsPage(c, { board, filter, sort: input.sort, dir: input.dir, page });
        return {
          filters: options,
          summary,
          perWeek,
          perMission,
          board,
          leaderboard: toPage(
            rows.rows.map((r) => ({
              learnerId: r.learnerId,
              name: staffName(r),
              position: r.position,
              points: r.points,
              completions: r.completions,
              attempts: r.attempts,
              /** completions / attempts, 0 without attempts. */
              efficiency: r.attempts ? r.completions / r.attempts : 0,
            })),
            rows.total,
            page,
          ),
        };
      }),
    ),

  /**
   * Challenge results: per mission the funnel (started → completed, median attempts and time to
   * complete), which missions are hard (sorted by completion rate, then median attempts), and for
   * the chosen mission every known learner with status, attempts, first completion and attempts
   * to complete, a page at a time.
   */
  results: permissionProcedure("analytics.read")
    .input(ResultsInputSchema.prefault({}))
    .query(({ ctx, input }) =>
      cachedDashboard(ctx.db, `analytics.results:${JSON.stringify(input)}`, async (c) => {
        const options = await missionOptions(c);
        const knownLearners = await knownLearnerCount(c);
        const funnels = (await funnelsOf(c, options.missions, knownLearners)).map(({ mission, funnel }) => ({
          ...funnel,
          name: mission.name,
          week: mission.week,
        }));
        const hardest = [...funnels].sort(
          (x, y) =>
            (x.started ? x.completionRate : Number.POSITIVE_INFINITY) - (y.started ? y.completionRate : Number.POSITIVE_INFINITY) ||
            (y.medianAttemptsToComplete ?? 0) - (x.medianAttemptsToComplete ?? 0) ||
            x.name.localeCompare(y.name),
        );
        const mission = input.mission ? (options.missions.find((m) => m.id === input.mission) ?? null) : null;
        if (input.mission && !mission) throw new TRPCError({ code: "NOT_FOUND", message: "Unknown mission." });
        if (!mission) return { filters: options, knownLearners, hardest, mission: null, funnel: null, learners: null };
        const page = { page: input.page, pageSize: DASHBOARD_PAGE_SIZE };
        const list = await missionLearnerStatuses(c, mission.id, { status: input.status, user: input.user, page });
        const completers = list.rows.filter((r) => r.status === "completed").map((r) => r.learnerId);
        const records = await completingLearnerRecords(c, mission.id, completers);
        const positions = attemptsToComplete(mission.id, records.attempts, records.completions);
        return {
          filters: options,
          knownLearners,
          hardest,
          mission,
          funnel: funnels.find((f) => f.missionId === mission.id) ?? null,
          learners: toPage(
            list.rows.map((r) => ({
              learnerId: r.learnerId,
              name: staffName(r),
              status: r.status,
              attempts: r.attempts,
              firstCompletedAt: r.firstCompletedAt,
              attemptsToComplete: positions.get(r.learnerId) ?? null,
            })),
            list.total,
            page,
          ),
        };
      }),
    ),

  /** The Missions grid: mission cards by week, and a page of learners × those missions. */
  grid: permissionProcedure("analytics.read")
    .input(GridInputSchema.prefault({}))
    .query(({ ctx, input }) =>
      cachedDashboard(ctx.db, `analytics.grid:${JSON.stringify(input)}`, async (c) => {
        const options = await missionOptions(c);
        const missions = options.missions.filter((m) => input.week === undefined || m.week === input.week);
        const page = { page: input.page, pageSize: DASHBOARD_PAGE_SIZE };
        const grid = await missionGridPage(
          c,
          missions.map((m) => m.id),
          { user: input.user, page },
        );
        return {
          filters: options,
          missions,
          learners: toPage(
            grid.rows.map((r) => ({
              learnerId: r.learnerId,
              name: staffName(r),
              cells: missions.map((m) => {
                const cell = r.cells.find((x) => x.missionId === m.id);
                return {
                  missionId: m.id,
                  status: cell?.completed ? ("completed" as const) : cell ? ("in_progress" as const) : ("not_started" as const),
                  attempts: cell?.attempts ?? 0,
                  firstCompletedAt: cell?.firstCompletedAt ?? null,
                };
              }),
            })),
            grid.total,
            page,
          ),
        };
      }),
    ),

  /**
   * When users, models and chats were last reloaded (the newest successful reload that loaded
   * each), whether the last chats reload changed anything (new and updated chats), the last run's
   * outcome and the analytics job running now, if any (§M-23). Any signed-in person may read it.
   */
  freshness: authedProcedure.query(({ ctx }) =>
    ctx.db.read(async (c) => {
      const now = ctx.now();
      const runs = await recentReloadJobs(c);
      const running = await currentJobRun(c, JOB_LEASES.reload, now);
      const last = runs[0] ?? null;
      const resources = Object.fromEntries(
        RESOURCES.map((resource) => {
          const run = runs.find((r) => r.status === "succeeded" && loaded(r, resource));
          const at = run ? (run.finishedAt ?? run.startedAt) : null;
          const result = run?.result ?? {};
          const inserted = count(result.inserted);
          const updated = count(result.updated);
          return [
            resource,
            {
              at,
              ageMs: at ? Math.max(0, now.getTime() - at.getTime()) : null,
              // Only a chats load counts what it changed (new and updated chats).
              changes: resource === "chats" && run ? { inserted, updated, changed: inserted + updated > 0 } : null,
            },
          ];
        }),
      ) as Record<
        Resource,
        { at: Date | null; ageMs: number | null; changes: { inserted: number; updated: number; changed: boolean } | null }
      >;
      return {
        resources,
        lastRun: last ? { status: last.status, finishedAt: last.finishedAt, error: last.error } : null,
        running: running ? jobView(running) : null,
      };
    }),
  ),
});
