import { existsSync, readFileSync } from "node:fs";
import { DEMO_PASSWORD } from "@missionboard/api/seed";
import { describe, expect, it } from "vitest";
import { freshSqliteUrl, runServerUntilExit, seededDemoDatabase, startAppServer } from "./app-server";
import { sessionCookieFor } from "./http-helpers";

const childrenOf = (pid: number): number[] =>
  readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);

/** CPU clock ticks (user + system) a process has used. */
const cpuTicks = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return Number(fields[11]) + Number(fields[12]);
};

async function until(check: () => boolean, what: string, ms = 20_000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("WEB_CONCURRENCY", () => {
  it("serves from two processes that share sessions, replaces a worker that dies, and stops cleanly", async () => {
    const server = await startAppServer("workers", await seededDemoDatabase("workers"), { WEB_CONCURRENCY: "2" });
    try {
      // The second worker starts once the first listens (it applied the migrations): wait for both.
      await until(() => readFileSync(server.logPath, "utf8").includes('"msg":"workers ready"'), "two workers listening");
      const workers = childrenOf(server.pid);
      const before = workers.map(cpuTicks);
      // Signed in through one worker, the session works on both: new connections take turns.
      const cookie = await sessionCookieFor("student@demo.test", DEMO_PASSWORD, server.baseUrl);
      for (let i = 0; i < 30; i++) {
        const res = await fetch(`${server.baseUrl}/catalog`, { headers: { cookie, connection: "close" } });
        expect(res.status).toBe(200);
        expect(await res.text()).toContain("Sign out");
      }
      expect(workers.map((pid, i) => cpuTicks(pid) > (before[i] ?? 0))).toEqual([true, true]); // both answered

      const [victim] = workers;
      process.kill(victim as number, "SIGKILL");
      await until(() => {
        const now = childrenOf(server.pid);
        return now.length === 2 && !now.includes(victim as number);
      }, "a replacement worker");
      await until(
        () =>
          readFileSync(server.logPath, "utf8")
            .split("\n")
            .filter((l) => l.includes('"msg":"listening"')).length === 3,
        "it listens",
      );
      expect((await fetch(`${server.baseUrl}/catalog`, { headers: { cookie } })).status).toBe(200);
      // The replacement did not start another set of workers.
      await new Promise((r) => setTimeout(r, 1500));
      expect(childrenOf(server.pid)).toHaveLength(2);

      const last = childrenOf(server.pid);
      const code = await server.stop();
      expect(
        code,
        readFileSync(server.logPath, "utf8")
          .split("\n")
          .filter((l) => !l.includes('"msg":"request"'))
          .join("\n"),
      ).toBe(0);
      for (const pid of last) expect(existsSync(`/proc/${pid}`), `worker ${pid} gone`).toBe(false);
      const log = readFileSync(server.logPath, "utf8");
      expect(log).toMatch(/"msg":"workers ready","workers":2/);
      expect(log).toMatch(/"msg":"worker stopped; starting another","code":null,"signal":"SIGKILL"/);
    } finally {
      await server.stop();
    }
  });

  it("refuses a value that is not a number of processes, naming the variable", async () => {
    const { code, output } = await runServerUntilExit({
      WEB_CONCURRENCY: "lots",
      SESSION_SECRET: "x".repeat(64),
      DATABASE_URL: freshSqliteUrl("workers-bad"),
    });
    expect(code).toBe(1);
    expect(output).toMatch(/WEB_CONCURRENCY must be a whole number from 1 to 64, or auto \(one per core\); it is: lots/);
  });

  it("stops with the worker's error when a worker cannot start, rather than starting it again and again", async () => {
    const { code, output } = await runServerUntilExit({ WEB_CONCURRENCY: "2", DATABASE_URL: freshSqliteUrl("workers-secret") });
    expect(code).toBe(1);
    expect(output).toMatch(/SESSION_SECRET/);
    expect(output).not.toMatch(/starting another/);
  });
});
