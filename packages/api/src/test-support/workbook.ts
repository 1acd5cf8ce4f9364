// Test-only: opening a workbook the exports wrote (the browser tests have no xlsx of their own).
// The app never parses workbooks (docs/product/privacy-and-files.md §P-3); only tests read our own files.
import { read, utils } from "xlsx";

/** The sheet names of an .xlsx file and each sheet's rows as arrays (the header first). */
export function readWorkbook(bytes: Uint8Array): { sheetNames: string[]; rows: (sheet: string) => unknown[][] } {
  const book = read(bytes, { type: "buffer" });
  return {
    sheetNames: book.SheetNames,
    rows: (sheet) => {
      const found = book.Sheets[sheet];
      return found ? utils.sheet_to_json<unknown[]>(found, { header: 1, defval: null }) : [];
    },
  };
}
