// Issue 11 #14 and #15: `npm run demo` starts and stops cleanly, and the README tells the truth
// about what the running app reports. Ctrl-C used to reach pnpm, which printed ELIFECYCLE and a
// recursive-run failure; demo.sh now ends in `start_app` (scripts/lib.sh), which execs node.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { freePort, freshSqliteUrl, startAppServer, webDir } from "./app-server";

const root = path.resolve(webDir, "../..");

async function waitForHealth(url: string, exited: () => boolean) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (exited()) throw new Error("the demo server exited before it was healthy");
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("the demo server did not become healthy");
}

describe("npm run demo's server", () => {
  it("ends demo.sh without pnpm between the terminal and node", () => {
    const demo = readFileSync(path.join(root, "scripts/demo.sh"), "utf8").trim().split("\n");
    expect(demo.at(-1)).toBe("start_app");
    expect(demo.join("\n")).not.toMatch(/pnpm start/);
  });

  it("stops on Ctrl-C (SIGINT to the whole process group) with exit code 0 and nothing on stderr", async () => {
    const port = await freePort();
    const { SESSION_SECRET: _s, ...base } = process.env;
    const env: NodeJS.ProcessEnv = {
      ...base,
      SESSION_SECRET: randomBytes(32).toString("hex"),
      DATABASE_URL: freshSqliteUrl("demo-stop"),
      PORT: String(port),
      HOST: "127.0.0.1",
      // start_app defaults it to production, as npm run demo runs it.
      NODE_ENV: "production",
    };
    const child = spawn("bash", ["-c", "source scripts/lib.sh && start_app"], {
      cwd: root,
      // Its own process group, as a terminal's foreground job: the signal goes to every process in it.
      detached: true,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr?.on("data", (chunk) => {
      stderr += chunk;
    });
    const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once("exit", (code, signal) => resolve({ code, signal })),
    );
    try {
      await waitForHealth(`http://127.0.0.1:${port}`, () => child.exitCode !== null);
      expect(stdout).toMatch(/"msg":"listening"/);
      process.kill(-(child.pid as number), "SIGINT");
      const { code, signal } = await exit;
      expect({ code, signal }).toEqual({ code: 0, signal: null });
      expect(stderr).toBe("");
      expect(stdout).not.toMatch(/ELIFECYCLE|ERR_PNPM|"level":"error"/);
    } finally {
      if (child.exitCode === null) process.kill(-(child.pid as number), "SIGKILL");
    }
  });
});

describe("the README", () => {
  it("shows the /healthz answer the app gives now (its migration counts included)", async () => {
    const readme = readFileSync(path.join(root, "README.md"), "utf8");
    const example = readme.match(/`GET \/healthz` → `200 (\{.*?\})`/)?.[1];
    expect(example).toBeDefined();
    const server = await startAppServer("readme-healthz", freshSqliteUrl("readme-healthz"));
    try {
      const actual = await (await fetch(`${server.baseUrl}/healthz`)).json();
      expect(JSON.parse(example ?? "{}")).toEqual(actual);
    } finally {
      await server.stop();
    }
  });

  it("says where the missing-SESSION_SECRET warning appears, in the words the app logs", () => {
    const readme = readFileSync(path.join(root, "README.md"), "utf8");
    expect(readme).toMatch(/SESSION_SECRET is not set/);
  });
});
