// `pnpm ingest --chats FILE --models FILE --users FILE [--mode upsert|truncate] [--batch-size N] [--json]`
// Imports OpenWebUI export files into DATABASE_URL (like the app: a reload job on a job runner)
// and prints a summary. Exit codes: 0 succeeded, 1 the run failed (or was refused), 2 usage.
import { statSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { RELOAD_MODES, type ReloadMode } from "@missionboard/core";
import { openConfiguredStore } from "@missionboard/db";
import { readJsonArray, readUsersFile } from "../services/ingest/files";
import { reloadJob } from "../services/ingest/run";
import { DEFAULT_MAX_SKIPPED_SHARE, type IngestSource, type IngestSummary } from "../services/ingest/types";
import { createJobRunner, failureMessage } from "../services/jobs";
import { cliAppUrl } from "./app-url";

const USAGE = `Usage: pnpm ingest --chats FILE [--models FILE] [--users FILE] [--mode upsert|truncate] [--max-skipped PERCENT] [--batch-size N] [--json]

  --chats FILE         OpenWebUI chat export (JSON array, or {"chats"|"data": [...]})
  --models FILE        OpenWebUI model list or workspace export (JSON)
  --users FILE         OpenWebUI users: JSON, or CSV with an id,name,email,role header
  --mode MODE          upsert (default) keeps what the files do not mention; truncate replaces
                       chats, messages, attempts, users and models (never missions) with the files
  --max-skipped PCT    truncate only: refuse when more than PCT % of a file's records are skipped
                       (default ${DEFAULT_MAX_SKIPPED_SHARE * 100}); a file with no usable record is always refused
  --batch-size N       chats per transaction (default 500)
  --json               print exactly one JSON object (the summary) on stdout
Each file's kind is checked from its first records: a models export given as --chats is refused.
Relative paths are read against the directory you ran the command from. The database is DATABASE_URL.
Exit code: 0 when the run succeeded, 1 when it failed or was refused, 2 for a usage error.`;

class UsageError extends Error {}

function checkFile(label: string, file: string): void {
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new UsageError(`--${label} ${file}: not a file`);
    size = st.size;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`--${label} ${file}: no such file`);
  }
  if (size === 0) throw new UsageError(`--${label} ${file} is empty (0 bytes)`);
}

function printHuman(summary: IngestSummary): void {
  const out: string[] = [];
  const skippedTotal = Object.values(summary.skipped).reduce((a, b) => a + b, 0);
  out.push(`Reload ${summary.runId}: ${summary.status} in ${(summary.durationMs / 1000).toFixed(1)} s`);
  out.push(
    `Chats read: ${summary.chats} (new ${summary.inserted}, updated ${summary.updated}, unchanged ${summary.unchanged}, skipped ${Object.entries(
      summary.skipped,
    )
      .filter(([k]) => !k.includes(":"))
      .reduce((n, [, v]) => n + v, 0)})`,
  );
  if (skippedTotal > 0) {
    out.push("Skipped records:");
    for (const [reason, n] of Object.entries(summary.skipped).sort()) {
      const named = summary.skippedRecords[reason] ?? [];
      const more = n - named.length;
      out.push(`  ${reason}: ${n}${named.length ? ` — ${named.join("; ")}${more > 0 ? `; and ${more} more` : ""}` : ""}`);
    }
  }
  out.push(`Missions with attempts: ${summary.missions.length}`);
  for (const m of summary.missions) {
    out.push(
      `  ${m.week === null ? "week ?" : `week ${m.week}`} · ${m.name}: ${m.attempts} attempt(s), ${m.completions} completion(s), ${m.participants} participant(s)`,
    );
  }
  out.push(
    `Attempts: ${summary.attempts}; completions (distinct user × mission): ${summary.completions}; unique participants: ${summary.participants}`,
  );
  if (summary.error) out.push(`Error: ${summary.error}`);
  console.log(out.join("\n"));
}

async function main(): Promise<number> {
  let values: {
    chats?: string;
    models?: string;
    users?: string;
    mode?: string;
    json?: boolean;
    "batch-size"?: string;
    "max-skipped"?: string;
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      options: {
        chats: { type: "string" },
        models: { type: "string" },
        users: { type: "string" },
        mode: { type: "string", default: "upsert" },
        "batch-size": { type: "string" },
        "max-skipped": { type: "string" },
        json: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!values.chats && !values.models && !values.users) throw new UsageError("Give at least one of --chats, --models, --users.");
  const mode = values.mode as ReloadMode;
  if (!RELOAD_MODES.includes(mode)) throw new UsageError(`--mode must be upsert or truncate, not "${values.mode}"`);
  const batchSize = values["batch-size"] === undefined ? undefined : Number(values["batch-size"]);
  if (batchSize !== undefined && (!Number.isInteger(batchSize) || batchSize < 1))
    throw new UsageError(`--batch-size must be a positive whole number, not "${values["batch-size"]}"`);
  const maxSkipped = values["max-skipped"] === undefined ? undefined : Number(values["max-skipped"]);
  if (maxSkipped !== undefined && (!Number.isFinite(maxSkipped) || maxSkipped < 0 || maxSkipped > 100))
    throw new UsageError(`--max-skipped must be a percentage from 0 to 100, not "${values["max-skipped"]}"`);

  // pnpm runs scripts in the package directory; INIT_CWD is where the user typed the command.
  const base = process.env.INIT_CWD ?? process.cwd();
  const resolve = (file: string | undefined) => (file === undefined ? undefined : path.resolve(base, file));
  const files = { chats: resolve(values.chats), models: resolve(values.models), users: resolve(values.users) };
  for (const [label, file] of Object.entries(files)) if (file) checkFile(label, file);

  const source: IngestSource = {
    chats: files.chats ? readJsonArray(files.chats) : undefined,
    models: files.models ? readJsonArray(files.models) : undefined,
    users: files.users ? readUsersFile(files.users) : undefined,
    checkKinds: true,
  };
  const store = openConfiguredStore();
  const jobs = createJobRunner({ store });
  // Ctrl-C / SIGTERM: the run stops at its next batch, is recorded as failed and frees its lease.
  const stop = () => void jobs.drain(0);
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  try {
    await store.migrate();
    const outcome = await jobs.run(
      reloadJob(source, {
        mode,
        source: "cli",
        batchSize,
        notices: { settings: { appUrl: cliAppUrl() } },
        ...(maxSkipped !== undefined ? { maxSkippedShare: maxSkipped / 100 } : {}),
        onProgress: values.json
          ? undefined
          : ({ processed }) => {
              if (processed > 0 && process.stderr.isTTY) process.stderr.write(`\r${processed} chats…`);
            },
      }),
    );
    const summary = outcome.result;
    if (!summary) {
      console.error(`Ingest failed: ${outcome.error}`);
      return 1;
    }
    if (!values.json && process.stderr.isTTY) process.stderr.write("\r");
    if (values.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
    else printHuman(summary);
    if (summary.status === "failed") {
      console.error(`Ingest failed: ${summary.error}`);
      return 1;
    }
    return 0;
  } finally {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
    await store.close();
  }
}

main()
  .then((code) => {
    process.exitCode = code;
  })
  .catch((error: unknown) => {
    if (error instanceof UsageError) console.error(`${error.message}\n\n${USAGE}`);
    // Never a failed query's parameters (rows with people's data) in the operator's terminal.
    else console.error(`Ingest failed: ${failureMessage(error)}`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  });
