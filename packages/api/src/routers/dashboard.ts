import { bucketByIsoWeek, ITEM_KINDS, type ItemKind, lastIsoWeeks, startOfIsoWeek, startOfUtcMonth } from "@missionboard/core";
import {
  awardTimesSince,
  awardTotals,
  type Conn,
  catalogCounts,
  decisionsSince,
  pendingByProgram,
  pendingQueueFacts,
  topProgramsByAwards,
} from "@missionboard/db";
import { permissionProcedure, router } from "../trpc";

/** How many weeks the admin's awards chart shows. */
export const AWARD_WEEKS = 12;
const TOP_PROGRAMS = 5;

async function staffFigures(c: Conn, now: Date) {
  const weekStart = startOfIsoWeek(now);
  const monthStart = startOfUtcMonth(now);
  const queue = await pendingQueueFacts(c);
  return {
    now,
    queue: {
      pending: queue.pending,
      byProgram: await pendingByProgram(c),
      oldestSubmittedAt: queue.oldestSubmittedAt,
      oldestAgeMs: queue.oldestSubmittedAt ? Math.max(0, now.getTime() - queue.oldestSubmittedAt.getTime()) : null,
    },
    /** Decisions since Monday 00:00 UTC. */
    decisionsThisWeek: { since: weekStart, ...(await decisionsSince(c, weekStart)) },
    /** Live awards made since the 1st of the month (UTC), per program. */
    topProgramsThisMonth: { since: monthStart, programs: await topProgramsByAwards(c, monthStart, TOP_PROGRAMS) },
  };
}

export const dashboardRouter = router({
  /** Queue and decision figures for admins and assistants. */
  staff: permissionProcedure("dashboard.staff").query(({ ctx }) => {
    const now = ctx.now();
    return ctx.db.read((c) => staffFigures(c, now));
  }),

  /** The staff figures plus catalog and award statistics. */
  admin: permissionProcedure("dashboard.admin").query(({ ctx }) => {
    const now = ctx.now();
    return ctx.db.read(async (c) => {
      const staff = await staffFigures(c, now);
      const counts = await catalogCounts(c);
      const catalog = Object.fromEntries(
        ITEM_KINDS.map((kind) => {
          const of = (active: boolean) => counts.find((r) => r.kind === kind && Boolean(r.isActive) === active)?.n ?? 0;
          return [kind, { active: of(true), inactive: of(false), total: of(true) + of(false) }];
        }),
      ) as Record<ItemKind, { active: number; inactive: number; total: number }>;
      const firstWeek = lastIsoWeeks(now, AWARD_WEEKS)[0]?.start ?? startOfIsoWeek(now);
      const totals = await awardTotals(c);
      const perWeek = bucketByIsoWeek(await awardTimesSince(c, firstWeek), now, AWARD_WEEKS);
      return {
        ...staff,
        catalog,
        awards: {
          total: totals.total,
          revoked: totals.revoked,
          live: totals.total - totals.revoked,
          liveByKind: Object.fromEntries(ITEM_KINDS.map((kind) => [kind, totals.byKind.find((r) => r.kind === kind)?.n ?? 0])) as Record<
            ItemKind,
            number
          >,
          perWeek,
        },
      };
    });
  }),
});
