// Reading export pages (redacted unless personal data is asked for) and writing workbooks.

import * as zlib from "node:zlib";
import {
  type CellValue,
  columnWidths,
  csvLine,
  EXPORT_SPECS,
  type ExportRow,
  type ExportTable,
  excelSerial,
  exportedColumns,
  jsonStrings,
  neutralizeCell,
  redactRows,
} from "@missionboard/core";
import {
  type Conn,
  type ExportPageInput,
  existingUserIds,
  exportAuditPage,
  exportAwardsPage,
  exportRequestsPage,
  exportRosterPage,
  type Store,
} from "@missionboard/db";
import * as XLSX from "xlsx";
import { type CellObject, utils, type WorkSheet, write } from "xlsx";
import { pseudonymizer } from "./pseudonym";

// SheetJS zips a workbook with its own JavaScript deflate unless it is handed Node's zlib (the cfb
// package's use_zlib, which SheetJS bundles): native deflate is several times faster, allocates far
// less and compresses better (the credits workbook: 6.1 → about 2 MB; ADR 028, Addendum). Its cfb is a
// named export of SheetJS's ES module (which Vite loads) and a property of its CommonJS one (Node's).
// use_zlib checks zlib by reading `bytesRead`, which Node deprecated for `bytesWritten` (the same
// count) with a warning: it gets an InflateRaw that answers with the new name. Writing needs only
// deflateRawSync; nothing here reads a workbook.
interface SheetJsCfb {
  utils: { use_zlib(z: { InflateRaw: unknown; deflateRawSync: typeof zlib.deflateRawSync }): void };
}
const sheetJsCfb: SheetJsCfb = XLSX.CFB ?? (XLSX as unknown as { default: typeof XLSX }).default.CFB;
const NodeInflateRaw = (zlib as unknown as { InflateRaw: new () => { bytesWritten: number } }).InflateRaw;
class InflateRaw extends NodeInflateRaw {
  get bytesRead() {
    return this.bytesWritten;
  }
}
sheetJsCfb.utils.use_zlib({ InflateRaw, deflateRawSync: zlib.deflateRawSync });

/** Rows per page when streaming a CSV or filling a workbook. */
export const EXPORT_CHUNK = 500;
/** A workbook is built in memory; beyond this many rows, use CSV. */
export const WORKBOOK_MAX_ROWS = 200_000;

type Reader = (c: Conn, page: ExportPageInput) => Promise<{ key: string; row: ExportRow }[]>;

const READERS: Record<ExportTable, Reader> = {
  roster: async (c, p) => (await exportRosterPage(c, p)).map((row) => ({ key: row.userId, row })),
  awards: async (c, p) => (await exportAwardsPage(c, p)).map((row) => ({ key: row.awardId, row })),
  requests: async (c, p) => (await exportRequestsPage(c, p)).map((row) => ({ key: row.requestId, row })),
  audit: async (c, p) =>
    (await exportAuditPage(c, p)).map(({ metadata, ...row }) => ({
      key: row.entryId,
      row: { ...row, metadata: JSON.stringify(metadata) },
    })),
};

export interface ExportOptions {
  personalData: boolean;
  /** The pseudonym key (AppSettings.exportKey). */
  key: string | undefined;
}

export interface ExportPage {
  header: string[];
  rows: CellValue[][];
  /** Pass as `after` for the next page; null after the last one. */
  next: string | null;
}

/**
 * One page of a table as header + value rows in column order, redacted unless `personalData`:
 * every user id (in id columns and inside the audit details) becomes the person's pseudonym, the
 * same in every file of the export, and the name and email columns are left out
 * (docs/product/privacy-and-files.md §P-2).
 */
export async function readExportPage(store: Store, table: ExportTable, page: ExportPageInput, options: ExportOptions): Promise<ExportPage> {
  const spec = EXPORT_SPECS[table];
  const { raw, personIds } = await store.read(async (c) => {
    const raw = await READERS[table](c, page);
    if (options.personalData || spec.json.length === 0) return { raw, personIds: new Set<string>() };
    const candidates = raw.flatMap((r) => spec.json.flatMap((key) => (typeof r.row[key] === "string" ? jsonStrings(r.row[key]) : [])));
    return { raw, personIds: await existingUserIds(c, candidates) };
  });
  const rows = raw.map((r) => r.row);
  const shown = options.personalData
    ? rows
    : redactRows(rows, { pseudonym: pseudonymizer(options.key), people: spec.people, scrub: spec.scrub, json: spec.json, personIds });
  const columns = exportedColumns(spec.columns, spec.people, options.personalData);
  return {
    header: columns.map((col) => col.header),
    rows: shown.map((row) => columns.map((col) => row[col.key] ?? null)),
    next: raw.length === page.limit ? (raw[raw.length - 1]?.key ?? null) : null,
  };
}

/** Every page of a table, in order (for workbooks). */
export async function readExportTable(store: Store, table: ExportTable, options: ExportOptions) {
  const rows: CellValue[][] = [];
  let after: string | null = null;
  let header: string[] = [];
  do {
    const page: ExportPage = await readExportPage(store, table, { after, limit: EXPORT_CHUNK }, options);
    header = page.header;
    rows.push(...page.rows);
    after = page.next;
    if (rows.length > WORKBOOK_MAX_ROWS) throw new Error(`Too many rows for a workbook (over ${WORKBOOK_MAX_ROWS}); use CSV.`);
  } while (after);
  return { header, rows };
}

const DATE_FORMAT = "yyyy-mm-dd hh:mm:ss";

function cellOf(value: CellValue): CellObject | null {
  const safe = neutralizeCell(value);
  if (safe === null) return null;
  // A date is an Excel serial computed in UTC, shown as an ISO date and time (no local time zone).
  if (safe instanceof Date) return { t: "n", v: excelSerial(safe), z: DATE_FORMAT };
  if (typeof safe === "number") return { t: "n", v: safe };
  if (typeof safe === "boolean") return { t: "b", v: safe };
  return { t: "s", v: safe };
}

/**
 * {@link cellOf}, one cell object per distinct value of a workbook: a sheet repeats its values
 * (statuses, missions, weeks, pseudonyms) on thousands of rows, and SheetJS only reads its cells,
 * so rows can share them (docs/decisions/028-credits-as-jobs.md, Addendum 2).
 */
function sharedCells(): (value: CellValue) => CellObject | null {
  const byValue = new Map<string | number | boolean, CellObject | null>();
  const byTime = new Map<number, CellObject | null>();
  return (value) => {
    if (value === null) return null;
    const [map, key] = value instanceof Date ? [byTime, value.getTime()] : [byValue, value];
    let cell = map.get(key);
    if (cell === undefined) {
      cell = cellOf(value);
      map.set(key, cell);
    }
    return cell;
  };
}

/** One sheet of a workbook: its name (at most 31 characters, as Excel allows), header and rows. */
export interface SheetContent {
  name: string;
  header: readonly string[];
  rows: readonly (readonly CellValue[])[];
}

/**
 * A sheet in SheetJS's dense form (an array of rows of cells): the plain form keys each cell by its
 * address ("C1234"), and 50,000 rows of them held several times the memory of the arrays
 * (docs/decisions/028-credits-as-jobs.md, Addendum).
 */
function sheetOf(
  header: readonly string[],
  rows: readonly (readonly CellValue[])[],
  cellOf: (value: CellValue) => CellObject | null,
): WorkSheet {
  const dense: CellObject[][] = [];
  const add = (row: readonly CellValue[]) => {
    const cells: CellObject[] = [];
    row.forEach((value, c) => {
      const cell = cellOf(value);
      if (cell) cells[c] = cell;
    });
    dense.push(cells);
  };
  add(header);
  for (const row of rows) add(row);
  const sheet = dense as unknown as WorkSheet;
  const range = { s: { r: 0, c: 0 }, e: { r: Math.max(0, rows.length), c: Math.max(0, header.length - 1) } };
  sheet["!ref"] = utils.encode_range(range);
  sheet["!autofilter"] = { ref: utils.encode_range(range) };
  sheet["!cols"] = columnWidths(header, rows).map((wch) => ({ wch }));
  return sheet;
}

/**
 * A workbook of one or more sheets, each with its header row under an autofilter, column widths
 * from the content, and dates as UTC date cells in ISO format (DECISIONS §15). Written with
 * SheetJS; nothing here reads a workbook.
 */
export function buildSheetsWorkbook(sheets: readonly SheetContent[]): Uint8Array {
  const book = utils.book_new();
  const cells = sharedCells();
  for (const s of sheets) utils.book_append_sheet(book, sheetOf(s.header, s.rows, cells), s.name.slice(0, 31));
  const out = write(book, { type: "buffer", bookType: "xlsx", compression: true, bookSST: true }) as Buffer;
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/** A one-sheet workbook (see buildSheetsWorkbook). */
export function buildWorkbook(sheetName: string, header: readonly string[], rows: readonly (readonly CellValue[])[]): Uint8Array {
  return buildSheetsWorkbook([{ name: sheetName, header, rows }]);
}

/**
 * A CSV download as a stream that reads the table one page at a time, so a large table never sits
 * in memory. Starts with a UTF-8 byte order mark (Excel needs it to read UTF-8), then the header.
 */
export function csvStream(readPage: (after: string | null) => Promise<ExportPage>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let after: string | null = null;
  let started = false;
  let done = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (done) return controller.close();
      try {
        const page = await readPage(after);
        let text = started ? "" : `\uFEFF${csvLine(page.header)}`;
        started = true;
        for (const row of page.rows) text += csvLine(row);
        controller.enqueue(encoder.encode(text));
        after = page.next;
        if (!after) done = true;
      } catch (error) {
        controller.error(error);
      }
    },
  });
}
