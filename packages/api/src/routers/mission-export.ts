import { type Board, can, EXPORT_FORMATS, ForbiddenError, MISSION_EXPORT_SPECS, MISSION_EXPORT_TABLES } from "@missionboard/core";
import { z } from "zod";
import type { SessionUser } from "../context";
import { beginDownload, workbookDownload } from "../services/downloads";
import { checkTicket } from "../services/export-tickets";
import { EXPORT_CHUNK } from "../services/exports";
import { type MissionExportFilters, readMissionExportPage, readMissionExportTable } from "../services/mission-exports";
import { permissionProcedure, router } from "../trpc";
import { ChatListInputSchema } from "./chat";

export const MISSION_EXPORT_MESSAGES = {
  identifiedAdminsOnly: "Only admins may download names and emails; staff exports are pseudonymised.",
} as const;

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/**
 * The filters of every mission export, flat, as the download's query string carries them: `board`
 * (overall or a week number) for the leaderboard, `week` and `mission` for challenge results and the
 * funnel, All chats' `q`, `kind`, `mission` and `owner` for chats.
 */
export const MissionExportFiltersSchema = ChatListInputSchema.pick({ q: true, kind: true, mission: true, owner: true }).extend({
  board: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^(overall|\d{1,4})$/, "Choose the overall board or a week.")
      .default("overall"),
  ),
  week: z.number().int("Choose a week.").min(0, "Choose a week.").max(9999, "Choose a week.").optional(),
});

export const MissionExportBeginInputSchema = MissionExportFiltersSchema.extend({
  table: z.enum(MISSION_EXPORT_TABLES, "Choose leaderboard, challenge-results, mission-funnel or chats."),
  format: z.enum(EXPORT_FORMATS, "Choose CSV or Excel."),
  /** Names and emails as they are: admins only, audited. Pseudonyms otherwise. */
  identified: z.boolean().default(false),
});

export const MissionExportPageInputSchema = MissionExportBeginInputSchema.omit({ format: true }).extend({
  /** From `begin`: proves this download was started (and audited) by this user with this choice. */
  ticket: z.string().min(1).max(200),
  after: z.string().max(300).nullable().default(null),
  limit: z.number().int().min(1).max(2000).default(EXPORT_CHUNK),
});

export const MissionExportWorkbookInputSchema = MissionExportBeginInputSchema.omit({ format: true });

type FilterInput = z.infer<typeof MissionExportFiltersSchema>;

const filtersOf = (input: FilterInput): MissionExportFilters => ({
  board: (input.board === "overall" ? { kind: "overall" } : { kind: "week", week: Number(input.board) }) satisfies Board,
  week: input.week,
  mission: input.mission,
  q: input.q,
  kind: input.kind,
  owner: input.owner,
});

function requireIdentifiedAllowed(user: SessionUser, identified: boolean) {
  // Personal data in exports is an admin's call (docs/product/privacy-and-files.md §P-2).
  if (identified && !can(user.role, "export.run")) throw new ForbiddenError(MISSION_EXPORT_MESSAGES.identifiedAdminsOnly);
}

/** A ticket's subject: mission exports never share tickets with the admin exports. */
const subject = (table: string, identified: boolean) => ({ file: `missions:${table}`, personalData: identified });

/**
 * Mission analytics exports for staff (analytics.read): leaderboard, challenge results, mission
 * funnel and chats, as CSV (paged) or .xlsx. Pseudonymised unless an admin asks for identified data;
 * every download is audited (export.downloaded, with the table and whether it held personal data).
 */
export const missionExportRouter = router({
  /** The tables on offer, with the columns of a pseudonymised and an identified file. */
  tables: permissionProcedure("analytics.read").query(() =>
    MISSION_EXPORT_TABLES.map((table) => ({
      table,
      title: MISSION_EXPORT_SPECS[table].title,
      description: MISSION_EXPORT_SPECS[table].description,
    })),
  ),

  /** Starts a download: audits it and returns the file name and a ticket for reading its pages. */
  begin: permissionProcedure("analytics.read")
    .input(MissionExportBeginInputSchema)
    .mutation(({ ctx, input }) => {
      requireIdentifiedAllowed(ctx.user, input.identified);
      return beginDownload(ctx, ctx.user, {
        table: input.table,
        format: input.format,
        personalData: input.identified,
        ticket: subject(input.table, input.identified),
      });
    }),

  /** One page of rows (header + values in column order), pseudonymised unless identified was asked for at `begin`. */
  page: permissionProcedure("analytics.read")
    .input(MissionExportPageInputSchema)
    .query(({ ctx, input }) => {
      checkTicket(ctx, ctx.user, subject(input.table, input.identified), input.ticket);
      return readMissionExportPage(
        ctx.db,
        input.table,
        filtersOf(input),
        { after: input.after, limit: input.limit },
        { personalData: input.identified, key: ctx.settings.exportKey },
      );
    }),

  /** The whole table as an .xlsx workbook (base64), audited like any download; refused beyond the row cap. */
  workbook: permissionProcedure("analytics.read")
    .input(MissionExportWorkbookInputSchema)
    .mutation(({ ctx, input }) => {
      requireIdentifiedAllowed(ctx.user, input.identified);
      return workbookDownload(ctx, ctx.user, {
        table: input.table,
        title: MISSION_EXPORT_SPECS[input.table].title,
        personalData: input.identified,
        read: () =>
          readMissionExportTable(ctx.db, input.table, filtersOf(input), { personalData: input.identified, key: ctx.settings.exportKey }),
      });
    }),
});
