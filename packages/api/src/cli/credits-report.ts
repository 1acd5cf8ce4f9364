// `pnpm credits:report --out FILE [--names]`
// Writes the campaign credits workbook (docs/product/credits.md §C-14) from DATABASE_URL: the same
// file as /campaign/report.xlsx, pseudonymised with EXPORT_SECRET (else SESSION_SECRET, as the web
// app does) unless --names is given. Every report is recorded in the audit log
// (export.downloaded, actor none, with whether it held personal data). Exit codes: 0 written,
// 1 failed (nothing written), 2 usage.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { buildAuditEntry } from "@missionboard/core";
import { insertAuditEntry, openConfiguredStore } from "@missionboard/db";
import { buildCreditReport } from "../services/credits/jobs";
import { failureMessage } from "../services/jobs";

const USAGE = `Usage: pnpm credits:report --out FILE [--names]

  --out FILE  where to write the workbook (.xlsx); an existing file is replaced
  --names     names and emails as they are (recorded in the audit log); pseudonyms otherwise
The data is DATABASE_URL's current credit list and chats. Pseudonyms use EXPORT_SECRET (else
SESSION_SECRET), so they match the web app's downloads.
Exit code: 0 written, 1 failed (nothing written), 2 usage error.`;

class UsageError extends Error {}

async function main(): Promise<number> {
  let values: { out?: string; names?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        out: { type: "string", short: "o" },
        names: { type: "boolean", default: false },
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
  if (!values.out) throw new UsageError("Give the file to write with --out FILE.");
  // pnpm runs scripts in the package directory; INIT_CWD is where the user typed the command.
  const out = path.resolve(process.env.INIT_CWD ?? process.cwd(), values.out);
  const key = process.env.EXPORT_SECRET || process.env.SESSION_SECRET || undefined;
  if (!key && !values.names)
    console.warn("Neither EXPORT_SECRET nor SESSION_SECRET is set: the pseudonyms are random, unlike the web app's.");

  const store = openConfiguredStore();
  try {
    await store.migrate();
    const now = new Date();
    const personalData = values.names === true;
    // The report job's own work, run here synchronously (docs/decisions/028-credits-as-jobs.md).
    const { bytes, state } = await buildCreditReport(store, { personalData, key, now });
    writeFileSync(out, bytes);
    await store.tx((c) =>
      insertAuditEntry(
        c,
        buildAuditEntry(
          {
            actorId: null,
            action: "export.downloaded",
            entityType: "export",
            entityId: "campaign-report",
            metadata: { table: "campaign-report", format: "xlsx", personalData, via: "cli" },
            requestId: null,
          },
          now,
        ),
      ),
    );
    const list = state.snapshot ? `credit list ${state.snapshot.fileName} (${state.rows} rows)` : "no credit list yet";
    console.log(`Wrote ${out}: ${state.pairs} person × mission pair(s), ${list}, ${personalData ? "with names" : "pseudonymised"}.`);
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
    else console.error(`Report failed: ${failureMessage(error)}`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  });
