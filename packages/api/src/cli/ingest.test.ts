// `pnpm ingest` as a person runs it: the CLI spawned as a process against a database of its own
// (an SQLite file, and a Postgres database other processes can reach), checked by its
// exit code, its --json output and its messages.
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ingestRowCounts } from "@missionboard/db";
import { createSharedDatabase, type SharedDatabase, TEST_ENGINES } from "@missionboard/db/test-utils";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const apiDir = fileURLToPath(new URL("../..", import.meta.url));
const tsx = createRequire(import.meta.url).resolve("tsx/cli");
const fixture = (name: string) => fileURLToPath(new URL(`../../../../fixtures/openwebui/${name}`, import.meta.url));

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI against a database URL, or a shared database (its URL and pool size). */
function ingest(database: string | SharedDatabase, args: string[]): Promise<Ran> {
  const env = typeof database === "string" ? { DATABASE_URL: database } : database.env;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tsx, "src/cli/ingest.ts", ...args], {
      cwd: apiDir,
      env: { ...process.env, ...env, INIT_CWD: apiDir },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const tmp = mkdtempSync(path.join(tmpdir(), "ingest-cli-"));
const file = (name: string, text: string) => {
  const f = path.join(tmp, name);
  writeFileSync(f, text);
  return f;
};

describe("pnpm ingest: usage", () => {
  const db = `file:${path.join(tmp, "usage.db")}`;
  it("exits 2 with the usage for a missing file, a bad mode or a bad --max-skipped", async () => {
    for (const args of [
      [],
      ["--chats", path.join(tmp, "nope.json")],
      ["--chats", fixture("sample_chats.json"), "--mode", "wipe"],
      ["--chats", fixture("sample_chats.json"), "--max-skipped", "120"],
    ]) {
      const ran = await ingest(db, args);
      expect(ran.code, args.join(" ")).toBe(2);
      expect(ran.stderr, args.join(" ")).toMatch(/Usage: pnpm ingest/);
      expect(ran.stdout).toBe("");
    }
  });
});

describe.each(TEST_ENGINES)("pnpm ingest [%s]", (engine) => {
  let database: SharedDatabase;
  beforeEach(async () => {
    database = await createSharedDatabase(engine, "ingest");
  });
  afterEach(() => database.dispose());

  /** Row counts of the database the CLI wrote to. */
  async function counts() {
    const store = database.open();
    try {
      return await store.read(ingestRowCounts);
    } finally {
      await store.close();
    }
  }

  it("imports the sample export: exit 0 and exactly one JSON summary on stdout", async () => {
    const ran = await ingest(database, [
      "--chats",
      fixture("sample_chats.json"),
      "--models",
      fixture("sample_models.json"),
      "--users",
      fixture("sample_users.csv"),
      "--json",
    ]);
    expect(ran.stderr).toBe("");
    expect(ran.code).toBe(0);
    const lines = ran.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? "")).toMatchObject({
      status: "succeeded",
      chats: 8,
      inserted: 8,
      attempts: 2,
      skipped: {},
      skippedRecords: {},
    });
    expect(await counts()).toMatchObject({ users: 14, models: 5, chats: 8 });
  });

  it("refuses a file of the wrong kind: exit 1, the reason on stderr, nothing imported", async () => {
    const ran = await ingest(database, ["--chats", fixture("sample_models.json"), "--json"]);
    expect(ran.code).toBe(1);
    expect(JSON.parse(ran.stdout)).toMatchObject({ status: "failed", chats: 0 });
    expect(ran.stderr).toContain("The chats file was refused: This looks like a models export, not chats");
    const human = await ingest(database, ["--users", fixture("sample_chats.json")]);
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(/failed in/);
    expect(human.stderr).toContain("This looks like a chats export, not users");
    expect(await counts()).toMatchObject({ users: 0, models: 0, chats: 0 });
  });

  it("names skipped records, and refuses a truncate with nothing usable (exit 1, nothing removed)", async () => {
    expect((await ingest(database, ["--chats", fixture("sample_chats.json")])).code).toBe(0);
    const junk = file("junk.json", '[1,"two",null,true,{}]');
    const ran = await ingest(database, ["--chats", junk, "--mode", "truncate"]);
    expect(ran.code).toBe(1);
    expect(ran.stdout).toContain("unknown shape: 4 — record 1 (line 1); record 2 (line 1); record 3 (line 1); record 4 (line 1)");
    expect(ran.stdout).toContain("missing id: 1 — record 5 (line 1)");
    expect(ran.stderr).toContain(
      "has no usable record (5 read, all skipped: unknown shape 4, missing id 1), so the truncate removed nothing.",
    );
    expect(await counts()).toMatchObject({ chats: 8 });
  });
});
