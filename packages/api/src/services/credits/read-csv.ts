// Reads an uploaded SubmittedActivityList.csv into its header and records, each with the line it
// starts on (docs/decisions/025-credit-snapshots.md, analytics spec §5.1). The bytes are counted
// against the 5 MB limit before anything is parsed, checked for a workbook renamed .csv and for
// UTF-8, then parsed by csv-parse as a stream. Every refusal is a RuleViolationError whose message
// a person can act on; nothing here writes anything.
import { isUtf8 } from "node:buffer";
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import { CREDIT_FILE_MESSAGES, RuleViolationError } from "@missionboard/core";
import { CsvError, parse } from "csv-parse";

/** The server-side upload limit (5 × 1024 × 1024 bytes, as the old browser check). */
export const CREDIT_FILE_MAX_BYTES = 5 * 1024 * 1024;

/**
 * The command line's own bound (`pnpm credits:import`, env CREDITS_CLI_MAX_MB, default 64 MB): it
 * reads a local file an operator chose, so it may take the large lists the web upload refuses
 * (docs/decisions/028-credits-as-jobs.md). The web keeps CREDIT_FILE_MAX_BYTES.
 */
export const CREDIT_CLI_DEFAULT_MAX_MB = 64;

const tooLargeFor = (max: number) =>
  `The file is larger than ${Math.round((max / 1024 / 1024) * 10) / 10} MB. Upload the SharePoint export as it is (CSV), or split it.`;

export const CREDIT_FILE_ERRORS = {
  notCsv: CREDIT_FILE_MESSAGES.notCsv,
  tooLarge: tooLargeFor(CREDIT_FILE_MAX_BYTES),
  tooLargeFor,
  empty: CREDIT_FILE_MESSAGES.empty,
  xlsx: "This is an Excel workbook (.xlsx) with a .csv name. In Excel choose File › Save As › “CSV UTF-8 (Comma delimited)” and upload that file.",
  xls: "This is an old Excel workbook (.xls) with a .csv name. In Excel choose File › Save As › “CSV UTF-8 (Comma delimited)” and upload that file.",
  binary: "This is not a text file. Upload the SharePoint export saved as CSV (UTF-8).",
  notUtf8: (line: number) =>
    `The file is not UTF-8 text (line ${line} has characters in another encoding). In Excel choose File › Save As › “CSV UTF-8 (Comma delimited)” and upload that file.`,
  noHeader: CREDIT_FILE_MESSAGES.noHeader,
  noRows: CREDIT_FILE_MESSAGES.noDataRows,
  strayQuote: (line: number) =>
    `Line ${line}: a quote (") is out of place. A value that contains quotes must be wholly enclosed in quotes, with each quote inside it doubled ("").`,
  unclosedQuote: (line: number) =>
    `Line ${line}: a quote (") opens a value that is never closed, so the rest of the file would be one value.`,
  tooManyCells: (line: number, cells: number, columns: number) =>
    `Line ${line} has ${cells} values but the header has ${columns} columns: a value that contains the delimiter must be enclosed in quotes.`,
  unreadable: (line: number | null) => `The CSV file could not be read${line ? ` (line ${line})` : ""}. Export it from SharePoint again.`,
} as const;

/** One data record: its cells in header order (padded with "" when a line has fewer) and where it starts. */
export interface CsvRecord {
  line: number;
  cells: string[];
}

export interface CreditCsv {
  /** The header's cells as written (the caller normalises them). */
  header: string[];
  /** Data records in file order, blank lines included (the caller skips all-blank rows). */
  records: CsvRecord[];
  delimiter: "," | ";" | "\t";
  bytes: number;
  /** SHA-256 of the bytes as received, hex. */
  sha256: string;
}

/** What the route or the CLI hands in: the bytes, the text, or a stream of bytes. */
export type CreditFileInput = Uint8Array | string | AsyncIterable<Uint8Array | string>;

const refuse = (message: string): never => {
  throw new RuleViolationError(message, "file");
};

/**
 * The file's bytes, refused as soon as they pass `max` (a stream is not read further, so a 2 GB
 * body costs 5 MB of memory at most).
 */
export async function readLimited(input: CreditFileInput, max = CREDIT_FILE_MAX_BYTES): Promise<Buffer> {
  if (typeof input === "string" || input instanceof Uint8Array) {
    const bytes = typeof input === "string" ? Buffer.from(input, "utf8") : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    if (bytes.byteLength > max) refuse(tooLargeFor(max));
    return bytes;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of input) {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : Buffer.from(chunk);
    size += bytes.byteLength;
    if (size > max) refuse(tooLargeFor(max));
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/**
 * Why the first bytes of a file are not a CSV text (a workbook renamed .csv, or binary), or null.
 * The web route's upload receiver asks it before storing the upload; readCreditCsv asks it again.
 */
export function creditFileHeadProblem(head: Uint8Array): string | null {
  const bytes = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  if (bytes.subarray(0, 4).equals(ZIP_MAGIC)) return CREDIT_FILE_ERRORS.xlsx;
  if (bytes.subarray(0, 8).equals(OLE_MAGIC)) return CREDIT_FILE_ERRORS.xls;
  if (bytes.subarray(0, 4096).includes(0)) return CREDIT_FILE_ERRORS.binary;
  return null;
}

/** Refuses workbooks and binary files from their first bytes, and text that is not UTF-8 (naming its first such line). */
export function checkTextBytes(bytes: Buffer): void {
  const problem = creditFileHeadProblem(bytes);
  if (problem) refuse(problem);
  if (isUtf8(bytes)) return;
  // A UTF-8 sequence never holds a newline byte, so checking line by line finds the first bad line.
  let start = 0;
  for (let line = 1; ; line++) {
    const end = bytes.indexOf(0x0a, start);
    const slice = bytes.subarray(start, end === -1 ? bytes.length : end);
    if (!isUtf8(slice)) refuse(CREDIT_FILE_ERRORS.notUtf8(line));
    if (end === -1) break;
    start = end + 1;
  }
  refuse(CREDIT_FILE_ERRORS.notUtf8(1));
}

/**
 * The delimiter of the header line: whichever of `,` `;` and tab occurs most outside quotes
 * (Excel in many European locales saves `;`; some exports use tabs). A tie or none: `,`.
 */
export function sniffDelimiter(headerLine: string): "," | ";" | "\t" {
  const counts = { ",": 0, ";": 0, "\t": 0 };
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === "," || ch === ";" || ch === "\t")) counts[ch]++;
  }
  if (counts[";"] > counts[","] && counts[";"] >= counts["\t"]) return ";";
  if (counts["\t"] > counts[","] && counts["\t"] > counts[";"]) return "\t";
  return ",";
}

const PARSE_CHUNK = 64 * 1024;

/**
 * The file's text a piece at a time (PARSE_CHUNK bytes each): UTF-8 decoded across the pieces'
 * edges, without the BOM, CRLF and lone CR read as LF (also inside quoted values, and a CRLF split
 * between two pieces). The bytes were checked to be UTF-8 (checkTextBytes).
 */
export function* textPieces(bytes: Buffer): Generator<string> {
  const decoder = new StringDecoder("utf8");
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let carry = "";
  const lf = (text: string) => (text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text);
  for (let i = bom; i < bytes.byteLength; i += PARSE_CHUNK) {
    let piece = carry + decoder.write(bytes.subarray(i, i + PARSE_CHUNK));
    // A CR that ends a piece may be the first half of a CRLF: read with the next piece.
    carry = piece.endsWith("\r") ? "\r" : "";
    if (carry) piece = piece.slice(0, -1);
    if (piece !== "") yield lf(piece);
  }
  const last = carry + decoder.end();
  if (last !== "") yield lf(last);
}

/**
 * The line of the quote that is never closed. Quotes toggle in any CSV (a doubled "" toggles
 * twice), so the last quote that opens is it; csv-parse only knows the file ended.
 */
function lineOfUnclosedQuote(text: string): number {
  let open = -1;
  for (let i = text.indexOf('"'); i !== -1; i = text.indexOf('"', i + 1)) open = open === -1 ? i : -1;
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < open; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

/** What reading reports besides the records. */
export interface CreditCsvInfo {
  /** The header's cells as written; null when the file has none. */
  header: string[] | null;
  delimiter: "," | ";" | "\t";
  bytes: number;
  /** SHA-256 of the bytes as received, hex. */
  sha256: string;
}

export interface StreamCreditCsvOptions {
  maxBytes?: number;
  /** Told the header before the first record (a throw stops reading). */
  onHeader?: (header: string[]) => void;
  /** Told every data record as it is parsed, in file order; nothing keeps the records. */
  onRecord: (record: CsvRecord) => void;
  /** Told the count of records read every `progressEvery` records (default 5,000). */
  onProgress?: (records: number) => void | Promise<void>;
  progressEvery?: number;
}

/**
 * Reads `input` (a file named `fileName`) as the credits CSV, one record at a time: the size limit
 * first, then the workbook / binary / UTF-8 checks, then csv-parse, streaming, with the delimiter
 * sniffed from the header line. A BOM is dropped; CRLF line ends are read as LF (also inside quoted
 * values). The records are handed to `onRecord` and not kept, so a large list is held once (as the
 * caller's rows), not twice. File-level problems are thrown as RuleViolationError after the parse,
 * in the order readCreditCsv always gave them (quotes, then header, then no data rows).
 */
export async function streamCreditCsv(input: CreditFileInput, fileName: string, options: StreamCreditCsvOptions): Promise<CreditCsvInfo> {
  if (!/\.csv$/i.test(fileName.trim())) refuse(CREDIT_FILE_ERRORS.notCsv);
  const bytes = await readLimited(input, options.maxBytes ?? CREDIT_FILE_MAX_BYTES);
  checkTextBytes(bytes);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const size = bytes.byteLength;
  // The text is decoded a piece at a time, as csv-parse asks for it (textPieces): never one string
  // of the whole file (6 MB for 50,000 rows) beside the bytes and the rows.
  let blank = true;
  for (const piece of textPieces(bytes))
    if (piece.trim() !== "") {
      blank = false;
      break;
    }
  if (blank) refuse(CREDIT_FILE_ERRORS.empty);
  let firstLine = "";
  for (const piece of textPieces(bytes)) {
    const end = piece.indexOf("\n");
    firstLine += end === -1 ? piece : piece.slice(0, end);
    if (end !== -1) break;
  }
  if (firstLine.trim() === "") refuse(CREDIT_FILE_ERRORS.noHeader);
  const delimiter = sniffDelimiter(firstLine);

  const parser = Readable.from(textPieces(bytes)).pipe(parse({ delimiter, info: true, relax_column_count: true, skip_empty_lines: false }));
  let header: string[] | null = null;
  let anyData = false;
  let count = 0;
  const every = options.progressEvery ?? 5_000;
  // csv-parse reports the line a record ends on; the next one starts on the line after it.
  let lastEnd = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const line = lastEnd + 1;
      lastEnd = info.lines;
      if (header === null) {
        header = record;
        if (!header.every((cell) => cell.trim() === "")) options.onHeader?.(header);
        continue;
      }
      if (record.length > header.length && record.slice(header.length).some((cell) => cell.trim() !== ""))
        refuse(CREDIT_FILE_ERRORS.tooManyCells(line, record.length, header.length));
      const cells = record.length > header.length ? record.slice(0, header.length) : record;
      while (cells.length < header.length) cells.push("");
      if (!anyData && cells.some((cell) => cell.trim() !== "")) anyData = true;
      options.onRecord({ line, cells });
      count++;
      if (options.onProgress && count % every === 0) await options.onProgress(count);
    }
  } catch (error) {
    if (error instanceof RuleViolationError) throw error;
    if (error instanceof CsvError) {
      if (error.code === "CSV_QUOTE_NOT_CLOSED")
        refuse(CREDIT_FILE_ERRORS.unclosedQuote(lineOfUnclosedQuote([...textPieces(bytes)].join(""))));
      const line = typeof (error as { lines?: unknown }).lines === "number" ? (error as unknown as { lines: number }).lines : null;
      if (/QUOTE/.test(error.code) && line !== null) refuse(CREDIT_FILE_ERRORS.strayQuote(line));
      refuse(CREDIT_FILE_ERRORS.unreadable(line));
    }
    throw error;
  }
  if (header === null || header.every((cell) => cell.trim() === "")) return refuse(CREDIT_FILE_ERRORS.noHeader);
  if (!anyData) refuse(CREDIT_FILE_ERRORS.noRows);
  await options.onProgress?.(count);
  return { header, delimiter, bytes: size, sha256 };
}

/**
 * The whole file as its header and records (streamCreditCsv collecting them).
 *
 * @example
 * const csv = await readCreditCsv(bytes, "SubmittedActivityList.csv");
 * csv.header   // ["UserID", "FirstName", …]
 * csv.records  // [{ line: 2, cells: ["101", "Maya", …] }, …]
 */
export async function readCreditCsv(input: CreditFileInput, fileName: string, maxBytes = CREDIT_FILE_MAX_BYTES): Promise<CreditCsv> {
  const records: CsvRecord[] = [];
  const info = await streamCreditCsv(input, fileName, { maxBytes, onRecord: (r) => records.push(r) });
  return { header: info.header ?? [], records, delimiter: info.delimiter, bytes: info.bytes, sha256: info.sha256 };
}
