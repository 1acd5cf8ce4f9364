// The campaign views (issue 13; docs/product/credits.md §C-13): the leaderboard by official
// points with its stat cards and activity overview (everyone signed in; names as the mission
// boards show them, staff see real names and the status chips), and the staff's problem lists.
// Uploads, snapshots, mappings and settings are the `credits` router's; confirming an uncertain
// match is `credits.setMapping` (a confirmation becomes a mapping, audited).
import { can, PAGE_SIZE_MAX, type Role } from "@missionboard/core";
import { z } from "zod";
import { loadCampaignState } from "../services/credits/campaign-state";
import {
  CAMPAIGN_PROBLEMS,
  type CampaignViewer,
  campaignBoard,
  campaignPage,
  campaignProblems,
  selectProblem,
} from "../services/credits/campaign-view";
import { cachedDashboard } from "../services/dashboard-cache";
import { authedProcedure, permissionProcedure, router } from "../trpc";

/** Rows per leaderboard page (the page's default). */
export const CAMPAIGN_PAGE_SIZE = 50;

/**
 * What /campaign carries in its URL: `?week=` (blank or `all`, or a week; a bad value is reported
 * by the answer's weekError, not refused), `?q=` (part of a shown name), `?problem=` (staff: which
 * list to show) and the page.
 */
export const CampaignViewInputSchema = z.object({
  week: z.string().trim().max(20, "Week must be an integer or 'all'.").optional(),
  q: z.string().trim().max(100, "Search with at most 100 characters.").optional(),
  problem: z.enum(CAMPAIGN_PROBLEMS, "Choose one of the problem lists.").optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(PAGE_SIZE_MAX).default(CAMPAIGN_PAGE_SIZE),
});
export type CampaignViewInput = z.input<typeof CampaignViewInputSchema>;

export const CampaignProblemsInputSchema = z.object({
  problem: z.enum(CAMPAIGN_PROBLEMS, "Choose one of the problem lists.").optional(),
});

/** Staff (credits.people: admins and assistants) see real names, the chips and the problem lists. */
const viewerOf = (role: Role): CampaignViewer => (can(role, "credits.people") ? "staff" : "learner");

export const campaignRouter = router({
  /** The leaderboard by official points, stat cards, activity overview and last upload, as this viewer sees them. */
  // The board per kind of viewer and week is kept with the dashboards' stamp (ADR 028): triggers on the
  // credit snapshots, mappings, campaign settings and everything else it reads bump it, so a change
  // shows at the next request. The search, the page and "my row" are applied per request.
  view: authedProcedure.input(CampaignViewInputSchema.prefault({})).query(async ({ ctx, input }) => {
    const viewer = viewerOf(ctx.user.role);
    const board = await cachedDashboard(ctx.db, `campaign.board:${viewer}:${input.week ?? ""}`, (c) =>
      campaignBoard(c, viewer, input.week),
    );
    return campaignPage(board, { userId: ctx.user.id, q: input.q, page: input.page, pageSize: input.pageSize });
  }),

  /**
   * Staff: how many pairs miss credit, are credited without completion, mismatched or pending, how
   * many people are unmatched and matches uncertain; and the one list asked for (a page shows one).
   */
  problems: permissionProcedure("credits.people")
    .input(CampaignProblemsInputSchema.prefault({}))
    .query(async ({ ctx, input }) => {
      const all = await cachedDashboard(ctx.db, "campaign.problems", async (c) => campaignProblems(await loadCampaignState(c)));
      return { counts: all.counts, selected: input.problem ? selectProblem(all, input.problem) : null };
    }),
});
