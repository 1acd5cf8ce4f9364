import { describe, expect, it } from "vitest";
import { type CellValue, cellText, columnWidths, csvField, csvLine, excelSerial, neutralizeCell } from "./cells";

describe("neutralizeCell", () => {
  it.each<[CellValue, CellValue]>([
    ["=SUM(A1:A2)", "'=SUM(A1:A2)"],
    ["+1+1", "'+1+1"],
    ["-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"],
    ["@SUM(1)", "'@SUM(1)"],
    ["\t=1", "'\t=1"],
    ["\r=1", "'\r=1"],
    ['=HYPERLINK("http://evil.test","x")', `'=HYPERLINK("http://evil.test","x")`],
    ["Ada Lovelace", "Ada Lovelace"],
    ["a=b", "a=b"],
    [" =1", " =1"],
    ["", ""],
    ["'already quoted", "'already quoted"],
    [-5, -5],
    [0, 0],
    [true, true],
    [null, null],
  ])("%j → %j", (input, expected) => {
    expect(neutralizeCell(input)).toEqual(expected);
  });

  it("leaves dates alone", () => {
    const d = new Date("2026-10-01T12:00:00.000Z");
    expect(neutralizeCell(d)).toBe(d);
  });
});

describe("CSV encoding (RFC 4180)", () => {
  it.each<[CellValue, string]>([
    ["plain", "plain"],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["line1\nline2", '"line1\nline2"'],
    ["cr\rhere", '"cr\rhere"'],
    ["", ""],
    [null, ""],
    [42, "42"],
    [-1.5, "-1.5"],
    [false, "false"],
    [new Date("2026-10-01T12:00:00.000Z"), "2026-10-01T12:00:00.000Z"],
    ["=1+1", "'=1+1"],
    ['=HYPERLINK("x",1)', `"'=HYPERLINK(""x"",1)"`],
  ])("field %j → %j", (input, expected) => {
    expect(csvField(input)).toBe(expected);
  });

  it("ends each record with CRLF", () => {
    expect(csvLine(["a", 1, null, "b,c"])).toBe('a,1,,"b,c"\r\n');
  });

  it("cellText writes ISO dates, booleans and empty null", () => {
    expect(cellText(new Date(Date.UTC(2026, 0, 2)))).toBe("2026-01-02T00:00:00.000Z");
    expect(cellText(true)).toBe("true");
    expect(cellText(null)).toBe("");
  });
});

describe("worksheet helpers", () => {
  it("computes Excel serials in UTC", () => {
    expect(excelSerial(new Date("1970-01-01T00:00:00Z"))).toBe(25569);
    expect(excelSerial(new Date("2026-10-01T12:00:00Z"))).toBe(46296.5);
  });

  it("sizes columns from the header and the values, clamped", () => {
    expect(columnWidths(["Id", "Note"], [["a", "x".repeat(200)]])).toEqual([8, 50]);
    expect(columnWidths(["Awarded (UTC)"], [[new Date()]])).toEqual([21]);
  });
});
