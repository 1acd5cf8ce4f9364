// The campaign credits workbook (issue 13; docs/product/credits.md §C-14) as a download: staff get
// it pseudonymised, an admin may ask for names and emails; every download is audited
// (export.downloaded, as the other exports). Built in one request: ADR 027 says why no job is needed.
import { can, ForbiddenError } from "@missionboard/core";
import { z } from "zod";
import { loadCampaignState } from "../services/credits/campaign-state";
import { buildCampaignWorkbook, campaignReportFileName } from "../services/credits/workbook";
import { auditDownload, CAMPAIGN_REPORT_FILE, CONTENT_TYPES } from "../services/downloads";
import { permissionProcedure, router } from "../trpc";

export const CREDIT_REPORT_MESSAGES = {
  identifiedAdminsOnly: "Only admins may download names and emails; the staff workbook is pseudonymised.",
} as const;

export const CreditReportInputSchema = z.object({
  /** Names and emails as they are: admins only, audited. Pseudonyms otherwise. */
  identified: z.boolean().default(false),
});

export const creditReportRouter = router({
  /** The whole workbook (base64) from the current credit snapshot and the chats. */
  workbook: permissionProcedure("analytics.read")
    .input(CreditReportInputSchema)
    .mutation(async ({ ctx, input }) => {
      // Personal data in exports is an admin's call (docs/product/privacy-and-files.md §P-2).
      if (input.identified && !can(ctx.user.role, "export.run")) throw new ForbiddenError(CREDIT_REPORT_MESSAGES.identifiedAdminsOnly);
      const now = ctx.now();
      const state = await ctx.db.read((c) => loadCampaignState(c));
      const bytes = buildCampaignWorkbook(state, { personalData: input.identified, key: ctx.settings.exportKey, now });
      await auditDownload(ctx, ctx.user, CAMPAIGN_REPORT_FILE, "xlsx", input.identified, now);
      return {
        fileName: campaignReportFileName(now),
        contentType: CONTENT_TYPES.xlsx,
        pairs: state.reconciliation.pairs.length,
        base64: Buffer.from(bytes).toString("base64"),
      };
    }),
});
