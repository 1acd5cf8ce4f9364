// pnpm bench:ingest — the OpenWebUI ingest at scale. Generates 50,000 chats (~1,000,000 messages)
// with scripts/gen-openwebui into a temp dir, ingests them into a fresh SQLite file through
// readJsonArray + runIngest, then re-ingests an export in which 1 % of the chats changed. Prints
// chats/s, MB/s, wall time, CPU time (steadier than wall time on a busy machine) and peak RSS next to the targets; asserts nothing.
// Each ingest runs in a child process of its own (this script with --ingest), so its peak RSS is
// the ingest's alone (main and worker thread), not the generator's.
// BENCH_DATABASE_URL=postgres://… also runs it on a scratch database of that server (dropped after).
// BENCH_CHATS=N changes the size (for a quick check of the harness).
// Runs through the api package (tsx resolves the workspace packages' dependencies from there).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import type { IngestSummary } from "../../packages/api/src/services/ingest/types";
import { openStore, type Store } from "../../packages/db/src/index";
import type { GenerateStats } from "../gen-openwebui/generate";
import { DATASET_CHATS, f1, generateDataset, ingestCounts, ingestDataset, log, mb } from "./dataset";

const CHATS = Number(process.env.BENCH_CHATS ?? DATASET_CHATS);
const USERS = Math.max(10, Math.round(CHATS / 25));
const CHANGE_PERCENT = 1;
const TARGETS = { fullS: 30, rssMb: 512, reingestS: 5 };

const ok = (pass: boolean) => (pass ? "ok" : "MISSED");
/** The target note after a figure: the issue sets targets for SQLite; Postgres figures are for reference. */
let targetNote = (target: string, pass: boolean) => `  [target ${target}: ${ok(pass)}]`;

/** What a child process reports for one ingest. */
interface Measured {
  summary: IngestSummary;
  seconds: number;
  /** User + system CPU of the whole process (all threads): steadier than wall time on a busy machine. */
  cpuSeconds: number;
  peakRssMb: number;
}

/** Child side: one ingest of `chatsFile` into `database`, measured; prints a {@link Measured} as JSON. */
async function ingestChild(database: string, dir: string, chatsFile: string): Promise<void> {
  const store = openStore(database);
  try {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    const summary = await ingestDataset(store, dir, chatsFile);
    const seconds = (performance.now() - start) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    // The kernel's high-water mark for the whole process: main thread, worker thread and SQLite.
    const measured: Measured = { summary, seconds, cpuSeconds, peakRssMb: process.resourceUsage().maxRSS / 1024 };
    process.stdout.write(JSON.stringify(measured));
  } finally {
    await store.close();
  }
}

/** Runs {@link ingestChild} in a fresh process (same node flags, so tsx applies). */
function ingest(database: string, dir: string, chatsFile: string): Measured {
  const out = execFileSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), "--ingest", database, dir, chatsFile], {
    encoding: "utf8",
    maxBuffer: 16 * 1024 * 1024,
    stdio: ["ignore", "pipe", "inherit"],
  });
  return JSON.parse(out) as Measured;
}

async function run(label: string, database: string, dir: string, base: GenerateStats, changed: GenerateStats) {
  log(`\n== ${label}`);
  const store = openStore(database);
  await store.migrate();
  await store.close();
  const bytes = statSync(base.files.chats).size;

  const full = ingest(database, dir, base.files.chats);
  const s = full.summary;
  log(`full ingest: ${s.status}; ${ingestCounts(s)}`);
  log(`  wall ${f1(full.seconds)} s${targetNote(`≤ ${TARGETS.fullS} s`, full.seconds <= TARGETS.fullS)}; cpu ${f1(full.cpuSeconds)} s`);
  log(
    `  ${(s.chats / full.seconds).toFixed(0)} chats/s, ${(base.messages / full.seconds).toFixed(0)} messages/s, ${f1(mb(bytes) / full.seconds)} MB/s`,
  );
  log(`  peak RSS ${full.peakRssMb.toFixed(0)} MB${targetNote(`≤ ${TARGETS.rssMb} MB`, full.peakRssMb <= TARGETS.rssMb)}`);

  const again = ingest(database, dir, changed.files.chats);
  const r = again.summary;
  log(`re-ingest with ${CHANGE_PERCENT}% changed (${changed.changed} chats): ${r.status}; ${ingestCounts(r)}`);
  log(
    `  wall ${f1(again.seconds)} s${targetNote(`≤ ${TARGETS.reingestS} s`, again.seconds <= TARGETS.reingestS)}; cpu ${f1(again.cpuSeconds)} s`,
  );
  log(`  peak RSS ${again.peakRssMb.toFixed(0)} MB`);
  if (r.updated !== changed.changed) log(`  note: ${changed.changed} chats were changed but ${r.updated} were updated`);
}

/** Drops the scratch database (raw DDL on the pool, outside any transaction; pg-only, fine in a benchmark). */
const ddl = (admin: Store, statement: string) =>
  admin.read(({ db }) => (db as unknown as { $client: { unsafe(q: string): Promise<unknown> } }).$client.unsafe(statement));

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), "mb-bench-ingest-"));
  try {
    log(`generating ${CHATS} chats for ${USERS} users into ${dir} …`);
    const base = await generateDataset({ out: dir, chats: CHATS, users: USERS });
    const changed = await generateDataset({
      out: dir,
      chats: CHATS,
      users: USERS,
      extra: { change: { percent: CHANGE_PERCENT }, chatsOnly: true, files: { chats: "all-chats-export.changed.json" } },
    });
    log(`  variant with ${changed.changed} changed chats written`);

    await run("SQLite (fresh file)", `file:${path.join(dir, "bench.db")}`, dir, base, changed);

    const serverUrl = process.env.BENCH_DATABASE_URL;
    if (!serverUrl) {
      log("\n(Postgres skipped: set BENCH_DATABASE_URL=postgres://… to run it too)");
      return;
    }
    targetNote = () => "";
    const name = `mb_bench_ingest_${Date.now()}`;
    const admin = openStore(serverUrl);
    await ddl(admin, `create database "${name}"`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    try {
      await run(`Postgres (${url.host}/${name}; no targets, for reference)`, url.toString(), dir, base, changed);
    } finally {
      await ddl(admin, `drop database "${name}" with (force)`);
      await admin.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const [flag, ...args] = process.argv.slice(2);
const task = flag === "--ingest" ? ingestChild(args[0] as string, args[1] as string, args[2] as string) : main();
task.catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
