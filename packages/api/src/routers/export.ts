import { EXPORT_FORMATS, EXPORT_SPECS, EXPORT_TABLES, exportedColumns } from "@missionboard/core";
import { z } from "zod";
import { beginDownload, workbookDownload } from "../services/downloads";
import { checkTicket, TICKET_MESSAGES } from "../services/export-tickets";
import { EXPORT_CHUNK, readExportPage, readExportTable } from "../services/exports";
import { permissionProcedure, router } from "../trpc";

export const EXPORT_MESSAGES = TICKET_MESSAGES;

const TableSchema = z.enum(EXPORT_TABLES, "Choose roster, awards, requests or audit.");
const FormatSchema = z.enum(EXPORT_FORMATS, "Choose CSV or Excel.");

export const ExportBeginInputSchema = z.object({
  table: TableSchema,
  format: FormatSchema,
  /** Names and emails as they are; off (pseudonyms) unless an admin ticks "include personal data". */
  personalData: z.boolean().default(false),
});

export const ExportPageInputSchema = z.object({
  table: TableSchema,
  personalData: z.boolean().default(false),
  /** From `begin`: proves this download was started (and audited) by this admin. */
  ticket: z.string().min(1).max(200),
  after: z.string().max(100).nullable().default(null),
  limit: z.number().int().min(1).max(2000).default(EXPORT_CHUNK),
});

export const ExportWorkbookInputSchema = ExportBeginInputSchema.omit({ format: true });

/** Admin exports. Every download is audited (export.downloaded) with whether it held personal data. */
export const exportRouter = router({
  /** The tables on offer, for the exports page. */
  tables: permissionProcedure("export.run").query(() =>
    EXPORT_TABLES.map((table) => ({
      table,
      title: EXPORT_SPECS[table].title,
      description: EXPORT_SPECS[table].description,
      columns: EXPORT_SPECS[table].columns.map((c) => c.header),
      /** What a redacted file holds: the name and email columns are left out (docs/product/privacy-and-files.md §P-2). */
      redactedColumns: exportedColumns(EXPORT_SPECS[table].columns, EXPORT_SPECS[table].people, false).map((c) => c.header),
    })),
  ),

  /** Starts a download: audits it and returns the file name and a ticket for reading its pages. */
  begin: permissionProcedure("export.run")
    .input(ExportBeginInputSchema)
    .mutation(({ ctx, input }) =>
      beginDownload(ctx, ctx.user, {
        table: input.table,
        format: input.format,
        personalData: input.personalData,
        ticket: { file: input.table, personalData: input.personalData },
      }),
    ),

  /** One page of rows (header + values in column order), redacted unless personal data was asked for at `begin`. */
  page: permissionProcedure("export.run")
    .input(ExportPageInputSchema)
    .query(({ ctx, input }) => {
      checkTicket(ctx, ctx.user, { file: input.table, personalData: input.personalData }, input.ticket);
      return readExportPage(
        ctx.db,
        input.table,
        { after: input.after, limit: input.limit },
        { personalData: input.personalData, key: ctx.settings.exportKey },
      );
    }),

  /** The whole table as an .xlsx workbook (base64), audited like any download. */
  workbook: permissionProcedure("export.run")
    .input(ExportWorkbookInputSchema)
    .mutation(({ ctx, input }) =>
      workbookDownload(ctx, ctx.user, {
        table: input.table,
        title: EXPORT_SPECS[input.table].title,
        personalData: input.personalData,
        read: () => readExportTable(ctx.db, input.table, { personalData: input.personalData, key: ctx.settings.exportKey }),
      }),
    ),
});
