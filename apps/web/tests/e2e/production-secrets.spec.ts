// Issue 10 §9: with NODE_ENV=production the server used to start on the built-in, public
// SESSION_SECRET. It must refuse to start, naming the variable, and start with a strong one.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { secretWeakness } from "@missionboard/core";
import { describe, expect, it } from "vitest";
import { freshSqliteUrl, runServerUntilExit, startAppServer, webDir } from "./app-server";

describe("production secrets", () => {
  it("refuses to start without SESSION_SECRET, naming it", async () => {
    // Empty means unset, and it keeps a repository .env (npm run demo writes one) from supplying it.
    const { code, output } = await runServerUntilExit({ SESSION_SECRET: "" });
    expect(code).not.toBe(0);
    expect(output).toMatch(/SESSION_SECRET: is required in production/);
    expect(output).not.toMatch(/"msg":"listening"/);
  });

  it.each([
    ["the built-in development value", "missionboard-development-secret-not-for-production"],
    [".env.example's placeholder", "change-me-to-a-long-random-string"],
  ])("refuses %s, without printing it", async (_name, secret) => {
    const { code, output } = await runServerUntilExit({ SESSION_SECRET: secret });
    expect(code).not.toBe(0);
    expect(output).toMatch(/SESSION_SECRET: is a published example value/);
    expect(output).not.toContain(secret);
  });

  it("starts with a strong secret (as every other browser test does)", async () => {
    const server = await startAppServer("secrets-ok", freshSqliteUrl("secrets-ok"));
    try {
      expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
    } finally {
      await server.stop();
    }
  });
});

describe("npm run demo's secret", () => {
  /** A scratch checkout with scripts/lib.sh, where ensure_session_secret runs as demo.sh runs it. */
  function scratch(dotEnv?: string) {
    const root = mkdtempSync(path.join(tmpdir(), "mb-demo-"));
    mkdirSync(path.join(root, "scripts"));
    copyFileSync(path.resolve(webDir, "../../scripts/lib.sh"), path.join(root, "scripts/lib.sh"));
    if (dotEnv !== undefined) writeFileSync(path.join(root, ".env"), dotEnv);
    const { SESSION_SECRET: _inherited, ...env } = process.env;
    const run = () => execFileSync("bash", ["-c", "source scripts/lib.sh && ensure_session_secret"], { cwd: root, env, encoding: "utf8" });
    const read = () => readFileSync(path.join(root, ".env"), "utf8");
    return { run, read };
  }

  it("writes a strong random one into .env on the first run and keeps it afterwards", () => {
    const demo = scratch("PORT=3000");
    demo.run();
    const first = demo.read();
    const secret = /^SESSION_SECRET=([0-9a-f]{64})$/m.exec(first)?.[1] ?? "";
    expect(secret).not.toBe("");
    expect(secretWeakness(secret)).toBeNull();
    expect(first).toMatch(/^PORT=3000\n/);
    demo.run();
    expect(demo.read()).toBe(first);
    expect(scratch().run()).toMatch(/Wrote a random SESSION_SECRET/);
  });

  it("never replaces a secret already in .env", () => {
    const demo = scratch("SESSION_SECRET=mine-and-only-mine-0123456789abcdef\n");
    demo.run();
    expect(demo.read()).toBe("SESSION_SECRET=mine-and-only-mine-0123456789abcdef\n");
  });
});
