// Export-file streaming for the ingest engine: JSON arrays one element at a time (bounded memory,
// whatever the file size) and users CSV files one row at a time. See docs/decisions/008-ingest.md.
import { createReadStream, statSync } from "node:fs";
import type { Readable } from "node:stream";
import JSONParser from "@streamparser/json/jsonparser.js";
import { parse as parseCsv } from "csv-parse";
import type { RawRecord } from "./types";

/** Keys whose array an object-shaped export wraps: `{chats:[…]}`, `{data:[…]}` (OpenWebUI model list), … */
export const WRAPPER_KEYS: readonly string[] = ["chats", "data", "items", "models", "users"];

/** A file that cannot be read as a list at all (empty, wrong top-level shape); thrown, not yielded. */
export class ExportFileError extends Error {
  override name = "ExportFileError";
}

const labelOf = (input: string | Readable) => (typeof input === "string" ? input : "the input");

function openInput(input: string | Readable): Readable {
  if (typeof input !== "string") return input;
  let size: number;
  try {
    size = statSync(input).size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ExportFileError(code === "ENOENT" ? `${input}: no such file` : `${input}: cannot be read (${code ?? String(error)})`);
  }
  if (size === 0) throw new ExportFileError(`${input} is empty (0 bytes); expected a JSON array of records`);
  return createReadStream(input, { highWaterMark: 64 * 1024 });
}

const isWhitespace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/** Where byte `offset` is, as 1-based line and column, when it falls in one of the recent chunks. */
class Positions {
  private chunks: { start: number; line: number; lineStart: number; bytes: Uint8Array }[] = [];
  private consumed = 0;
  private line = 1;
  private lineStart = 0;

  push(bytes: Uint8Array): void {
    this.chunks.push({ start: this.consumed, line: this.line, lineStart: this.lineStart, bytes });
    if (this.chunks.length > 2) this.chunks.shift();
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i] === 0x0a) {
        this.line++;
        this.lineStart = this.consumed + i + 1;
      }
    }
    this.consumed += bytes.length;
  }

  describe(offset: number | null): string {
    if (offset === null || offset < 0) return `byte ${this.consumed}`;
    const chunk = this.chunks.find((c) => offset >= c.start && offset < c.start + c.bytes.length);
    if (!chunk) return `byte ${offset}`;
    let { line, lineStart } = chunk;
    for (let i = 0; i < offset - chunk.start; i++) {
      if (chunk.bytes[i] === 0x0a) {
        line++;
        lineStart = chunk.start + i + 1;
      }
    }
    return `line ${line} column ${offset - lineStart + 1} (byte ${offset})`;
  }
}

/**
 * Streams the elements of a JSON export one at a time: a top-level array, or an object wrapping
 * one under `chats`, `data`, `items`, `models` or `users` (OpenWebUI's model list is `{data:[…]}`).
 * Memory stays bounded by the largest single record.
 *
 * - Each element is yielded as `{ ok: true, index, value }` as soon as it is complete.
 * - Malformed JSON (also mid-file, or a file cut short) yields one `{ ok: false, index, error }`
 *   naming the line, column and byte and how many records were read before it, then stops:
 *   everything read before the fault has already been yielded.
 * - A missing file, a 0-byte file, a file that is only whitespace, or a top-level value that is not
 *   an array / wrapper object throws an {@link ExportFileError} before any record.
 *
 * @example
 * for await (const rec of readJsonArray("all-chats-export.json")) if (rec.ok) handle(rec.value);
 */
export async function* readJsonArray(input: string | Readable): AsyncGenerator<RawRecord> {
  const label = labelOf(input);
  const stream = openInput(input);
  const positions = new Positions();
  const queue: RawRecord[] = [];
  let parser: JSONParser | null = null;
  let wrapped = false;
  let foundList = false;
  let emitted = 0;
  let lastOffset: number | null = null;
  let failed: string | null = null;
  let sawBytes = false;

  const fail = (error: unknown) => {
    if (failed !== null) return;
    const message = error instanceof Error ? error.message : String(error);
    const abs = /absolute position "(\d+)"/.exec(message);
    const where = positions.describe(abs ? Number(abs[1]) : lastOffset);
    const detail = message.replace(/ at chunk position "\d+" \(absolute position "\d+"\)/, "");
    failed = `malformed JSON at ${where}, after ${emitted} complete record(s): ${detail}`;
    queue.push({ ok: false, index: emitted, error: `${failed}` });
  };

  const start = (first: number) => {
    if (first !== 0x5b && first !== 0x7b) {
      throw new ExportFileError(
        `${label} is not a JSON array of records (it starts with "${String.fromCharCode(first)}"; expected "[" or an object wrapping an array under ${WRAPPER_KEYS.join("/")})`,
      );
    }
    wrapped = first === 0x7b;
    const p = new JSONParser({ paths: [wrapped ? "$.*.*" : "$.*"], keepStack: false });
    p.onToken = ({ offset }) => {
      lastOffset = offset;
    };
    p.onValue = ({ value, stack, parent }) => {
      if (wrapped) {
        const key = stack[1]?.key;
        if (typeof key !== "string" || !WRAPPER_KEYS.includes(key) || !Array.isArray(parent)) return;
      }
      foundList = true;
      queue.push({ ok: true, index: emitted++, value });
    };
    p.onError = fail;
    p.onEnd = () => {};
    parser = p;
  };

  try {
    for await (const raw of stream) {
      let bytes: Uint8Array = typeof raw === "string" ? Buffer.from(raw, "utf8") : (raw as Uint8Array);
      if (!parser) {
        // Skip a UTF-8 BOM and leading whitespace to see which shape the file has.
        let i = 0;
        if (!sawBytes && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
        sawBytes ||= bytes.length > 0;
        while (i < bytes.length && isWhitespace(bytes[i] as number)) i++;
        if (i >= bytes.length) {
          positions.push(bytes);
          continue;
        }
        positions.push(bytes.subarray(0, i));
        bytes = bytes.subarray(i);
        start(bytes[0] as number);
      }
      positions.push(bytes);
      (parser as JSONParser | null)?.write(bytes);
      while (queue.length > 0) yield queue.shift() as RawRecord;
      if (failed !== null) return;
    }
    if (!parser) throw new ExportFileError(`${label} contains no JSON (only whitespace)`);
    const p = parser as JSONParser;
    if (!p.isEnded) {
      try {
        p.end();
      } catch (error) {
        fail(error);
      }
      if (failed === null && !p.isEnded) fail(new Error("the file ends before the JSON document is complete"));
    }
    if (failed !== null) {
      // Make the cut-short case read naturally.
      const last = queue.at(-1);
      if (last && !last.ok && /ended in mid|ended in the middle|ends before/.test(last.error))
        queue[queue.length - 1] = {
          ok: false,
          index: emitted,
          error: `malformed JSON: the file ends in the middle of the document, after ${emitted} complete record(s)`,
        };
    }
    while (queue.length > 0) yield queue.shift() as RawRecord;
    if (failed === null && wrapped && !foundList && emitted === 0) {
      throw new ExportFileError(`${label} is a JSON object without a list of records under ${WRAPPER_KEYS.join("/")}`);
    }
  } finally {
    stream.destroy();
  }
}

/**
 * Streams a users CSV (`id,name,email,role[,…]`, header row required, UTF-8 with or without BOM)
 * as records keyed by the header. A row the parser rejects (e.g. an unclosed quote) yields
 * `{ ok: false }` naming the line and stops; a missing `id` column throws before any record.
 *
 * @example
 * for await (const rec of readUsersCsv("users.csv")) if (rec.ok) console.log(rec.value); // { id, name, email, role }
 */
export async function* readUsersCsv(input: string | Readable): AsyncGenerator<RawRecord> {
  const label = labelOf(input);
  const stream = openInput(input);
  let header: string[] | null = null;
  const parser = stream.pipe(
    parseCsv({
      bom: true,
      columns: (h: string[]) => {
        header = h.map((c) => c.trim());
        if (!header.some((c) => c.toLowerCase() === "id"))
          throw new ExportFileError(`${label}: the header row has no "id" column (found: ${header.join(", ") || "nothing"})`);
        return header.map((c) => c.toLowerCase());
      },
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
    }),
  );
  let index = 0;
  try {
    for await (const row of parser) {
      yield { ok: true, index: index++, value: row as Record<string, string> };
    }
  } catch (error) {
    if (error instanceof ExportFileError) throw error;
    const e = error as Error & { lines?: number };
    yield { ok: false, index, error: `malformed CSV${e.lines ? ` at line ${e.lines}` : ""}: ${e.message}` };
  } finally {
    stream.destroy();
  }
  if (header === null) throw new ExportFileError(`${label} has no header row`);
}
