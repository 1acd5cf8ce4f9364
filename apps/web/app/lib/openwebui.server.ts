import { createOpenWebUiClient, type OpenWebUiClient } from "@missionboard/api";
import { getEnv } from "./env.server";

let client: OpenWebUiClient | null | undefined;

/**
 * The process's OpenWebUI client, or null when OPENWEBUI_URL or OPENWEBUI_API_KEY is not set.
 * Used by the scheduled reload (startup.server.ts) and the admin pages' "Reload now".
 */
export function getOpenWebUiClient(): OpenWebUiClient | null {
  if (client !== undefined) return client;
  const env = getEnv();
  client =
    env.OPENWEBUI_URL && env.OPENWEBUI_API_KEY
      ? createOpenWebUiClient({ baseUrl: env.OPENWEBUI_URL, apiKey: env.OPENWEBUI_API_KEY, timeoutMs: env.OPENWEBUI_TIMEOUT_MS })
      : null;
  return client;
}
