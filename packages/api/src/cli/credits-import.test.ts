// `pnpm credits:import` as a person runs it: the CLI spawned as a process against a database of its
// own, on each engine, checked by its exit code, its output and what the database holds afterwards.
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createSharedDatabase, type SharedDatabase, TEST_ENGINES } from "@missionboard/db/test-utils";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CREDIT_FILE_ERRORS } from "../services/credits/read-csv";

const apiDir = fileURLToPath(new URL("../..", import.meta.url));
const tsx = createRequire(import.meta.url).resolve("tsx/cli");
const SAMPLE = fileURLToPath(new URL("../../../../fixtures/campaign/SubmittedActivityList.sample.csv", import.meta.url));

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

function creditsImport(env: Record<string, string>, args: string[]): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tsx, "src/cli/credits-import.ts", ...args], {
      cwd: apiDir,
      env: { ...process.env, ...env, INIT_CWD: apiDir },
      // stdin is not a terminal: without --yes nothing is imported.
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

const tmp = mkdtempSync(path.join(tmpdir(), "credits-cli-"));
const file = (name: string, text: string) => {
  const f = path.join(tmp, name);
  writeFileSync(f, text);
  return f;
};

describe("pnpm credits:import: usage", () => {
  it("exits 2 with the usage for no file, two files or a missing file", async () => {
    const env = { DATABASE_URL: `file:${path.join(tmp, "usage.db")}` };
    for (const args of [[], [SAMPLE, SAMPLE], [path.join(tmp, "nope.csv")], ["--frobnicate", SAMPLE]]) {
      const ran = await creditsImport(env, args);
      expect([args.join(" "), ran.code]).toEqual([args.join(" "), 2]);
      expect(ran.stderr).toContain("Usage: pnpm credits:import FILE");
    }
  });
});

describe.each(TEST_ENGINES)("pnpm credits:import [%s]", (engine) => {
  let database: SharedDatabase;
  beforeEach(async () => {
    database = await createSharedDatabase(engine, "credits");
  });
  afterEach(() => database.dispose());

  const snapshots = async () => {
    const store = database.open();
    try {
      return await store.read(async ({ db, t }) => ({
        snapshots: await db.select({ status: t.creditSnapshots.status, rows: t.creditSnapshots.rowCount }).from(t.creditSnapshots),
        rows: (await db.select({ line: t.creditRows.line }).from(t.creditRows)).length,
        audit: (await db.select({ action: t.auditLogs.action, actor: t.auditLogs.actorId }).from(t.auditLogs))
          .map((a) => `${a.action}:${a.actor}`)
          .sort(),
      }));
    } finally {
      await store.close();
    }
  };

  it("prints the preview and imports with --yes; run again, the same file changes nothing and is still imported", async () => {
    const first = await creditsImport(database.env, [SAMPLE, "--yes"]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain("SubmittedActivityList.sample.csv: 11 row(s)");
    expect(first.stdout).toContain("Against the current list: 11 to add, 0 to change, 0 to drop, 0 unchanged.");
    expect(first.stdout).toMatch(/Imported: snapshot .+ is now the current credits list \(11 rows\)\./);
    const json = await creditsImport(database.env, [SAMPLE, "--yes", "--json"]);
    expect(json.code, json.stderr).toBe(0);
    const out = JSON.parse(json.stdout) as { preview: { diff: { counts: Record<string, number> } }; snapshot: { status: string } };
    expect(out.preview.diff.counts).toEqual({ added: 0, changed: 0, dropped: 0, unchanged: 11 });
    expect(out.snapshot.status).toBe("current");
    expect(await snapshots()).toEqual({
      snapshots: expect.arrayContaining([
        { status: "superseded", rows: 11 },
        { status: "current", rows: 11 },
      ]),
      rows: 22,
      audit: ["credits.confirmed:null", "credits.confirmed:null", "credits.uploaded:null", "credits.uploaded:null"],
    });
  });

  it("without --yes and no terminal to ask on, imports nothing and leaves no pending upload", async () => {
    const ran = await creditsImport(database.env, [SAMPLE]);
    expect(ran.code).toBe(1);
    expect(ran.stdout).toContain("11 to add");
    expect(ran.stderr).toContain("Not imported (not confirmed; run with --yes to import without asking). Nothing was changed.");
    expect(await snapshots()).toEqual({ snapshots: [], rows: 0, audit: ["credits.discarded:null", "credits.uploaded:null"] });
  });

  it("refuses a bad file with its message and a file with a bad row with the line, changing nothing", async () => {
    const header = "UserID,Email,ActivityID,ActivityType,ActivityStatus,WeekID,Created";
    const quote = await creditsImport(database.env, [
      file("quote.csv", `${header}\n1,a@x,3,M,Submitted,1,2026-09-01\n2,b"@x,3,M,Submitted,1,2026-09-01\n`),
      "--yes",
    ]);
    expect(quote.code).toBe(1);
    expect(quote.stderr).toContain(`Not imported: ${CREDIT_FILE_ERRORS.strayQuote(3)}`);
    const row = await creditsImport(database.env, [file("row.csv", `${header}\n1,a@x,3,M,Submitted,one,2026-09-01\n`), "--yes"]);
    expect(row.code).toBe(1);
    expect(row.stdout).toContain("Line 2: 'WeekID' must be an integer.");
    expect(row.stderr).toContain("Not imported: fix the problems above and run it again. Nothing was changed.");
    expect(await snapshots()).toEqual({ snapshots: [], rows: 0, audit: [] });
  });
});
