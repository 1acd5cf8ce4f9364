// `pnpm credits:report` as a person runs it: the sample credit list imported with
// `pnpm credits:import`, then the report CLI spawned against the same temporary database on each
// engine, the written workbook opened and checked, and the audit row it leaves.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createSharedDatabase, type SharedDatabase, TEST_ENGINES } from "@missionboard/db/test-utils";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CAMPAIGN_REPORT_SHEETS } from "../services/credits/workbook";
import { pseudonymizer } from "../services/pseudonym";
import { readWorkbook } from "../test-support/workbook";

const apiDir = fileURLToPath(new URL("../..", import.meta.url));
const tsx = createRequire(import.meta.url).resolve("tsx/cli");
const SAMPLE = fileURLToPath(new URL("../../../../fixtures/campaign/SubmittedActivityList.sample.csv", import.meta.url));
const SECRET = "report-cli-secret-0123456789";

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(script: string, env: Record<string, string>, args: string[]): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tsx, `src/cli/${script}`, ...args], {
      cwd: apiDir,
      env: { ...process.env, EXPORT_SECRET: SECRET, ...env, INIT_CWD: apiDir },
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

const tmp = mkdtempSync(path.join(tmpdir(), "credits-report-cli-"));

describe("pnpm credits:report: usage", () => {
  it("exits 2 with the usage without --out or with an unknown option, writing nothing", async () => {
    const env = { DATABASE_URL: `file:${path.join(tmp, "usage.db")}` };
    for (const args of [[], ["--names"], ["--out", path.join(tmp, "x.xlsx"), "--frobnicate"]]) {
      const ran = await cli("credits-report.ts", env, args);
      expect([args.join(" "), ran.code]).toEqual([args.join(" "), 2]);
      expect(ran.stderr).toContain("Usage: pnpm credits:report --out FILE [--names]");
    }
    expect(existsSync(path.join(tmp, "x.xlsx"))).toBe(false);
  });
});

describe.each(TEST_ENGINES)("pnpm credits:report [%s]", (engine) => {
  let database: SharedDatabase;
  beforeEach(async () => {
    database = await createSharedDatabase(engine, "credrep");
  });
  afterEach(() => database.dispose());

  it("writes the workbook of the imported list, pseudonymised, then with --names; each run audited", async () => {
    const imported = await cli("credits-import.ts", database.env, [SAMPLE, "--yes"]);
    expect(imported.code, imported.stderr).toBe(0);

    const out = path.join(tmp, `${engine}-report.xlsx`);
    const ran = await cli("credits-report.ts", database.env, ["--out", out]);
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stdout).toMatch(
      /^Wrote .+report\.xlsx: \d+ person × mission pair\(s\), credit list SubmittedActivityList\.sample\.csv \(11 rows\), pseudonymised\.\n$/,
    );
    const book = readWorkbook(readFileSync(out));
    expect(book.sheetNames).toEqual([...CAMPAIGN_REPORT_SHEETS]);
    const summary = Object.fromEntries(
      book
        .rows("Summary")
        .slice(1)
        .map(([k, v]) => [String(k), v]),
    );
    expect(summary).toMatchObject({
      "Credit list": "SubmittedActivityList.sample.csv",
      "Rows in the list": 11,
      "Names and emails": "Pseudonymised",
    });
    // No account or chat exists here: every emailed person of the list is unmatched, under a pseudonym.
    const unmatched = book.rows("Unmatched people");
    expect(unmatched[0]).toEqual(["Person", "Reason", "SharePoint UserIDs", "Rows", "Official points"]);
    expect(unmatched.length).toBeGreaterThan(1);
    expect(unmatched.slice(1).every((r) => /^user-[0-9a-f]{12}$/.test(String(r[0])))).toBe(true);
    expect(JSON.stringify(book.sheetNames.map((s) => book.rows(s)))).not.toContain("@");

    const named = await cli("credits-report.ts", database.env, ["--out", out, "--names"]);
    expect(named.code, named.stderr).toBe(0);
    const withNames = readWorkbook(readFileSync(out));
    expect(withNames.rows("Unmatched people")[0]).toEqual([
      "Person",
      "Name",
      "Email",
      "Reason",
      "SharePoint UserIDs",
      "Rows",
      "Official points",
    ]);
    const emails = withNames
      .rows("Unmatched people")
      .slice(1)
      .map((r) => String(r[2]));
    expect(emails.every((e) => e.includes("@"))).toBe(true);
    // The two files name the same people: the pseudonym is made from each row's email.
    expect(unmatched.slice(1).map((r) => r[0])).toEqual(emails.map((e) => pseudonymizer(SECRET)(`credit-list:${e}`)));

    const store = database.open();
    try {
      const audits = await store.read(({ db, t }) =>
        db.select({ action: t.auditLogs.action, metadata: t.auditLogs.metadata }).from(t.auditLogs),
      );
      expect(audits.filter((a) => a.action === "export.downloaded").map((a) => a.metadata)).toEqual([
        { table: "campaign-report", format: "xlsx", personalData: false, via: "cli" },
        { table: "campaign-report", format: "xlsx", personalData: true, via: "cli" },
      ]);
    } finally {
      await store.close();
    }
  });
});
