import { loadDotEnv } from "@missionboard/db";
import { z } from "zod";

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  SESSION_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  TRUST_PROXY: z.enum(["true", "false"]).default("false"),
  LOG_LEVEL: z.enum(["info", "silent"]).default("info"),
});
export type Env = z.infer<typeof EnvSchema> & { SESSION_SECRET: string; warnings: string[] };

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
  cached = { ...env, SESSION_SECRET: env.SESSION_SECRET ?? DEV_SESSION_SECRET, warnings };
  return cached;
}
