// Mission analytics for the demo: a small deterministic OpenWebUI export (scripts/gen-openwebui)
// run through the real ingest, so /admin/missions and /admin/data have missions, attempts,
// completions and a reload in their history from the first start.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Store } from "@missionboard/db";
import { generateOpenWebUiExport } from "../../../../scripts/gen-openwebui/generate";
import { readJsonArray } from "../services/ingest/files";
import { runIngest } from "../services/ingest/run";
import type { IngestSummary } from "../services/ingest/types";

/** Size of the demo export: enough for every mission to have attempts and completions. */
export const DEMO_EXPORT = { chats: 240, users: 24, seed: 11, messagesPerChat: 12 } as const;

/** The generator spreads chats over ten weeks from its start: the demo's end about now. */
const TEN_WEEKS_MS = 70 * 86_400_000;

export async function seedDemoAnalytics(store: Store, now: () => Date): Promise<IngestSummary> {
  const dir = mkdtempSync(path.join(tmpdir(), "missionboard-demo-"));
  try {
    const today = now();
    const start = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) - TEN_WEEKS_MS);
    const files = (await generateOpenWebUiExport({ out: dir, ...DEMO_EXPORT, start })).files;
    return await runIngest(
      store,
      {
        users: readJsonArray(files.usersJson as string),
        models: readJsonArray(files.models as string),
        chats: readJsonArray(files.chats),
      },
      { mode: "upsert", source: "cli" },
      now,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
