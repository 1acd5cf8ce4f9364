import { getEnv } from "./env.server";

export type LogFields = Record<string, string | number | boolean | null | undefined>;

// Errors reach the log from places that never meant to log personal data: drizzle's failed-query
// error puts every query parameter (emails, password hashes, chat text) in its message and stack.
// Everything written here is scrubbed on the way out, so no caller has to remember.
const QUERY_PARAMS = /\nparams: [\s\S]*$/;
const EMAIL = /[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+/g;
const PASSWORD_HASH = /\$argon2\w*\$[^\s"']+/g;

/** Removes query parameters, email addresses and password hashes from a text bound for the log. */
export function scrubLogText(text: string): string {
  return text.replace(QUERY_PARAMS, "\nparams: [not logged]").replace(PASSWORD_HASH, "[password hash]").replace(EMAIL, "[email]");
}

const scrubFields = (fields: LogFields): LogFields =>
  Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, typeof value === "string" ? scrubLogText(value) : value]));

export interface LoggedError {
  error: string;
  message: string;
  code?: string;
  stack?: string;
  cause?: LoggedError;
}

/**
 * What the log keeps of an error: name, code, scrubbed message, stack frames and (two levels of)
 * cause. Never its other properties: drizzle's `params`, a driver's `detail` ("Key (email)=(…)")
 * or `parameters` would carry the data the query was about.
 */
export function describeError(error: unknown, depth = 0): LoggedError {
  const err = error instanceof Error ? error : new Error(String(error));
  const message = scrubLogText(err.message);
  const code = (err as { code?: unknown }).code;
  const frames = (err.stack ?? "").split("\n").filter((line) => /^\s+at /.test(line));
  const cause = (err as { cause?: unknown }).cause;
  return {
    error: err.name,
    message,
    ...(typeof code === "string" || typeof code === "number" ? { code: String(code) } : {}),
    ...(frames.length ? { stack: [`${err.name}: ${message}`, ...frames].join("\n") } : {}),
    ...(cause !== undefined && cause !== null && depth < 2 ? { cause: describeError(cause, depth + 1) } : {}),
  };
}

/**
 * One JSON object per line on stdout. Callers pass ids, paths, counts and codes only: never
 * emails, names, tokens or request bodies (and string values are scrubbed anyway).
 */
export function log(fields: LogFields): void {
  if (getEnv().LOG_LEVEL === "silent") return;
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level: "info", ...scrubFields(fields) })}\n`);
}

export function logError(error: unknown, fields: LogFields = {}): void {
  if (getEnv().LOG_LEVEL === "silent") return;
  process.stderr.write(
    `${JSON.stringify({ time: new Date().toISOString(), level: "error", ...scrubFields(fields), ...describeError(error) })}\n`,
  );
}
