// A small OpenWebUI API client for the ingest (docs/product/missions.md §M-3): users, models and
// every user's chats, each as a stream of RawRecords (the ingest contract), with bearer auth,
// paging where the endpoint pages, per-request timeouts, retries with backoff for 5xx and network
// errors, and errors a person can act on. The API key is kept in a closure and never appears in
// an error message or a log line.
import { Readable } from "node:stream";
import { ExportFileError, readJsonArray } from "../ingest/files";
import type { IngestSource, RawRecord } from "../ingest/types";

export type OpenWebUiErrorKind = "auth" | "not_found" | "server" | "client" | "unreachable" | "timeout" | "bad_response";

/** A failed call to OpenWebUI; `message` is a sentence for the admin page, naming the setting to check. */
export class OpenWebUiError extends Error {
  override name = "OpenWebUiError";
  constructor(
    message: string,
    readonly kind: OpenWebUiErrorKind,
    readonly status: number | null = null,
    readonly path: string | null = null,
  ) {
    super(message);
  }
}

export interface OpenWebUiClientOptions {
  /** The server's base URL (OPENWEBUI_URL), e.g. https://chat.example.org; a trailing `/` is ignored. */
  baseUrl: string;
  /** An admin's API key (OPENWEBUI_API_KEY), sent as `Authorization: Bearer …`. */
  apiKey: string;
  /** Per request: the wait for the response headers, then the longest silence allowed while a body streams. Default 30 000. */
  timeoutMs?: number;
  /** Retries after the first attempt for 5xx, 408, 429 and network errors (never for other 4xx). Default 3. */
  retries?: number;
  /** First backoff delay; doubled per retry, with jitter (50–100 %), capped at 10 s. Default 500. */
  retryDelayMs?: number;
  fetch?: typeof fetch;
}

export interface OpenWebUiClient {
  /** The base URL without credentials or trailing slash (safe to show and log). */
  readonly baseUrl: string;
  /** Every user: `/api/v1/users/` paged (`{users,total}` newer, a bare list with skip/limit older), else `/api/v1/users/all`. */
  users(): AsyncIterable<RawRecord>;
  /** Every model incl. base models: `/api/models` (`{data:[…]}`), else `/api/v1/models` (list, `{data|models|items}`, paged `{items,total}`). */
  models(): AsyncIterable<RawRecord>;
  /** Every user's chats from the admin export `/api/v1/chats/all/db`, stream-parsed (JSON array, wrapped array or NDJSON). */
  chats(): AsyncIterable<RawRecord>;
}

/** The ingest source for a live OpenWebUI: users, models, then chats, each fetched when the ingest reaches it. */
export function openWebUiSource(client: OpenWebUiClient): IngestSource {
  return { users: client.users(), models: client.models(), chats: client.chats(), chatCount: null };
}

const RETRYABLE_STATUS = (status: number) => status >= 500 || status === 408 || status === 429;
const MAX_BACKOFF_MS = 10_000;
/** Upper bound on pages, in case a server ignores the page parameter and never runs dry. */
const MAX_PAGES = 100_000;

type Dict = Record<string, unknown>;
const isDict = (v: unknown): v is Dict => typeof v === "object" && v !== null && !Array.isArray(v);

const seconds = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`);

/** The base URL without user:password, query or trailing slash. */
function cleanBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new OpenWebUiError(`OPENWEBUI_URL "${raw}" is not an absolute URL such as https://chat.example.org.`, "client");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new OpenWebUiError(`OPENWEBUI_URL must start with http:// or https:// (got ${url.protocol}).`, "client");
  url.username = "";
  url.password = "";
  url.search = "";
  url.hash = "";
  return url.toString().replace(/\/+$/, "");
}

const networkCode = (error: unknown): string => {
  const cause = (error as { cause?: { code?: string; errors?: { code?: string }[] } })?.cause;
  return cause?.code ?? cause?.errors?.[0]?.code ?? (error instanceof Error ? error.message : String(error));
};

const isTimeout = (error: unknown) =>
  error instanceof Error && (error.name === "TimeoutError" || (error.cause as Error)?.name === "TimeoutError");

export function createOpenWebUiClient(options: OpenWebUiClientOptions): OpenWebUiClient {
  const baseUrl = cleanBaseUrl(options.baseUrl);
  const apiKey = options.apiKey.trim();
  if (!apiKey) throw new OpenWebUiError("OPENWEBUI_API_KEY is empty.", "auth");
  const timeoutMs = options.timeoutMs ?? 30_000;
  const retries = Math.max(0, options.retries ?? 3);
  const retryDelayMs = options.retryDelayMs ?? 500;
  const doFetch = options.fetch ?? globalThis.fetch;

  const backoff = (attempt: number) => {
    const full = Math.min(MAX_BACKOFF_MS, retryDelayMs * 2 ** attempt);
    return new Promise((resolve) => setTimeout(resolve, full * (0.5 + Math.random() * 0.5)));
  };

  const describeStatus = (status: number, path: string, attempts: number): OpenWebUiError => {
    if (status === 401 || status === 403) {
      const hint =
        path === "/api/v1/chats/all/db"
          ? " The chat export needs an admin's key and ENABLE_ADMIN_EXPORT=true on the OpenWebUI server."
          : status === 403
            ? " The key must belong to an OpenWebUI admin."
            : "";
      return new OpenWebUiError(`OpenWebUI refused the API key (${status}). Check OPENWEBUI_API_KEY.${hint}`, "auth", status, path);
    }
    if (status === 404)
      return new OpenWebUiError(
        `OpenWebUI endpoint not found (404 on GET ${path}) — is OPENWEBUI_URL the server's base URL? It is ${baseUrl}.`,
        "not_found",
        status,
        path,
      );
    if (status >= 500 || status === 408 || status === 429)
      return new OpenWebUiError(
        `OpenWebUI failed with ${status} on GET ${path}${attempts > 1 ? ` ${attempts} times in a row` : ""}. Try again later, or check the OpenWebUI server's logs.`,
        "server",
        status,
        path,
      );
    return new OpenWebUiError(`OpenWebUI answered ${status} on GET ${path}.`, "client", status, path);
  };

  /**
   * GETs `path` with retries and returns the response (status 2xx), its body still unread. The
   * returned `idle` signal aborts the body when it stalls longer than `timeoutMs`; call `done()`
   * when finished with the body. `allowNotFound` returns null on 404 (to try another endpoint).
   */
  async function get(
    path: string,
    allowNotFound = false,
  ): Promise<{ response: Response; touch: () => void; done: () => void; timedOut: () => boolean } | null> {
    const url = `${baseUrl}${path}`;
    let lastError: OpenWebUiError | null = null;
    for (let attempt = 0; attempt <= retries; attempt++) {
      if (attempt > 0) await backoff(attempt - 1);
      const idle = new AbortController();
      let idleTimer: NodeJS.Timeout | undefined;
      let stalled = false;
      const touch = () => {
        clearTimeout(idleTimer);
        idleTimer = setTimeout(() => {
          stalled = true;
          idle.abort(new DOMException("body stalled", "TimeoutError"));
        }, timeoutMs);
        idleTimer.unref?.();
      };
      const done = () => clearTimeout(idleTimer);
      try {
        // One resettable timer: first the wait for the response headers, then the longest silence
        // while the body streams (a fixed AbortSignal.timeout would cut a large export short).
        touch();
        const response = await doFetch(url, {
          headers: { Authorization: `Bearer ${apiKey}`, Accept: "application/json" },
          signal: idle.signal,
          redirect: "follow",
        });
        if (response.ok) {
          touch();
          return { response, touch, done, timedOut: () => stalled };
        }
        await response.body?.cancel().catch(() => {});
        if (response.status === 404 && allowNotFound) return null;
        lastError = describeStatus(response.status, path, attempt + 1);
        if (!RETRYABLE_STATUS(response.status)) throw lastError;
      } catch (error) {
        done();
        if (error instanceof OpenWebUiError) {
          if (error.kind !== "server") throw error;
          lastError = error;
          continue;
        }
        const tries = attempt + 1;
        const after = tries > 1 ? ` (${tries} attempts)` : "";
        lastError = isTimeout(error)
          ? new OpenWebUiError(
              `OpenWebUI did not answer GET ${path} within ${seconds(timeoutMs)}${after}. Check that ${baseUrl} is up, or raise OPENWEBUI_TIMEOUT_MS.`,
              "timeout",
              null,
              path,
            )
          : new OpenWebUiError(
              `Cannot reach OpenWebUI at ${baseUrl} (${networkCode(error)})${after}. Check OPENWEBUI_URL and that the server is running.`,
              "unreachable",
              null,
              path,
            );
      }
    }
    throw lastError ?? new OpenWebUiError(`OpenWebUI request GET ${path} failed.`, "server", null, path);
  }

  async function getJson(path: string, allowNotFound = false): Promise<{ body: unknown } | null> {
    const res = await get(path, allowNotFound);
    if (!res) return null;
    try {
      const text = await res.response.text();
      try {
        return { body: JSON.parse(text) as unknown };
      } catch {
        throw new OpenWebUiError(
          `OpenWebUI's answer to GET ${path} is not JSON (it starts with ${JSON.stringify(text.slice(0, 40))}) — is OPENWEBUI_URL the server's base URL?`,
          "bad_response",
          res.response.status,
          path,
        );
      }
    } catch (error) {
      if (error instanceof OpenWebUiError) throw error;
      throw bodyError(error, path, res.timedOut());
    } finally {
      res.done();
    }
  }

  const bodyError = (error: unknown, path: string, timedOut: boolean) =>
    timedOut || isTimeout(error)
      ? new OpenWebUiError(
          `OpenWebUI stopped sending GET ${path} for more than ${seconds(timeoutMs)}. Raise OPENWEBUI_TIMEOUT_MS or try again later.`,
          "timeout",
          null,
          path,
        )
      : new OpenWebUiError(
          `The connection to OpenWebUI dropped while reading GET ${path} (${networkCode(error)}).`,
          "unreachable",
          null,
          path,
        );

  const shapeError = (path: string, what: string, body: unknown) =>
    new OpenWebUiError(
      `OpenWebUI's answer to GET ${path} is not a list of ${what} (got ${Array.isArray(body) ? "a list" : isDict(body) ? `an object with ${Object.keys(body).slice(0, 5).join(", ") || "no keys"}` : typeof body}).`,
      "bad_response",
      null,
      path,
    );

  /** The list in a response: a bare list, or the first of `keys` holding one; `total` when given. */
  const listIn = (body: unknown, keys: readonly string[]): { list: unknown[]; total: number | null } | null => {
    if (Array.isArray(body)) return { list: body, total: null };
    if (!isDict(body)) return null;
    for (const key of keys) {
      const v = body[key];
      if (Array.isArray(v)) return { list: v, total: typeof body.total === "number" ? body.total : null };
    }
    return null;
  };

  async function* users(): AsyncGenerator<RawRecord> {
    // Newer: /api/v1/users/?page=N → {users, total}, 30 per page. Older: a bare list with skip/limit.
    // Both parameters are sent; each version ignores the one it does not know.
    const limit = 100;
    let index = 0;
    const seen = new Set<string>();
    for (let page = 1; page <= MAX_PAGES; page++) {
      const path = `/api/v1/users/?page=${page}&skip=${(page - 1) * limit}&limit=${limit}`;
      const res = await getJson(path, page === 1);
      if (!res) {
        yield* usersAll(index);
        return;
      }
      const found = listIn(res.body, ["users", "data", "items"]);
      if (!found) throw shapeError(path, "users", res.body);
      let fresh = 0;
      for (const user of found.list) {
        const id = isDict(user) ? String(user.id ?? "") : "";
        if (id && seen.has(id)) continue;
        if (id) seen.add(id);
        fresh++;
        yield { ok: true, index: index++, value: user };
      }
      const complete =
        found.list.length === 0 ||
        fresh === 0 ||
        (found.total !== null ? seen.size >= found.total : Array.isArray(res.body) ? found.list.length < limit : true);
      if (complete) return;
    }
  }

  async function* usersAll(start: number): AsyncGenerator<RawRecord> {
    const path = "/api/v1/users/all";
    const res = await getJson(path);
    const found = res && listIn(res.body, ["users", "data", "items"]);
    if (!found) throw shapeError(path, "users", res?.body);
    let index = start;
    for (const user of found.list) yield { ok: true, index: index++, value: user };
  }

  async function* models(): AsyncGenerator<RawRecord> {
    let index = 0;
    const first = await getJson("/api/models", true);
    if (first) {
      const found = listIn(first.body, ["data", "models", "items"]);
      if (!found) throw shapeError("/api/models", "models", first.body);
      for (const model of found.list) yield { ok: true, index: index++, value: model };
      return;
    }
    // Older servers (or a proxy that only forwards /api/v1): /api/v1/models, possibly paged {items,total}.
    for (let page = 1; page <= MAX_PAGES; page++) {
      const path = page === 1 ? "/api/v1/models" : `/api/v1/models?page=${page}`;
      const res = await getJson(path);
      const body = res?.body;
      let found = listIn(body, ["data", "models", "items"]);
      if (!found && isDict(body) && Object.values(body).length > 0 && Object.values(body).every(isDict))
        found = { list: Object.entries(body).map(([id, v]) => ({ id, ...(v as Dict) })), total: null };
      if (!found) throw shapeError(path, "models", body);
      for (const model of found.list) yield { ok: true, index: index++, value: model };
      if (found.total === null || found.list.length === 0 || index >= found.total) return;
    }
  }

  async function* chats(): AsyncGenerator<RawRecord> {
    const path = "/api/v1/chats/all/db";
    const res = await get(path);
    if (!res) return;
    const { response } = res;
    const body = response.body;
    if (!body) {
      res.done();
      return;
    }
    // Every chunk resets the stall timer, so a large export may take as long as it needs.
    const web = body as unknown as AsyncIterable<Uint8Array>;
    const chunks = (async function* () {
      for await (const chunk of web) {
        res.touch();
        yield chunk;
      }
    })();
    const stream = Readable.from(chunks, { objectMode: false });
    const type = response.headers.get("content-type") ?? "";
    try {
      const records = /ndjson|jsonl|json-seq/i.test(type) ? readNdjson(stream) : readJsonArray(stream);
      for await (const record of records) yield record;
    } catch (error) {
      if (error instanceof ExportFileError)
        throw new OpenWebUiError(
          `OpenWebUI's answer to GET ${path} is not a list of chats: ${error.message.replace(/^the input /, "")}.`,
          "bad_response",
          response.status,
          path,
        );
      if (error instanceof OpenWebUiError) throw error;
      throw bodyError(error, path, res.timedOut());
    } finally {
      res.done();
      stream.destroy();
    }
  }

  return { baseUrl, users, models, chats };
}

/** Newline-delimited JSON, one record per line; a bad line is yielded as `{ ok: false }` and reading goes on. */
async function* readNdjson(stream: Readable): AsyncGenerator<RawRecord> {
  let index = 0;
  let rest = "";
  const decoder = new TextDecoder();
  const line = (text: string): RawRecord | null => {
    const t = text.trim();
    if (!t) return null;
    try {
      return { ok: true, index: index++, value: JSON.parse(t) as unknown };
    } catch (error) {
      return { ok: false, index: index++, error: `malformed JSON line: ${(error as Error).message}` };
    }
  };
  for await (const chunk of stream) {
    rest += decoder.decode(chunk as Uint8Array, { stream: true });
    let nl = rest.indexOf("\n");
    while (nl >= 0) {
      const record = line(rest.slice(0, nl));
      rest = rest.slice(nl + 1);
      if (record) yield record;
      nl = rest.indexOf("\n");
    }
  }
  const last = line(rest + decoder.decode());
  if (last) yield last;
}
