import { PassThrough } from "node:stream";
import { type AppLoadContext, createReadableStreamFromReadable, type EntryContext, type HandleErrorFunction } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { logError } from "./lib/log.server";
import { NonceContext } from "./lib/nonce";

// server.mjs reads these from the build: the HTTP edge's rules live with the app and its tests.
export { CROSS_SITE_MESSAGE, isCrossSiteWrite } from "./lib/api.server";
export { BODY_TOO_LARGE_MESSAGE, bodyLimit, bodyTooLargeResponse, byteLimit } from "./lib/body-limit.server";
export { newNonce, securityHeaders } from "./lib/security-headers.server";
export { startup } from "./lib/startup.server";

const ABORT_DELAY = 5_000;

/**
 * Errors Remix catches itself go through the scrubbing logger too (Remix would console.error
 * them). A response a route threw on purpose (a 403 page, a 404) is not an error.
 */
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error)) {
    const internal = (error as { error?: unknown }).error;
    if (internal) logError(internal);
    return;
  }
  logError(error);
};

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const readyEvent = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";
  // The nonce of this response's Content-Security-Policy (server.mjs sets the header with it); the
  // dev server sends no policy and no nonce.
  const nonce = typeof loadContext?.cspNonce === "string" ? loadContext.cspNonce : undefined;
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceContext.Provider>,
      {
        nonce,
        [readyEvent]() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html");
          resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) logError(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}
