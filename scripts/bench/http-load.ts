// The HTTP side of the page benchmarks (bench:dashboards, bench:credits): signing in through the real
// form, one probe request, and an autocannon run with exact percentiles. An interrupt (stopLoads)
// stops the runs under way first: their keep-alive connections would hold the server open.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import autocannon from "autocannon";
import { webDir } from "../../apps/web/tests/e2e/app-server";
import type { BenchAccount } from "../../packages/api/src/bench/dashboard-accounts";
import { workspaceRoot } from "../../packages/db/src/index";
import { f1, log } from "./dataset";

/** Load runs under way. */
const runningLoads = new Set<autocannon.Instance>();
let stopped = false;
export class Interrupted extends Error {}
/** Whether stopLoads was called (the benchmark is being interrupted). */
export const loadsStopped = () => stopped;
/** Stops every run under way; later runs refuse to start. */
export function stopLoads(): void {
  stopped = true;
  for (const instance of runningLoads) instance.stop();
}

/** Signs in through the real form (as apps/web/tests/e2e/http-helpers.ts does) and returns "mb_session=…". */
export async function signIn(baseUrl: string, { email, password }: BenchAccount): Promise<string> {
  const res = await fetch(`${baseUrl}/login`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password }),
    redirect: "manual",
  });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith("mb_session="));
  if (res.status !== 302 || !cookie) throw new Error(`sign-in as ${email} failed with HTTP ${res.status}`);
  return cookie.split(";")[0] ?? "";
}

/** Browsers ask for compressed pages; the server compresses, and that cost belongs in the figure. */
const headersFor = (cookie: string) => ({ cookie, "accept-encoding": "gzip" });

export interface Probe {
  status: number;
  /** One request alone, before any load. */
  ms: number;
  /** Set when tRPC says the procedure does not exist on this router. */
  absentProcedure: boolean;
  note: string;
}

export async function probe(url: string, cookie: string): Promise<Probe> {
  const start = performance.now();
  const res = await fetch(url, { headers: { cookie }, redirect: "manual" });
  const body = await res.text();
  const ms = performance.now() - start;
  const absentProcedure = res.status === 404 && url.includes("/api/trpc/") && /No procedure found/i.test(body);
  const location = res.headers.get("location");
  const trpcMessage = /"message":"([^"]{0,160})/.exec(body)?.[1];
  const note = location ? `→ ${location}` : trpcMessage ? trpcMessage : "";
  return { status: res.status, ms, absentProcedure, note };
}

export interface Measured {
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statuses: Map<number, number>;
}

/** Responses that count as errors: connection errors (autocannon counts timeouts among them) and non-2xx. */
export const failures = (m: Measured) => m.errors + m.non2xx;

export const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? Number.NaN : (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN);

/**
 * One autocannon run. Latencies are taken from each response (autocannon's own summary has p97.5
 * but no p95), so the percentiles are exact over every response of the run.
 */
export function load(url: string, cookie: string, seconds: number, connections: number): Promise<Measured> {
  return new Promise((resolve, reject) => {
    if (stopped) return reject(new Interrupted("interrupted"));
    const latencies: number[] = [];
    const statuses = new Map<number, number>();
    const instance = autocannon({ url, connections, duration: seconds, headers: headersFor(cookie), timeout: 10 }, (error, result) => {
      runningLoads.delete(instance);
      if (error) return reject(error);
      if (stopped) return reject(new Interrupted("interrupted"));
      latencies.sort((a, b) => a - b);
      resolve({
        requests: latencies.length,
        rps: latencies.length / (result.duration || seconds),
        p50: percentile(latencies, 50),
        p95: percentile(latencies, 95),
        p99: percentile(latencies, 99),
        non2xx: result.non2xx,
        errors: result.errors,
        timeouts: result.timeouts,
        statuses,
      });
    });
    runningLoads.add(instance);
    instance.on("response", (_client: unknown, status: number, _bytes: number, responseMs: number) => {
      latencies.push(responseMs);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    });
  });
}

/** Builds the web app (quiet unless it fails), or reuses apps/web/build when BENCH_SKIP_BUILD=1. */
export function buildWebApp(): void {
  if (process.env.BENCH_SKIP_BUILD === "1" && existsSync(path.join(webDir, "build/server/index.js"))) {
    log("build: reusing apps/web/build");
    return;
  }
  log("build: pnpm --filter @missionboard/web build …");
  const start = performance.now();
  try {
    // Quiet unless it fails (Rollup's warnings about zod's comments are noise here).
    execFileSync("pnpm", ["--filter", "@missionboard/web", "build"], { cwd: workspaceRoot, stdio: "pipe", maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
    console.error(`${stdout?.toString() ?? ""}${stderr?.toString() ?? ""}`);
    throw new Error("the web build failed (output above)");
  }
  log(`  built in ${f1((performance.now() - start) / 1000)} s`);
}
