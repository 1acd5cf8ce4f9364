import { appRouter } from "@missionboard/api";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { createRequestContext } from "../lib/api.server";
import { logError } from "../lib/log.server";

// For clients that need HTTP. Pages call the routers through createCaller in their loaders;
// both paths build the same context.
function handle({ request, context }: LoaderFunctionArgs | ActionFunctionArgs) {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: request,
    router: appRouter,
    createContext: () => createRequestContext(request, context),
    onError: ({ error, path, ctx }) => {
      if (error.code === "INTERNAL_SERVER_ERROR") logError(error.cause ?? error, { path: path ?? null, requestId: ctx?.requestId });
    },
  });
}

export const loader = handle;
export const action = handle;
