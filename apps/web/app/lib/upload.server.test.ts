import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { CREDIT_FILE_MAX_BYTES } from "@missionboard/api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { csvFile, imageFile, jsonFile, jsonOrCsvFile, receiveUpload, type UploadLimits } from "./upload.server";

let tmpRoot: string;
beforeEach(() => {
  tmpRoot = mkdtempSync(path.join(tmpdir(), "receive-upload-test-"));
});
afterEach(() => {
  expect(existsSync(tmpRoot)).toBe(true);
});
/** What the receiver left on disk. */
const leftOnDisk = () => readdirSync(tmpRoot);

const KB = 1024;
const limits = (extra: Partial<UploadLimits> = {}): UploadLimits => ({
  fields: {
    chats: { kind: "file", maxBytes: 64 * KB, store: "disk", accept: jsonFile },
    users: { kind: "file", maxBytes: 64 * KB, store: "disk", accept: jsonOrCsvFile },
    icon: { kind: "file", maxBytes: 4 * KB, store: "memory", accept: imageFile, tooLarge: "The icon image must be 4 KB or smaller." },
    note: { kind: "text", maxBytes: 100 },
  },
  maxParts: 6,
  tmpRoot,
  ...extra,
});

function form(parts: [string, string | Blob, string?][]): Request {
  const body = new FormData();
  for (const [name, value, filename] of parts) {
    if (typeof value === "string" && filename === undefined) body.append(name, value);
    else body.append(name, typeof value === "string" ? new Blob([value]) : value, filename ?? "file");
  }
  return new Request("http://app.test/upload", { method: "POST", body });
}

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

describe("receiveUpload", () => {
  it("streams disk fields to a temp file, keeps memory fields in memory, reads text fields; dispose removes the files", async () => {
    const chats = `[${'{"id":"c1"},'.repeat(2000)}{"id":"last"}]`;
    const upload = await receiveUpload(
      form([
        ["intent", "upload"],
        ["chats", chats, "all-chats.json"],
        ["users", "id,name\nu1,Ada\n", "users.csv"],
        ["icon", new Blob([PNG]), "icon.png"],
        ["note", "hello"],
      ]),
      limits(),
    );
    if (!upload.ok) throw new Error(upload.message);
    expect(upload.fields).toEqual({ intent: "upload", note: "hello" });
    expect(upload.files.chats).toMatchObject({ filename: "all-chats.json", bytes: chats.length, data: null });
    expect(readFileSync(upload.files.chats?.path ?? "", "utf8")).toBe(chats);
    expect(upload.files.icon).toMatchObject({ filename: "icon.png", bytes: PNG.length, path: null });
    expect(Buffer.from(upload.files.icon?.data ?? []).equals(Buffer.from(PNG))).toBe(true);
    expect(leftOnDisk()).toHaveLength(1);
    await upload.dispose();
    expect(leftOnDisk()).toEqual([]);
  });

  it("an empty file input is no file", async () => {
    const upload = await receiveUpload(form([["chats", "", ""]]), limits());
    expect(upload).toMatchObject({ ok: true, files: {} });
  });

  it("refuses an oversized file with 413 as it streams, and keeps nothing on disk", async () => {
    const big = `[${"0,".repeat(40 * KB)}0]`;
    const upload = await receiveUpload(form([["chats", big, "big.json"]]), limits());
    expect(upload).toEqual({ ok: false, status: 413, field: "chats", message: "chats must be 64 KB or smaller." });
    expect(leftOnDisk()).toEqual([]);
    const icon = await receiveUpload(form([["icon", new Blob([PNG, new Uint8Array(5 * KB)]), "icon.png"]]), limits());
    expect(icon).toMatchObject({ ok: false, status: 413, field: "icon", message: "The icon image must be 4 KB or smaller." });
  });

  it("refuses files too large together, and a body whose Content-Length is too large before reading it", async () => {
    const half = `[${"0,".repeat(20 * KB)}0]`;
    const together = await receiveUpload(
      form([
        ["chats", half, "a.json"],
        ["users", half, "b.json"],
      ]),
      limits({ maxFileBytes: 60 * KB, tooLarge: "The upload must be 60 KB or smaller in total." }),
    );
    expect(together).toEqual({ ok: false, status: 413, field: "form", message: "The upload must be 60 KB or smaller in total." });
    expect(leftOnDisk()).toEqual([]);
    const declared = new Request("http://app.test/upload", {
      method: "POST",
      headers: { "content-type": "multipart/form-data; boundary=x", "content-length": String(10 * 1024 * KB) },
      body: "--x--",
    });
    expect(await receiveUpload(declared, limits())).toMatchObject({ ok: false, status: 413, field: "form" });
  });

  it("refuses too many fields, a text field too long, and a file in an unexpected field", async () => {
    const many = await receiveUpload(form(Array.from({ length: 7 }, (_, i) => [`f${i}`, "x"] as [string, string])), limits());
    expect(many).toEqual({ ok: false, status: 400, field: "form", message: "The form has too many fields (at most 6)." });
    const long = await receiveUpload(form([["note", "x".repeat(101)]]), limits());
    expect(long).toEqual({ ok: false, status: 400, field: "note", message: "This field is too long." });
    const stray = await receiveUpload(form([["secrets", "[1]", "x.json"]]), limits());
    expect(stray).toEqual({ ok: false, status: 400, field: "secrets", message: 'Unexpected file in the field "secrets".' });
    expect(leftOnDisk()).toEqual([]);
  });

  it("refuses a file of a type the field does not allow, from its first bytes", async () => {
    const notJson = await receiveUpload(form([["chats", "id,name\nu1,Ada\n", "chats.json"]]), limits());
    expect(notJson).toEqual({
      ok: false,
      status: 400,
      field: "chats",
      message: "This must be a JSON file (it does not start with [ or {).",
    });
    expect(leftOnDisk()).toEqual([]);
    const binary = await receiveUpload(form([["users", new Blob([PNG]), "users.csv"]]), limits());
    expect(binary).toMatchObject({ ok: false, status: 400, field: "users", message: "This must be a JSON or CSV file." });
    const notImage = await receiveUpload(form([["icon", "<svg/>", "icon.png"]]), limits());
    expect(notImage).toMatchObject({ ok: false, status: 400, field: "icon", message: "The icon must be a PNG, JPEG, WebP or GIF image." });
    const bom = await receiveUpload(form([["chats", "\uFEFF\n [1]", "chats.json"]]), limits());
    expect(bom.ok).toBe(true);
    if (bom.ok) await bom.dispose();
  });

  it("takes a credits CSV into memory and refuses a workbook renamed .csv from its first bytes", async () => {
    const credits: UploadLimits = {
      fields: { file: { kind: "file", maxBytes: CREDIT_FILE_MAX_BYTES, store: "memory", accept: csvFile } },
      maxParts: 2,
    };
    const xlsx = await receiveUpload(form([["file", new Blob([new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0])]), "list.csv"]]), credits);
    expect(xlsx).toMatchObject({ ok: false, status: 400, field: "file", message: expect.stringContaining("Excel workbook (.xlsx)") });
    const csv = await receiveUpload(form([["file", "UserID;Email\r\n1;a@x\r\n", "list.csv"]]), credits);
    expect(csv.ok && Buffer.from(csv.files.file?.data ?? []).toString()).toBe("UserID;Email\r\n1;a@x\r\n");
  });

  it("refuses a form that is not multipart", async () => {
    const request = new Request("http://app.test/upload", { method: "POST", body: new URLSearchParams({ a: "b" }) });
    expect(await receiveUpload(request, limits())).toMatchObject({ ok: false, status: 400, field: "form" });
  });
});
