// The one upload receiver: every multipart form (catalog import and icons, campaign manifest,
// OpenWebUI exports) is read through `receiveUpload`, with limits per field. Remix's multipart
// parser splits the parts; each part goes where its field says (memory, or a temp file written
// with backpressure — Remix's own file handler ignores it and checks no content), and is refused
// as soon as it passes its limit. docs/decisions/016-job-runner.md ("Uploads").
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { creditFileHeadProblem } from "@missionboard/api";
import { looksLikeSvg, sniffImageType } from "@missionboard/core";
import { type UploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";

/** Refuses a file from its first bytes (up to 512) and name: a message for the person, or null to accept. */
export type FileCheck = (head: Uint8Array, filename: string) => string | null;

export type UploadField =
  | { kind: "text"; maxBytes?: number }
  | {
      kind: "file";
      maxBytes: number;
      /** Where the bytes go: memory (small files read whole anyway) or a temp file (exports). */
      store: "memory" | "disk";
      /** The allowed types (see {@link jsonFile}, {@link jsonOrCsvFile}, {@link imageFile}). */
      accept?: FileCheck;
      /** The 413 message (default: "<field> must be N MB or smaller."). */
      tooLarge?: string;
    };

export interface UploadLimits {
  /** The fields expected. A file in another field is refused; other text fields get `textMaxBytes`. */
  fields: Record<string, UploadField>;
  /** Most parts (files and text fields) the form may have. */
  maxParts: number;
  /** Limit of a text field not listed (default 16 KB). */
  textMaxBytes?: number;
  /** Limit of all files together (default: no more than their own limits). */
  maxFileBytes?: number;
  /** The 413 message when the files together are too large. */
  tooLarge?: string;
  /** Where temp files are made (default the OS temp dir; tests point it elsewhere). */
  tmpRoot?: string;
}

export interface ReceivedFile {
  field: string;
  /** The name the browser gave (display and audit only; never a path). */
  filename: string;
  bytes: number;
  /** For `store: "disk"`: where it is (inside a directory of this upload). */
  path: string | null;
  /** For `store: "memory"`: the bytes. */
  data: Uint8Array | null;
}

export type UploadResult =
  | {
      ok: true;
      /** Text fields, by name (the last value of a repeated name). */
      fields: Record<string, string>;
      /** Non-empty files, by field. */
      files: Record<string, ReceivedFile>;
      /** Removes the temp files (no-op without disk fields). */
      dispose(): Promise<void>;
    }
  | { ok: false; status: 400 | 413; field: string; message: string };

export const TEXT_FIELD_MAX_BYTES = 16 * 1024;
/** Headers and boundaries on top of the parts' own bytes, allowed in the Content-Length check. */
const MULTIPART_OVERHEAD = 64 * 1024;
const HEAD_BYTES = 512;

class Refused extends Error {
  constructor(
    readonly status: 400 | 413,
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

const mb = (bytes: number) => (bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${Math.round(bytes / 1024)} KB`);

/**
 * Reads a multipart form within `limits`: text fields as strings, files to memory or temp files as
 * each field declares, each checked by its `accept` from its first bytes. Returns the result, or a
 * refusal (413 when a file or the body is too large, 400 for too many fields, a field too long, a
 * file in an unexpected field or of a type not allowed) — in which case nothing is kept on disk.
 *
 * @example
 * const upload = await receiveUpload(request, { fields: { file: { kind: "file", maxBytes: 5 << 20, store: "memory", accept: jsonFile } }, maxParts: 4 });
 * if (!upload.ok) return data({ errors: { [upload.field]: upload.message } }, { status: upload.status });
 */
export async function receiveUpload(request: Request, limits: UploadLimits): Promise<UploadResult> {
  const fileFields = Object.entries(limits.fields).filter(([, f]) => f.kind === "file") as [
    string,
    Extract<UploadField, { kind: "file" }>,
  ][];
  const textMax = limits.textMaxBytes ?? TEXT_FIELD_MAX_BYTES;
  const filesMax = limits.maxFileBytes ?? fileFields.reduce((n, [, f]) => n + f.maxBytes, 0);
  const bodyMax = filesMax + limits.maxParts * textMax + MULTIPART_OVERHEAD;
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > bodyMax)
    return { ok: false, status: 413, field: "form", message: limits.tooLarge ?? `The upload must be ${mb(filesMax)} or smaller.` };
  if (!(request.headers.get("content-type") ?? "").startsWith("multipart/form-data"))
    return { ok: false, status: 400, field: "form", message: "Expected a form with files (multipart/form-data)." };

  let dir: string | null = null;
  const dispose = async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  };
  const fields: Record<string, string> = {};
  const files: Record<string, ReceivedFile> = {};
  let parts = 0;
  let fileBytes = 0;

  const handler: UploadHandler = async ({ name, filename, data }) => {
    parts++;
    if (parts > limits.maxParts) throw new Refused(400, "form", `The form has too many fields (at most ${limits.maxParts}).`);
    const spec = limits.fields[name];
    if (typeof filename !== "string") {
      const max = spec?.kind === "text" ? (spec.maxBytes ?? textMax) : textMax;
      const bytes = await readAll(data, max, () => new Refused(400, name, "This field is too long."));
      fields[name] = new TextDecoder().decode(bytes);
      return undefined;
    }
    if (spec?.kind !== "file") throw new Refused(400, name, `Unexpected file in the field "${name}".`);
    const tooLarge = () => new Refused(413, name, spec.tooLarge ?? `${name} must be ${mb(spec.maxBytes)} or smaller.`);
    const overall = () => new Refused(413, "form", limits.tooLarge ?? `The upload must be ${mb(filesMax)} or smaller in total.`);
    let size = 0;
    let head: Uint8Array | null = null;
    const headParts: Buffer[] = [];
    const check = (final: boolean) => {
      if (head !== null) return;
      const joined = Buffer.concat(headParts);
      if (joined.length < HEAD_BYTES && !final) return;
      head = joined.subarray(0, HEAD_BYTES);
      if (size === 0) return; // an empty file input: nothing was chosen
      const problem = spec.accept?.(head, filename);
      if (problem) throw new Refused(400, name, problem);
    };
    const count = (chunk: Uint8Array) => {
      size += chunk.byteLength;
      fileBytes += chunk.byteLength;
      if (size > spec.maxBytes) throw tooLarge();
      if (fileBytes > filesMax) throw overall();
      if (head === null) headParts.push(Buffer.from(chunk));
      check(false);
    };
    if (spec.store === "memory") {
      const chunks: Uint8Array[] = [];
      for await (const chunk of data) {
        count(chunk);
        chunks.push(chunk);
      }
      check(true);
      if (size > 0) files[name] = { field: name, filename: filename.slice(0, 300), bytes: size, path: null, data: Buffer.concat(chunks) };
      return undefined;
    }
    dir ??= await mkdtemp(path.join(limits.tmpRoot ?? tmpdir(), "missionboard-upload-"));
    // The path comes from the field's name (declared above), never from the browser's file name.
    const file = path.join(dir, name);
    await pipeline(
      Readable.from(data),
      new Transform({
        transform(chunk: Buffer, _encoding, done) {
          try {
            count(chunk);
            done(null, chunk);
          } catch (error) {
            done(error as Error);
          }
        },
        flush(done) {
          try {
            check(true);
            done();
          } catch (error) {
            done(error as Error);
          }
        },
      }),
      createWriteStream(file),
    );
    if (size > 0) files[name] = { field: name, filename: filename.slice(0, 300), bytes: size, path: file, data: null };
    return undefined;
  };

  try {
    await unstable_parseMultipartFormData(request, handler);
  } catch (error) {
    await dispose();
    if (error instanceof Refused) return { ok: false, status: error.status, field: error.field, message: error.message };
    return { ok: false, status: 400, field: "form", message: "The form could not be read; try again." };
  }
  return { ok: true, fields, files, dispose };
}

async function readAll(data: AsyncIterable<Uint8Array>, max: number, refuse: () => Refused): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of data) {
    size += chunk.byteLength;
    if (size > max) throw refuse();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

// ---------------------------------------------------------------------------------------------
// Allowed types, read from the first bytes (the browser's declared type is not trusted)

const textHead = (head: Uint8Array) =>
  Buffer.from(head)
    .toString("utf8")
    .replace(/^\uFEFF/, "")
    .trimStart();

const startsLikeJson = (head: Uint8Array) => /^[[{]/.test(textHead(head));

/** A JSON document: starts with `[` or `{`. */
export const jsonFile: FileCheck = (head) => (startsLikeJson(head) ? null : "This must be a JSON file (it does not start with [ or {).");

/** JSON, or CSV text (no NUL bytes: not a binary file). */
export const jsonOrCsvFile: FileCheck = (head) =>
  startsLikeJson(head) || !Buffer.from(head).includes(0) ? null : "This must be a JSON or CSV file.";

/** CSV text: not a workbook renamed .csv, not binary (the campaign credits list; the api checks it again). */
export const csvFile: FileCheck = (head) => creditFileHeadProblem(head);

/** A PNG, JPEG, WebP or GIF image. */
export const imageFile: FileCheck = (head) => (sniffImageType(head) ? null : "The icon must be a PNG, JPEG, WebP or GIF image.");

export const ARTWORK_TYPE_MESSAGE = "The artwork must be a PNG or SVG image (or JPEG, WebP, GIF).";
/** Badge artwork: a raster image or an SVG document, by content (docs/product/badges.md §B-8). */
export const artworkFile: FileCheck = (head) => (sniffImageType(head) || looksLikeSvg(head) ? null : ARTWORK_TYPE_MESSAGE);
