// Campaign credits (issue 13; docs/decisions/025-credit-snapshots.md): the SharePoint
// "Submitted Activity List" uploaded as versioned snapshots, the MissionChallenge → mission
// mappings and the campaign settings. Admin only, except the people list (staff).
//
// Contract for a page (/campaign/credits):
// 1. The route receives the file through the upload receiver (apps/web/app/lib/upload.server.ts,
//    `store: "memory"`, maxBytes CREDIT_FILE_MAX_BYTES) and hands `{ fileName, file }` to `upload`,
//    `file` being the bytes (Uint8Array), the text, or a stream of bytes. `upload` starts a
//    `credits-import` job (docs/decisions/028-credits-as-jobs.md) and returns `{ runId }` at once;
//    another credits job running is a CONFLICT naming it.
// 2. `importRun({ runId })` gives the run (status, phase, rows read) and, once it succeeded,
//    `{ snapshotId, preview }`. A failed run's `job.error` is the file-level problem (size, not CSV,
//    workbook renamed .csv, not UTF-8, stray quote on line N, missing columns, no data rows), to show
//    as it is; nothing was stored. `snapshotId` null: the preview lists row errors or identity
//    conflicts and nothing was stored. Otherwise the upload is a pending snapshot: show the preview
//    (counts whole, lists capped at 100 entries with their totals) and post `confirm` (or `discard`)
//    with the snapshotId.
// 3. `snapshots` lists every snapshot newest first; `compare` diffs two; `restore` makes an earlier
//    one current again.
import { buildAuditEntry, CAMPAIGN_RANK_SOURCES, chooseRankSource, DEFAULT_MATCH_THRESHOLD, NotFoundError } from "@missionboard/core";
import {
  currentCreditSnapshot,
  deleteCreditMapping,
  findJobRun,
  findMissionById,
  insertAuditEntry,
  listCreditMappings,
  listCreditSnapshots,
  loadCampaignSettings,
  saveCampaignSettings,
  setCreditMapping,
} from "@missionboard/db";
import { z } from "zod";
import { CREDIT_JOB_MESSAGES, creditJobOutput, creditsImportJob } from "../services/credits/jobs";
import { creditMatches } from "../services/credits/matches";
import { CREDIT_FILE_MAX_BYTES } from "../services/credits/read-csv";
import {
  type Actor,
  type CreditPreviewView,
  compareCredits,
  confirmCredits,
  creditPeople,
  discardCredits,
  restoreCredits,
  snapshotView,
} from "../services/credits/snapshots";
import { jobView } from "../services/jobs/view";
import { permissionProcedure, router } from "../trpc";

export const CREDITS_ROUTER_ERRORS = {
  unknownMission: "There is no such mission; pick one from the list.",
  unknownMapping: "There is no such mapping; it may have been removed already.",
} as const;

const isAsyncIterable = (value: unknown): value is AsyncIterable<Uint8Array | string> =>
  typeof value === "object" && value !== null && typeof (value as Record<symbol, unknown>)[Symbol.asyncIterator] === "function";

export const UploadCreditsInputSchema = z.object({
  fileName: z.string("Choose a CSV file.").trim().min(1, "Choose a CSV file.").max(300, "The file name is too long."),
  /** The file's bytes, its text, or a stream of its bytes (never a path). */
  file: z.union(
    [
      // Buffer too (a Uint8Array over any ArrayBuffer), which z.instanceof would type too narrowly.
      z.custom<Uint8Array>((value) => value instanceof Uint8Array),
      z.string().max(CREDIT_FILE_MAX_BYTES, `The file is larger than ${CREDIT_FILE_MAX_BYTES / 1024 / 1024} MB.`),
      z.custom<AsyncIterable<Uint8Array | string>>(isAsyncIterable),
    ],
    "Choose a CSV file.",
  ),
});
export type UploadCreditsInput = z.input<typeof UploadCreditsInputSchema>;

const SnapshotIdSchema = z.uuid("There is no such upload.");
export const SnapshotInputSchema = z.object({ snapshotId: SnapshotIdSchema });
export const CreditRunInputSchema = z.object({ runId: z.uuid(CREDIT_JOB_MESSAGES.unknownRun) });
export const CompareSnapshotsInputSchema = z.object({ from: SnapshotIdSchema, to: SnapshotIdSchema });

export const SetMappingInputSchema = z.object({
  challenge: z
    .string("Give the MissionChallenge text.")
    .trim()
    .min(1, "Give the MissionChallenge text.")
    .max(500, "At most 500 characters."),
  missionId: z.uuid("Choose a mission."),
});
export const MappingIdInputSchema = z.object({ id: z.uuid("There is no such mapping.") });

export const SetCampaignSettingsInputSchema = z.object({
  /** null: official points once a credit list is current, detected points before. */
  rankSource: z.enum(CAMPAIGN_RANK_SOURCES, "Choose detected or official points.").nullable(),
  /** null: the default (0.82). */
  similarityThreshold: z
    .number("The threshold is a number from 0.5 to 1.")
    .min(0.5, "The threshold is a number from 0.5 to 1.")
    .max(1, "The threshold is a number from 0.5 to 1.")
    .nullable(),
});

const actorOf = (ctx: { user: { id: string }; now: () => Date; requestId: string }): Actor => ({
  userId: ctx.user.id,
  now: ctx.now(),
  requestId: ctx.requestId,
});

export const creditsRouter = router({
  /** Starts the import job: it reads the file, previews it against the current snapshot and keeps it pending when it can be confirmed. */
  upload: permissionProcedure("credits.manage")
    .input(UploadCreditsInputSchema)
    .mutation(async ({ ctx, input }) => {
      const started = await ctx.jobs.start(creditsImportJob({ file: input.file, fileName: input.fileName, actor: actorOf(ctx) }));
      return { runId: started.runId };
    }),

  /** An import this admin started: its progress and, once it succeeded, its preview and pending snapshot. */
  importRun: permissionProcedure("credits.manage")
    .input(CreditRunInputSchema)
    .query(({ ctx, input }) =>
      ctx.db.read(async (c) => {
        const run = await findJobRun(c, input.runId);
        if (run?.kind !== "credits-import" || run.triggeredBy !== ctx.user.id) throw new NotFoundError(CREDIT_JOB_MESSAGES.unknownRun);
        const output = run.status === "succeeded" ? await creditJobOutput(c, run.id) : null;
        return {
          job: jobView(run),
          fileName: typeof run.params.fileName === "string" ? run.params.fileName : null,
          snapshotId: output?.snapshotId ?? null,
          preview: (output?.preview ?? null) as CreditPreviewView | null,
        };
      }),
    ),

  /** Makes a pending upload the current snapshot (audited). */
  confirm: permissionProcedure("credits.manage")
    .input(SnapshotInputSchema)
    .mutation(({ ctx, input }) => confirmCredits(ctx.db, input.snapshotId, actorOf(ctx))),

  /** Drops a pending upload (audited). */
  discard: permissionProcedure("credits.manage")
    .input(SnapshotInputSchema)
    .mutation(async ({ ctx, input }) => {
      await discardCredits(ctx.db, input.snapshotId, actorOf(ctx));
      return { discarded: input.snapshotId };
    }),

  /** Every snapshot newest first, and the current one. */
  snapshots: permissionProcedure("credits.manage").query(({ ctx }) =>
    ctx.db.read(async (c) => {
      const current = await currentCreditSnapshot(c);
      return { current: current ? snapshotView(current) : null, snapshots: (await listCreditSnapshots(c)).map(snapshotView) };
    }),
  ),

  /** What changes from snapshot `from` to snapshot `to`: counts, and the rows added, changed and dropped (capped). */
  compare: permissionProcedure("credits.manage")
    .input(CompareSnapshotsInputSchema)
    .query(({ ctx, input }) => ctx.db.read((c) => compareCredits(c, input.from, input.to))),

  /** Makes an earlier snapshot current again (audited). */
  restore: permissionProcedure("credits.manage")
    .input(SnapshotInputSchema)
    .mutation(({ ctx, input }) => restoreCredits(ctx.db, input.snapshotId, actorOf(ctx))),

  /** The current snapshot's people matched to accounts and OpenWebUI users by email, and the conflicts. */
  people: permissionProcedure("credits.people").query(({ ctx }) => ctx.db.read(creditPeople)),

  /**
   * The current list's mission rows matched to missions: counts per method, the matches an admin
   * should confirm (confirm one with `setMapping`) and the texts no mission was found for.
   */
  matches: permissionProcedure("credits.manage").query(({ ctx }) => ctx.db.read(creditMatches)),

  /** MissionChallenge texts mapped to missions by admins. */
  mappings: permissionProcedure("credits.manage").query(({ ctx }) => ctx.db.read(listCreditMappings)),

  /** Maps a MissionChallenge text to a mission (replacing an earlier mapping of the same text); audited. */
  setMapping: permissionProcedure("credits.manage")
    .input(SetMappingInputSchema)
    .mutation(async ({ ctx, input }) => {
      const now = ctx.now();
      return ctx.db.tx(async (c) => {
        const mission = await findMissionById(c, input.missionId);
        if (!mission) throw new NotFoundError(CREDITS_ROUTER_ERRORS.unknownMission);
        const id = await setCreditMapping(c, input.challenge, mission.id, ctx.user.id, now);
        await insertAuditEntry(
          c,
          buildAuditEntry(
            {
              actorId: ctx.user.id,
              action: "credits.mapping_set",
              entityType: "mission",
              entityId: mission.id,
              metadata: { challenge: input.challenge },
              requestId: ctx.requestId,
            },
            now,
          ),
        );
        return { id, challenge: input.challenge, missionId: mission.id, missionName: mission.name };
      });
    }),

  /** Removes a mapping; audited. */
  removeMapping: permissionProcedure("credits.manage")
    .input(MappingIdInputSchema)
    .mutation(async ({ ctx, input }) => {
      const now = ctx.now();
      return ctx.db.tx(async (c) => {
        const removed = await deleteCreditMapping(c, input.id);
        if (!removed) throw new NotFoundError(CREDITS_ROUTER_ERRORS.unknownMapping);
        await insertAuditEntry(
          c,
          buildAuditEntry(
            {
              actorId: ctx.user.id,
              action: "credits.mapping_removed",
              entityType: "mission",
              entityId: removed.missionId,
              metadata: { challenge: removed.challenge },
              requestId: ctx.requestId,
            },
            now,
          ),
        );
        return { removed: input.id };
      });
    }),

  /** The campaign settings as saved, and what applies (defaults filled in). */
  settings: permissionProcedure("credits.manage").query(({ ctx }) =>
    ctx.db.read(async (c) => {
      const saved = await loadCampaignSettings(c);
      const hasCredits = (await currentCreditSnapshot(c)) !== null;
      return {
        saved,
        effective: {
          rankSource: chooseRankSource(saved.rankSource, hasCredits),
          similarityThreshold: saved.similarityThreshold ?? DEFAULT_MATCH_THRESHOLD,
        },
      };
    }),
  ),

  /** Saves the campaign settings (null restores a default); audited. */
  setSettings: permissionProcedure("credits.manage")
    .input(SetCampaignSettingsInputSchema)
    .mutation(async ({ ctx, input }) => {
      const now = ctx.now();
      await ctx.db.tx(async (c) => {
        await saveCampaignSettings(c, input, ctx.user.id, now);
        await insertAuditEntry(
          c,
          buildAuditEntry(
            {
              actorId: ctx.user.id,
              action: "campaign.settings_updated",
              entityType: "campaign",
              entityId: null,
              metadata: { rankSource: input.rankSource ?? "default", similarityThreshold: input.similarityThreshold ?? "default" },
              requestId: ctx.requestId,
            },
            now,
          ),
        );
      });
      return input;
    }),
});
