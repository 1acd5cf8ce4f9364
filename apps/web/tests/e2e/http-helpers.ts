// Raw HTTP against the built server, for requests a browser would not send as they are.
import { request as httpRequest } from "node:http";
import { baseUrl } from "./browser";

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * POSTs `totalBytes` of `fill` to `path`, declaring the length (Content-Length) or not (chunked).
 * Stops writing as soon as the server answers, as a browser does, so a refused 100 MB body costs
 * the test nothing.
 */
export function postBytes(
  path: string,
  totalBytes: number,
  { declareLength, headers = {}, fill = "a" }: { declareLength: boolean; headers?: Record<string, string>; fill?: string },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, baseUrl());
    const req = httpRequest(url, {
      method: "POST",
      headers: { ...headers, ...(declareLength ? { "Content-Length": String(totalBytes) } : { "Transfer-Encoding": "chunked" }) },
    });
    let answered = false;
    req.on("response", (res) => {
      answered = true;
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        body += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on("error", reject);
    });
    // The server may close the connection while we still write: that is the point, not a failure.
    req.on("error", (error) => (answered ? undefined : reject(error)));
    const chunk = Buffer.alloc(64 * 1024, fill);
    let sent = 0;
    const writeMore = () => {
      while (!answered && sent < totalBytes) {
        const piece = chunk.subarray(0, Math.min(chunk.length, totalBytes - sent));
        sent += piece.length;
        if (!req.write(piece)) return void req.once("drain", writeMore);
      }
      if (!answered) req.end();
    };
    writeMore();
  });
}

/** Signs in through the real form and returns the session cookie ("mb_session=…"). */
export async function sessionCookieFor(email: string, password: string, url = baseUrl()): Promise<string> {
  const res = await fetch(`${url}/login`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password }),
    redirect: "manual",
  });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith("mb_session="));
  if (res.status !== 302 || !cookie) throw new Error(`sign-in as ${email} failed with ${res.status}`);
  return cookie.split(";")[0] ?? "";
}
