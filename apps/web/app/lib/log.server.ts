import { getEnv } from "./env.server";

export type LogFields = Record<string, string | number | boolean | null | undefined>;

/**
 * One JSON object per line on stdout. Callers pass ids, paths, counts and codes only: never
 * emails, names, tokens or request bodies.
 */
export function log(fields: LogFields): void {
  if (getEnv().LOG_LEVEL === "silent") return;
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level: "info", ...fields })}\n`);
}

export function logError(error: unknown, fields: LogFields = {}): void {
  if (getEnv().LOG_LEVEL === "silent") return;
  const err = error instanceof Error ? error : new Error(String(error));
  process.stderr.write(
    `${JSON.stringify({ time: new Date().toISOString(), level: "error", ...fields, error: err.name, message: err.message, stack: err.stack })}\n`,
  );
}
