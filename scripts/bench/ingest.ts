// pnpm bench:ingest — the OpenWebUI ingest at scale. Generates 50,000 chats (~1,000,000 messages)
// with scripts/gen-openwebui into a temp dir, ingests them into a fresh SQLite file through
// readJsonArray + runIngest, then re-ingests an export in which 1 % of the chats changed. Prints
// chats/s, MB/s, wall time and peak RSS next to the targets; asserts nothing.
// BENCH_DATABASE_URL=postgres://… also runs it on a scratch database of that server (dropped after).
// BENCH_CHATS=N changes the size (for a quick check of the harness).
// Runs through the api package (tsx resolves the workspace packages' dependencies from there).
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { readJsonArray } from "../../packages/api/src/services/ingest/files";
import { runIngest } from "../../packages/api/src/services/ingest/run";
import type { IngestSummary } from "../../packages/api/src/services/ingest/types";
import { openStore, type Store } from "../../packages/db/src/index";
import { type GenerateStats, generateOpenWebUiExport } from "../gen-openwebui/generate";

const CHATS = Number(process.env.BENCH_CHATS ?? 50_000);
const USERS = Math.max(10, Math.round(CHATS / 25));
const MESSAGES_PER_CHAT = 21; // ≈ 20 messages per chat on average once branches are drawn
const CHANGE_PERCENT = 1;
const TARGETS = { fullS: 30, rssMb: 512, reingestS: 5 };

const log = (line: string) => process.stdout.write(`${line}\n`);
const mb = (bytes: number) => bytes / 1024 / 1024;
const f1 = (n: number) => n.toFixed(1);
const ok = (pass: boolean) => (pass ? "ok" : "MISSED");

/** Peak RSS while `fn` runs, sampled every 25 ms, plus the process's lifetime maxRSS after it. */
async function measured<T>(fn: () => Promise<T>): Promise<{ result: T; seconds: number; peakRssMb: number; maxRssMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 25);
  const start = performance.now();
  try {
    const result = await fn();
    const seconds = (performance.now() - start) / 1000;
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, seconds, peakRssMb: mb(peak), maxRssMb: process.resourceUsage().maxRSS / 1024 };
  } finally {
    clearInterval(timer);
  }
}

const ingest = (store: Store, dir: string, chatsFile: string) =>
  runIngest(
    store,
    {
      users: readJsonArray(path.join(dir, "users.json")),
      models: readJsonArray(path.join(dir, "models.json")),
      chats: readJsonArray(chatsFile),
      chatCount: null,
    },
    { mode: "upsert", source: "cli" },
    () => new Date(),
  );

const counts = (s: IngestSummary) =>
  `inserted ${s.inserted}, updated ${s.updated}, unchanged ${s.unchanged}, skipped ${JSON.stringify(s.skipped)}; ` +
  `${s.attempts} attempts, ${s.completions} completions, ${s.participants} participants${s.error ? `; error: ${s.error}` : ""}`;

async function run(label: string, store: Store, dir: string, base: GenerateStats, changed: GenerateStats) {
  log(`\n== ${label}`);
  await store.migrate();
  const bytes = statSync(base.files.chats).size;

  const full = await measured(() => ingest(store, dir, base.files.chats));
  const s = full.result;
  log(`full ingest: ${s.status}; ${counts(s)}`);
  log(`  wall ${f1(full.seconds)} s  [target ≤ ${TARGETS.fullS} s: ${ok(full.seconds <= TARGETS.fullS)}]`);
  log(
    `  ${(s.chats / full.seconds).toFixed(0)} chats/s, ${(base.messages / full.seconds).toFixed(0)} messages/s, ${f1(mb(bytes) / full.seconds)} MB/s`,
  );
  log(
    `  peak RSS ${full.peakRssMb.toFixed(0)} MB sampled, maxRSS ${full.maxRssMb.toFixed(0)} MB (process so far)  [target ≤ ${TARGETS.rssMb} MB: ${ok(full.peakRssMb <= TARGETS.rssMb)}]`,
  );

  const again = await measured(() => ingest(store, dir, changed.files.chats));
  const r = again.result;
  log(`re-ingest with ${CHANGE_PERCENT}% changed (${changed.changed} chats): ${r.status}; ${counts(r)}`);
  log(`  wall ${f1(again.seconds)} s  [target ≤ ${TARGETS.reingestS} s: ${ok(again.seconds <= TARGETS.reingestS)}]`);
  log(`  peak RSS ${again.peakRssMb.toFixed(0)} MB sampled, maxRSS ${again.maxRssMb.toFixed(0)} MB (process so far)`);
  if (r.updated !== changed.changed) log(`  note: ${changed.changed} chats were changed but ${r.updated} were updated`);
}

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), "mb-bench-ingest-"));
  try {
    log(`generating ${CHATS} chats for ${USERS} users into ${dir} …`);
    const gen = await measured(() =>
      generateOpenWebUiExport({ out: dir, chats: CHATS, users: USERS, seed: 42, messagesPerChat: MESSAGES_PER_CHAT }),
    );
    const base = gen.result;
    log(
      `  ${base.chats} chats, ${base.messages} messages, ${base.missionChats} mission chats, ${f1(mb(statSync(base.files.chats).size))} MB, ` +
        `in ${f1(gen.seconds)} s (generator peak RSS ${gen.peakRssMb.toFixed(0)} MB)`,
    );
    const changed = await generateOpenWebUiExport({
      out: dir,
      chats: CHATS,
      users: USERS,
      seed: 42,
      messagesPerChat: MESSAGES_PER_CHAT,
      change: { percent: CHANGE_PERCENT },
      chatsOnly: true,
      files: { chats: "all-chats-export.changed.json" },
    });
    log(`  variant with ${changed.changed} changed chats written`);

    const sqlite = openStore(`file:${path.join(dir, "bench.db")}`);
    try {
      await run("SQLite (fresh file)", sqlite, dir, base, changed);
    } finally {
      await sqlite.close();
    }

    const serverUrl = process.env.BENCH_DATABASE_URL;
    if (!serverUrl) {
      log("\n(Postgres skipped: set BENCH_DATABASE_URL=postgres://… to run it too)");
      return;
    }
    const name = `mb_bench_ingest_${Date.now()}`;
    const admin = openStore(serverUrl);
    // Raw DDL on the pool, outside any transaction (pg-only, acceptable in a benchmark).
    const ddl = (statement: string) =>
      admin.read(({ db }) => (db as unknown as { $client: { unsafe(q: string): Promise<unknown> } }).$client.unsafe(statement));
    await ddl(`create database "${name}"`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const pg = openStore(url.toString());
    try {
      await run(`Postgres (${url.host}/${name})`, pg, dir, base, changed);
    } finally {
      await pg.close();
      await ddl(`drop database "${name}" with (force)`);
      await admin.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
