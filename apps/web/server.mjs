// Production server: Express around the Remix build. It adds what Remix does not have a place
// for: a request id, one JSON log line per request, compression and static assets. It keeps no
// state between requests (sessions and locks live in the database), so several instances can run
// behind one load balancer.
import { randomUUID } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";

const here = path.dirname(fileURLToPath(import.meta.url));
const build = await import(path.join(here, "build/server/index.js"));

// Validates env, opens the database and applies migrations before the first request.
const app$ = await build.entry.module.startup();

const app = express();
app.disable("x-powered-by");
app.set("trust proxy", app$.trustProxy);
app.use(compression());
app.use((req, res, next) => {
  const incoming = req.get("x-request-id");
  const requestId = incoming && /^[\w-]{1,100}$/.test(incoming) ? incoming : randomUUID();
  res.locals.requestId = requestId;
  res.setHeader("x-request-id", requestId);
  const started = process.hrtime.bigint();
  res.on("finish", () => {
    // Path only: query strings can carry tokens and search terms, which never reach the log.
    app$.log({
      msg: "request",
      requestId,
      method: req.method,
      path: req.path,
      status: res.statusCode,
      durationMs: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
    });
  });
  next();
});
app.use((req, res, next) => {
  const url = `${req.protocol}://${req.get("host")}${req.originalUrl}`;
  if (!build.entry.module.isCrossSiteWrite(req.method, url, new Headers(req.headers))) return next();
  res.status(403).type("text/plain").send(build.entry.module.CROSS_SITE_MESSAGE);
});
app.use("/assets", express.static(path.join(here, "build/client/assets"), { immutable: true, maxAge: "1y" }));
app.use(express.static(path.join(here, "build/client"), { maxAge: "1h" }));
app.all(
  "*",
  createRequestHandler({ build, getLoadContext: (req, res) => ({ requestId: res.locals.requestId, clientIp: req.ip ?? null }) }),
);

const server = app.listen(app$.port, app$.host, () => {
  app$.log({ msg: "listening", url: `http://${app$.host === "0.0.0.0" ? "localhost" : app$.host}:${app$.port}` });
});

// On SIGTERM: stop listening and refuse new jobs; when the open requests are answered and the
// running jobs have finished (or were stopped cleanly after 20 s), close the database and exit.
const shutdown = () => {
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
