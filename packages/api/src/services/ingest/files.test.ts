import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ExportFileError, MAX_RECORD_DEPTH, readJsonArray, readUsersCsv, readUsersFile, TOO_DEEP } from "./files";
import type { RawRecord } from "./types";

const fixture = (name: string) => fileURLToPath(new URL(`../../../../../fixtures/openwebui/${name}`, import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), "ingest-files-"));
const file = (name: string, content: string | Buffer) => {
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
};
const all = async (it: AsyncIterable<RawRecord>) => {
  const out: RawRecord[] = [];
  for await (const r of it) out.push(r);
  return out;
};

describe("readJsonArray", () => {
  it("streams the fixtures: a top-level array (chats) and OpenWebUI's {data:[…]} (models)", async () => {
    const chats = await all(readJsonArray(fixture("sample_chats.json")));
    expect(chats.map((r) => (r.ok ? (r.value as { id: string }).id : r.error))).toEqual([
      "chat-A01",
      "chat-B02",
      "chat-C03",
      "chat-D04",
      "chat-E05",
      "chat-F06",
      "chat-G07",
      "chat-H08",
    ]);
    expect(chats.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const models = await all(readJsonArray(fixture("sample_models.json")));
    expect(models).toHaveLength(5);
    expect(models.every((r) => r.ok)).toBe(true);
  });

  it("accepts wrappers, a BOM and leading whitespace, and ignores the wrapper's other keys", async () => {
    const p = file(
      "wrapped.json",
      `\uFEFF\n  {"meta": {"count": 2, "list": [9]}, "chats": [{"id": "a", "n": [1, {"x": 2}]}, {"id": "b"}]}`,
    );
    expect(await all(readJsonArray(p))).toEqual([
      { ok: true, index: 0, line: 2, value: { id: "a", n: [1, { x: 2 }] } },
      { ok: true, index: 1, line: 2, value: { id: "b" } },
    ]);
    expect(await all(readJsonArray(Readable.from([Buffer.from('[{"id"'), Buffer.from(': "split"}]')])))).toEqual([
      { ok: true, index: 0, line: 1, value: { id: "split" } },
    ]);
  });

  it("reports malformed JSON mid-file as one record naming line, column and position, after the good ones", async () => {
    const p = file("bad.json", '[{"id": "a"},\n {"id": "b"},\n {"id": oops}, {"id": "d"}]');
    const recs = await all(readJsonArray(p));
    expect(recs.slice(0, 2).map((r) => r.ok)).toEqual([true, true]);
    expect(recs[2]).toEqual({
      ok: false,
      index: 2,
      line: 3,
      error: expect.stringMatching(/^malformed JSON at line 3 column 9 \(byte \d+\), after 2 complete record\(s\)/),
    });
    expect(recs).toHaveLength(3);
    const cut = await all(readJsonArray(file("cut.json", '[{"id": "a"}, {"id": "b", "chat": {')));
    expect(cut).toEqual([
      { ok: true, index: 0, line: 1, value: { id: "a" } },
      { ok: false, index: 1, error: "malformed JSON: the file ends in the middle of the document, after 1 complete record(s)" },
    ]);
  });

  it("throws a clear error for a missing, empty, blank or non-list file", async () => {
    await expect(all(readJsonArray(path.join(dir, "missing.json")))).rejects.toThrow(/missing\.json: no such file/);
    await expect(all(readJsonArray(file("empty.json", "")))).rejects.toThrow(/is empty \(0 bytes\)/);
    await expect(all(readJsonArray(file("blank.json", "  \n ")))).rejects.toThrow(/contains no JSON/);
    await expect(all(readJsonArray(file("scalar.json", '"hello"')))).rejects.toBeInstanceOf(ExportFileError);
    await expect(all(readJsonArray(file("object.json", '{"other": [1]}')))).rejects.toThrow(/without a list of records/);
  });

  it("skips a record nested too deeply without parsing it (no stack overflow), and reads on", async () => {
    const deep = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;
    const p = file("deep.json", `[{"id": "a"},\n${deep(100_000)},\n{"id": "b", "x": ${deep(MAX_RECORD_DEPTH - 1)}}]`);
    const recs = await all(readJsonArray(p));
    expect(recs.map((r) => (r.ok ? (r.value as { id: string }).id : r))).toEqual([
      "a",
      { ok: false, index: 1, line: 2, stops: false, error: TOO_DEEP },
      "b",
    ]);
    expect(TOO_DEEP).toBe("too deeply nested (more than 100 levels)");
    // A deep object inside a record, and a file that is one deep value with no record around it.
    const objects = `[{"id": "c", "chat": ${'{"a":'.repeat(150_000)}1${"}".repeat(150_000)}}]`;
    expect(await all(readJsonArray(file("deep-objects.json", objects)))).toEqual([
      { ok: false, index: 0, line: 1, stops: false, error: TOO_DEEP },
    ]);
    const cut = await all(readJsonArray(file("deep-cut.json", `[${"[".repeat(500)}`)));
    expect(cut).toEqual([
      { ok: false, index: 0, line: 1, error: "malformed JSON: the file ends in the middle of the document, after 0 complete record(s)" },
    ]);
  });

  it("keeps memory bounded: 20 000 records stream without building the array", async () => {
    const big = `[${Array.from({ length: 20_000 }, (_, i) => JSON.stringify({ id: `c${i}`, pad: "x".repeat(200) })).join(",")}]`;
    let n = 0;
    for await (const r of readJsonArray(Readable.from([Buffer.from(big)]))) if (r.ok) n++;
    expect(n).toBe(20_000);
  });
});

describe("readUsersCsv", () => {
  it("streams the users fixture keyed by header", async () => {
    const recs = await all(readUsersCsv(fixture("sample_users.csv")));
    expect(recs).toHaveLength(11);
    expect(recs[0]).toEqual({
      ok: true,
      index: 0,
      line: 2,
      value: {
        id: "a2206ff3-7db0-41f0-9dd5-d0da72f491fb",
        name: "Allison Hill",
        email: "arnoldmaria@hotmail.com",
        role: "user",
        user_id: "115d1995-6d11-4fb8-934f-95fe4c58d37e",
      },
    });
  });

  it("needs an id column; a broken row is reported, not thrown", async () => {
    await expect(all(readUsersCsv(file("noid.csv", "name,email\nAda,a@x.test\n")))).rejects.toThrow(/no "id" column/);
    const recs = await all(readUsersCsv(file("broken.csv", 'id,name\nu1,Ada\nu2,"unterminated\n')));
    expect(recs[0]).toMatchObject({ ok: true, value: { id: "u1", name: "Ada" } });
    expect(recs[1]).toMatchObject({ ok: false, error: expect.stringMatching(/^malformed CSV/) });
  });
});

describe("readUsersFile", () => {
  it("reads JSON or CSV by the file's first bytes, whatever its name", async () => {
    const json = await all(readUsersFile(file("users.csv", '\uFEFF [{"id": "u1", "email": "a@x.test"}]')));
    expect(json).toEqual([{ ok: true, index: 0, line: 1, value: { id: "u1", email: "a@x.test" } }]);
    const csv = await all(readUsersFile(file("users.json", "id,name\nu2,Bo\n")));
    expect(csv).toEqual([{ ok: true, index: 0, line: 2, value: { id: "u2", name: "Bo" } }]);
  });
});
