// Builds the app, seeds a fresh SQLite database with the demo data and serves the production
// build on a free port for the browser tests.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createWriteStream, mkdirSync, mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { seedDemo } from "@missionboard/api/seed";
import { openStore } from "@missionboard/db";
import type { TestProject } from "vitest/node";
import { startFakeProvider } from "../fakes/oidc-provider";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    databaseUrl: string;
    /** Base URLs of the fake Google / Microsoft providers (steer them with controlFake). */
    fakeGoogleUrl: string;
    fakeMicrosoftUrl: string;
  }
}

const webDir = path.resolve(import.meta.dirname, "../..");

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });

async function waitForHealth(url: string, child: ChildProcess, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}; see test-results/e2e-server.log`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the server did not become healthy within ${timeoutMs} ms`);
}

export default async function setup(project: TestProject) {
  execFileSync("pnpm", ["build"], { cwd: webDir, stdio: "inherit" });

  const dir = mkdtempSync(path.join(tmpdir(), "mb-e2e-"));
  const databaseUrl = `file:${path.join(dir, "e2e.db")}`;
  const store = openStore(databaseUrl);
  await store.migrate();
  await seedDemo(store);
  await store.close();

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  // Local fake identity providers speaking real OAuth 2.0 / OIDC (tests/fakes/oidc-provider.ts).
  const google = await startFakeProvider("google", { redirectUris: [`${baseUrl}/auth/google/callback`] });
  const microsoft = await startFakeProvider("microsoft", { redirectUris: [`${baseUrl}/auth/microsoft/callback`], tenant: "common" });
  const oauthEnv = {
    APP_URL: baseUrl,
    GOOGLE_CLIENT_ID: google.clientId,
    GOOGLE_CLIENT_SECRET: google.clientSecret,
    GOOGLE_ACCOUNTS_URL: google.url,
    GOOGLE_OAUTH2_URL: google.url,
    GOOGLE_APIS_URL: google.url,
    MICROSOFT_CLIENT_ID: microsoft.clientId,
    MICROSOFT_CLIENT_SECRET: microsoft.clientSecret,
    MICROSOFT_TENANT_ID: microsoft.tenant,
    MICROSOFT_LOGIN_URL: microsoft.url,
    MICROSOFT_GRAPH_URL: microsoft.url,
  };
  mkdirSync(path.join(webDir, "test-results"), { recursive: true });
  const logFile = createWriteStream(path.join(webDir, "test-results/e2e-server.log"));
  const child = spawn(process.execPath, ["server.mjs"], {
    cwd: webDir,
    env: { ...process.env, ...oauthEnv, NODE_ENV: "production", DATABASE_URL: databaseUrl, PORT: String(port), HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.pipe(logFile);
  child.stderr?.pipe(logFile);
  await waitForHealth(baseUrl, child);

  project.provide("baseUrl", baseUrl);
  project.provide("databaseUrl", databaseUrl);
  project.provide("fakeGoogleUrl", google.url);
  project.provide("fakeMicrosoftUrl", microsoft.url);

  return async () => {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    await Promise.all([google.close(), microsoft.close()]);
  };
}
