// The workbook writer against SheetJS 0.18.5, which wrote the exports' workbooks before it: both
// workbooks read back with SheetJS must hold the same sheets, cells (type, value, number format),
// ranges, autofilters, column widths and filter names.

import { crc32, inflateRawSync } from "node:zlib";
import { type CellValue, columnWidths, excelSerial, neutralizeCell } from "@missionboard/core";
import { describe, expect, it } from "vitest";
import { type CellObject, read, utils, type WorkBook, type WorkSheet, write } from "xlsx";
import { columnName, escapeXml, writeXlsx, type XlsxSheet } from "./xlsx-writer";

/** The SheetJS build of services/exports.ts before the writer (the reference). */
function sheetJsWorkbook(sheets: readonly XlsxSheet[]): Buffer {
  const cellOf = (value: CellValue): CellObject | null => {
    const safe = neutralizeCell(value);
    if (safe === null) return null;
    if (safe instanceof Date) return { t: "n", v: excelSerial(safe), z: "yyyy-mm-dd hh:mm:ss" };
    if (typeof safe === "number") return { t: "n", v: safe };
    if (typeof safe === "boolean") return { t: "b", v: safe };
    return { t: "s", v: safe };
  };
  const book = utils.book_new();
  for (const s of sheets) {
    const sheet: WorkSheet = {};
    const all = [s.header, ...s.rows];
    all.forEach((row, r) => {
      row.forEach((value, c) => {
        const cell = cellOf(value);
        if (cell) sheet[utils.encode_cell({ r, c })] = cell;
      });
    });
    const range = { s: { r: 0, c: 0 }, e: { r: Math.max(0, all.length - 1), c: Math.max(0, s.header.length - 1) } };
    sheet["!ref"] = utils.encode_range(range);
    sheet["!autofilter"] = { ref: utils.encode_range(range) };
    sheet["!cols"] = columnWidths(s.header, s.rows).map((wch) => ({ wch }));
    utils.book_append_sheet(book, sheet, s.name.slice(0, 31));
  }
  return write(book, { type: "buffer", bookType: "xlsx", compression: true }) as Buffer;
}

/** What a reader sees of a workbook: names, filters and every sheet's cells, range and widths. */
function contentOf(book: WorkBook) {
  return {
    sheetNames: book.SheetNames,
    names: (book.Workbook?.Names ?? []).map((n) => ({ name: n.Name, sheet: n.Sheet, ref: n.Ref })),
    sheets: book.SheetNames.map((name) => {
      const sheet = book.Sheets[name] as WorkSheet;
      const cells = Object.keys(sheet)
        .filter((k) => !k.startsWith("!"))
        .sort()
        .map((k) => {
          const c = sheet[k] as CellObject;
          return [k, c.t, c.v, c.z ?? null, c.w ?? null];
        });
      return {
        ref: sheet["!ref"],
        autofilter: sheet["!autofilter"],
        cols: (sheet["!cols"] ?? []).map((c) => ({ wch: c.wch, width: c.width, wpx: c.wpx })),
        cells,
      };
    }),
  };
}

const readBack = (bytes: Uint8Array) => read(bytes, { type: "buffer", cellNF: true, cellStyles: true });

const AT = new Date(Date.UTC(2026, 9, 1, 8, 15, 30));

const SHEETS: XlsxSheet[] = [
  {
    name: "Mixed cells",
    header: ["Text", "Number", "Yes/no", "When (UTC)", "Note", "Empty"],
    rows: [
      [`Ada & <Bob> "quoted" 'single'`, 12.5, true, AT, null, ""],
      ['=HYPERLINK("http://x")', -3, false, null, "  leading and trailing  ", null],
      ["+1 good", 0, null, new Date(Date.UTC(1999, 11, 31, 23, 59, 59)), "two\nlines", "@sum"],
      ["-minus", 1e21, true, AT, "tab\tinside and a bell \u0007", "\ttab first"],
      ["Ünïcødé 名前 😀", 1 / 3, false, null, "_x0041_ stays", "-0"],
      [null, null, null, null, null, null],
      ["last", 123456789, true, AT, "end", "z"],
    ],
  },
  {
    name: "A sheet name longer than thirty-one characters",
    header: Array.from({ length: 30 }, (_, i) => `Column ${i + 1}`),
    rows: Array.from({ length: 40 }, (_, r) => Array.from({ length: 30 }, (_, c): CellValue => (c % 3 === 0 ? `r${r}c${c}` : r * c))),
  },
  { name: "Header only", header: ["Only", "A header"], rows: [] },
  { name: "One column", header: ["A"], rows: [["x"], [null], ["y"]] },
];

describe("writeXlsx", () => {
  it("writes what SheetJS wrote: the same sheets, cells, number formats, ranges, autofilters, widths and filter names", () => {
    const ours = contentOf(readBack(writeXlsx(SHEETS)));
    const theirs = contentOf(readBack(sheetJsWorkbook(SHEETS)));
    expect(ours.sheetNames).toEqual(["Mixed cells", "A sheet name longer than thirty", "Header only", "One column"]);
    expect(ours).toEqual(theirs);
  });

  it("compresses a sheet larger than its 1 MB chunks into one valid zip entry (sizes and CRC checked)", () => {
    const big: XlsxSheet = {
      name: "Big",
      header: ["Person", "Mission", "Points", "When", "Note"],
      rows: Array.from({ length: 30_000 }, (_, r): CellValue[] => [
        `user-${r.toString(16).padStart(12, "0")}`,
        `Mission ${r % 37}`,
        r % 50,
        AT,
        r % 7 === 0 ? "Ünïcødé & <more>" : null,
      ]),
    };
    const bytes = writeXlsx([big]);
    // Every local entry inflates to its stated size and CRC (what Excel and unzip check).
    let at = 0;
    const entries: string[] = [];
    while (bytes.readUInt32LE(at) === 0x04034b50) {
      const crc = bytes.readUInt32LE(at + 14);
      const compressed = bytes.readUInt32LE(at + 18);
      const size = bytes.readUInt32LE(at + 22);
      const nameLength = bytes.readUInt16LE(at + 26);
      const name = bytes.subarray(at + 30, at + 30 + nameLength).toString("utf8");
      const raw = inflateRawSync(bytes.subarray(at + 30 + nameLength, at + 30 + nameLength + compressed));
      expect([name, raw.byteLength, crc32(raw)]).toEqual([name, size, crc]);
      entries.push(name);
      at += 30 + nameLength + compressed;
    }
    expect(entries).toContain("xl/worksheets/sheet1.xml");
    expect(contentOf(readBack(bytes))).toEqual(contentOf(readBack(sheetJsWorkbook([big]))));
  });

  it("keeps formulas out: text that starts like a formula is written as text with a leading quote", () => {
    const book = readBack(writeXlsx([{ name: "S", header: ["h"], rows: [["=1+1"]] }]));
    const cell = book.Sheets.S?.A2;
    expect(cell?.t).toBe("s");
    expect(cell?.v).toBe("'=1+1");
    expect(cell?.f).toBeUndefined();
  });

  it("gives a date cell the UTC serial and the ISO format", () => {
    const book = readBack(writeXlsx([{ name: "S", header: ["when"], rows: [[AT]] }]));
    const cell = book.Sheets.S?.A2;
    expect(cell?.t).toBe("n");
    expect(cell?.v).toBeCloseTo(excelSerial(AT), 9);
    expect(cell?.z).toBe("yyyy-mm-dd hh:mm:ss");
    expect(utils.sheet_to_json(book.Sheets.S as WorkSheet, { raw: false })).toEqual([{ when: "2026-10-01 08:15:30" }]);
  });

  it("refuses text longer than Excel's 32,767 characters, as SheetJS did", () => {
    expect(() => writeXlsx([{ name: "S", header: ["h"], rows: [["x".repeat(32_768)]] }])).toThrow(/32767/);
  });

  it("names columns as Excel does and escapes XML", () => {
    expect([0, 25, 26, 51, 52, 701, 702].map(columnName)).toEqual(["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA"]);
    expect(escapeXml(`a&b<c>"d"'e'\u0001`)).toBe("a&amp;b&lt;c&gt;&quot;d&quot;&apos;e&apos;_x0001_");
    expect(escapeXml("plain")).toBe("plain");
  });
});
