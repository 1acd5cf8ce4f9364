// pnpm gen:openwebui -- --chats N --users M --out DIR [--seed S] [--faults] [--messages K] [--change P] [--start YYYY-MM-DD]
// Writes a synthetic OpenWebUI export (all-chats-export.json, users.json, users.csv, models.json)
// into DIR, streaming chat by chat. Same arguments, same bytes. See generate.ts.
import path from "node:path";
import { parseArgs } from "node:util";
import { generateOpenWebUiExport } from "./generate";

const usage =
  "usage: pnpm gen:openwebui --chats N --users M --out DIR [--seed S] [--faults] [--messages K] [--change PERCENT] [--start YYYY-MM-DD]";

async function main() {
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((a) => a !== "--"),
    options: {
      chats: { type: "string", default: "1000" },
      users: { type: "string", default: "100" },
      out: { type: "string" },
      seed: { type: "string", default: "1" },
      faults: { type: "boolean", default: false },
      messages: { type: "string", default: "20" },
      change: { type: "string" },
      start: { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help || !values.out) {
    console.error(usage);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const num = (name: string, v: string) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number ≥ 0 (got "${v}")\n${usage}`);
    return n;
  };
  const start = values.start === undefined ? undefined : new Date(`${values.start}T00:00:00Z`);
  if (start && Number.isNaN(start.getTime())) throw new Error(`--start must be a date YYYY-MM-DD (got "${values.start}")\n${usage}`);
  // pnpm runs this from packages/api; read a relative --out against where the command was typed.
  const base = process.env.INIT_CWD ?? process.cwd();
  const out = path.resolve(base, values.out);
  const started = performance.now();
  const stats = await generateOpenWebUiExport({
    out,
    chats: num("chats", values.chats),
    users: num("users", values.users),
    seed: num("seed", values.seed),
    faults: values.faults,
    messagesPerChat: num("messages", values.messages),
    change: values.change === undefined ? undefined : { percent: num("change", values.change) },
    start,
    onProgress: (n) => process.stderr.write(`\r${n} chats…`),
  });
  const { changedIds: _ids, ...summary } = stats;
  process.stderr.write("\r");
  process.stdout.write(`${JSON.stringify({ ...summary, seconds: Number(((performance.now() - started) / 1000).toFixed(1)) }, null, 2)}\n`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
