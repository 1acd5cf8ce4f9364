// pnpm bench:credits — the campaign credits at scale (issue 13 § Performance). Loads the ingest
// benchmark's data set (50,000 chats, ~1,000,000 messages, 5,000 users; scripts/bench/dataset.ts,
// cached in .cache/bench/ as bench:dashboards uses it) into a fresh SQLite file and rebuilds the
// standings, then writes a SubmittedActivityList.csv of 50,000 rows: every activity type, mission
// names with typos and the old exports' spellings, people with many rows and their email in
// another case, people no account knows. Then, in a child process of its own (scripts/bench/
// credits-measure.ts, which loads only the jobs' modules, so its peak RSS is theirs alone; bundled
// by buildChild and run with plain node), it runs the two jobs the web app runs (docs/decisions/
// 028-credits-as-jobs.md) on a job runner and times the three steps the targets cover — import
// (the credits-import job: read, preview, pending snapshot; then confirm), reconciliation and the
// workbook (the credits-report job: loadCampaignState, then the workbook, kept for download) — and
// prints each time, the total and the peak RSS against the targets (≤ 10 s, ≤ 300 MB for all
// three). The list is over the web upload's 5 MB limit: it is imported under the command line's
// bound (CREDITS_CLI_MAX_MB, 64 MB by default), as `pnpm credits:import` would, and the bench says so.
// Last, it serves the production build on that database (as bench:dashboards does, with its HTTP
// code: scripts/bench/http-load.ts) and drives /campaign with autocannon (20 connections) as a
// learner and as staff: p95 ≤ 100 ms. Asserts nothing.
//
// Environment:
//   BENCH_CREDIT_ROWS=N          rows of the credit list (default 50,000)
//   BENCH_CHATS / BENCH_USERS    data set size (default 50,000 / 5,000), e.g. 500 / 100 for a smoke run
//   BENCH_SECONDS / BENCH_WARMUP_SECONDS / BENCH_CONNECTIONS / BENCH_WORKERS  as bench:dashboards
//   BENCH_CAPPED_HEAP_MB=N       the heap of the second, informative run of the three steps (default 160)
//   BENCH_SKIP_PAGE=1            skip the /campaign load (no build, no server)
//   BENCH_SKIP_BUILD=1           serve the existing build (apps/web/build)
// Runs through the api package (tsx resolves the workspace packages' dependencies from there).
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism, loadavg } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { startAppServer } from "../../apps/web/tests/e2e/app-server";
import { createBenchAccounts } from "../../packages/api/src/bench/dashboard-accounts";
import { CREDIT_CLI_DEFAULT_MAX_MB, CREDIT_FILE_MAX_BYTES } from "../../packages/api/src/services/credits/read-csv";
import { rebuildStandingsNow } from "../../packages/api/src/services/standings";
import { listMissionRows, openStore } from "../../packages/db/src/index";
import type { Measured } from "./credits-measure";
import { benchCacheDir, cachedDataset, DATASET_CHATS, f1, ingestCounts, ingestDataset, log, mb } from "./dataset";
import { buildWebApp, failures, load, probe, signIn, stopLoads } from "./http-load";

const ROWS = Number(process.env.BENCH_CREDIT_ROWS ?? 50_000);
const CHATS = Number(process.env.BENCH_CHATS ?? DATASET_CHATS);
const USERS = Number(process.env.BENCH_USERS ?? 5_000);
const TARGETS = { seconds: 10, rssMb: 300, pageP95Ms: 100 };
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const WORKERS = Number(process.env.BENCH_WORKERS ?? availableParallelism());
const PASSWORD = "bench-credits-password";
/** The heap of the second, informative run (BENCH_CAPPED_HEAP_MB). */
const CAPPED_HEAP_MB = Number(process.env.BENCH_CAPPED_HEAP_MB ?? 160);
const SEED = 13;
/** The measuring child (its own file, so it loads the jobs' modules only, not this harness's). */
const CHILD = fileURLToPath(new URL("./credits-measure.ts", import.meta.url));
/** Where it is built (packages/api/build/, ignored by git: the bundle resolves the workspace packages from there). */
const CHILD_BUILT = fileURLToPath(new URL("../../packages/api/build/bench/credits-measure.mjs", import.meta.url));

/**
 * The measuring child as plain JavaScript, one bundle, as the production server runs the jobs
 * (Vite bundles them into its build): run under tsx instead, the process also holds the
 * transpiler, its source maps and every module's TypeScript, ~70 MB of resident memory that no
 * deployment has. better-sqlite3 stays outside (its native binding is found relative to its own files).
 */
async function buildChild(): Promise<string> {
  const fromDb = createRequire(fileURLToPath(new URL("../../packages/db/package.json", import.meta.url)));
  await esbuild.build({
    entryPoints: [CHILD],
    outfile: CHILD_BUILT,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // CommonJS dependencies inside an ES module bundle still call require.
    banner: { js: "import { createRequire as mbCreateRequire } from 'node:module'; const require = mbCreateRequire(import.meta.url);" },
    plugins: [
      {
        name: "native-from-db",
        setup(build) {
          build.onResolve({ filter: /^better-sqlite3$/ }, () => ({ path: fromDb.resolve("better-sqlite3"), external: true }));
        },
      },
    ],
    logLevel: "warning",
  });
  return CHILD_BUILT;
}

/** A small seeded generator (mulberry32), so every run writes the same file. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const ACTIVITIES = [
  { id: 1, type: "Training", share: 0.15, points: [5, 10, 12.5] },
  { id: 2, type: "Use Case", share: 0.08, points: [20, 25] },
  { id: 3, type: "Missions & Challenges", share: 0.65, points: [] },
  { id: 4, type: "Demo Day", share: 0.04, points: [30] },
  { id: 5, type: "Quiz", share: 0.08, points: [2, 4.5, 5] },
] as const;

/** The activity a uniform draw in [0, 1) falls on, by the types' shares. */
function activityOf(draw: number) {
  let left = draw;
  for (const a of ACTIVITIES) {
    left -= a.share;
    if (left < 0) return a;
  }
  return ACTIVITIES[2];
}

const csvCell = (text: string) => (/[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);

/** A typo: one letter dropped or two swapped. */
function misspell(name: string, pick: () => number): string {
  const i = 1 + Math.floor(pick() * Math.max(1, name.length - 2));
  return pick() < 0.5
    ? name.slice(0, i) + name.slice(i + 1)
    : name.slice(0, i - 1) + (name[i] ?? "") + (name[i - 1] ?? "") + name.slice(i + 1);
}

/**
 * The credit list: people drawn from the data set's users (10 % more that no account knows), each
 * with one SharePoint UserID and many rows; every activity type; mission rows naming a mission of
 * the data set as written, in the old exports' "Week N - … (Medium)" form, in another case, or
 * misspelt; a few awards that differ from the mission's points; 10 % submitted, not yet reviewed.
 */
function writeCreditList(file: string, emails: string[], missions: { name: string; week: number | null; points: number | null }[]) {
  const pick = random(SEED);
  const people = [
    ...emails.map((email, i) => ({ userId: 1000 + i, email, first: email.split(".")[0] ?? "x" })),
    ...Array.from({ length: Math.ceil(emails.length / 10) }, (_, i) => ({
      userId: 900_000 + i,
      email: `outsider.${i}@partner.example`,
      first: "outsider",
    })),
  ];
  const lines = ["UserID,FirstName,Email,ActivityID,ActivityType,ActivityStatus,PointsAwarded,WeekID,MissionChallenge,Created"];
  const start = Date.UTC(2026, 8, 1);
  for (let r = 0; r < ROWS; r++) {
    // A few people have many rows (a skewed draw), as real lists do.
    const person = people[Math.floor(pick() ** 2 * people.length)] ?? people[0];
    if (!person) throw new Error("no people");
    const activity = activityOf(pick());
    const status = pick() < 0.1 ? "Submitted" : pick() < 0.05 ? "review completed" : "Review Completed";
    let week = 1 + Math.floor(pick() * 10);
    let challenge = "";
    let points: number = activity.points[Math.floor(pick() * activity.points.length)] ?? 0;
    if (activity.id === 3) {
      const mission = missions[Math.floor(pick() * missions.length)];
      if (mission) {
        week = mission.week ?? week;
        points = pick() < 0.05 ? (mission.points ?? 0) + 5 : (mission.points ?? 0);
        const form = pick();
        challenge =
          form < 0.6
            ? mission.name
            : form < 0.75
              ? `Week ${week} - ${mission.name} (Medium)`
              : form < 0.85
                ? mission.name.toLowerCase()
                : misspell(mission.name, pick);
      }
    }
    const email = pick() < 0.1 ? person.email.toUpperCase() : person.email;
    const created = new Date(start + r * 37_000).toISOString().slice(0, 19);
    lines.push(
      [
        person.userId,
        person.first,
        email,
        activity.id,
        activity.type,
        status,
        status === "Submitted" ? 0 : points,
        week,
        challenge,
        created,
      ]
        .map((v) => csvCell(String(v)))
        .join(","),
    );
  }
  writeFileSync(file, `${lines.join("\n")}\n`);
}

/** /campaign under load on the imported list, as a learner and as staff (the production build, as bench:dashboards serves it). */
async function measurePage(database: string): Promise<void> {
  const store = openStore(database);
  let accounts: Awaited<ReturnType<typeof createBenchAccounts>>;
  try {
    accounts = await createBenchAccounts(store, PASSWORD, new Date());
  } finally {
    await store.close();
  }
  buildWebApp();
  const server = await startAppServer("bench-credits", database, { WEB_CONCURRENCY: String(WORKERS) });
  const stopping = () => {
    stopLoads();
    void server.stop().finally(() => process.exit(130));
  };
  process.once("SIGINT", stopping);
  process.once("SIGTERM", stopping);
  try {
    log(`\n/campaign under load: ${CONNECTIONS} connections, ${SECONDS} s each, ${WORKERS} server process(es)`);
    for (const [who, account] of [
      ["learner", accounts.learner],
      ["staff", accounts.assistant],
    ] as const) {
      const cookie = await signIn(server.baseUrl, account);
      // The page, and its main query over /api/trpc (as bench:dashboards measures both).
      for (const [what, path] of [
        ["page /campaign", "/campaign"],
        ["query campaign.view", `/api/trpc/campaign.view?input=${encodeURIComponent("{}")}`],
      ] as const) {
        const url = `${server.baseUrl}${path}`;
        const one = await probe(url, cookie);
        log(`  ${what} as ${who}: one request alone HTTP ${one.status} in ${one.ms.toFixed(0)} ms`);
        if (WARMUP_SECONDS > 0) await load(url, cookie, WARMUP_SECONDS, CONNECTIONS);
        const m = await load(url, cookie, SECONDS, CONNECTIONS);
        const pass = one.status === 200 && failures(m) === 0 && m.p95 <= TARGETS.pageP95Ms;
        log(
          `  ${what} as ${who}: ${m.requests} requests, ${m.rps.toFixed(0)} req/s; p50 ${m.p50.toFixed(1)} ms, p95 ${m.p95.toFixed(1)} ms, p99 ${m.p99.toFixed(1)} ms; ` +
            `non-2xx ${m.non2xx}, errors ${m.errors}  [p95 ≤ ${TARGETS.pageP95Ms} ms, 0 errors: ${pass ? "PASS" : "FAIL"}]`,
        );
      }
    }
  } finally {
    await server.stop();
  }
}

async function main() {
  log(
    `load average ${loadavg()
      .map((n) => n.toFixed(1))
      .join(" ")} (the figures are only comparable on a quiet machine)`,
  );
  const dataset = await cachedDataset(CHATS, USERS);
  const dir = path.dirname(dataset.files.chats);
  const runDir = path.join(benchCacheDir, "credits-run");
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });
  const databaseFile = path.join(runDir, "bench.db");
  const database = `file:${databaseFile}`;
  const store = openStore(database);
  let missions: { name: string; week: number | null; points: number | null }[];
  let emails: string[];
  try {
    await store.migrate();
    let t = performance.now();
    const summary = await ingestDataset(store, dir, dataset.files.chats);
    log(`ingest (not measured here; see bench:ingest): ${ingestCounts(summary)} in ${f1((performance.now() - t) / 1000)} s`);
    t = performance.now();
    await rebuildStandingsNow(store, () => new Date());
    log(`standings rebuilt in ${f1((performance.now() - t) / 1000)} s`);
    missions = (await store.read((c) => listMissionRows(c))).filter((m) => m.name.trim() !== "");
    emails = await store.read(async ({ db, t: tables }) =>
      (await db.select({ email: tables.owuiUsers.email }).from(tables.owuiUsers)).map((u) => u.email).filter((e): e is string => !!e),
    );
  } finally {
    await store.close();
  }

  const csv = path.join(runDir, "SubmittedActivityList.csv");
  writeCreditList(csv, emails, missions);
  const size = statSync(csv).size;
  log(`credit list: ${ROWS} rows, ${missions.length} missions, ${emails.length} known people (+10 % unknown), ${f1(mb(size))} MB`);
  if (size > CREDIT_FILE_MAX_BYTES)
    log(
      `  note: over the web upload's ${mb(CREDIT_FILE_MAX_BYTES)} MB limit: imported under the command line's bound (${CREDIT_CLI_DEFAULT_MAX_MB} MB), as pnpm credits:import reads it`,
    );

  const out = path.join(runDir, "campaign-report.xlsx");
  // The child imports into a copy, so the capped run (below) starts from the same database.
  const template = path.join(runDir, "before-import.db");
  copyFileSync(databaseFile, template);
  const child = await buildChild();
  const measure = (heapMb: number | null): Measured => {
    for (const extra of ["-wal", "-shm"]) rmSync(`${databaseFile}${extra}`, { force: true });
    copyFileSync(template, databaseFile);
    const flags = heapMb === null ? [] : [`--max-old-space-size=${heapMb}`];
    const result = execFileSync(process.execPath, [...flags, child, database, csv, out], {
      encoding: "utf8",
      maxBuffer: 16 * 1024 * 1024,
      stdio: ["ignore", "pipe", "inherit"],
    });
    return JSON.parse(result) as Measured;
  };
  const ok = (pass: boolean) => (pass ? "PASS" : "FAIL");
  const m = measure(null);
  const total = m.importS + m.reconcileS + m.workbookS;
  log(`import (credits-import job: read, preview, snapshot; confirm): ${f1(m.importS)} s (${m.rows} rows)`);
  log(`reconciliation (credits-report job, loadCampaignState): ${f1(m.reconcileS)} s (${m.pairs} pairs)`);
  log(`workbook: ${f1(m.workbookS)} s (${f1(m.workbookMb)} MB)`);
  log(`total ${f1(total)} s  [target ≤ ${TARGETS.seconds} s: ${ok(total <= TARGETS.seconds)}]`);
  log(
    `peak RSS ${m.peakRssMb.toFixed(0)} MB with Node's default heap  [target ≤ ${TARGETS.rssMb} MB: ${ok(m.peakRssMb <= TARGETS.rssMb)}]`,
  );
  const p = m.peakAfterMb;
  log(
    `  peak by the end of: import ${p.import.toFixed(0)} MB, reconciliation ${p.reconcile.toFixed(0)} MB, workbook ${p.workbook.toFixed(0)} MB`,
  );
  // How much of that is the work's and how much V8 keeping garbage because it may: the same steps
  // with the heap capped. The default run above is the one judged against the target.
  try {
    const capped = measure(CAPPED_HEAP_MB);
    log(
      `same steps with the heap capped (--max-old-space-size=${CAPPED_HEAP_MB}): ${f1(capped.importS + capped.reconcileS + capped.workbookS)} s, ` +
        `peak RSS ${capped.peakRssMb.toFixed(0)} MB (for information: the steps' working set fits that heap)`,
    );
  } catch {
    log(`same steps with the heap capped (--max-old-space-size=${CAPPED_HEAP_MB}): out of memory (the steps' working set needs more)`);
  }
  log(
    `load average ${loadavg()
      .map((n) => n.toFixed(1))
      .join(" ")}`,
  );
  if (process.env.BENCH_SKIP_PAGE === "1") log("(/campaign load skipped: BENCH_SKIP_PAGE=1)");
  else {
    await measurePage(database);
    log(
      `load average ${loadavg()
        .map((n) => n.toFixed(1))
        .join(" ")}`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
