import { appRouter } from "@missionboard/api";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { TRPCError } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { createRequestContext } from "../lib/api.server";
import { logError } from "../lib/log.server";

/** Most calls one batched request may carry (httpBatchLink's default maxItems is unbounded). */
export const TRPC_MAX_BATCH = 10;
export const AUTH_BATCH_MESSAGE = "Sign-in and the other auth procedures cannot be batched: send each in a request of its own.";

// For clients that need HTTP (the pages themselves call the routers through createCaller in
// their loaders; the browser never calls this endpoint). Both paths build the same context.
// A batch fans one HTTP request out into concurrent calls, which would let one request try many
// passwords or tokens at once; auth.* procedures therefore only run one per request. The check
// reads the calls as tRPC itself parsed them (decoded, split), not the raw URL.
function handle({ request, context }: LoaderFunctionArgs | ActionFunctionArgs) {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: request,
    router: appRouter,
    maxBatchSize: TRPC_MAX_BATCH,
    createContext: ({ info }) => {
      if (info.isBatchCall && info.calls.some((call) => call.path === "auth" || call.path.startsWith("auth.")))
        throw new TRPCError({ code: "BAD_REQUEST", message: AUTH_BATCH_MESSAGE });
      return createRequestContext(request, context);
    },
    onError: ({ error, path, ctx }) => {
      if (error.code === "INTERNAL_SERVER_ERROR") logError(error.cause ?? error, { path: path ?? null, requestId: ctx?.requestId });
    },
  });
}

export const loader = handle;
export const action = handle;
