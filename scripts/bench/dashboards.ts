// pnpm bench:dashboards — the mission dashboards under load (issue 12 § Performance;
// docs/decisions/023-dashboard-benchmark.md). Loads the ingest benchmark's data set (50,000 chats,
// ~1,000,000 messages) with 5,000 learners into a fresh database through runIngest, creates an admin,
// an assistant and a linked student account per OpenWebUI user, rebuilds the standings when
// packages/api/src/services/standings.ts has rebuildStandings, builds the web app once and serves the
// production build on loopback, signs in over HTTP, then drives each target below with autocannon
// (20 connections, 20 s each after a warm-up), printing requests/s, p50/p95/p99, non-2xx and errors,
// and the server's RSS sampled every second, then every target again to see whether memory still grows.
// Prints PASS/FAIL; asserts nothing.
//
// Environment:
//   BENCH_SECONDS=N          seconds per target (default 20; e.g. 3 for a smoke run)
//   BENCH_WARMUP_SECONDS=N   warm-up burst per target before measuring (default 3)
//   BENCH_CONNECTIONS=N      concurrent connections (default 20)
//   BENCH_WORKERS=N          server processes, passed as WEB_CONCURRENCY (default: one per core)
//   BENCH_CHATS / BENCH_USERS  data set size (default 50,000 / 5,000), cached in .cache/bench/
//   BENCH_TARGETS=a,b        only the targets whose name contains one of these (case-insensitive);
//                            "check" runs the harness checks on pages from before issue 12
//   BENCH_SKIP_BUILD=1       serve the existing build (apps/web/build) instead of building
//   BENCH_KEEP_DIR=DIR       keep the SQLite database in DIR, and on a later run reuse it instead of
//                            loading again (for profiling; the standings rebuild is then not measured)
//   BENCH_DATABASE_URL=postgres://…  also run on a scratch database of that server (dropped after)
// Needs no browser: plain HTTP only. Runs through the api package (tsx resolves workspace packages there).
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { type AppServer, startAppServer } from "../../apps/web/tests/e2e/app-server";
import { type BenchAccounts, countMessagesContaining, createBenchAccounts } from "../../packages/api/src/bench/dashboard-accounts";
import { type Conn, createScratchPostgresDatabase, openStore, type Store, workspaceRoot } from "../../packages/db/src/index";
import { benchCacheDir, cachedDataset, DATASET_CHATS, f1, ingestCounts, ingestDataset, log } from "./dataset";
import { buildWebApp, failures, Interrupted, load, loadsStopped, type Measured, type Probe, probe, signIn, stopLoads } from "./http-load";

// ---------------------------------------------------------------------------------------------
// What is measured: one row per target. `path` is a page (HTML through the Remix loader) or the
// page's main query over /api/trpc (GET, input as JSON). `as`: whose session sends it. Paths and
// procedure names are issue 12's pages and routers (board, analytics, chat); adjust here on a rename.
// A page that answers non-200 counts every response as an error (a missing page shows as FAIL);
// a procedure the router does not have is skipped with a note.
// ---------------------------------------------------------------------------------------------

/** A word in about 1 % of the generated messages (the completion marker "MISSION_CODE:314-GHOST" and friends). */
const SEARCH_WORD = "ghost";

type Who = "admin" | "assistant" | "learner";
interface Target {
  name: string;
  path: string;
  as: Who;
  /** p95 target in ms (issue 12 § Performance); null: no target, measured for the record. */
  p95Ms: number | null;
  /** A page from before issue 12 that checks the harness itself: runs only when BENCH_TARGETS names it. */
  harnessCheck?: boolean;
}

const trpc = (procedure: string, input?: unknown) =>
  `/api/trpc/${procedure}${input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`}`;

const TARGETS: Target[] = [
  { name: "Overview", path: "/staff/missions", as: "assistant", p95Ms: 100 },
  { name: "Leaderboard", path: "/missions/leaderboard", as: "learner", p95Ms: 100 },
  { name: "My missions", path: "/missions/me", as: "learner", p95Ms: 100 },
  { name: "Missions grid", path: "/staff/missions/grid", as: "assistant", p95Ms: 100 },
  { name: "All chats: text search", path: `/staff/chats?q=${SEARCH_WORD}`, as: "assistant", p95Ms: 200 },
  { name: "query analytics.overview", path: trpc("analytics.overview", {}), as: "assistant", p95Ms: 100 },
  { name: "query board.leaderboard", path: trpc("board.leaderboard", { board: "overall", page: 1 }), as: "learner", p95Ms: 100 },
  { name: "query board.me", path: trpc("board.me", {}), as: "learner", p95Ms: 100 },
  { name: "query analytics.grid", path: trpc("analytics.grid", { page: 1 }), as: "assistant", p95Ms: 100 },
  { name: "query chat.list (text search)", path: trpc("chat.list", { q: SEARCH_WORD, page: 1 }), as: "assistant", p95Ms: 200 },
  { name: "Challenge results", path: "/staff/missions/results", as: "assistant", p95Ms: null },
  { name: "query analytics.results", path: trpc("analytics.results", {}), as: "assistant", p95Ms: null },
  // Pages from before issue 12, to check the harness itself (BENCH_TARGETS=check).
  { name: "check: approval queue", path: "/staff/queue", as: "assistant", p95Ms: null, harnessCheck: true },
  { name: "check: catalog", path: "/catalog", as: "learner", p95Ms: null, harnessCheck: true },
  { name: "check: roster", path: "/roster", as: "admin", p95Ms: null, harnessCheck: true },
  { name: "check: query request.queue", path: trpc("request.queue", {}), as: "assistant", p95Ms: null, harnessCheck: true },
];

const STANDINGS_REBUILD_TARGET_MS = 2_000;
/** RSS after a repeat of every target within this share of RSS before it counts as flat. */
const MEMORY_FLAT_SHARE = 0.1;

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
/** Server processes (WEB_CONCURRENCY): one per core, as docs/decisions/024-worker-processes.md advises. */
const WORKERS = Number(process.env.BENCH_WORKERS ?? availableParallelism());
const CHATS = Number(process.env.BENCH_CHATS ?? DATASET_CHATS);
const USERS = Number(process.env.BENCH_USERS ?? 5_000);
const ONLY = (process.env.BENCH_TARGETS ?? "")
  .split(",")
  .map((s) => s.trim().toLowerCase())
  .filter(Boolean);

const PASSWORD = "bench-dashboards-password";
const ms0 = (n: number) => n.toFixed(0);
/** A latency, or a dash when no response came back. */
const lat = (n: number) => (Number.isNaN(n) ? "–" : f1(n));
const secondsSince = (start: number) => (performance.now() - start) / 1000;
const mbOf = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
/** Other work on the machine skews every figure: the load average says whether a run can be trusted. */
const machine = () =>
  `${availableParallelism()} cores, load average ${loadavg()
    .map((n) => n.toFixed(1))
    .join(" / ")} (1 / 5 / 15 min)`;

// ---------------------------------------------------------------------------------------------
// Clean-up: the server child, scratch databases and directories go whatever way the run ends.
// ---------------------------------------------------------------------------------------------

/** Clean-up steps still owed (servers, scratch databases, directories), run newest first. */
const owed = new Set<() => Promise<unknown>>();
/** Registers a clean-up step; the function returned runs it now (once) and strikes it off. */
function owe(step: () => Promise<unknown>): () => Promise<void> {
  owed.add(step);
  return async () => {
    if (owed.delete(step)) await step();
  };
}
async function cleanUp() {
  for (const step of [...owed].reverse()) {
    owed.delete(step);
    try {
      await step();
    } catch (error) {
      console.error("clean-up step failed:", error);
    }
  }
}
const livePids = new Set<number>();
const checkInterrupted = () => {
  if (loadsStopped()) throw new Interrupted("interrupted");
};
process.on("exit", () => {
  // Last resort (an uncaught error, process.exit): no awaiting here, so just end the servers.
  for (const pid of livePids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
});
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.once(signal, () => {
    log(`\n${signal}: stopping the load, the server and removing scratch data …`);
    stopLoads();
    void cleanUp().finally(() => process.exit(130));
  });

// ---------------------------------------------------------------------------------------------
// Server memory: VmRSS of the server's processes (the primary and its workers), sampled every second.
// ---------------------------------------------------------------------------------------------

/** The server and its worker processes (WEB_CONCURRENCY): the pid and its children, from /proc. */
function processTree(pid: number): number[] {
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
    return [pid, ...children.flatMap(processTree)];
  } catch {
    return [pid];
  }
}

/** Sums `read` over the server's processes; null when the server itself is gone. */
function overTree(pid: number, read: (one: number) => number | null): number | null {
  const values = processTree(pid).map(read);
  if (values[0] === null) return null;
  return values.reduce<number>((sum, v) => sum + (v ?? 0), 0);
}

function rssKb(pid: number): number | null {
  return overTree(pid, (one) => {
    try {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${one}/status`, "utf8"));
      return match ? Number(match[1]) : null;
    } catch {
      return null;
    }
  });
}

class RssSampler {
  samples: number[] = [];
  private timer: NodeJS.Timeout;
  constructor(private readonly pid: number) {
    this.sample();
    this.timer = setInterval(() => this.sample(), 1000);
  }
  sample(): number | null {
    const kb = rssKb(this.pid);
    if (kb !== null) this.samples.push(kb);
    return kb;
  }
  /** Samples since `from` (an index into samples). */
  window(from: number) {
    const w = this.samples.slice(from);
    return { start: w[0] ?? 0, max: Math.max(0, ...w), end: w[w.length - 1] ?? 0 };
  }
  stop() {
    clearInterval(this.timer);
  }
}

/** CPU seconds (user + system) the server's processes have used, from /proc/<pid>/stat (clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number | null {
  return overTree(pid, (one) => {
    try {
      const fields = readFileSync(`/proc/${one}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
      return (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      return null;
    }
  });
}

/**
 * Waits (up to 60 s) until the server is idle: autocannon stops with requests in flight, and a slow
 * page's abandoned requests would otherwise run into the next target's figures. Idle = under 10 % of
 * a core over half a second. Returns the seconds waited.
 */
async function settle(pid: number): Promise<number> {
  const start = performance.now();
  while (secondsSince(start) < 60) {
    const before = cpuSeconds(pid);
    await new Promise((r) => setTimeout(r, 500));
    const after = cpuSeconds(pid);
    if (before === null || after === null || after - before < 0.05) break;
  }
  return secondsSince(start);
}

// ---------------------------------------------------------------------------------------------
// Loading the database
// ---------------------------------------------------------------------------------------------

type RebuildStandings = (conn: Conn, now: Date) => Promise<unknown>;

/** rebuildStandings from packages/api/src/services/standings.ts, or null while that module or export is absent. */
async function findRebuildStandings(): Promise<RebuildStandings | null> {
  const file = path.join(workspaceRoot, "packages/api/src/services/standings.ts");
  if (!existsSync(file)) return null;
  const mod = (await import(pathToFileURL(file).href)) as { rebuildStandings?: RebuildStandings };
  return typeof mod.rebuildStandings === "function" ? mod.rebuildStandings : null;
}

const summarise = (value: unknown) => {
  if (value === null || typeof value !== "object") return String(value);
  const parts = Object.entries(value as Record<string, unknown>).map(([k, v]) =>
    Array.isArray(v) ? `${k}: ${v.length}` : typeof v === "object" && v !== null ? `${k}: {…}` : `${k}: ${String(v)}`,
  );
  return parts.join(", ");
};

async function loadDatabase(store: Store, datasetDir: string, chatsFile: string): Promise<BenchAccounts> {
  const total = performance.now();
  await store.migrate();

  let start = performance.now();
  const summary = await ingestDataset(store, datasetDir, chatsFile);
  log(`ingest: ${summary.status}; ${ingestCounts(summary)}`);
  log(`  in ${f1(secondsSince(start))} s`);

  const rebuild = await findRebuildStandings();
  if (!rebuild) log("standings rebuild: skipped (no rebuildStandings in packages/api/src/services/standings.ts yet)");
  else {
    start = performance.now();
    const result = await store.tx((c) => rebuild(c, new Date()));
    const took = performance.now() - start;
    const verdict = took <= STANDINGS_REBUILD_TARGET_MS ? "PASS" : "FAIL";
    log(
      `standings rebuild from scratch: ${ms0(took)} ms  [target ≤ ${STANDINGS_REBUILD_TARGET_MS} ms: ${verdict}]  (${summarise(result)})`,
    );
  }

  // After the rebuild: with no account linked yet, it sends no rank-up notifications, whose mail
  // would otherwise land in the timed rebuild (a real program links people as they sign in).
  start = performance.now();
  const accounts = await createBenchAccounts(store, PASSWORD, new Date());
  log(`accounts: admin, assistant and ${accounts.linked} linked students in ${f1(secondsSince(start))} s`);
  log(`  learner for My missions: ${accounts.learner.email} (${accounts.learner.completions} completions)`);

  start = performance.now();
  const share = await countMessagesContaining(store, SEARCH_WORD);
  log(
    `search word "${SEARCH_WORD}": in ${share.matching} of ${share.total} messages (${f1((share.matching / Math.max(1, share.total)) * 100)} %)`,
  );
  log(`load total: ${f1(secondsSince(total))} s`);
  return accounts;
}

// ---------------------------------------------------------------------------------------------
// One engine: load, serve, measure
// ---------------------------------------------------------------------------------------------

interface Row {
  target: Target;
  skipped?: string;
  status?: number;
  m?: Measured;
  pass?: boolean;
}

async function measureAll(server: AppServer, cookies: Record<Who, string>): Promise<Row[]> {
  const targets = TARGETS.filter((t) => (ONLY.length === 0 ? !t.harnessCheck : ONLY.some((o) => t.name.toLowerCase().includes(o))));
  const sampler = new RssSampler(server.pid);
  try {
    // Warm-up: every target once by hand (probes status), then a short burst each, so the first
    // measured target does not pay for cold caches, JIT and the connection pool.
    const probes = new Map<Target, Probe>();
    for (const target of targets) probes.set(target, await probe(`${server.baseUrl}${target.path}`, cookies[target.as]));
    const live = targets.filter((t) => !probes.get(t)?.absentProcedure);
    if (WARMUP_SECONDS > 0) {
      log(`\nwarm-up: ${WARMUP_SECONDS} s per target …`);
      for (const target of live) {
        await load(`${server.baseUrl}${target.path}`, cookies[target.as], WARMUP_SECONDS, CONNECTIONS);
        await settle(server.pid);
      }
    }
    const postWarmup = sampler.sample() ?? 0;
    log(`server RSS after warm-up: ${mbOf(postWarmup)}`);

    const rows: Row[] = [];
    for (const target of targets) {
      const p = probes.get(target) as Probe;
      if (p.absentProcedure) {
        log(`\n${target.name}: skipped, the router has no such procedure (${target.path.split("?")[0]})`);
        rows.push({ target, skipped: "no procedure" });
        continue;
      }
      log(`\n${target.name}  GET ${target.path}  as ${target.as}`);
      log(`  one request alone: HTTP ${p.status} in ${ms0(p.ms)} ms`);
      if (p.status !== 200) log(`  ! answers HTTP ${p.status}${p.note ? ` (${p.note})` : ""}: every response counts as an error`);
      const waited = await settle(server.pid);
      if (waited > 2) log(`  (waited ${f1(waited)} s for the server to finish the previous target's requests)`);
      const from = sampler.samples.length;
      const m = await load(`${server.baseUrl}${target.path}`, cookies[target.as], SECONDS, CONNECTIONS);
      // Each connection has one request in flight when the run stops; fewer answers than connections
      // means requests took longer than the whole run.
      const starved = m.requests < CONNECTIONS;
      if (starved) log(`  ! only ${m.requests} responses in ${SECONDS} s: requests take longer than the run under this load`);
      const rss = sampler.window(from);
      const errors = failures(m);
      const pass = p.status === 200 && errors === 0 && !starved && (target.p95Ms === null || m.p95 <= target.p95Ms);
      const statusList = [...m.statuses.entries()].map(([s, n]) => `${s}×${n}`).join(" ");
      log(`  ${m.requests} requests, ${m.rps.toFixed(0)} req/s; latency p50 ${lat(m.p50)} ms, p95 ${lat(m.p95)} ms, p99 ${lat(m.p99)} ms`);
      log(`  non-2xx ${m.non2xx}, errors ${m.errors} (of which timeouts ${m.timeouts}); statuses ${statusList || "none"}`);
      log(`  server RSS start ${mbOf(rss.start)}, max ${mbOf(rss.max)}, end ${mbOf(rss.end)}`);
      log(`  ${pass ? "PASS" : "FAIL"}  [${goal(target)}]`);
      rows.push({ target, status: p.status, m, pass });
    }

    // Memory: the first pass fills bounded caches (SQLite's page cache, the dashboards' answers, V8's
    // heap sizing), so RSS grows during it whatever the code does; a leak keeps growing when the same
    // work is repeated. Flat: RSS after a repeat of every target within MEMORY_FLAT_SHARE of before it.
    const afterPass = sampler.sample() ?? 0;
    const repeatSeconds = Math.max(WARMUP_SECONDS, 3);
    log(`\nmemory check: every target again for ${repeatSeconds} s …`);
    for (const target of live) {
      await load(`${server.baseUrl}${target.path}`, cookies[target.as], repeatSeconds, CONNECTIONS);
      await settle(server.pid);
    }
    const end = sampler.sample() ?? 0;
    const all = sampler.window(0);
    const growth = postWarmup > 0 ? (afterPass - postWarmup) / postWarmup : 0;
    const drift = afterPass > 0 ? (end - afterPass) / afterPass : 0;
    const flat = Math.abs(drift) <= MEMORY_FLAT_SHARE;
    const pct = (x: number) => `${x >= 0 ? "+" : ""}${f1(x * 100)} %`;
    log(
      `server memory: after warm-up ${mbOf(postWarmup)}, after the measured pass ${mbOf(afterPass)} (${pct(growth)}), ` +
        `after the repeat ${mbOf(end)} (${pct(drift)}), max ${mbOf(all.max)}  ` +
        `[flat: the repeat within ${MEMORY_FLAT_SHARE * 100} % of the pass before it: ${flat ? "PASS" : "FAIL"}]`,
    );
    return rows;
  } finally {
    sampler.stop();
  }
}

const goal = (t: Target) => (t.p95Ms === null ? "0 errors; no latency target" : `p95 ≤ ${t.p95Ms} ms, 0 errors`);

function printTable(label: string, rows: Row[]) {
  log(`\n== ${label}: summary (${CONNECTIONS} connections, ${SECONDS} s each; ${machine()})`);
  log(
    `${"target".padEnd(34)} ${"req/s".padStart(7)} ${"p50".padStart(7)} ${"p95".padStart(7)} ${"p99".padStart(7)} ${"err".padStart(6)}  verdict`,
  );
  for (const { target, skipped, m, pass, status } of rows) {
    if (!m) {
      log(
        `${target.name.padEnd(34)} ${"".padStart(7)} ${"".padStart(7)} ${"".padStart(7)} ${"".padStart(7)} ${"".padStart(6)}  skipped (${skipped})`,
      );
      continue;
    }
    const errors = failures(m);
    log(
      `${target.name.padEnd(34)} ${m.rps.toFixed(0).padStart(7)} ${lat(m.p50).padStart(7)} ${lat(m.p95).padStart(7)} ${lat(m.p99).padStart(7)} ${String(errors).padStart(6)}  ` +
        `${pass ? "PASS" : "FAIL"} (${goal(target)})${status === 200 ? "" : ` HTTP ${status}`}${m.requests < CONNECTIONS ? ` only ${m.requests} responses` : ""}`,
    );
  }
}

async function runEngine(label: string, databaseUrl: string, datasetDir: string, chatsFile: string, kept?: string) {
  log(`\n== ${label}`);
  let accounts: BenchAccounts;
  if (kept && existsSync(kept)) {
    accounts = JSON.parse(readFileSync(kept, "utf8")) as BenchAccounts;
    log(`database: reusing the one kept in ${path.dirname(kept)} (its accounts in ${path.basename(kept)})`);
  } else {
    // A database without its accounts file is a load that did not finish: start again.
    if (kept) for (const f of ["bench.db", "bench.db-wal", "bench.db-shm"]) rmSync(path.join(path.dirname(kept), f), { force: true });
    const store = openStore(databaseUrl);
    try {
      accounts = await loadDatabase(store, datasetDir, chatsFile);
    } finally {
      await store.close();
    }
    if (kept) writeFileSync(kept, JSON.stringify(accounts));
  }

  checkInterrupted();
  const start = performance.now();
  const server = await startAppServer(`bench-dashboards-${label.split(" ")[0]?.toLowerCase()}`, databaseUrl, {
    WEB_CONCURRENCY: String(WORKERS),
  });
  livePids.add(server.pid);
  const stop = owe(async () => {
    // A graceful stop waits for open connections; a server that does not go in 10 s is killed.
    const kill = setTimeout(() => process.kill(server.pid, "SIGKILL"), 10_000);
    try {
      await server.stop();
    } finally {
      clearTimeout(kill);
      livePids.delete(server.pid);
    }
  });
  log(
    `server: ${server.baseUrl} (pid ${server.pid}, log ${path.relative(workspaceRoot, server.logPath)}) up in ${f1(secondsSince(start))} s`,
  );
  const cookies: Record<Who, string> = {
    admin: await signIn(server.baseUrl, accounts.admin),
    assistant: await signIn(server.baseUrl, accounts.assistant),
    learner: await signIn(server.baseUrl, accounts.learner),
  };
  const rows = await measureAll(server, cookies);
  printTable(label, rows);
  await stop();
}

async function main() {
  log(
    `dashboard benchmark: ${CONNECTIONS} connections, ${SECONDS} s per target, warm-up ${WARMUP_SECONDS} s, ${WORKERS} server process(es); no browser needed`,
  );
  log(`machine: ${machine()}`);
  buildWebApp();

  const dataset = await cachedDataset(CHATS, USERS);
  const datasetDir = path.dirname(dataset.files.chats);

  const keepDir = process.env.BENCH_KEEP_DIR ? path.resolve(process.env.BENCH_KEEP_DIR) : null;
  const runDir = keepDir ?? path.join(benchCacheDir, `dashboards-${Date.now()}`);
  mkdirSync(runDir, { recursive: true });
  const removeRunDir = owe(async () => {
    if (!keepDir) rmSync(runDir, { recursive: true, force: true });
  });
  const kept = keepDir ? path.join(keepDir, "accounts.json") : undefined;
  await runEngine("SQLite", `file:${path.join(runDir, "bench.db")}`, datasetDir, dataset.files.chats, kept);

  await removeRunDir();

  const serverUrl = process.env.BENCH_DATABASE_URL;
  if (!serverUrl) {
    log("\n(Postgres skipped: set BENCH_DATABASE_URL=postgres://… to run it too)");
    return;
  }
  checkInterrupted();
  const scratch = await createScratchPostgresDatabase(serverUrl, "mb_bench_dashboards");
  const dropScratch = owe(() => scratch.drop());
  await runEngine(`Postgres (${new URL(scratch.url).host}${new URL(scratch.url).pathname})`, scratch.url, datasetDir, dataset.files.chats);
  await dropScratch();
}

main()
  .catch((error: unknown) => {
    if (loadsStopped()) return; // the signal handler reports and exits
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => cleanUp());
