import {
  buildAuditEntry,
  EXPORT_FORMATS,
  EXPORT_SPECS,
  EXPORT_TABLES,
  type ExportFormat,
  type ExportTable,
  exportedColumns,
  exportFileName,
  type MissionExportTable,
} from "@missionboard/core";
import { type Conn, insertAuditEntry } from "@missionboard/db";
import { z } from "zod";
import type { Context, SessionUser } from "../context";
import { checkTicket, issueTicket, TICKET_MESSAGES } from "../services/export-tickets";
import { buildWorkbook, EXPORT_CHUNK, readExportPage, readExportTable } from "../services/exports";
import { permissionProcedure, router } from "../trpc";

/** The campaign credits workbook's name in the audit log (routers/credit-report.ts). */
export const CAMPAIGN_REPORT_FILE = "campaign-report";

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

/** The audit row of a download (admin exports and the mission exports): what, in which format, with personal data or not. */
export function auditDownload(
  c: Conn,
  ctx: Pick<Context, "requestId">,
  user: SessionUser,
  table: ExportTable | MissionExportTable | typeof CAMPAIGN_REPORT_FILE,
  format: ExportFormat,
  personalData: boolean,
  now: Date,
) {
  return insertAuditEntry(
    c,
    buildAuditEntry(
      {
        actorId: user.id,
        action: "export.downloaded",
        entityType: "export",
        entityId: table,
        metadata: { table, format, personalData },
        requestId: ctx.requestId,
      },
      now,
    ),
  );
}

export const contentType: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

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
    .mutation(async ({ ctx, input }) => {
      const now = ctx.now();
      await ctx.db.tx((c) => auditDownload(c, ctx, ctx.user, input.table, input.format, input.personalData, now));
      return {
        fileName: exportFileName(input.table, input.format, now),
        contentType: contentType[input.format],
        ticket: issueTicket(ctx, ctx.user, { file: input.table, personalData: input.personalData }),
      };
    }),

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
    .mutation(async ({ ctx, input }) => {
      const now = ctx.now();
      const { header, rows } = await readExportTable(ctx.db, input.table, {
        personalData: input.personalData,
        key: ctx.settings.exportKey,
      });
      const bytes = buildWorkbook(EXPORT_SPECS[input.table].title, header, rows);
      await ctx.db.tx((c) => auditDownload(c, ctx, ctx.user, input.table, "xlsx", input.personalData, now));
      return {
        fileName: exportFileName(input.table, "xlsx", now),
        contentType: contentType.xlsx,
        rows: rows.length,
        base64: Buffer.from(bytes).toString("base64"),
      };
    }),
});
