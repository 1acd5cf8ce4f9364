import { randomBytes } from "node:crypto";
import { DEV_CREDENTIAL_KEY_SECRET } from "@missionboard/api";
import { describe, expect, it, vi } from "vitest";
import { parseEnv } from "./env.server";

const strong = () => randomBytes(32).toString("hex");
const problemsOf = (source: Record<string, string | undefined>): string => {
  try {
    parseEnv(source);
    return "";
  } catch (error) {
    return (error as Error).message;
  }
};

describe("environment validation", () => {
  it("starts from nothing at all in development, warning about the missing secrets", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ NODE_ENV: "development", PORT: 3000, SESSION_IDLE_MINUTES: 60, APP_URL: "http://localhost:3000" });
    expect(env.warnings).toEqual([
      expect.stringMatching(/^SESSION_SECRET is not set/),
      expect.stringMatching(/^CREDENTIAL_KEY_SECRET is not set/),
    ]);
    expect(env.CREDENTIAL_KEY_SECRET).toBe(DEV_CREDENTIAL_KEY_SECRET);
  });

  it.each([
    [{ PORT: "http" }, /^ {2}PORT: /m],
    [{ PORT: "70000" }, /^ {2}PORT: /m],
    [{ LOG_LEVEL: "loud" }, /^ {2}LOG_LEVEL: /m],
    [{ APP_URL: "missionboard.example.org" }, /^ {2}APP_URL: must be an absolute URL/m],
    [{ REGISTRATION_MODE: "sometimes" }, /^ {2}REGISTRATION_MODE: /m],
    [{ AUTH_PROVIDERS: "local,github" }, /^ {2}AUTH_PROVIDERS: unknown provider\(s\): github/m],
    [{ SMTP_URL: "mail.example.org" }, /^ {2}SMTP_URL: must start with smtp:\/\//m],
    [{ DIGEST_HOUR_UTC: "24" }, /^ {2}DIGEST_HOUR_UTC: must be 0–23/m],
    [{ UPLOAD_MAX_MB: "0" }, /^ {2}UPLOAD_MAX_MB: must be at least 1/m],
    [{ OPENWEBUI_URL: "chat" }, /^ {2}OPENWEBUI_URL: must be the OpenWebUI server's base URL/m],
    [{ OPENWEBUI_TIMEOUT_MS: "5" }, /^ {2}OPENWEBUI_TIMEOUT_MS: must be at least 1000/m],
    [{ SESSION_IDLE_MINUTES: "1" }, /^ {2}SESSION_IDLE_MINUTES: must be at least 5/m],
    [{ SESSION_IDLE_MINUTES: "ten" }, /^ {2}SESSION_IDLE_MINUTES: /m],
    [{ SESSION_SECRET: "short" }, /^ {2}SESSION_SECRET: must be at least 16 characters/m],
  ])("names the bad variable: %j", (source, message) => {
    expect(problemsOf(source)).toMatch(/^Invalid environment:\n/);
    expect(problemsOf(source)).toMatch(message);
  });

  it("lists every bad variable at once", () => {
    const message = problemsOf({ PORT: "x", LOG_LEVEL: "loud" });
    expect(message).toMatch(/PORT: /);
    expect(message).toMatch(/LOG_LEVEL: /);
  });

  it("reads SESSION_IDLE_MINUTES", () => {
    expect(parseEnv({ SESSION_IDLE_MINUTES: "15" }).SESSION_IDLE_MINUTES).toBe(15);
  });
});

describe("production secrets", () => {
  const production = (extra: Record<string, string>) => ({ NODE_ENV: "production", ...extra });

  it("refuses to start without SESSION_SECRET, naming it (an empty value is no value)", () => {
    expect(problemsOf(production({}))).toMatch(/^ {2}SESSION_SECRET: is required in production/m);
    expect(problemsOf(production({ SESSION_SECRET: "  " }))).toMatch(/^ {2}SESSION_SECRET: is required in production/m);
  });

  it.each([
    ["the built-in development value", "missionboard-development-secret-not-for-production", /published example value/],
    [".env.example's placeholder", "change-me-to-a-long-random-string", /published example value/],
    ["a short value", "sixteen-chars-ok", /at least 32 characters/],
    ["a repeated word", "secret".repeat(8), /repeated/],
  ])("refuses %s as SESSION_SECRET", (_name, value, message) => {
    const problems = problemsOf(production({ SESSION_SECRET: value }));
    expect(problems).toMatch(/^ {2}SESSION_SECRET: /m);
    expect(problems).toMatch(message);
    // The message names the variable, never the value.
    expect(problems).not.toContain(value);
  });

  it("refuses a weak EXPORT_SECRET, naming it", () => {
    expect(problemsOf(production({ SESSION_SECRET: strong(), EXPORT_SECRET: "x".repeat(40) }))).toMatch(/^ {2}EXPORT_SECRET: /m);
  });

  it("starts with a strong secret, without a warning; EXPORT_SECRET defaults to it", () => {
    const secret = strong();
    const env = parseEnv(production({ SESSION_SECRET: secret, CREDENTIAL_KEY_SECRET: strong() }));
    expect(env.warnings).toEqual([]);
    expect(env.SESSION_SECRET).toBe(secret);
    expect(env.EXPORT_SECRET).toBe(secret);
  });

  it("refuses a weak CREDENTIAL_KEY_SECRET; without one it starts but issuing is refused (null), with a warning", () => {
    const problems = problemsOf(production({ SESSION_SECRET: strong(), CREDENTIAL_KEY_SECRET: DEV_CREDENTIAL_KEY_SECRET }));
    expect(problems).toMatch(/^ {2}CREDENTIAL_KEY_SECRET: /m);
    expect(problems).not.toContain(DEV_CREDENTIAL_KEY_SECRET);
    const env = parseEnv(production({ SESSION_SECRET: strong() }));
    expect(env.CREDENTIAL_KEY_SECRET).toBeNull();
    expect(env.warnings).toEqual([expect.stringMatching(/^CREDENTIAL_KEY_SECRET is not set: Open Badges credentials cannot be issued/)]);
  });

  it("keeps the development default outside production only", () => {
    expect(parseEnv({ NODE_ENV: "test" }).SESSION_SECRET).toBe("missionboard-development-secret-not-for-production");
    expect(problemsOf(production({}))).not.toBe("");
  });
});

describe("getEnv's warnings (issue 11 #14)", () => {
  it("writes the missing-secret warning the first time the settings are read, as under `pnpm dev`", async () => {
    vi.resetModules();
    vi.stubEnv("SESSION_SECRET", "");
    vi.stubEnv("NODE_ENV", "development");
    vi.stubEnv("LOG_LEVEL", "info");
    const written: string[] = [];
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    try {
      const { getEnv } = await import("./env.server");
      getEnv();
      getEnv();
    } finally {
      spy.mockRestore();
      vi.unstubAllEnvs();
    }
    const warnings = written.filter((line) => line.includes("SESSION_SECRET is not set"));
    expect(warnings).toHaveLength(1);
    expect(JSON.parse(warnings[0] ?? "{}")).toMatchObject({ level: "warn", msg: "warning" });
  });
});
