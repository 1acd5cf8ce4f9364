import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { RuleViolationError } from "@missionboard/core";
import { describe, expect, it } from "vitest";
import { CREDIT_FILE_ERRORS, CREDIT_FILE_MAX_BYTES, readCreditCsv, sniffDelimiter, textPieces } from "./read-csv";

const SAMPLE = fileURLToPath(new URL("../../../../../fixtures/campaign/SubmittedActivityList.sample.csv", import.meta.url));

async function refusal(input: Parameters<typeof readCreditCsv>[0], name = "list.csv"): Promise<string> {
  try {
    await readCreditCsv(input, name);
  } catch (error) {
    expect(error).toBeInstanceOf(RuleViolationError);
    return (error as Error).message;
  }
  throw new Error("expected a refusal");
}

const lines = (n: number) => Array.from({ length: n }, (_, i) => `${i + 1},x${i}`).join("\n");

describe("readCreditCsv", () => {
  it("reads the sample export: BOM, CRLF, a quoted value over two lines, each record with the line it starts on", async () => {
    const csv = await readCreditCsv(readFileSync(SAMPLE), "SubmittedActivityList.sample.csv");
    expect(csv.header[0]).toBe("UserID");
    expect(csv.header.at(-1)).toBe("Created");
    expect(csv.delimiter).toBe(",");
    expect(csv.sha256).toMatch(/^[0-9a-f]{64}$/);
    const demo = csv.records.find((r) => r.cells.includes("Summarising RFPs"));
    expect(demo?.line).toBe(7);
    expect(demo?.cells).toContain("A prompt chain that drafts, then critiques.\nShown live.");
    // The record after the two-line one starts on line 9.
    expect(csv.records[csv.records.indexOf(demo as never) + 1]?.line).toBe(9);
    expect(csv.records.every((r) => r.cells.length === csv.header.length)).toBe(true);
  });

  it.each([
    ["semicolons", "UserID;Email\n1;a@x\n", ";", ["1", "a@x"]],
    ["tabs", "UserID\tEmail\n1\ta@x\n", "\t", ["1", "a@x"]],
    ["commas inside quotes of a semicolon file", '"A,B";C\n"1,2";3\n', ";", ["1,2", "3"]],
    ["a formula kept as text", 'A,B\n"=HYPERLINK(""http://x"")",2\n', ",", ['=HYPERLINK("http://x")', "2"]],
  ])("reads %s", async (_label, text, delimiter, first) => {
    const csv = await readCreditCsv(text, "x.csv");
    expect(csv.delimiter).toBe(delimiter);
    expect(csv.records[0]).toEqual({ line: 2, cells: first });
  });

  it("reads a stream and pads short lines; a blank line is kept (the caller skips all-blank rows)", async () => {
    const csv = await readCreditCsv(Readable.from([Buffer.from("A,B,C\n1,2\n\n"), Buffer.from("3,4,5\n")]), "x.CSV");
    expect(csv.records).toEqual([
      { line: 2, cells: ["1", "2", ""] },
      { line: 3, cells: ["", "", ""] },
      { line: 4, cells: ["3", "4", "5"] },
    ]);
  });

  it.each<[string, Parameters<typeof readCreditCsv>[0], string, string]>([
    ["a name not ending in .csv", "A\n1\n", "list.xlsx", CREDIT_FILE_ERRORS.notCsv],
    ["an empty file", "", "x.csv", CREDIT_FILE_ERRORS.empty],
    ["a file of blank lines and a BOM", "\uFEFF\r\n  \r\n", "x.csv", CREDIT_FILE_ERRORS.empty],
    ["a blank first line", "\nA,B\n1,2\n", "x.csv", CREDIT_FILE_ERRORS.noHeader],
    ["a header-only file", "UserID,Email\r\n", "x.csv", CREDIT_FILE_ERRORS.noRows],
    ["a header and blank rows", "UserID,Email\n,\n\n", "x.csv", CREDIT_FILE_ERRORS.noRows],
    ["an .xlsx renamed .csv", Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 6, 0]), "x.csv", CREDIT_FILE_ERRORS.xlsx],
    ["an .xls renamed .csv", Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]), "x.csv", CREDIT_FILE_ERRORS.xls],
    ["a binary file", Buffer.from([0x41, 0x00, 0x42]), "x.csv", CREDIT_FILE_ERRORS.binary],
    ["Windows-1252 text on line 3", Buffer.from("A,B\n1,2\n3,Caf\xe9\n", "latin1"), "x.csv", CREDIT_FILE_ERRORS.notUtf8(3)],
    ["a stray quote on line 4", 'A,B\n1,2\n3,4\n5,ab"c\n6,7\n', "x.csv", CREDIT_FILE_ERRORS.strayQuote(4)],
    ["text after a closing quote on line 3", 'A,B\n1,2\n3,"ab"c\n', "x.csv", CREDIT_FILE_ERRORS.strayQuote(3)],
    ["a quote opened on line 3 and never closed", 'A,B\n1,2\n3,"abc\n4,5\n', "x.csv", CREDIT_FILE_ERRORS.unclosedQuote(3)],
    ["more values than columns on line 2", "A,B\n1,2,3\n", "x.csv", CREDIT_FILE_ERRORS.tooManyCells(2, 3, 2)],
  ])("refuses %s with a message naming the problem", async (_label, input, name, message) => {
    expect(await refusal(input, name)).toBe(message);
  });

  it("names the line of a stray quote deep in a large CRLF file", async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => (i === 4810 ? '4812,bad "quote' : `${i + 2},fine`));
    expect(await refusal(`A,B\r\n${rows.join("\r\n")}\r\n`)).toBe(CREDIT_FILE_ERRORS.strayQuote(4812));
  });

  it("refuses a file over 5 MB before parsing it, and stops reading a stream there", async () => {
    expect(await refusal(Buffer.alloc(CREDIT_FILE_MAX_BYTES + 1, 0x41))).toBe(CREDIT_FILE_ERRORS.tooLarge);
    let served = 0;
    async function* endless() {
      const chunk = Buffer.alloc(1024 * 1024, 0x41);
      for (;;) {
        served += chunk.byteLength;
        yield chunk;
      }
    }
    expect(await refusal(endless())).toBe(CREDIT_FILE_ERRORS.tooLarge);
    expect(served).toBeLessThanOrEqual(CREDIT_FILE_MAX_BYTES + 1024 * 1024);
    // Exactly 5 MB is allowed.
    const body = CREDIT_FILE_MAX_BYTES - 2;
    const rest = body % 1024;
    const exact = `A\n${`${"x".repeat(1023)}\n`.repeat(Math.floor(body / 1024))}${rest ? `${"y".repeat(rest - 1)}\n` : ""}`;
    expect((await readCreditCsv(exact, "x.csv")).bytes).toBe(CREDIT_FILE_MAX_BYTES);
  });

  it("counts lines of a long file exactly", async () => {
    const csv = await readCreditCsv(`A,B\n${lines(1000)}\n`, "x.csv");
    expect(csv.records.at(-1)).toEqual({ line: 1001, cells: ["1000", "x999"] });
  });
});

describe("sniffDelimiter", () => {
  it.each([
    ["A,B,C", ","],
    ["A;B;C", ";"],
    ["A\tB\tC", "\t"],
    ['"A;B",C', ","],
    ["A", ","],
    ["A;B,C", ","],
  ])("%j → %j", (line, expected) => {
    expect(sniffDelimiter(line)).toBe(expected);
  });
});

describe("textPieces", () => {
  /** The whole text as read before: decoded at once, BOM dropped, CRLF and CR as LF. */
  const whole = (bytes: Buffer) => {
    let text = bytes.toString("utf8");
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return text.replace(/\r\n?/g, "\n");
  };

  it("gives the text read at once, whatever falls on a piece's edge (a split character, a split CRLF, a lone CR)", () => {
    // 64 KiB pieces: pad so that a 3-byte character, then a CRLF, then a CR straddle the edges.
    const edge = 64 * 1024;
    for (const shift of [0, 1, 2, 3]) {
      const text = `\ufeffUserID,Name\r\n${"x".repeat(edge - 14 - shift)}€ü\r\n1,"a\r\nb"\r${"y".repeat(edge - 3)}\r\n2,名前😀\r`;
      const bytes = Buffer.from(text, "utf8");
      const pieces = [...textPieces(bytes)];
      expect(pieces.length).toBeGreaterThan(2);
      expect(pieces.join("")).toBe(whole(bytes));
    }
    expect([...textPieces(Buffer.from("a\r", "utf8"))].join("")).toBe("a\n");
    expect([...textPieces(Buffer.alloc(0))]).toEqual([]);
  });

  it("reads a list larger than a piece into the same records", async () => {
    const lines = Array.from({ length: 3_000 }, (_, i) => `${i},"Nom ${i} é",ada${i}@x.example`);
    const csv = await readCreditCsv(`\ufeffUserID,FirstName,Email\r\n${lines.join("\r\n")}\r\n`, "list.csv");
    expect(csv.records).toHaveLength(3_000);
    expect(csv.records[2_999]).toEqual({ line: 3_001, cells: ["2999", "Nom 2999 é", "ada2999@x.example"] });
  });
});
