// A write-only .xlsx writer for the exports' workbooks (services/exports.ts): text, number, boolean
// and date cells, one header row under an autofilter, column widths, nothing else. It writes the
// same cells, types, number format, ranges, autofilters and widths as SheetJS 0.18.5 did for these
// workbooks (xlsx-writer.test.ts reads both back with SheetJS and compares them sheet by sheet),
// row by row, compressed as written (node:zlib), into a zip. SheetJS built an object per cell
// and several strings per cell while writing: for the 50,000-row credits workbook (~560,000
// cells) that was ~800 MB of garbage, 2–3 s and most of the report job's peak memory (docs/
// decisions/028-credits-as-jobs.md, addendum). SheetJS stays for the tests that read workbooks.
import { constants, crc32, deflateRawSync } from "node:zlib";
import { type CellValue, columnWidths, excelSerial, neutralizeCell } from "@missionboard/core";

/** One sheet: its name (at most 31 characters, as Excel allows), header and rows. */
export interface XlsxSheet {
  name: string;
  header: readonly string[];
  rows: readonly (readonly CellValue[])[];
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships";
/** The style of date cells (index 1 of cellXfs): an ISO date and time, as DECISIONS §15 asks. */
const DATE_STYLE = 1;
const DATE_FORMAT = "yyyy-mm-dd hh:mm:ss";

const XML_ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };
const XML_SPECIAL = /[&<>'"]/g;
// Control characters XML cannot hold are written as Excel's _xHHHH_ escapes (as SheetJS does).
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what is escaped
const XML_CONTROL = /[\u0000-\u0008\u000b-\u001f]/g;
const entity = (ch: string): string => XML_ENTITIES[ch] ?? ch;
const controlEscape = (ch: string): string => `_x${ch.charCodeAt(0).toString(16).padStart(4, "0")}_`;
// Fast path: most cells hold no character that needs escaping.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what is escaped
const NEEDS_ESCAPE = /[&<>'"\u0000-\u0008\u000b-\u001f]/;

export function escapeXml(text: string): string {
  return NEEDS_ESCAPE.test(text) ? text.replace(XML_SPECIAL, entity).replace(XML_CONTROL, controlEscape) : text;
}

/** Text whose leading, trailing or line-break spaces an XML reader must keep. */
const KEEP_SPACE = /^\s|\s$|\n/;

/** A column's letters: 0 → A, 25 → Z, 26 → AA. */
export function columnName(index: number): string {
  let name = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** A column width in characters as SheetJS writes it (its default maximum digit width, 6 px). */
const widthOf = (wch: number): number => Math.round(((wch * 6 + 5) / 6) * 256) / 256;

/** One cell's XML, or "" for an empty (null) cell. Text is neutralised (no formulas). */
function cellXml(ref: string, value: CellValue): string {
  const safe = neutralizeCell(value);
  if (safe === null) return "";
  // A date is an Excel serial computed in UTC, shown as an ISO date and time (no local time zone).
  if (safe instanceof Date) return `<c r="${ref}" s="${DATE_STYLE}"><v>${excelSerial(safe)}</v></c>`;
  if (typeof safe === "number") return `<c r="${ref}"><v>${safe}</v></c>`;
  if (typeof safe === "boolean") return `<c r="${ref}" t="b"><v>${safe ? 1 : 0}</v></c>`;
  if (safe.length > 32767) throw new Error("Text length must not exceed 32767 characters");
  const text = escapeXml(safe);
  return KEEP_SPACE.test(text)
    ? `<c r="${ref}" t="str"><v xml:space="preserve">${text}</v></c>`
    : `<c r="${ref}" t="str"><v>${text}</v></c>`;
}

/** The sheet's range, e.g. `A1:K27001` (`A1` for a single cell). */
function rangeOf(columns: number, rows: number): string {
  const end = `${columnName(Math.max(0, columns - 1))}${Math.max(1, rows)}`;
  return end === "A1" ? "A1" : `A1:${end}`;
}

/** A zip entry's content, compressed: its CRC-32, size and raw-deflate bytes. */
interface Deflated {
  crc: number;
  size: number;
  data: Buffer[];
}

/** Bytes of UTF-8 text compressed at a time. */
const DEFLATE_CHUNK = 1024 * 1024;

/**
 * UTF-8 text compressed as it is written, a megabyte at a time: a sheet is never held whole, as a
 * string or as bytes. Each chunk is deflated on its own and ends on a sync flush (an empty stored
 * block), the last one with the final block, so the chunks' outputs form one raw-deflate stream
 * (what zip stores); each cell's little string dies young.
 */
class DeflateWriter {
  private readonly buffer = Buffer.allocUnsafe(DEFLATE_CHUNK);
  private used = 0;
  private crc = 0;
  private size = 0;
  private readonly data: Buffer[] = [];

  write(text: string): void {
    // A UTF-16 code unit takes at most 3 bytes of UTF-8.
    if (this.used + text.length * 3 > DEFLATE_CHUNK) {
      this.flush(false);
      if (text.length * 3 > DEFLATE_CHUNK) {
        this.compress(Buffer.from(text, "utf8"), false);
        return;
      }
    }
    this.used += this.buffer.write(text, this.used, "utf8");
  }

  finish(): Deflated {
    this.flush(true);
    return { crc: this.crc, size: this.size, data: this.data };
  }

  private flush(last: boolean): void {
    if (this.used > 0 || last) this.compress(this.buffer.subarray(0, this.used), last);
    this.used = 0;
  }

  private compress(bytes: Buffer, last: boolean): void {
    this.crc = crc32(bytes, this.crc);
    this.size += bytes.byteLength;
    this.data.push(deflateRawSync(bytes, { level: 6, finishFlush: last ? constants.Z_FINISH : constants.Z_SYNC_FLUSH }));
  }
}

function sheetXml(sheet: XlsxSheet): Deflated {
  const columns = sheet.header.length;
  const ref = rangeOf(columns, sheet.rows.length + 1);
  const letters = Array.from({ length: columns }, (_, c) => columnName(c));
  const widths = columnWidths(sheet.header, sheet.rows);
  const out = new DeflateWriter();
  out.write(XML_HEAD);
  out.write(
    `<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><dimension ref="${ref}"/><sheetViews><sheetView workbookViewId="0"/></sheetViews>`,
  );
  out.write(
    `<cols>${widths.map((wch, c) => `<col min="${c + 1}" max="${c + 1}" width="${widthOf(wch)}" customWidth="1"/>`).join("")}</cols>`,
  );
  out.write("<sheetData>");
  const row = (r: number, values: readonly CellValue[]) => {
    let open = false;
    for (let c = 0; c < columns; c++) {
      const cell = cellXml(`${letters[c]}${r}`, values[c] ?? null);
      if (cell === "") continue;
      if (!open) out.write(`<row r="${r}">`);
      open = true;
      out.write(cell);
    }
    if (open) out.write("</row>");
  };
  row(1, sheet.header);
  for (let i = 0; i < sheet.rows.length; i++) row(i + 2, sheet.rows[i] as readonly CellValue[]);
  out.write(
    `</sheetData><autoFilter ref="${ref}"/><ignoredErrors><ignoredError numberStoredAsText="1" sqref="${ref}"/></ignoredErrors></worksheet>`,
  );
  return out.finish();
}

const STYLES_XML =
  `${XML_HEAD}<styleSheet xmlns="${MAIN_NS}"><numFmts count="1"><numFmt numFmtId="164" formatCode="${DATE_FORMAT}"/></numFmts>` +
  '<fonts count="1"><font><sz val="12"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>';

function workbookXml(sheets: readonly XlsxSheet[], names: readonly string[]): string {
  const list = names.map((name, i) => `<sheet name="${escapeXml(name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join("");
  // Excel keeps each sheet's autofilter range as a hidden defined name too.
  const filters = sheets
    .map(
      (s, i) =>
        `<definedName name="_xlnm._FilterDatabase" localSheetId="${i}">${escapeXml(`'${names[i]}'!${rangeOf(s.header.length, s.rows.length + 1)}`)}</definedName>`,
    )
    .join("");
  return `${XML_HEAD}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><workbookPr codeName="ThisWorkbook"/><sheets>${list}</sheets><definedNames>${filters}</definedNames></workbook>`;
}

function contentTypesXml(count: number): string {
  const sheets = Array.from(
    { length: count },
    (_, i) =>
      `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
  ).join("");
  return (
    `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
    sheets +
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
    '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>' +
    "</Types>"
  );
}

const ROOT_RELS =
  `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">` +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
  '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
  '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>' +
  "</Relationships>";

function workbookRels(count: number): string {
  const sheets = Array.from(
    { length: count },
    (_, i) => `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
  ).join("");
  return `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">${sheets}<Relationship Id="rId${count + 1}" Type="${REL_NS}/styles" Target="styles.xml"/></Relationships>`;
}

const CORE_XML =
  `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
  'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" ' +
  'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>';

function appXml(names: readonly string[]): string {
  return (
    `${XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" ` +
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>Missionboard</Application>' +
    `<HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>${names.length}</vt:i4></vt:variant></vt:vector></HeadingPairs>` +
    `<TitlesOfParts><vt:vector size="${names.length}" baseType="lpstr">${names.map((n) => `<vt:lpstr>${escapeXml(n)}</vt:lpstr>`).join("")}</vt:vector></TitlesOfParts></Properties>`
  );
}

// --- Zip (stored as deflate, no zip64: a workbook is far below 4 GB) ------------------------

/** 1980-01-01 00:00 in MS-DOS date and time (the files carry no real time, so the bytes are reproducible). */
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

interface ZipEntry {
  name: Buffer;
  crc: number;
  size: number;
  compressed: number;
  offset: number;
}

class ZipWriter {
  private readonly chunks: Buffer[] = [];
  private readonly entries: ZipEntry[] = [];
  private offset = 0;

  /** An entry of text (compressed here) or of already compressed content. */
  add(name: string, content: string | Deflated): void {
    let deflated: Deflated;
    if (typeof content === "string") {
      const raw = Buffer.from(content, "utf8");
      deflated = { crc: crc32(raw), size: raw.byteLength, data: [deflateRawSync(raw, { level: 6 })] };
    } else deflated = content;
    const entry: ZipEntry = {
      name: Buffer.from(name, "utf8"),
      crc: deflated.crc,
      size: deflated.size,
      compressed: deflated.data.reduce((sum, part) => sum + part.byteLength, 0),
      offset: this.offset,
    };
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0);
    head.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    head.writeUInt16LE(0x0800, 6); // UTF-8 names
    head.writeUInt16LE(8, 8); // deflate
    head.writeUInt16LE(DOS_TIME, 10);
    head.writeUInt16LE(DOS_DATE, 12);
    head.writeUInt32LE(entry.crc, 14);
    head.writeUInt32LE(entry.compressed, 18);
    head.writeUInt32LE(entry.size, 22);
    head.writeUInt16LE(entry.name.byteLength, 26);
    head.writeUInt16LE(0, 28);
    this.chunks.push(head, entry.name, ...deflated.data);
    this.offset += head.byteLength + entry.name.byteLength + entry.compressed;
    this.entries.push(entry);
  }

  finish(): Buffer {
    const start = this.offset;
    let size = 0;
    for (const entry of this.entries) {
      const head = Buffer.alloc(46);
      head.writeUInt32LE(0x02014b50, 0);
      head.writeUInt16LE(20, 4); // made by: 2.0
      head.writeUInt16LE(20, 6);
      head.writeUInt16LE(0x0800, 8);
      head.writeUInt16LE(8, 10);
      head.writeUInt16LE(DOS_TIME, 12);
      head.writeUInt16LE(DOS_DATE, 14);
      head.writeUInt32LE(entry.crc, 16);
      head.writeUInt32LE(entry.compressed, 20);
      head.writeUInt32LE(entry.size, 24);
      head.writeUInt16LE(entry.name.byteLength, 28);
      // extra, comment, disk, internal attributes: 0
      head.writeUInt32LE(0, 38); // external attributes
      head.writeUInt32LE(entry.offset, 42);
      this.chunks.push(head, entry.name);
      size += head.byteLength + entry.name.byteLength;
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(size, 12);
    end.writeUInt32LE(start, 16);
    this.chunks.push(end);
    return Buffer.concat(this.chunks);
  }
}

/**
 * The workbook of `sheets` as .xlsx bytes: each sheet's header row under an autofilter, column
 * widths from the content (core columnWidths), text neutralised (core neutralizeCell), dates as
 * UTC date cells in ISO format. Sheet names are cut to 31 characters.
 */
export function writeXlsx(sheets: readonly XlsxSheet[]): Buffer {
  const names = sheets.map((s) => s.name.slice(0, 31));
  const zip = new ZipWriter();
  zip.add("[Content_Types].xml", contentTypesXml(sheets.length));
  zip.add("_rels/.rels", ROOT_RELS);
  zip.add("docProps/core.xml", CORE_XML);
  zip.add("docProps/app.xml", appXml(names));
  zip.add("xl/workbook.xml", workbookXml(sheets, names));
  zip.add("xl/_rels/workbook.xml.rels", workbookRels(sheets.length));
  zip.add("xl/styles.xml", STYLES_XML);
  // One sheet's XML at a time: it can be collected once it is compressed.
  sheets.forEach((sheet, i) => {
    zip.add(`xl/worksheets/sheet${i + 1}.xml`, sheetXml(sheet));
  });
  return zip.finish();
}
