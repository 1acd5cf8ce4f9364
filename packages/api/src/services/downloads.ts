// What every download has in common, admin exports (routers/export.ts) and mission exports
// (routers/mission-export.ts) alike: starting one is audited (export.downloaded, with the table,
// the format and whether it holds personal data) and answers the file name, its content type and
// a ticket for its pages (services/export-tickets.ts); a workbook is read whole, built, audited and
// sent as base64. The routers keep their own tables, filters and who may ask for personal data.
import { buildAuditEntry, type ExportFormat, type ExportTable, exportFileName, type MissionExportTable } from "@missionboard/core";
import { insertAuditEntry } from "@missionboard/db";
import type { Context, SessionUser } from "../context";
import { issueTicket, type TicketSubject } from "./export-tickets";
import { buildWorkbook, type ExportPage } from "./exports";

/** The campaign credits workbook's name in the audit log (routers/credit-report.ts). */
export const CAMPAIGN_REPORT_FILE = "campaign-report";

type DownloadTable = ExportTable | MissionExportTable;
type DownloadContext = Pick<Context, "db" | "now" | "requestId" | "settings">;

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

/** Audits one download by `user`, in its own transaction. */
export async function auditDownload(
  ctx: DownloadContext,
  user: SessionUser,
  table: DownloadTable | typeof CAMPAIGN_REPORT_FILE,
  format: ExportFormat,
  personalData: boolean,
  now: Date,
): Promise<void> {
  await ctx.db.tx((c) =>
    insertAuditEntry(
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
    ),
  );
}

/** Starts a download: audits it and returns the file name, its content type and the ticket its pages need. */
export async function beginDownload(
  ctx: DownloadContext,
  user: SessionUser,
  download: { table: DownloadTable; format: ExportFormat; personalData: boolean; ticket: TicketSubject },
): Promise<{ fileName: string; contentType: string; ticket: string }> {
  const now = ctx.now();
  await auditDownload(ctx, user, download.table, download.format, download.personalData, now);
  return {
    fileName: exportFileName(download.table, download.format, now),
    contentType: CONTENT_TYPES[download.format],
    ticket: issueTicket(ctx, user, download.ticket),
  };
}

/** A whole table as an .xlsx workbook (base64), audited once it was read (a refused read audits nothing). */
export async function workbookDownload(
  ctx: DownloadContext,
  user: SessionUser,
  download: { table: DownloadTable; title: string; personalData: boolean; read: () => Promise<Pick<ExportPage, "header" | "rows">> },
): Promise<{ fileName: string; contentType: string; rows: number; base64: string }> {
  const now = ctx.now();
  const { header, rows } = await download.read();
  const bytes = buildWorkbook(download.title, header, rows);
  await auditDownload(ctx, user, download.table, "xlsx", download.personalData, now);
  return {
    fileName: exportFileName(download.table, "xlsx", now),
    contentType: CONTENT_TYPES.xlsx,
    rows: rows.length,
    base64: Buffer.from(bytes).toString("base64"),
  };
}
