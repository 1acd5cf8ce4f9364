import type { AppSettings } from "@missionboard/api";
import { enabledSignInMethods, getEnv } from "./env.server";

let settings: AppSettings | undefined;

export function appSettings(): AppSettings {
  if (settings) return settings;
  const env = getEnv();
  settings = {
    registrationMode: env.REGISTRATION_MODE,
    adminEmails: env.ADMIN_EMAILS,
    appUrl: env.APP_URL,
    signInMethods: enabledSignInMethods(env),
    exportKey: env.EXPORT_SECRET,
    sessionIdleMinutes: env.SESSION_IDLE_MINUTES,
    credentials: { keySecret: env.CREDENTIAL_KEY_SECRET, issuerName: env.ISSUER_NAME, issuerImageUrl: env.ISSUER_IMAGE_URL ?? null },
  };
  return settings;
}
