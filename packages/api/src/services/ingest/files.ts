// Export-file streaming for the ingest engine: JSON arrays one element at a time (bounded memory,
// whatever the file size) and users CSV files one row at a time. See docs/decisions/008-ingest.md.
import { closeSync, createReadStream, openSync, readSync, statSync } from "node:fs";
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

function openInput(input: string | Readable, highWaterMark = 64 * 1024): Readable {
  if (typeof input !== "string") return input;
  let size: number;
  try {
    size = statSync(input).size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ExportFileError(code === "ENOENT" ? `${input}: no such file` : `${input}: cannot be read (${code ?? String(error)})`);
  }
  if (size === 0) throw new ExportFileError(`${input} is empty (0 bytes); expected a JSON array of records`);
  return createReadStream(input, { highWaterMark });
}

const isWhitespace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/** One top-level element of a JSON export, as its raw bytes (not parsed yet), or why the file stops being readable. */
export type RawElement =
  | { ok: true; index: number; bytes: Buffer; offset: number; line: number; lineStart: number }
  | { ok: false; index: number; error: string; line?: number; stops?: boolean };
/** A raw element that was read whole (its bytes may still not parse). */
export type OkElement = Extract<RawElement, { ok: true }>;

/**
 * Records nested deeper than this are skipped unparsed (an OpenWebUI chat is about ten levels deep):
 * deep nesting could exhaust the stack of code that walks a record, and it is never an export.
 */
export const MAX_RECORD_DEPTH = 100;

export const TOO_DEEP = `too deeply nested (more than ${MAX_RECORD_DEPTH} levels)`;

const ENDS_MID = (n: number) => `malformed JSON: the file ends in the middle of the document, after ${n} complete record(s)`;

/** Line/column of byte `rel` of `bytes`, which starts at absolute `offset` on `line` (line starting at byte `lineStart`). */
function describeIn(bytes: Uint8Array, rel: number, offset: number, line: number, lineStart: number): string {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let l = line;
  let ls = lineStart;
  let p = buf.indexOf(0x0a, 0);
  while (p !== -1 && p < rel) {
    l++;
    ls = offset + p + 1;
    p = buf.indexOf(0x0a, p + 1);
  }
  return `line ${l} column ${offset + rel - ls + 1} (byte ${offset + rel})`;
}

/**
 * The malformed-JSON record for an element that JSON.parse rejected (or that the file cut short):
 * the position and message of @streamparser/json's first error inside it, as readJsonArray always
 * reported them.
 */
export function malformedElementError(el: OkElement, parseError: unknown, cutShort = false): string {
  const p = new JSONParser({ paths: ["$"], keepStack: false });
  let lastOffset: number | null = null;
  let first: string | null = null;
  p.onToken = ({ offset }) => {
    lastOffset = offset;
  };
  p.onValue = () => {};
  p.onError = (error) => {
    if (first !== null) return;
    const message = error instanceof Error ? error.message : String(error);
    const abs = /absolute position "(\d+)"/.exec(message);
    const rel = abs ? Number(abs[1]) : lastOffset;
    const detail = message.replace(/ at chunk position "\d+" \(absolute position "\d+"\)/, "");
    first = `malformed JSON at ${rel === null ? `byte ${el.offset}` : describeIn(el.bytes, rel, el.offset, el.line, el.lineStart)}, after ${el.index} complete record(s): ${detail}`;
  };
  p.onEnd = () => {};
  try {
    p.write(el.bytes);
  } catch {
    // reported through onError
  }
  if (first !== null) return first;
  if (cutShort) return ENDS_MID(el.index);
  const message = parseError instanceof Error ? parseError.message : String(parseError);
  return `malformed JSON at ${describeIn(el.bytes, 0, el.offset, el.line, el.lineStart)}, after ${el.index} complete record(s): ${message}`;
}

/** Parses one raw element: `{ ok: true, value }`, or the malformed-JSON record readJsonArray reports for it. */
export function parseRawElement(el: OkElement): RawRecord {
  try {
    return { ok: true, index: el.index, line: el.line, value: JSON.parse(el.bytes.toString("utf8")) };
  } catch (error) {
    return { ok: false, index: el.index, line: el.line, error: malformedElementError(el, error) };
  }
}

/** The value of the top-level string field `key` of a raw JSON object element, without parsing it (null if absent/not a string). */
export function rawTopLevelString(bytes: Buffer, key: string): string | null {
  let i = 0;
  const n = bytes.length;
  while (i < n && isWhitespace(bytes[i] as number)) i++;
  if (bytes[i] !== 0x7b) return null;
  i++;
  let depth = 1;
  let expectKey = true;
  let keyMatched = false;
  while (i < n) {
    const b = bytes[i] as number;
    if (b === 0x22) {
      // string: find its end
      let j = i + 1;
      for (;;) {
        const q = bytes.indexOf(0x22, j);
        if (q === -1) return null;
        let k = q - 1;
        let bs = 0;
        while (k > i && bytes[k] === 0x5c) {
          bs++;
          k--;
        }
        if (bs % 2 === 0) {
          j = q;
          break;
        }
        j = q + 1;
      }
      if (depth === 1) {
        if (expectKey) {
          keyMatched = bytes.toString("utf8", i + 1, j) === key;
          expectKey = false;
        } else if (keyMatched) {
          try {
            return JSON.parse(bytes.toString("utf8", i, j + 1)) as string;
          } catch {
            return null;
          }
        }
      }
      i = j + 1;
      continue;
    }
    if (b === 0x7b || b === 0x5b) depth++;
    else if (b === 0x7d || b === 0x5d) {
      depth--;
      if (depth === 0) return null;
    } else if (depth === 1) {
      if (b === 0x2c) {
        expectKey = true;
        keyMatched = false;
      } else if (keyMatched && b !== 0x3a && !isWhitespace(b)) return null; // the value is not a string
    }
    i++;
  }
  return null;
}

type Phase =
  | "start"
  | "arr-first" // after "[": element or "]"
  | "arr-next" // after ",": element
  | "arr-after" // after an element: "," or "]"
  | "obj-first" // wrapper object, after "{": key or "}"
  | "obj-key" // after ",": key
  | "obj-colon"
  | "obj-value"
  | "obj-after" // after a value: "," or "}"
  | "done";

/**
 * Splits a JSON export into its records' raw bytes (a top-level array, or the arrays a wrapper
 * object holds under {@link WRAPPER_KEYS}) without parsing them: a byte scanner that tracks strings,
 * escapes and depth. Each element still has to be parsed ({@link parseRawElement}); structural
 * faults between elements and a file cut short yield one `{ ok: false }` and stop, like readJsonArray.
 */
export async function* readJsonArrayRaw(input: string | Readable): AsyncGenerator<RawElement> {
  const label = labelOf(input);
  const stream = typeof input === "string" ? openInput(input, 1024 * 1024) : input;
  let phase: Phase = "start";
  let wrapped = false;
  let foundList = false;
  let inList = false; // the wrapper key being read holds the list
  let emitted = 0;
  let consumed = 0; // absolute offset of the current chunk
  let line = 1;
  let lineStart = 0;
  let nlScan = 0; // absolute offset up to which newlines were counted
  let sawBytes = false;
  let sawNonWs = false;
  // the element (or skipped wrapper value, or wrapper key) being scanned
  let inValue = false;
  let keep = false; // element bytes are kept (a record) or dropped (another wrapper value / a key)
  let record = false; // the value is a record (kept unless it is nested too deeply)
  let tooDeep = false;
  let isKey = false;
  let parts: Buffer[] = [];
  let depth = 0;
  let inString = false;
  let escaped = false;
  let scalar = false;
  let elOffset = 0;
  let elLine = 1;
  let elLineStart = 0;
  let keyText = "";

  let nlPos = -2; // next newline in the current chunk at or after the cursor (-1: none, -2: unknown)
  const linesUpTo = (buf: Buffer, rel: number) => {
    // advance the newline cursor to absolute offset consumed + rel
    const from = Math.max(0, nlScan - consumed);
    if (nlPos === -2 || (nlPos !== -1 && nlPos < from)) nlPos = buf.indexOf(0x0a, from);
    while (nlPos !== -1 && nlPos < rel) {
      line++;
      lineStart = consumed + nlPos + 1;
      nlPos = buf.indexOf(0x0a, nlPos + 1);
    }
    nlScan = Math.max(nlScan, consumed + rel);
  };
  const where = (buf: Buffer, rel: number) => {
    linesUpTo(buf, rel);
    return `line ${line} column ${consumed + rel - lineStart + 1} (byte ${consumed + rel})`;
  };
  const structural = (buf: Buffer, rel: number, what: string): RawElement => ({
    ok: false,
    index: emitted,
    error: `malformed JSON at ${where(buf, rel)}, after ${emitted} complete record(s): Unexpected "${String.fromCharCode(buf[rel] as number)}" ${what}`,
  });
  const begin = (buf: Buffer, i: number, keepIt: boolean, key = false) => {
    inValue = true;
    keep = keepIt;
    record = keepIt;
    tooDeep = false;
    isKey = key;
    parts = [];
    depth = 0;
    inString = false;
    escaped = false;
    const b = buf[i] as number;
    scalar = b !== 0x7b && b !== 0x5b;
    if (keep) {
      linesUpTo(buf, i);
      elOffset = consumed + i;
      elLine = line;
      elLineStart = lineStart;
    }
  };

  try {
    for await (const raw of stream) {
      const buf: Buffer = typeof raw === "string" ? Buffer.from(raw, "utf8") : Buffer.isBuffer(raw) ? raw : Buffer.from(raw as Uint8Array);
      let i = 0;
      if (!sawBytes && buf.length > 0) {
        sawBytes = true;
        if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) i = 3;
      }
      const n = buf.length;
      const out: RawElement[] = [];
      let stop = false;
      let nextBs = -2; // cached position of the next backslash in buf (-1: none)
      let segStart = i; // where the current element's bytes start in this chunk
      if (inValue) segStart = 0;
      while (i < n && !stop) {
        if (inValue) {
          // scan the value from i
          let end = -1;
          while (i < n) {
            if (inString) {
              if (escaped) {
                escaped = false;
                i++;
                continue;
              }
              if (nextBs === -2 || (nextBs !== -1 && nextBs < i)) nextBs = buf.indexOf(0x5c, i);
              const q = buf.indexOf(0x22, i);
              if (nextBs !== -1 && (q === -1 || nextBs < q)) {
                i = nextBs + 1;
                escaped = true;
                continue;
              }
              if (q === -1) {
                i = n;
                break;
              }
              inString = false;
              i = q + 1;
              if (scalar && depth === 0) {
                end = i;
                break;
              }
              continue;
            }
            const b = buf[i] as number;
            if (b === 0x22) {
              inString = true;
              i++;
              continue;
            }
            if (scalar) {
              if (b === 0x2c || b === 0x5d || b === 0x7d || b === 0x3a || isWhitespace(b)) {
                end = i;
                break;
              }
              i++;
              continue;
            }
            if (b === 0x7b || b === 0x5b) {
              depth++;
              if (depth > MAX_RECORD_DEPTH && record && !tooDeep) {
                // Scanned to its end without keeping its bytes, then skipped.
                tooDeep = true;
                keep = false;
                parts = [];
              }
            } else if (b === 0x7d || b === 0x5d) {
              depth--;
              if (depth === 0) {
                i++;
                end = i;
                break;
              }
            }
            i++;
          }
          if (end === -1) {
            if (keep || isKey) parts.push(buf.subarray(segStart));
            break;
          }
          inValue = false;
          if (tooDeep) {
            out.push({ ok: false, index: emitted++, line: elLine, stops: false, error: TOO_DEEP });
            phase = inList ? "arr-after" : wrapped ? "obj-after" : "arr-after";
            continue;
          }
          if (keep || isKey) parts.push(buf.subarray(segStart, end));
          const bytes = parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
          parts = [];
          if (isKey) {
            try {
              keyText = JSON.parse(bytes.toString("utf8")) as string;
            } catch {
              keyText = "";
            }
            phase = "obj-colon";
          } else {
            if (keep) {
              out.push({ ok: true, index: emitted++, bytes, offset: elOffset, line: elLine, lineStart: elLineStart });
              foundList = true;
            }
            phase = inList ? "arr-after" : wrapped ? "obj-after" : "arr-after";
          }
          continue;
        }
        const b = buf[i] as number;
        if (isWhitespace(b)) {
          i++;
          continue;
        }
        switch (phase) {
          case "start":
            sawNonWs = true;
            if (b !== 0x5b && b !== 0x7b) {
              throw new ExportFileError(
                `${label} is not a JSON array of records (it starts with "${String.fromCharCode(b)}"; expected "[" or an object wrapping an array under ${WRAPPER_KEYS.join("/")})`,
              );
            }
            wrapped = b === 0x7b;
            phase = wrapped ? "obj-first" : "arr-first";
            i++;
            continue;
          case "arr-first":
          case "arr-next":
            if (b === 0x5d && phase === "arr-first") {
              i++;
              if (inList) {
                inList = false;
                phase = "obj-after";
              } else phase = "done";
              continue;
            }
            if (b === 0x5d || b === 0x2c || b === 0x7d || b === 0x3a) {
              out.push(structural(buf, i, "where a record was expected"));
              stop = true;
              continue;
            }
            begin(buf, i, true);
            segStart = i;
            continue;
          case "arr-after":
            if (b === 0x2c) phase = "arr-next";
            else if (b === 0x5d) {
              if (inList) {
                inList = false;
                phase = "obj-after";
              } else phase = "done";
            } else {
              out.push(structural(buf, i, 'where "," or "]" was expected'));
              stop = true;
              continue;
            }
            i++;
            continue;
          case "obj-first":
          case "obj-key":
            if (b === 0x7d && phase === "obj-first") {
              phase = "done";
              i++;
              continue;
            }
            if (b !== 0x22) {
              out.push(structural(buf, i, "where a key was expected"));
              stop = true;
              continue;
            }
            begin(buf, i, false, true);
            segStart = i;
            continue;
          case "obj-colon":
            if (b !== 0x3a) {
              out.push(structural(buf, i, 'where ":" was expected'));
              stop = true;
              continue;
            }
            phase = "obj-value";
            i++;
            continue;
          case "obj-value":
            if (b === 0x5b && WRAPPER_KEYS.includes(keyText)) {
              inList = true;
              phase = "arr-first";
              i++;
              continue;
            }
            if (b === 0x5d || b === 0x2c || b === 0x7d || b === 0x3a) {
              out.push(structural(buf, i, "where a value was expected"));
              stop = true;
              continue;
            }
            begin(buf, i, false);
            segStart = i;
            continue;
          case "obj-after":
            if (b === 0x2c) phase = "obj-key";
            else if (b === 0x7d) phase = "done";
            else {
              out.push(structural(buf, i, 'where "," or "}" was expected'));
              stop = true;
              continue;
            }
            i++;
            continue;
          case "done":
            out.push(structural(buf, i, "after the end of the document"));
            stop = true;
            continue;
        }
      }
      linesUpTo(buf, n);
      consumed += n;
      nlPos = -2;
      for (const rec of out) yield rec;
      if (stop) return;
    }
    if (!sawNonWs) throw new ExportFileError(`${label} contains no JSON (only whitespace)`);
    if (phase !== "done") {
      if (inValue && tooDeep) yield { ok: false, index: emitted, line: elLine, error: ENDS_MID(emitted) };
      else if (inValue && keep && parts.length > 0) {
        const bytes = Buffer.concat(parts);
        yield {
          ok: false,
          index: emitted,
          error: malformedElementError(
            { ok: true, index: emitted, bytes, offset: elOffset, line: elLine, lineStart: elLineStart },
            null,
            true,
          ),
        };
      } else yield { ok: false, index: emitted, error: ENDS_MID(emitted) };
      return;
    }
    if (wrapped && !foundList && emitted === 0) {
      throw new ExportFileError(`${label} is a JSON object without a list of records under ${WRAPPER_KEYS.join("/")}`);
    }
  } finally {
    stream.destroy();
  }
}

const rawSources = new WeakMap<object, () => AsyncGenerator<RawElement>>();

/**
 * The raw-element reader behind a {@link readJsonArray} iterable that has not been started, if
 * any: the ingest engine uses it to skip unchanged records before parsing them.
 */
export function rawElementsOf(records: AsyncIterable<RawRecord>): (() => AsyncGenerator<RawElement>) | null {
  return rawSources.get(records) ?? null;
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
 * - A record nested more than {@link MAX_RECORD_DEPTH} levels deep is yielded as
 *   `{ ok: false, stops: false, error: "too deeply nested …" }` without being parsed, and reading goes on.
 * - A missing file, a 0-byte file, a file that is only whitespace, or a top-level value that is not
 *   an array / wrapper object throws an {@link ExportFileError} before any record.
 *
 * Elements are split at byte level ({@link readJsonArrayRaw}) and each is parsed with JSON.parse.
 *
 * @example
 * for await (const rec of readJsonArray("all-chats-export.json")) if (rec.ok) handle(rec.value);
 */
export function readJsonArray(input: string | Readable): AsyncGenerator<RawRecord> {
  let started = false;
  const gen = (async function* () {
    started = true;
    for await (const el of readJsonArrayRaw(input)) {
      const rec = el.ok ? parseRawElement(el) : el;
      yield rec;
      if (!rec.ok && rec.stops !== false) return;
    }
  })();
  rawSources.set(gen, () => {
    if (started) throw new Error("readJsonArray: the records were already being read");
    started = true;
    return readJsonArrayRaw(input);
  });
  return gen;
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
      info: true,
    }),
  );
  let index = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      yield { ok: true, index: index++, line: info.lines, value: record };
    }
  } catch (error) {
    if (error instanceof ExportFileError) throw error;
    const e = error as Error & { lines?: number };
    yield {
      ok: false,
      index,
      ...(e.lines ? { line: e.lines } : {}),
      error: `malformed CSV${e.lines ? ` at line ${e.lines}` : ""}: ${e.message}`,
    };
  } finally {
    stream.destroy();
  }
  if (header === null) throw new ExportFileError(`${label} has no header row`);
}

/** Whether a file starts (after a BOM and whitespace) like JSON (`[` or `{`); read from its first bytes. */
export function startsLikeJson(file: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch {
    return true; // readJsonArray reports the missing file
  }
  try {
    const head = Buffer.alloc(512);
    const n = readSync(fd, head, 0, head.length, 0);
    const text = head
      .subarray(0, n)
      .toString("utf8")
      .replace(/^\uFEFF/, "")
      .trimStart();
    return text.startsWith("[") || text.startsWith("{");
  } finally {
    closeSync(fd);
  }
}

/** A users export file: JSON when it starts like JSON, else CSV (whatever its name). */
export function readUsersFile(file: string): AsyncGenerator<RawRecord> {
  return startsLikeJson(file) ? readJsonArray(file) : readUsersCsv(file);
}
