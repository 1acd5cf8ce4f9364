// `pnpm credits:import FILE [--yes] [--json]`
// Reads a SharePoint SubmittedActivityList.csv into DATABASE_URL as the app's upload does: the
// preview first (row errors, conflicts, rows added / changed / dropped against the current
// snapshot), then, once confirmed (the prompt, or --yes), the current snapshot. Exit codes: 0
// imported, 1 refused or not confirmed (nothing changed), 2 usage.
import { createReadStream, statSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { DomainError } from "@missionboard/core";
import { openConfiguredStore } from "@missionboard/db";
import { CREDIT_CLI_DEFAULT_MAX_MB } from "../services/credits/read-csv";
import { type CreditPreviewView, confirmCredits, discardCredits, uploadCredits } from "../services/credits/snapshots";
import { failureMessage } from "../services/jobs";

const USAGE = `Usage: pnpm credits:import FILE [--yes] [--json]

  FILE     the SharePoint "Submitted Activity List" export (CSV, UTF-8, at most CREDITS_CLI_MAX_MB,
           default 64 MB; the web upload keeps its 5 MB limit)
  --yes    import without asking, when the preview has no problem
  --json   print one JSON object ({ preview, snapshot }) on stdout; implies no prompt (use --yes)
Without --yes the preview is printed and you are asked to confirm. Nothing changes until you do;
a file with row errors or identity conflicts is never imported. The database is DATABASE_URL.
Exit code: 0 imported, 1 refused or not confirmed, 2 usage error.`;

class UsageError extends Error {}

const more = (total: number, shown: number) => (total > shown ? ` (first ${shown} of ${total})` : "");

function printPreview(p: CreditPreviewView): void {
  const out: string[] = [];
  out.push(`${p.fileName}: ${p.rowCount} row(s), ${p.bytes} bytes, sha256 ${p.sha256.slice(0, 12)}…`);
  const d = p.diff.counts;
  out.push(`Against the current list: ${d.added} to add, ${d.changed} to change, ${d.dropped} to drop, ${d.unchanged} unchanged.`);
  for (const problem of p.fileProblems) out.push(`Problem: ${problem}`);
  if (p.rowErrors.total > 0) {
    out.push(`Row errors: ${p.rowErrors.total}${more(p.rowErrors.total, p.rowErrors.items.length)}`);
    for (const e of p.rowErrors.items) out.push(`  ${e.message}`);
  }
  if (p.emailConflictMessage) out.push(p.emailConflictMessage);
  if (p.userIdConflictMessage) out.push(p.userIdConflictMessage);
  if (p.duplicates.total > 0) {
    out.push(`Duplicate rows: ${p.duplicates.total}${more(p.duplicates.total, p.duplicates.items.length)}`);
    for (const dup of p.duplicates.items) out.push(`  lines ${dup.lines.join(", ")}${dup.identical ? " (identical)" : ""}`);
  }
  for (const s of p.unknownStatuses) out.push(`Unknown status "${s.value}" on line(s) ${s.lines.slice(0, 20).join(", ")}`);
  for (const w of p.weeksOutOfRange) out.push(`Week ${w.value} out of range on line(s) ${w.lines.slice(0, 20).join(", ")}`);
  for (const c of p.diff.changed.items.slice(0, 20)) out.push(`  line ${c.line} changes ${c.columns.join(", ")}`);
  if (p.diff.changed.total > 20) out.push(`  … and ${p.diff.changed.total - 20} more changed row(s)`);
  console.log(out.join("\n"));
}

/** CREDITS_CLI_MAX_MB (a whole number of MB, 1–1024), else the default. */
function cliMaxBytes(): number {
  const raw = process.env.CREDITS_CLI_MAX_MB?.trim();
  if (!raw) return CREDIT_CLI_DEFAULT_MAX_MB * 1024 * 1024;
  const mb = Number(raw);
  if (!Number.isInteger(mb) || mb < 1 || mb > 1024) throw new UsageError("CREDITS_CLI_MAX_MB must be a whole number of MB from 1 to 1024.");
  return mb * 1024 * 1024;
}

async function ask(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

async function main(): Promise<number> {
  let parsed: { values: { yes?: boolean; json?: boolean; help?: boolean }; positionals: string[] };
  try {
    parsed = parseArgs({
      options: {
        yes: { type: "boolean", short: "y", default: false },
        json: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError("Give exactly one FILE.");
  // pnpm runs scripts in the package directory; INIT_CWD is where the user typed the command.
  const file = path.resolve(process.env.INIT_CWD ?? process.cwd(), positionals[0] as string);
  try {
    if (!statSync(file).isFile()) throw new UsageError(`${file}: not a file`);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${file}: no such file`);
  }

  const store = openConfiguredStore();
  try {
    await store.migrate();
    const actor = () => ({ userId: null, now: new Date(), requestId: null });
    const { snapshotId, preview } = await uploadCredits(store, createReadStream(file), path.basename(file), actor(), {
      maxBytes: cliMaxBytes(),
    });
    if (!values.json) printPreview(preview);
    if (!snapshotId) {
      if (values.json) process.stdout.write(`${JSON.stringify({ preview, snapshot: null })}\n`);
      console.error("Not imported: fix the problems above and run it again. Nothing was changed.");
      return 1;
    }
    const confirmed = values.yes || (!values.json && process.stdin.isTTY && (await ask(`Import ${preview.rowCount} row(s)? [y/N] `)));
    if (!confirmed) {
      await discardCredits(store, snapshotId, actor());
      if (values.json) process.stdout.write(`${JSON.stringify({ preview, snapshot: null })}\n`);
      console.error("Not imported (not confirmed; run with --yes to import without asking). Nothing was changed.");
      return 1;
    }
    const snapshot = await confirmCredits(store, snapshotId, actor());
    if (values.json) process.stdout.write(`${JSON.stringify({ preview, snapshot })}\n`);
    else console.log(`Imported: snapshot ${snapshot.id} is now the current credits list (${snapshot.rowCount} rows).`);
    return 0;
  } finally {
    await store.close();
  }
}

main()
  .then((code) => {
    process.exitCode = code;
  })
  .catch((error: unknown) => {
    if (error instanceof UsageError) console.error(`${error.message}\n\n${USAGE}`);
    // A refused file (DomainError) has a message for the person; anything else never prints row data.
    else if (error instanceof DomainError) console.error(`Not imported: ${error.message}`);
    else console.error(`Import failed: ${failureMessage(error)}`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  });
