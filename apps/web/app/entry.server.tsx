import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
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

/**
 * Renders the whole page before answering, as one body. The loaders have finished before React
 * starts (no deferred data), so streaming the shell first would gain a browser nothing, and
 * React's ~2 KB chunks each went through the stream, compression and a socket write: a tenth of a
 * page's CPU under load (docs/decisions/024-worker-processes.md).
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  // The nonce of this response's Content-Security-Policy (server.mjs sets the header with it); the
  // dev server sends no policy and no nonce.
  const nonce = typeof loadContext?.cspNonce === "string" ? loadContext.cspNonce : undefined;
  return new Promise<Response>((resolve, reject) => {
    let rendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceContext.Provider>,
      {
        nonce,
        onAllReady() {
          rendered = true;
          const chunks: Buffer[] = [];
          const body = new PassThrough();
          body.on("data", (chunk: Buffer) => chunks.push(chunk));
          body.on("end", () => {
            clearTimeout(timeout);
            responseHeaders.set("Content-Type", "text/html");
            resolve(new Response(Buffer.concat(chunks), { headers: responseHeaders, status: responseStatusCode }));
          });
          pipe(body);
        },
        onShellError(error: unknown) {
          clearTimeout(timeout);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (rendered) logError(error);
        },
      },
    );
    // Cleared once rendered: a pending timer would keep this render's state alive for 5 s.
    const timeout = setTimeout(abort, ABORT_DELAY);
  });
}
