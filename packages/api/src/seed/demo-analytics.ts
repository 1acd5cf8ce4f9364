// Mission analytics for the demo: a small deterministic OpenWebUI export (scripts/gen-openwebui)
// run through the real ingest, so /admin/missions and /admin/data have missions, attempts,
// completions and a reload in their history from the first start. The export's first OpenWebUI
// users carry the demo students' emails, so linking by verified email (docs/product/missions.md
// §M-18) gives each demo student missions, points and a rank.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Store } from "@missionboard/db";
import { generateOpenWebUiExport } from "../../../../scripts/gen-openwebui/generate";
import { readJsonArray } from "../services/ingest/files";
import { runIngest } from "../services/ingest/run";
import type { IngestSummary } from "../services/ingest/types";
import { DEMO_ACCOUNTS, DEMO_SETTINGS } from "./demo";

/** Size of the demo export: enough for every mission to have attempts and completions. */
export const DEMO_EXPORT = { chats: 240, users: 24, seed: 11, messagesPerChat: 12 } as const;

/** The generator spreads chats over ten weeks from its start: the demo's end about now. */
const TEN_WEEKS_MS = 70 * 86_400_000;

/** The demo students, in the order they take over the export's first OpenWebUI users. */
export const DEMO_LEARNER_EMAILS = DEMO_ACCOUNTS.filter((a) => a.role === "student").map((a) => a.email);

/** Gives the export's first learners (OpenWebUI role "user") the demo students' names and emails. */
function adoptDemoStudents(usersJson: string): void {
  // The generator writes OpenWebUI's shape, { users: [...], total }; the demo's file is small.
  const file = JSON.parse(readFileSync(usersJson, "utf8")) as { users: { name?: string; email?: string; role?: string }[] };
  const learners = file.users.filter((u) => u.role === "user");
  DEMO_ACCOUNTS.filter((a) => a.role === "student").forEach((account, i) => {
    const user = learners[i];
    if (user) Object.assign(user, { name: account.name, email: account.email });
  });
  writeFileSync(usersJson, JSON.stringify(file));
}

export async function seedDemoAnalytics(store: Store, now: () => Date): Promise<IngestSummary> {
  const dir = mkdtempSync(path.join(tmpdir(), "missionboard-demo-"));
  try {
    const today = now();
    const start = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) - TEN_WEEKS_MS);
    const files = (await generateOpenWebUiExport({ out: dir, ...DEMO_EXPORT, start })).files;
    adoptDemoStudents(files.usersJson as string);
    return await runIngest(
      store,
      {
        users: readJsonArray(files.usersJson as string),
        models: readJsonArray(files.models as string),
        chats: readJsonArray(files.chats),
      },
      { mode: "upsert", source: "cli", notices: { settings: { appUrl: DEMO_SETTINGS.appUrl } } },
      now,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
