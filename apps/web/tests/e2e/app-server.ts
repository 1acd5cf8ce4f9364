// Serves the production build (built once by global-setup.ts) as a child process on a free port.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, mkdirSync, mkdtempSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createServer as createNetServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { seedDemo } from "@missionboard/api/seed";
import type { SmtpSink } from "@missionboard/api/test-support";
import { openStore, type Store } from "@missionboard/db";
import { seedDemoAnalytics } from "../../../../packages/api/src/seed/demo-analytics";

export const webDir = path.resolve(import.meta.dirname, "../..");

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createNetServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });

export const freshSqliteUrl = (name: string) => `file:${path.join(mkdtempSync(path.join(tmpdir(), "mb-e2e-")), `${name}.db`)}`;

/**
 * A fresh SQLite database seeded as `npm run demo` seeds it (mission analytics too with
 * `analytics`), for a spec whose server must not share state with the others; `extra` adds what
 * the spec needs. Returns its URL.
 */
export async function seededDemoDatabase(
  name: string,
  options: { analytics?: boolean; extra?: (store: Store) => Promise<unknown> } = {},
): Promise<string> {
  const databaseUrl = freshSqliteUrl(name);
  const store = openStore(databaseUrl);
  try {
    await store.migrate();
    await seedDemo(store);
    if (options.analytics) await seedDemoAnalytics(store, () => new Date());
    await options.extra?.(store);
  } finally {
    await store.close();
  }
  return databaseUrl;
}

/** Production refuses a missing or weak SESSION_SECRET; the test servers get a strong one per run. */
const TEST_SESSION_SECRET = randomBytes(32).toString("hex");

export interface AppServer {
  baseUrl: string;
  /** Where the server's stdout and stderr (its JSON log lines) are written. */
  logPath: string;
  /** The server process's id (the dashboard benchmark samples its memory). */
  pid: number;
  /** Sends SIGTERM and waits for the process to exit; resolves to its exit code. */
  stop(): Promise<number | null>;
}

async function waitForHealth(url: string, child: ChildProcess, log: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}; see ${log}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the server did not become healthy within ${timeoutMs} ms; see ${log}`);
}

/** Starts `node server.mjs` against `databaseUrl`; `env` adds or overrides settings. */
export async function startAppServer(
  name: string,
  databaseUrl: string,
  env: Record<string, string> = {},
  port?: number,
): Promise<AppServer> {
  const listenPort = port ?? (await freePort());
  const baseUrl = `http://127.0.0.1:${listenPort}`;
  mkdirSync(path.join(webDir, "test-results"), { recursive: true });
  const logPath = path.join(webDir, `test-results/${name}-server.log`);
  const log = createWriteStream(logPath);
  const child = spawn(process.execPath, ["server.mjs"], {
    cwd: webDir,
    env: {
      ...process.env,
      APP_URL: baseUrl,
      SESSION_SECRET: TEST_SESSION_SECRET,
      ...env,
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      PORT: String(listenPort),
      HOST: "127.0.0.1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  try {
    await waitForHealth(baseUrl, child, logPath);
  } catch (error) {
    child.kill("SIGKILL"); // a server that never became healthy must not outlive the caller
    throw error;
  }
  return {
    baseUrl,
    logPath,
    pid: child.pid ?? 0,
    stop: async () => {
      if (child.exitCode !== null) return child.exitCode;
      child.kill("SIGTERM");
      return new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    },
  };
}

/**
 * Runs `node server.mjs` in production with `env` (on a fresh database unless it names one) until it
 * exits by itself, for tests of a server that must refuse to start; its exit code and output. The
 * test runner's own secrets are not passed on: `env` says which the server gets.
 */
export async function runServerUntilExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const { SESSION_SECRET: _session, EXPORT_SECRET: _export, ...base } = process.env;
  const child = spawn(process.execPath, ["server.mjs"], {
    cwd: webDir,
    env: {
      ...base,
      DATABASE_URL: freshSqliteUrl("refused"),
      ...env,
      NODE_ENV: "production",
      PORT: String(await freePort()),
      HOST: "127.0.0.1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const collect = (chunk: Buffer) => {
    output += chunk;
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  clearTimeout(timer);
  return { code, output };
}

/**
 * Lets the test workers read what the SMTP sink (in the global-setup process) received:
 * GET /messages → JSON array, newest last.
 */
export async function serveMailbox(sink: SmtpSink): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((_req, res) => {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify(sink.messages.map(({ recipients, subject, text }) => ({ recipients, subject, text }))));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}
