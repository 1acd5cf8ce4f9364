import { SIGN_IN_METHODS, type SignInMethod } from "@missionboard/api";
import { REGISTRATION_MODES } from "@missionboard/core";
import { loadDotEnv } from "@missionboard/db";
import { z } from "zod";

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  SESSION_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  TRUST_PROXY: z.enum(["true", "false"]).default("false"),
  LOG_LEVEL: z.enum(["info", "silent"]).default("info"),
  /** Absolute URL people reach the app at; used in emailed links and OAuth redirect URIs. */
  APP_URL: z.url({ message: "must be an absolute URL such as https://missionboard.example.org" }).optional(),
  REGISTRATION_MODE: z.enum(REGISTRATION_MODES).default("open"),
  ADMIN_EMAILS: z
    .string()
    .default("")
    .transform((v) =>
      v
        .split(",")
        .map((e) => e.trim().toLowerCase())
        .filter(Boolean),
    ),
  AUTH_PROVIDERS: z
    .string()
    .default("local,google,microsoft")
    .transform((v, ctx) => {
      const names = v
        .split(",")
        .map((p) => p.trim().toLowerCase())
        .filter(Boolean);
      const unknown = names.filter((n) => !(SIGN_IN_METHODS as readonly string[]).includes(n));
      if (unknown.length)
        ctx.addIssue({ code: "custom", message: `unknown provider(s): ${unknown.join(", ")} (use local, google, microsoft)` });
      return names as SignInMethod[];
    }),
  /** smtp://user:pass@host:587 or smtps://…; without it mail stays in the outbox (/admin/outbox). */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "must start with smtp:// or smtps://")
    .optional(),
  MAIL_FROM: z.string().default("Missionboard <no-reply@missionboard.local>"),
  GOOGLE_CLIENT_ID: z.string().optional(),
  GOOGLE_CLIENT_SECRET: z.string().optional(),
  MICROSOFT_CLIENT_ID: z.string().optional(),
  MICROSOFT_CLIENT_SECRET: z.string().optional(),
  /** Entra tenant: a tenant id, or "common" / "organizations" / "consumers". */
  MICROSOFT_TENANT_ID: z.string().default("common"),
  /** Provider endpoints, overridable so tests can run local fake identity providers. */
  GOOGLE_ACCOUNTS_URL: z.url().default("https://accounts.google.com"),
  GOOGLE_OAUTH2_URL: z.url().default("https://oauth2.googleapis.com"),
  GOOGLE_APIS_URL: z.url().default("https://www.googleapis.com"),
  MICROSOFT_LOGIN_URL: z.url().default("https://login.microsoftonline.com"),
  MICROSOFT_GRAPH_URL: z.url().default("https://graph.microsoft.com"),
  /** Key of the pseudonyms in redacted exports; defaults to SESSION_SECRET. */
  EXPORT_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  /** UTC hour (0–23) from which the staff's daily digest of the approval queue is sent. */
  DIGEST_HOUR_UTC: z.coerce.number().int("must be a whole hour").min(0, "must be 0–23").max(23, "must be 0–23").default(8),
  /** Largest OpenWebUI export upload accepted on /admin/data, in MB (streamed to a temp file). */
  UPLOAD_MAX_MB: z.coerce.number().int("must be a whole number of MB").min(1, "must be at least 1").default(1024),
  /** A truncate reload refuses (and removes nothing) when more than this % of a file's records is skipped. */
  TRUNCATE_MAX_SKIPPED_PERCENT: z.coerce.number().min(0, "must be 0–100").max(100, "must be 0–100").default(10),
  /** OpenWebUI base URL and an admin's API key: the live data source of reloads (both needed). */
  OPENWEBUI_URL: z.url({ message: "must be the OpenWebUI server's base URL, such as https://chat.example.org" }).optional(),
  OPENWEBUI_API_KEY: z.string().trim().min(1, "must not be empty when set").optional(),
  /** Minutes between scheduled reloads from OpenWebUI; 0 turns them off. */
  OPENWEBUI_REFRESH_MINUTES: z.coerce.number().int("must be a whole number of minutes").min(0, "must be 0 or more").default(0),
  /** Per-request timeout of OpenWebUI calls (and the longest silence while an export streams). */
  OPENWEBUI_TIMEOUT_MS: z.coerce.number().int("must be whole milliseconds").min(1000, "must be at least 1000").default(30_000),
});
export type Env = z.infer<typeof EnvSchema> & { SESSION_SECRET: string; EXPORT_SECRET: string; APP_URL: string; warnings: string[] };

// The session token is 256 random bits and the database keeps only its hash, so the cookie
// signature is defence in depth: without a configured secret the app still starts (with a
// warning in production) rather than refusing to run from a fresh clone.
const DEV_SESSION_SECRET = "missionboard-development-secret-not-for-production";

let cached: Env | undefined;

/** Validated once; a missing or malformed variable stops start-up with a message naming it. */
export function getEnv(): Env {
  if (cached) return cached;
  loadDotEnv();
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment:\n${problems}`);
  }
  const env = parsed.data;
  const warnings =
    !env.SESSION_SECRET && env.NODE_ENV === "production"
      ? ["SESSION_SECRET is not set: using the built-in development secret. Set it before exposing this server."]
      : [];
  cached = {
    ...env,
    SESSION_SECRET: env.SESSION_SECRET ?? DEV_SESSION_SECRET,
    EXPORT_SECRET: env.EXPORT_SECRET ?? env.SESSION_SECRET ?? DEV_SESSION_SECRET,
    APP_URL: (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ""),
    warnings,
  };
  return cached;
}

/** The sign-in methods to offer: those AUTH_PROVIDERS lists whose credentials are configured. */
export function enabledSignInMethods(env: Env): SignInMethod[] {
  return env.AUTH_PROVIDERS.filter(
    (method) =>
      method === "local" ||
      (method === "google" && env.GOOGLE_CLIENT_ID && env.GOOGLE_CLIENT_SECRET) ||
      (method === "microsoft" && env.MICROSOFT_CLIENT_ID && env.MICROSOFT_CLIENT_SECRET),
  );
}
