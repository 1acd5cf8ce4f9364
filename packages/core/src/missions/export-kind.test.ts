import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { type ExportKind, exportKindMismatch, otherKindReason, recordKind } from "./export-kind";

const fixture = (name: string) => fileURLToPath(new URL(`../../../../fixtures/openwebui/${name}`, import.meta.url));
const json = (name: string) => JSON.parse(readFileSync(fixture(name), "utf8")) as unknown;

/** The users CSV's rows as the CSV reader yields them (lower-cased header keys). */
const csvUsers = () => {
  const [head, ...rows] = readFileSync(fixture("sample_users.csv"), "utf8").trim().split("\n");
  const keys = (head ?? "").split(",");
  return rows.map((r) => Object.fromEntries(r.split(",").map((v, i) => [keys[i], v])));
};

describe("recordKind on the OpenWebUI samples", () => {
  const samples: [string, () => unknown[], ExportKind][] = [
    ["sample_chats.json", () => json("sample_chats.json") as unknown[], "chats"],
    ["sample_data_extract.json", () => json("sample_data_extract.json") as unknown[], "chats"],
    ["sample_models.json", () => (json("sample_models.json") as { data: unknown[] }).data, "models"],
    ["sample_users.csv", csvUsers, "users"],
  ];
  for (const [name, records, kind] of samples)
    it(`every record of ${name} is ${kind}`, () => {
      const list = records();
      expect(list.length).toBeGreaterThan(0);
      expect(new Set(list.map(recordKind))).toEqual(new Set([kind]));
    });
});

describe("recordKind on single shapes", () => {
  const cases: [string, unknown, ExportKind | null][] = [
    ["a bare chat blob", { id: "c", messages: [{ role: "user", content: "hi" }] }, "chats"],
    ["a workspace model export", { id: "m", base_model_id: "b", params: { system: "…" }, meta: { description: "d" } }, "models"],
    ["a {model_id, raw} wrapper", { model_id: "m", raw: { id: "m" } }, "models"],
    ["an API user", { id: "u", name: "Ada", email: "a@x.org", role: "user", last_active_at: 1 }, "users"],
    ["only an id", { id: "x" }, null],
    ["not an object", 42, null],
    ["an array", [1, 2], null],
    ["an empty object", {}, null],
  ];
  for (const [name, value, kind] of cases) it(name, () => expect(recordKind(value)).toBe(kind));
});

describe("exportKindMismatch", () => {
  const cases: [string, ExportKind, (ExportKind | null)[], string | null][] = [
    [
      "models given as chats",
      "chats",
      ["models", "models", "models"],
      "This looks like a models export, not chats (3 of the first 3 records are models).",
    ],
    ["chats given as users", "users", ["chats", null], "This looks like a chats export, not users (1 of the first 2 records are chats)."],
    ["chats given as models", "models", ["chats"], "This looks like a chats export, not models (1 of the first 1 records are chats)."],
    ["the right kind", "chats", ["chats", "chats"], null],
    ["mixed, with some of the right kind", "chats", ["models", "chats"], null],
    ["another kind, but less than half of the records", "chats", ["models", null, null], null],
    ["shapes that say nothing", "chats", [null, null], null],
    ["nothing read", "users", [], null],
  ];
  for (const [name, expected, sample, message] of cases) it(name, () => expect(exportKindMismatch(expected, sample)).toBe(message));

  it("names a single record of another kind", () => {
    expect(otherKindReason("models", "chats")).toBe("a model record, not a chat");
  });
});
