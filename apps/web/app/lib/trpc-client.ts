// The one typed client of /api/trpc (ADR: live parts and artwork). The browser uses it for the
// live parts only: job progress, the bell's count, search as you type; everything else goes
// through loaders and actions. The endpoint's own tests build their clients here too.
import type { AppRouter } from "@missionboard/api";
import { createTRPCClient, httpBatchLink, httpLink, type TRPCClient } from "@trpc/client";

export type ApiClient = TRPCClient<AppRouter>;

export interface ApiClientOptions {
  /** The endpoint; a path in the browser, an absolute URL elsewhere. */
  url?: string;
  /** Extra request headers (tests send a session cookie). */
  headers?: Record<string, string>;
  /** Batch calls made in the same tick into one request (never for auth.*, which the server refuses). */
  batch?: boolean;
  /** Most calls per batch; the server accepts TRPC_MAX_BATCH (10). */
  maxItems?: number;
}

export function createApiClient({ url = "/api/trpc", headers, batch = false, maxItems = 10 }: ApiClientOptions = {}): ApiClient {
  const link = batch ? httpBatchLink({ url, headers, maxItems }) : httpLink({ url, headers });
  return createTRPCClient<AppRouter>({ links: [link] });
}

let browserClient: ApiClient | null = null;

/** The page's client (same origin, session cookie sent by the browser). */
export function browserApi(): ApiClient {
  browserClient ??= createApiClient({ batch: true });
  return browserClient;
}
