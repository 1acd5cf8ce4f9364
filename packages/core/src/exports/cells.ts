// Spreadsheet-safe cell values and RFC 4180 CSV lines. Pure: the api streams and writes files.

/** What an export cell may hold. Dates are written as ISO 8601 (UTC). */
export type CellValue = string | number | boolean | Date | null;

/** Characters that make a spreadsheet treat a cell as a formula (or a DDE command). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A text cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with a
 * single quote, so a spreadsheet shows it as text and never runs it ("CSV injection"). Numbers,
 * booleans, dates and null are returned unchanged: they cannot carry a formula.
 *
 * @example neutralizeCell("=HYPERLINK(\"http://x\")") // "'=HYPERLINK(\"http://x\")"
 */
export function neutralizeCell<T extends CellValue>(value: T): T | string {
  return typeof value === "string" && FORMULA_START.test(value) ? `'${value}` : value;
}

/** The text a cell shows in a CSV file: ISO dates, true/false, empty for null. Not neutralised. */
export function cellText(value: CellValue): string {
  if (value === null) return "";
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

/** RFC 4180: a field holding a comma, a double quote, CR or LF is quoted, with quotes doubled. */
export function csvField(value: CellValue): string {
  const text = cellText(neutralizeCell(value));
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record, CRLF-terminated, every text cell neutralised. */
export function csvLine(values: readonly CellValue[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
}

/** Excel's serial day number for a UTC instant (days since 1899-12-30), so no local time zone leaks in. */
export const excelSerial = (date: Date): number => date.getTime() / 86_400_000 + 25_569;

/**
 * Column widths in characters for a worksheet: the longest of the header and the first rows'
 * texts, clamped so a long note does not make a column a screen wide.
 */
export function columnWidths(
  headers: readonly string[],
  rows: readonly (readonly CellValue[])[],
  min = 8,
  max = 50,
  sample = 500,
): number[] {
  return headers.map((header, i) => {
    let width = header.length;
    for (const row of rows.slice(0, sample)) {
      const value = row[i] ?? null;
      const text = value instanceof Date ? "yyyy-mm-dd hh:mm:ss" : cellText(value);
      width = Math.max(width, text.length);
    }
    return Math.min(max, Math.max(min, width + 2));
  });
}
