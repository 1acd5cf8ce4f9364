import { DEV_CREDENTIAL_KEY_SECRET, SIGN_IN_METHODS, type SignInMethod } from "@missionboard/api";
import { PUBLIC_SECRETS, REGISTRATION_MODES, SESSION_RULES, secretWeakness } from "@missionboard/core";
import { loadDotEnv } from "@missionboard/db";
import { z } from "zod";

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  /** Signs the session cookie; required and strong in production (see checkSecrets). */
  SESSION_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  /** Minutes without a request after which a session ends. */
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int("must be a whole number of minutes")
    .min(SESSION_RULES.minIdleMinutes, `must be at least ${SESSION_RULES.minIdleMinutes}`)
    .max(SESSION_RULES.maxIdleMinutes, `must be at most ${SESSION_RULES.maxIdleMinutes} (30 days)`)
    .default(SESSION_RULES.defaultIdleMinutes),
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
  /**
   * Encrypts the Open Badges signing key in the database (ADR 030). Production without it starts
   * but refuses to issue credentials; a weak one stops start-up. Development uses a built-in value.
   */
  CREDENTIAL_KEY_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  /** The issuer's name and logo URL in every credential and at /issuer. */
  ISSUER_NAME: z.string().trim().min(1).max(200).default("Missionboard"),
  ISSUER_IMAGE_URL: z.url({ message: "must be an absolute URL of the issuer's logo" }).optional(),
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
export type Env = Omit<z.infer<typeof EnvSchema>, "CREDENTIAL_KEY_SECRET"> & {
  SESSION_SECRET: string;
  EXPORT_SECRET: string;
  APP_URL: string;
  /** Null: production without CREDENTIAL_KEY_SECRET, where issuing credentials is refused. */
  CREDENTIAL_KEY_SECRET: string | null;
  warnings: string[];
};

// The built-in secret lets a fresh clone run in development without any setup. It is public, so
// production refuses it (and any other weak secret): see checkSecrets.
const DEV_SESSION_SECRET = PUBLIC_SECRETS[0] ?? "missionboard-development-secret-not-for-production";

type Source = Record<string, string | undefined>;

/** `NAME=` (empty, or only spaces) means unset, as in most tools: the default applies. */
const withoutEmptyValues = (source: Source): Source =>
  Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value.trim() !== ""));

/**
 * In production both secrets must be set (EXPORT_SECRET may be left to default to SESSION_SECRET)
 * and strong (core secretWeakness): the built-in development value is public, and anyone who
 * knows the key can forge session cookies' signatures and link export pseudonyms to user ids.
 */
function checkSecrets(env: z.infer<typeof EnvSchema>): string[] {
  if (env.NODE_ENV !== "production") return [];
  const problems: string[] = [];
  if (!env.SESSION_SECRET) problems.push("SESSION_SECRET: is required in production (generate one with openssl rand -hex 32)");
  else {
    const weakness = secretWeakness(env.SESSION_SECRET);
    if (weakness) problems.push(`SESSION_SECRET: ${weakness}`);
  }
  const exportWeakness = env.EXPORT_SECRET ? secretWeakness(env.EXPORT_SECRET) : null;
  if (exportWeakness) problems.push(`EXPORT_SECRET: ${exportWeakness}`);
  const credentialWeakness = env.CREDENTIAL_KEY_SECRET ? secretWeakness(env.CREDENTIAL_KEY_SECRET) : null;
  if (credentialWeakness) problems.push(`CREDENTIAL_KEY_SECRET: ${credentialWeakness}`);
  return problems;
}

/**
 * Reads and checks the settings from `source`; throws one error naming every bad variable.
 * Pure apart from its argument, so the rules are tested without touching process.env.
 */
export function parseEnv(source: Source): Env {
  const parsed = EnvSchema.safeParse(withoutEmptyValues(source));
  const problems = parsed.success ? checkSecrets(parsed.data) : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  if (!parsed.success || problems.length) throw new Error(`Invalid environment:\n${problems.map((p) => `  ${p}`).join("\n")}`);
  const env = parsed.data;
  const warnings = env.SESSION_SECRET
    ? []
    : ["SESSION_SECRET is not set: using the built-in development secret, which production refuses. Set it before exposing this server."];
  const production = env.NODE_ENV === "production";
  if (!env.CREDENTIAL_KEY_SECRET)
    warnings.push(
      production
        ? "CREDENTIAL_KEY_SECRET is not set: Open Badges credentials cannot be issued until it is (generate one with openssl rand -hex 32)."
        : "CREDENTIAL_KEY_SECRET is not set: the credential signing key is encrypted with the built-in development secret, which production refuses.",
    );
  return {
    ...env,
    SESSION_SECRET: env.SESSION_SECRET ?? DEV_SESSION_SECRET,
    EXPORT_SECRET: env.EXPORT_SECRET ?? env.SESSION_SECRET ?? DEV_SESSION_SECRET,
    CREDENTIAL_KEY_SECRET: env.CREDENTIAL_KEY_SECRET ?? (production ? null : DEV_CREDENTIAL_KEY_SECRET),
    APP_URL: (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ""),
    warnings,
  };
}

let cached: Env | undefined;

/**
 * Validated once; a missing or malformed variable stops start-up with a message naming it. The
 * warnings (a missing SESSION_SECRET in development) are written here, once per process, so they
 * appear under `pnpm dev` too, which never runs server.mjs's start-up (issue 11 #14).
 */
export function getEnv(): Env {
  if (cached) return cached;
  loadDotEnv();
  cached = parseEnv(process.env);
  // Not under test runners (NODE_ENV=test), whose output checks would read it as their own.
  if (cached.NODE_ENV === "development" && cached.LOG_LEVEL !== "silent") {
    for (const warning of cached.warnings) {
      process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level: "warn", msg: "warning", warning })}\n`);
    }
  }
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
