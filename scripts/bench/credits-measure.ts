// The measuring child of `pnpm bench:credits` (scripts/bench/credits.ts starts it): in a process of
// its own, so its peak RSS is the credits jobs' alone, it runs the two jobs the web app runs (docs/
// decisions/028-credits-as-jobs.md) on a job runner and times the three steps the targets cover —
// import (the credits-import job, then confirm), reconciliation and the workbook (the credits-report
// job) — and prints a {@link Measured} as JSON. A file of its own so that it loads only these
// modules: when it was the harness run with `--measure`, it also loaded what only the harness uses
// (the ingest and data-set generator, the web app's test server and seed, autocannon), ~30 MB of
// resident memory that no credits job needs. The harness bundles it as plain JavaScript (as the
// server's build carries the jobs) and runs that with node: no transpiler in the measured process.
//
// Usage (the harness's): node packages/api/build/bench/credits-measure.mjs <database url> <csv> <workbook out>
import { createReadStream, writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { creditsImportJob, creditsReportJob } from "../../packages/api/src/services/credits/jobs";
import { CREDIT_CLI_DEFAULT_MAX_MB } from "../../packages/api/src/services/credits/read-csv";
import { confirmCredits } from "../../packages/api/src/services/credits/snapshots";
import { createJobRunner } from "../../packages/api/src/services/jobs";
import { findCreditJobOutput, openStore } from "../../packages/db/src/index";

/** The command line's bound, under which the benchmark imports its list (the web upload keeps 5 MB). */
const CLI_MAX_BYTES = CREDIT_CLI_DEFAULT_MAX_MB * 1024 * 1024;
const mb = (bytes: number) => bytes / 1024 / 1024;

/** What the child process reports. */
export interface Measured {
  importS: number;
  reconcileS: number;
  workbookS: number;
  peakRssMb: number;
  /** The peak RSS reached by the end of each step (it only grows): which step needs the memory. */
  peakAfterMb: { import: number; reconcile: number; workbook: number };
  rows: number;
  pairs: number;
  workbookMb: number;
}

/** The kernel's high-water mark of the whole process's resident memory, in MB. */
const peakMb = () => process.resourceUsage().maxRSS / 1024;

/** Child side: the import job (and confirm), then the report job's two steps, each timed; prints a {@link Measured} as JSON. */
async function measureChild(database: string, csv: string, out: string): Promise<void> {
  const store = openStore(database);
  const jobs = createJobRunner({ store });
  try {
    const actor = () => ({ userId: null, now: new Date(), requestId: null });
    let t = performance.now();
    const lap = () => {
      const now = performance.now();
      const s = (now - t) / 1000;
      t = now;
      return s;
    };
    // As `pnpm credits:import` reads it: the command line's bound, not the web's 5 MB.
    const imported = await jobs.run(
      creditsImportJob({ file: createReadStream(csv), fileName: "SubmittedActivityList.csv", actor: actor(), maxBytes: CLI_MAX_BYTES }),
    );
    const snapshotId = imported.result?.snapshotId;
    if (!snapshotId)
      throw new Error(
        `the generated list was refused: ${imported.error ?? `${JSON.stringify(imported.result?.preview.fileProblems)} ${imported.result?.preview.rowErrors.total} row errors`}`,
      );
    const rows = imported.result?.preview.rowCount ?? 0;
    await confirmCredits(store, snapshotId, actor());
    const importS = lap();
    const peakImport = peakMb();
    // The report job: reconciliation, then the workbook; its progress marks where one ends.
    let reconcileS = 0;
    let peakReconcile = 0;
    const off = jobs.on((event) => {
      if (event.type === "progress" && event.phase === "writing the workbook") {
        reconcileS = lap();
        peakReconcile = peakMb();
      }
    });
    const report = await jobs.run(creditsReportJob({ actor: actor(), personalData: false, key: "bench-credits-key" }));
    off();
    if (report.status !== "succeeded" || !report.result) throw new Error(`the report failed: ${report.error}`);
    const workbookS = lap();
    const output = await store.read((c) => findCreditJobOutput(c, report.runId));
    const bytes = Buffer.from(output?.workbook ?? "", "base64");
    writeFileSync(out, bytes);
    const measured: Measured = {
      importS,
      reconcileS,
      workbookS,
      peakRssMb: peakMb(),
      peakAfterMb: { import: peakImport, reconcile: peakReconcile, workbook: peakMb() },
      rows,
      pairs: report.result.pairs,
      workbookMb: mb(bytes.byteLength),
    };
    process.stdout.write(JSON.stringify(measured));
  } finally {
    await jobs.drain(0);
    await store.close();
  }
}

const [database, csv, out] = process.argv.slice(2);
if (!database || !csv || !out) {
  console.error("usage: credits-measure.ts <database url> <csv> <workbook out>");
  process.exitCode = 2;
} else
  measureChild(database, csv, out).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
