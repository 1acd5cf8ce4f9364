// Test support only (not exported from core): reads the sample export in fixtures/campaign without a
// CSV library, so core's tests stay dependency-free. The upload uses csv-parse (DECISIONS §16).
import { type CreditRow, cellsByColumn, readCreditHeader, readCreditRecord } from "./record";

/** RFC 4180 records of a comma-separated text (quoted fields may hold commas, quotes and newlines). */
export function splitCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = "";
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      record.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      record.push(field);
      records.push(record);
      record = [];
      field = "";
    } else field += ch;
  }
  if (field !== "" || record.length > 0) records.push([...record, field]);
  return records;
}

/** The sample export's rows with their line numbers (records, not physical lines: header is 1). */
export function sampleCreditRows(text: string): { line: number; row: CreditRow }[] {
  const [header = [], ...records] = splitCsv(text);
  const head = readCreditHeader(header);
  if (!head.columns) throw new Error(head.error);
  const columns = head.columns;
  return records.flatMap((values, i) => {
    const result = readCreditRecord(i + 2, cellsByColumn(columns, values));
    if ("errors" in result) throw new Error(result.errors.map((e) => e.message).join(" "));
    return "row" in result ? [{ line: i + 2, row: result.row }] : [];
  });
}
