// One server process (server.mjs runs it, or several copies of it): Express around the Remix
// build. It adds what Remix does not have a place for: a request id, one JSON log line per
// request, security headers with a per-request CSP nonce, the request-body cap, the cross-site
// write check, compression and static assets. The rules themselves live in the app
// (app/lib/*.server.ts, re-exported by entry.server) with their tests;
// docs/decisions/011-http-edge.md explains them. It keeps no state between requests (sessions and
// locks live in the database), so several copies can share the database (docs/decisions/024).
import { randomUUID } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createReadableStreamFromReadable, createRequestHandler, writeReadableStreamToWritable } from "@remix-run/node";
import compression from "compression";
import express from "express";

const here = path.dirname(fileURLToPath(import.meta.url));
const build = await import(path.join(here, "build/server/index.js"));
const edge = build.entry.module;

// Validates env, opens the database and applies migrations before the first request.
const app$ = await edge.startup();
const handleRemix = createRequestHandler(build, process.env.NODE_ENV);

const app = express();
app.disable("x-powered-by");
app.set("trust proxy", app$.trustProxy);
// Level 1: pages compress to within a few per cent of the default level's size at a third of its
// CPU, which on a busy server is the scarcer of the two (docs/decisions/031-route-matching-cache.md).
app.use(compression({ level: 1 }));

app.use((req, res, next) => {
  const incoming = req.get("x-request-id");
  const requestId = incoming && /^[\w-]{1,100}$/.test(incoming) ? incoming : randomUUID();
  res.locals.requestId = requestId;
  res.setHeader("x-request-id", requestId);
  const started = process.hrtime.bigint();
  // Read now: a mounted middleware (express.static under /assets) shortens req.path while it runs.
  const { method, path: requestPath } = req;
  res.on("finish", () => {
    // Path only: query strings can carry tokens and search terms, which never reach the log.
    app$.log({
      msg: "request",
      requestId,
      method,
      path: requestPath,
      status: res.statusCode,
      durationMs: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
    });
  });
  next();
});

// Every response, static files and errors included; req.secure honours X-Forwarded-Proto only
// behind TRUST_PROXY=true.
app.use((req, res, next) => {
  res.locals.cspNonce = edge.newNonce();
  for (const [name, value] of Object.entries(edge.securityHeaders(res.locals.cspNonce, req.secure))) res.setHeader(name, value);
  next();
});

/** How long a refused body may keep arriving (thrown away) before the connection is cut. */
const LINGER_MS = 5000;

/**
 * 413. What the client is still sending is read and thrown away for a few seconds (a lingering
 * close, as nginx does), so it reads this answer rather than a reset connection; then the
 * connection is cut. Nothing of the body is kept.
 */
function refuseTooLarge(req, res) {
  if (res.headersSent) return;
  const { contentType, body } = edge.bodyTooLargeResponse(req.path);
  res.status(413).set("Content-Type", contentType).send(body);
  req.unpipe();
  req.resume();
  const hangUp = setTimeout(() => req.socket.destroy(), LINGER_MS);
  req.once("end", () => clearTimeout(hangUp));
}

// The body cap is settled before a byte of the body is read: a declared Content-Length over it is
// refused at once; other bodies (chunked) are counted while Remix reads them (remixRequest below).
app.use((req, res, next) => {
  res.locals.bodyLimit = edge.bodyLimit(req.path, req.get("content-type"));
  if (res.locals.bodyLimit !== null && Number(req.get("content-length") ?? 0) > res.locals.bodyLimit) return refuseTooLarge(req, res);
  next();
});

// The build's only static files (no public/ folder): a second static middleware at the root cost
// every page a failed stat() of the file system.
app.use("/assets", express.static(path.join(here, "build/client/assets"), { immutable: true, maxAge: "1y" }));

/**
 * The Fetch Request Remix handles, built like @remix-run/express builds it (its handler reads the
 * body straight from the socket, so it cannot take a counted body). The public scheme and host come
 * from X-Forwarded-Proto / X-Forwarded-Host only behind TRUST_PROXY=true, so the cross-site check
 * compares Origin with the address people use. When the route has a cap, the body is read through
 * a byte counter that answers 413 once the cap is passed.
 */
function remixRequest(req, res) {
  const forwardedHost = app$.trustProxy ? req.get("x-forwarded-host")?.split(",")[0]?.trim() : undefined;
  const url = new URL(`${req.protocol}://${forwardedHost || req.get("host")}${req.originalUrl}`);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    // Untrusted, it would only mislead Remix's own Origin check (a 500 instead of our 403).
    if (name === "x-forwarded-host" && !app$.trustProxy) continue;
    for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, one);
  }
  // Stops the loaders and actions when the client goes away before the answer is written.
  const controller = new AbortController();
  res.on("close", () => res.writableFinished || controller.abort());
  const init = { method: req.method, headers, signal: controller.signal };
  if (req.method === "GET" || req.method === "HEAD") return new Request(url, init);
  let body = req;
  if (res.locals.bodyLimit !== null) {
    body = req.pipe(edge.byteLimit(res.locals.bodyLimit));
    body.once("error", () => {
      refuseTooLarge(req, res);
      controller.abort(); // the route's work is moot: its answer would be dropped
    });
  }
  return new Request(url, { ...init, body: createReadableStreamFromReadable(body), duplex: "half" });
}

/** Writes Remix's Response, as @remix-run/express does. */
async function sendResponse(res, response) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [name, value] of response.headers.entries()) res.append(name, value);
  if (/text\/event-stream/i.test(response.headers.get("content-type") ?? "")) res.flushHeaders();
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}

app.all("*", async (req, res, next) => {
  try {
    let request;
    try {
      request = remixRequest(req, res);
    } catch {
      res.status(400).type("text/plain").send("The request's Host header is not a valid host name.");
      return;
    }
    // Checked on the URL Remix sees (the public host behind TRUST_PROXY), before any route runs.
    if (edge.isCrossSiteWrite(request.method, request.url, request.headers)) {
      res.status(403).type("text/plain").send(edge.CROSS_SITE_MESSAGE);
      return;
    }
    const context = { requestId: res.locals.requestId, clientIp: req.ip ?? null, cspNonce: res.locals.cspNonce };
    const response = await handleRemix(request, context);
    // The body cap answered 413 while the route was reading: its answer is dropped.
    if (res.headersSent) return void (await response.body?.cancel());
    await sendResponse(res, response);
  } catch (error) {
    next(error);
  }
});

const server = app.listen(app$.port, app$.host, () => {
  app$.log({ msg: "listening", url: `http://${app$.host === "0.0.0.0" ? "localhost" : app$.host}:${app$.port}` });
});

// On SIGTERM: stop listening and refuse new jobs; when the open requests are answered and the
// running jobs have finished (or were stopped cleanly after 20 s), close the database and exit.
// Idempotent: a worker of cluster.mjs may get SIGINT from the terminal and SIGTERM from its primary.
let shuttingDown = false;
const shutdown = () => {
  if (shuttingDown) return;
  shuttingDown = true;
  const stopped = new Promise((resolve) => server.close(resolve));
  Promise.all([stopped, app$.drain()])
    .then(() => app$.close())
    .then(
      () => process.exit(0),
      () => process.exit(1),
    );
  setTimeout(() => process.exit(1), 30_000).unref();
};
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
