// A local fake of the OpenWebUI endpoints the ingest reads, speaking real HTTP from an in-memory
// dataset, so the client, the scheduler and the reload can be tested offline:
//
//   const owui = await startFakeOpenWebUi({ users, models, chats });
//   const client = createOpenWebUiClient({ baseUrl: owui.url, apiKey: owui.apiKey });
//   owui.failNext(502); owui.slow(200); owui.breakAuth(); owui.updateChat("c1", { title: "new" });
//
// Endpoints (docs/product/missions.md §M-3), in the shapes of the version chosen:
// - `newer` (default): GET /api/v1/users/?page=N → {users, total} (30 per page); /api/v1/users/all →
//   {users, total}; /api/models → {data:[…]}; /api/v1/models → {data:[…]}; /api/v1/chats/all/db →
//   a JSON array, streamed chat by chat (or NDJSON / `{chats:[…]}` with `chatsFormat`).
// - `older`: /api/v1/users/?skip&limit → a bare list (limit default 50); /api/v1/users/all → a bare
//   list; /api/models → 404; /api/v1/models → a bare list; chats as above.
// Every endpoint wants `Authorization: Bearer <apiKey>` (401 otherwise, like OpenWebUI).
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

type Dict = Record<string, unknown>;

export interface FakeOpenWebUiData {
  users?: Dict[];
  models?: Dict[];
  chats?: Dict[];
}

export interface FakeOpenWebUiOptions extends FakeOpenWebUiData {
  apiKey?: string;
  version?: "newer" | "older";
  /** How /api/v1/chats/all/db answers: a JSON array (default), NDJSON lines, or `{chats:[…]}`. */
  chatsFormat?: "array" | "ndjson" | "wrapped";
  /** Users per page on the newer paged endpoint (OpenWebUI: 30). */
  usersPageSize?: number;
}

export interface FakeOpenWebUi {
  /** Base URL, e.g. http://127.0.0.1:41234 (what OPENWEBUI_URL would hold). */
  url: string;
  apiKey: string;
  setData(data: FakeOpenWebUiData): void;
  /**
   * Merges `patch` into chat `id` (`patch.chat` is merged into its `chat` blob). `updated_at`
   * moves forward by one unit unless the patch sets it.
   */
  updateChat(id: string, patch: Dict): void;
  /** The next `times` requests answer `status` (or drop the connection with "disconnect"). */
  failNext(status: number | "disconnect", times?: number): void;
  /** Delays every response by `ms` before the headers (0 turns it off). */
  slow(ms: number): void;
  /** Refuses every key from now on (401), as if the key was revoked; `restoreAuth()` undoes it. */
  breakAuth(): void;
  restoreAuth(): void;
  /** Clears failures, slowness and broken auth. */
  reset(): void;
  /** Requests seen, as `GET /path?query`, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { "Content-Type": "application/json" });
  res.end(JSON.stringify(body));
};

const clone = <T>(value: T): T => structuredClone(value);

export async function startFakeOpenWebUi(options: FakeOpenWebUiOptions = {}): Promise<FakeOpenWebUi> {
  const apiKey = options.apiKey ?? "sk-fake-openwebui-admin-key";
  const version = options.version ?? "newer";
  const chatsFormat = options.chatsFormat ?? "array";
  const usersPageSize = options.usersPageSize ?? 30;
  let users: Dict[] = clone(options.users ?? []);
  let models: Dict[] = clone(options.models ?? []);
  let chats: Dict[] = clone(options.chats ?? []);
  const failures: (number | "disconnect")[] = [];
  let delayMs = 0;
  let authBroken = false;
  const requests: string[] = [];
  const sockets = new Set<Socket>();

  const authorised = (req: IncomingMessage) => {
    const header = req.headers.authorization ?? "";
    return !authBroken && header === `Bearer ${apiKey}`;
  };

  async function streamChats(res: ServerResponse) {
    const list = chats.map((c) => JSON.stringify(c));
    const write = (text: string) =>
      new Promise<void>((resolve) => {
        if (res.write(text)) resolve();
        else res.once("drain", resolve);
      });
    if (chatsFormat === "ndjson") {
      res.writeHead(200, { "Content-Type": "application/x-ndjson" });
      for (const line of list) await write(`${line}\n`);
    } else {
      res.writeHead(200, { "Content-Type": "application/json" });
      await write(chatsFormat === "wrapped" ? '{"chats":[' : "[");
      for (const [i, line] of list.entries()) await write(i === 0 ? line : `,${line}`);
      await write(chatsFormat === "wrapped" ? `],"total":${list.length}}` : "]");
    }
    res.end();
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://fake.invalid");
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    const failure = failures.shift();
    if (failure === "disconnect") {
      req.socket.destroy();
      return;
    }
    if (failure !== undefined) return json(res, failure, { detail: `injected failure ${failure}` });
    if (req.method !== "GET") return json(res, 405, { detail: "Method Not Allowed" });
    if (!authorised(req)) return json(res, 401, { detail: "Not authenticated" });

    const path = url.pathname.replace(/\/+$/, "") || "/";
    const q = url.searchParams;
    switch (path) {
      case "/api/v1/users": {
        if (version === "older") {
          const skip = Number(q.get("skip") ?? 0);
          const limit = Number(q.get("limit") ?? 50);
          return json(res, 200, users.slice(skip, skip + limit));
        }
        const page = Math.max(1, Number(q.get("page") ?? 1));
        const slice = users.slice((page - 1) * usersPageSize, page * usersPageSize);
        return json(res, 200, { users: slice.map((u) => ({ ...u, group_ids: [] })), total: users.length });
      }
      case "/api/v1/users/all":
        return json(res, 200, version === "older" ? users : { users, total: users.length });
      case "/api/models":
        if (version === "older") return json(res, 404, { detail: "Not Found" });
        return json(res, 200, { data: models });
      case "/api/v1/models":
        return json(res, 200, version === "older" ? models : { data: models });
      case "/api/v1/chats/all/db":
        return streamChats(res);
      default:
        return json(res, 404, { detail: "Not Found" });
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) json(res, 500, { detail: String(error) });
      else res.destroy();
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    apiKey,
    requests,
    setData(data) {
      if (data.users) users = clone(data.users);
      if (data.models) models = clone(data.models);
      if (data.chats) chats = clone(data.chats);
    },
    updateChat(id, patch) {
      const i = chats.findIndex((c) => c.id === id);
      const current = chats[i];
      if (!current) throw new Error(`fake OpenWebUI: no chat ${id}`);
      const next: Dict = { ...current, ...clone(patch) };
      if (patch.chat && typeof current.chat === "object" && current.chat !== null)
        next.chat = { ...(current.chat as Dict), ...clone(patch.chat as Dict) };
      if (patch.updated_at === undefined && typeof current.updated_at === "number") next.updated_at = current.updated_at + 1;
      chats[i] = next;
    },
    failNext(status, times = 1) {
      for (let i = 0; i < times; i++) failures.push(status);
    },
    slow(ms) {
      delayMs = ms;
    },
    breakAuth() {
      authBroken = true;
    },
    restoreAuth() {
      authBroken = false;
    },
    reset() {
      failures.length = 0;
      delayMs = 0;
      authBroken = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
