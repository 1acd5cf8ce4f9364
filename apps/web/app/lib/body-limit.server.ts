// How much of a request body the server reads, decided before any of it is read. server.mjs checks
// Content-Length against it and counts the bytes of bodies that do not declare one (chunked), so
// no route ever buffers more than the cap. See docs/decisions/011-http-edge.md.
import { Transform } from "node:stream";

/** Forms and tRPC calls: the largest real ones (catalog texts, a queue's bulk approval) are a few KB. */
export const BODY_MAX_BYTES = 1024 * 1024;

/**
 * Pages that receive files stream multipart bodies through limits of their own (per field, per
 * file and in total, on disk or counted while read): /admin/data (UPLOAD_MAX_MB), /admin/missions
 * (campaign manifest), /admin/catalog (catalog document and icons) and /campaign/credits (the credit
 * list, CREDIT_FILE_MAX_BYTES, held in memory and refused once past it). Only their multipart posts
 * are exempt; any other body sent to them gets the common cap.
 */
export const STREAMED_UPLOAD_PATHS: readonly string[] = ["/admin/data", "/admin/missions", "/admin/catalog", "/campaign/credits"];

export const BODY_TOO_LARGE_MESSAGE = `The request is too large: forms and API calls may send at most ${BODY_MAX_BYTES / 1024 / 1024} MB.`;

/** The route a path names: single fetch posts to "/admin/data.data", and a trailing slash is the same page. */
const routePath = (pathname: string) =>
  pathname
    .toLowerCase()
    .replace(/\.data$/, "")
    .replace(/(.)\/+$/, "$1");

/** The most bytes of body to read for this request, or null when the route streams it under its own limits. */
export function bodyLimit(pathname: string, contentType: string | null | undefined): number | null {
  const multipart = (contentType ?? "").trim().toLowerCase().startsWith("multipart/form-data");
  return multipart && STREAMED_UPLOAD_PATHS.includes(routePath(pathname)) ? null : BODY_MAX_BYTES;
}

export class BodyTooLargeError extends Error {
  override name = "BodyTooLargeError";
  constructor() {
    super(BODY_TOO_LARGE_MESSAGE);
  }
}

/** Passes bytes through until more than `limit` have gone by, then fails with BodyTooLargeError. */
export function byteLimit(limit: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.byteLength;
      if (seen > limit) done(new BodyTooLargeError());
      else done(null, chunk);
    },
  });
}

/** The 413 answer: tRPC's error shape on /api/trpc (so its clients read the message), plain text elsewhere. */
export function bodyTooLargeResponse(pathname: string): { contentType: string; body: string } {
  if (pathname === "/api/trpc" || pathname.startsWith("/api/trpc/"))
    return {
      contentType: "application/json",
      body: JSON.stringify({
        error: { message: BODY_TOO_LARGE_MESSAGE, code: -32013, data: { code: "PAYLOAD_TOO_LARGE", httpStatus: 413 } },
      }),
    };
  return { contentType: "text/plain; charset=utf-8", body: BODY_TOO_LARGE_MESSAGE };
}
