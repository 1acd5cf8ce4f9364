// The campaign credits workbook (issue 13; docs/product/credits.md §C-14) as a job and a download
// (docs/decisions/028-credits-as-jobs.md): staff start a `credits-report` job (pseudonymised; an admin
// may ask for names and emails), watch its progress, then download the file it kept. Every download
// is audited (export.downloaded, as the other exports); a report is for the person who asked for it.
import { can, ForbiddenError, NotFoundError } from "@missionboard/core";
import { findCreditJobOutput, findJobRun } from "@missionboard/db";
import { z } from "zod";
import { CREDIT_JOB_MESSAGES, creditsReportJob } from "../services/credits/jobs";
import { auditDownload, CAMPAIGN_REPORT_FILE, CONTENT_TYPES } from "../services/downloads";
import { jobView } from "../services/jobs/view";
import { permissionProcedure, router } from "../trpc";

export const CREDIT_REPORT_MESSAGES = {
  identifiedAdminsOnly: "Only admins may download names and emails; the staff workbook is pseudonymised.",
  notReady: "The workbook is not ready yet; wait for the progress to finish.",
} as const;

export const CreditReportInputSchema = z.object({
  /** Names and emails as they are: admins only, audited. Pseudonyms otherwise. */
  identified: z.boolean().default(false),
});
export const CreditReportRunInputSchema = z.object({ runId: z.uuid(CREDIT_JOB_MESSAGES.unknownRun) });

export const creditReportRouter = router({
  /** Starts the workbook job from the current credit snapshot and the chats; returns its run id. */
  start: permissionProcedure("analytics.read")
    .input(CreditReportInputSchema)
    .mutation(async ({ ctx, input }) => {
      // Personal data in exports is an admin's call (docs/product/privacy-and-files.md §P-2).
      if (input.identified && !can(ctx.user.role, "export.run")) throw new ForbiddenError(CREDIT_REPORT_MESSAGES.identifiedAdminsOnly);
      const started = await ctx.jobs.start(
        creditsReportJob({
          actor: { userId: ctx.user.id, now: ctx.now(), requestId: ctx.requestId },
          personalData: input.identified,
          key: ctx.settings.exportKey,
        }),
      );
      return { runId: started.runId };
    }),

  /** A report this person started: its progress, and whether the file is ready. */
  run: permissionProcedure("analytics.read")
    .input(CreditReportRunInputSchema)
    .query(({ ctx, input }) =>
      ctx.db.read(async (c) => {
        const run = await findJobRun(c, input.runId);
        if (run?.kind !== "credits-report" || run.triggeredBy !== ctx.user.id) throw new NotFoundError(CREDIT_JOB_MESSAGES.unknownRun);
        return { job: jobView(run), identified: run.params.personalData === true, ready: run.status === "succeeded" };
      }),
    ),

  /** The finished workbook (base64), audited as a download. */
  download: permissionProcedure("analytics.read")
    .input(CreditReportRunInputSchema)
    .mutation(async ({ ctx, input }) => {
      const found = await ctx.db.read(async (c) => {
        const run = await findJobRun(c, input.runId);
        if (run?.kind !== "credits-report" || run.triggeredBy !== ctx.user.id) return null;
        return { run, output: await findCreditJobOutput(c, run.id) };
      });
      if (!found) throw new NotFoundError(CREDIT_JOB_MESSAGES.unknownRun);
      const { output } = found;
      if (!output?.workbook || !output.fileName) throw new NotFoundError(CREDIT_REPORT_MESSAGES.notReady);
      // The role may have changed since the report was asked for.
      if (output.personalData && !can(ctx.user.role, "export.run")) throw new ForbiddenError(CREDIT_REPORT_MESSAGES.identifiedAdminsOnly);
      await auditDownload(ctx, ctx.user, CAMPAIGN_REPORT_FILE, "xlsx", output.personalData, ctx.now());
      return { fileName: output.fileName, contentType: CONTENT_TYPES.xlsx, base64: output.workbook };
    }),
});
