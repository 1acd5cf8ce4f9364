import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

// Resolved through the package, not import.meta.url, because Vite bundles this file into
// apps/web/build/server where a relative path would point somewhere else.
const packageDir = path.dirname(createRequire(import.meta.url).resolve("@missionboard/db/package.json"));

/** The repository root: relative paths in DATABASE_URL and friends are read against it. */
export const workspaceRoot = path.resolve(packageDir, "../..");

export const migrationsDir = (engine: "sqlite" | "postgres") => path.join(workspaceRoot, "drizzle", engine === "sqlite" ? "sqlite" : "pg");

/** Loads `<root>/.env` when it exists; the app must also start without one. Real env wins. */
export function loadDotEnv(): void {
  const file = path.join(workspaceRoot, ".env");
  if (existsSync(file)) process.loadEnvFile(file);
}
