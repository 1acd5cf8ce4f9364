// WEB_CONCURRENCY=N (N > 1, or "auto" for one per core): this process becomes a primary that runs N
// copies of serve.mjs with node:cluster, sharing one port. A Node process renders one page at a
// time, so one process uses one core; several use them all (docs/decisions/024-worker-processes.md).
// They can share the database because serve.mjs keeps no state between requests.
import cluster from "node:cluster";
import { availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const MAX_PROCESSES = 64;
/** More unplanned exits than this within RESTART_WINDOW_MS stop the server (a crash loop). */
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 60_000;
/** A worker's own shutdown gives up after 30 s (serve.mjs); the primary waits a little longer. */
const SHUTDOWN_MS = 35_000;

// The same JSON lines as the app's log (app/lib/log.server.ts); the primary never sees personal data.
const log = (level, fields) => {
  const line = JSON.stringify({ time: new Date().toISOString(), level, ...fields });
  (level === "error" ? process.stderr : process.stdout).write(`${line}\n`);
};

/**
 * How many processes WEB_CONCURRENCY asks for: 1 when unset or empty. Anything but a whole number
 * from 1 to 64 or "auto" stops the start with a message naming the variable.
 */
export function processCount(value) {
  const text = (value ?? "").trim();
  if (text === "") return 1;
  if (text.toLowerCase() === "auto") return availableParallelism();
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (Number.isInteger(n) && n >= 1 && n <= MAX_PROCESSES) return n;
  log("error", {
    msg: `WEB_CONCURRENCY must be a whole number from 1 to ${MAX_PROCESSES}, or auto (one per core); it is: ${text.slice(0, 20)}`,
  });
  process.exit(1);
}

/**
 * Starts the first worker alone (it applies the database migrations), then the others. A worker
 * that stops before it listens stops the whole server with its exit code (bad settings, a database
 * that cannot be opened: the message is already in the log). One that stops later is replaced. On
 * SIGTERM or SIGINT every worker finishes its requests and jobs (serve.mjs) and the primary exits
 * 0 when they all did.
 */
export function runPrimary(count) {
  cluster.setupPrimary({ exec: path.join(path.dirname(fileURLToPath(import.meta.url)), "serve.mjs") });
  let stopping = false;
  let othersStarted = false;
  let exitCode = 0;
  const restarts = [];
  const listening = new Set();
  const workers = () => Object.values(cluster.workers ?? {}).filter(Boolean);
  // Counted here: cluster.workers keeps an exited worker until its IPC channel has closed too.
  const alive = new Set();
  const fork = () => alive.add(cluster.fork().id);
  const exitWhenAllStopped = () => alive.size === 0 && process.exit(exitCode);

  const stop = (code) => {
    if (code !== 0) exitCode = code;
    if (stopping) return;
    stopping = true;
    for (const worker of workers()) worker.process.kill("SIGTERM");
    exitWhenAllStopped();
    setTimeout(() => {
      log("error", { msg: "workers did not stop in time; killing them" });
      for (const worker of workers()) worker.process.kill("SIGKILL");
      process.exit(1);
    }, SHUTDOWN_MS).unref();
  };

  cluster.on("listening", (worker) => {
    listening.add(worker.id);
    // Once only: a replacement listening later must not start another set.
    if (!othersStarted && !stopping) {
      othersStarted = true;
      for (let i = 1; i < count; i++) fork();
    }
    if (listening.size === count) log("info", { msg: "workers ready", workers: count });
  });

  cluster.on("exit", (worker, code, signal) => {
    alive.delete(worker.id);
    const wasListening = listening.delete(worker.id);
    if (stopping) {
      // Our own SIGTERM can reach a worker still starting, before it handles the signal: not an error.
      if (code !== 0 && signal !== "SIGTERM") {
        exitCode = 1;
        log("error", { msg: "worker stopped with an error", code, signal });
      }
      return exitWhenAllStopped();
    }
    if (!wasListening) return stop(code || 1);
    const now = Date.now();
    restarts.push(now);
    while ((restarts[0] ?? now) < now - RESTART_WINDOW_MS) restarts.shift();
    if (restarts.length > MAX_RESTARTS) {
      log("error", { msg: "workers keep stopping; the server stops", restarts: restarts.length, windowSeconds: RESTART_WINDOW_MS / 1000 });
      return stop(1);
    }
    log("error", { msg: "worker stopped; starting another", code, signal });
    fork();
  });

  process.on("SIGTERM", () => stop(0));
  process.on("SIGINT", () => stop(0));
  fork();
}
