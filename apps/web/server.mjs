// `node server.mjs` (pnpm start): the production server. One process (serve.mjs), or with
// WEB_CONCURRENCY=N a primary running N of them (cluster.mjs).
import cluster from "node:cluster";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { processCount, runPrimary } from "./cluster.mjs";

// The repository's .env, which the app itself loads too (packages/db/src/workspace.ts), so that
// WEB_CONCURRENCY may be set there like every other setting; the real environment wins.
const dotEnv = fileURLToPath(new URL("../../.env", import.meta.url));
if (cluster.isPrimary && existsSync(dotEnv)) process.loadEnvFile(dotEnv);

const count = processCount(process.env.WEB_CONCURRENCY);
if (count > 1 && cluster.isPrimary) runPrimary(count);
else await import("./serve.mjs");
