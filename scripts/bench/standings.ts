// pnpm bench:standings — the standings rebuilt from scratch at scale (docs/product/missions.md §M-15).
// Loads the benchmarks' shared data set (scripts/bench/dataset.ts: 50,000 chats, ~1,000,000
// messages, 5,000 learners, cached in .cache/bench/ and the same data bench:dashboards measures),
// ingests it once into a fresh SQLite file, then times rebuildStandings (load the records, score
// every board view, replace the rows, in one transaction) a few times and prints each run next to
// the 2 s target.
//   BENCH_CHATS / BENCH_USERS  data set size (default 50,000 / 5,000), as bench:dashboards
//   BENCH_DATABASE_URL=postgres://…  also run on a scratch database of that server (dropped after)
// Runs through the api package (tsx resolves the workspace packages' dependencies from there).
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { rebuildStandingsNow } from "../../packages/api/src/services/standings";
import { createScratchPostgresDatabase, openStore, standingCounts } from "../../packages/db/src/index";
import { benchCacheDir, cachedDataset, DATASET_CHATS, ingestCounts, ingestDataset, log } from "./dataset";

const CHATS = Number(process.env.BENCH_CHATS ?? DATASET_CHATS);
const USERS = Number(process.env.BENCH_USERS ?? 5_000);
const RUNS = 3;
const TARGET_S = 2;

const f2 = (n: number) => n.toFixed(2);

async function run(label: string, database: string, chatsFile: string) {
  log(`\n== ${label}`);
  const store = openStore(database);
  try {
    await store.migrate();
    const start = performance.now();
    const summary = await ingestDataset(store, path.dirname(chatsFile), chatsFile);
    log(`ingest (with its standings phase): ${summary.status} in ${f2((performance.now() - start) / 1000)} s; ${ingestCounts(summary)}`);
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      const r = await rebuildStandingsNow(store, () => new Date());
      const s = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      times.push(s);
      // CPU time of this process: steadier than wall time on a busy machine (Postgres' own work is not in it).
      log(
        `rebuild ${i + 1}: ${f2(s)} s wall, ${f2((cpu.user + cpu.system) / 1e6)} s cpu — ${r.rows} rows, ${r.boards} board views, ${r.learners} learners  [target ≤ ${TARGET_S} s: ${s <= TARGET_S ? "ok" : "MISSED"}]`,
      );
    }
    const sorted = [...times].sort((a, b) => a - b);
    log(`median ${f2(sorted[Math.floor(sorted.length / 2)] as number)} s, best ${f2(sorted[0] as number)} s`);
    const boards = await store.read(standingCounts);
    log(`rows per board: ${boards.map((b) => `${b.board} ${b.rows}`).join(", ")}`);
  } finally {
    await store.close();
  }
}

async function main() {
  const dataset = await cachedDataset(CHATS, USERS);
  const runDir = path.join(benchCacheDir, `standings-${Date.now()}`);
  mkdirSync(runDir, { recursive: true });
  try {
    await run("SQLite (fresh file)", `file:${path.join(runDir, "bench.db")}`, dataset.files.chats);
  } finally {
    rmSync(runDir, { recursive: true, force: true });
  }

  const serverUrl = process.env.BENCH_DATABASE_URL;
  if (!serverUrl) {
    log("\n(Postgres skipped: set BENCH_DATABASE_URL=postgres://… to run it too)");
    return;
  }
  const scratch = await createScratchPostgresDatabase(serverUrl, "mb_bench_standings");
  try {
    await run(`Postgres (${new URL(scratch.url).host}${new URL(scratch.url).pathname})`, scratch.url, dataset.files.chats);
  } finally {
    await scratch.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
