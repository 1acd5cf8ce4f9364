// The OpenWebUI client against the fake server (real HTTP): paging, both response shapes,
// timeouts, retries, the person-readable errors, and that the key never leaks into them.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { type FakeOpenWebUi, type FakeOpenWebUiOptions, startFakeOpenWebUi } from "../../test-support/fake-openwebui";
import type { RawRecord } from "../ingest/types";
import { createOpenWebUiClient, type OpenWebUiClientOptions, OpenWebUiError, openWebUiSource } from "./client";

const fixture = (name: string) => fileURLToPath(new URL(`../../../../../fixtures/openwebui/${name}`, import.meta.url));
const sampleChats = JSON.parse(readFileSync(fixture("sample_chats.json"), "utf8")) as Record<string, unknown>[];
const sampleModels = (JSON.parse(readFileSync(fixture("sample_models.json"), "utf8")) as { data: Record<string, unknown>[] }).data;
const makeUsers = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    id: `user-${String(i).padStart(3, "0")}`,
    name: `User ${i}`,
    email: `u${i}@example.org`,
    role: "user",
  }));

const collect = async (records: AsyncIterable<RawRecord>) => {
  const out: RawRecord[] = [];
  for await (const r of records) out.push(r);
  return out;
};
const values = (records: RawRecord[]) => records.map((r) => (r.ok ? r.value : r.error));

const failure = async (promise: Promise<unknown>): Promise<OpenWebUiError> => {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(OpenWebUiError);
    return error as OpenWebUiError;
  }
  throw new Error("expected the call to fail");
};

let fake: FakeOpenWebUi | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(options: FakeOpenWebUiOptions = {}, client: Partial<OpenWebUiClientOptions> = {}) {
  fake = await startFakeOpenWebUi({ users: makeUsers(70), models: sampleModels, chats: sampleChats, ...options });
  return {
    fake,
    client: createOpenWebUiClient({ baseUrl: fake.url, apiKey: fake.apiKey, retryDelayMs: 5, ...client }),
  };
}

describe("OpenWebUI client: data", () => {
  it("pages through /api/v1/users/ on newer servers ({users, total}, 30 per page)", async () => {
    const { client, fake } = await setup();
    const users = await collect(client.users());
    expect(users).toHaveLength(70);
    expect(users.map((u) => u.index)).toEqual([...Array(70).keys()]);
    expect(values(users)[69]).toMatchObject({ id: "user-069", email: "u69@example.org" });
    expect(fake.requests.filter((r) => r.startsWith("GET /api/v1/users/"))).toHaveLength(3);
  });

  it("pages a bare list with skip/limit on older servers", async () => {
    const { client, fake } = await setup({ version: "older", users: makeUsers(250) });
    const users = await collect(client.users());
    expect(values(users).map((u) => (u as { id: string }).id)).toEqual(makeUsers(250).map((u) => u.id));
    expect(fake.requests.filter((r) => r.startsWith("GET /api/v1/users/"))).toEqual([
      "GET /api/v1/users/?page=1&skip=0&limit=100",
      "GET /api/v1/users/?page=2&skip=100&limit=100",
      "GET /api/v1/users/?page=3&skip=200&limit=100",
    ]);
  });

  it("reads models from /api/models ({data}) and falls back to /api/v1/models (a bare list) on older servers", async () => {
    const newer = await setup();
    expect(values(await collect(newer.client.models()))).toEqual(sampleModels);
    await newer.fake.close();
    const older = await setup({ version: "older" });
    expect(values(await collect(older.client.models()))).toEqual(sampleModels);
    expect(older.fake.requests).toEqual(["GET /api/models", "GET /api/v1/models"]);
  });

  it.each(["array", "wrapped", "ndjson"] as const)("streams every chat from /api/v1/chats/all/db (%s)", async (chatsFormat) => {
    const { client } = await setup({ chatsFormat });
    const chats = await collect(client.chats());
    expect(chats.every((c) => c.ok)).toBe(true);
    expect(values(chats)).toEqual(sampleChats);
  });

  it("sends the key as a bearer token and builds an ingest source", async () => {
    const { client } = await setup();
    const source = openWebUiSource(client);
    expect(source.chatCount).toBeNull();
    expect(await collect(source.chats as AsyncIterable<RawRecord>)).toHaveLength(sampleChats.length);
    expect(await collect(source.users as AsyncIterable<RawRecord>)).toHaveLength(70);
    expect(await collect(source.models as AsyncIterable<RawRecord>)).toHaveLength(sampleModels.length);
  });

  it("ignores a trailing slash and credentials in the base URL", async () => {
    const { fake } = await setup();
    const client = createOpenWebUiClient({ baseUrl: `${fake.url.replace("http://", "http://someone:secret@")}/`, apiKey: fake.apiKey });
    expect(client.baseUrl).toBe(fake.url);
    expect(await collect(client.chats())).toHaveLength(sampleChats.length);
  });
});

describe("OpenWebUI client: failures", () => {
  it("retries 5xx with backoff, then succeeds", async () => {
    const { client, fake } = await setup({}, { retries: 3 });
    fake.failNext(502, 2);
    expect(await collect(client.chats())).toHaveLength(sampleChats.length);
    expect(fake.requests.filter((r) => r === "GET /api/v1/chats/all/db")).toHaveLength(3);
  });

  it("retries a dropped connection, then succeeds", async () => {
    const { client, fake } = await setup({}, { retries: 2 });
    fake.failNext("disconnect");
    expect(await collect(client.users())).toHaveLength(70);
  });

  it("gives up on 5xx after the retries, saying so", async () => {
    const { client, fake } = await setup({}, { retries: 2 });
    fake.failNext(503, 5);
    const error = await failure(collect(client.chats()));
    expect(error.kind).toBe("server");
    expect(error.status).toBe(503);
    expect(error.message).toBe(
      "OpenWebUI failed with 503 on GET /api/v1/chats/all/db 3 times in a row. Try again later, or check the OpenWebUI server's logs.",
    );
    expect(fake.requests).toHaveLength(3);
  });

  it("does not retry other 4xx", async () => {
    const { client, fake } = await setup({}, { retries: 3 });
    fake.failNext(422);
    const error = await failure(collect(client.chats()));
    expect(error.kind).toBe("client");
    expect(error.message).toBe("OpenWebUI answered 422 on GET /api/v1/chats/all/db.");
    expect(fake.requests).toHaveLength(1);
  });

  it("explains a refused key (401), without retrying and without the key", async () => {
    const { fake } = await setup();
    const wrong = createOpenWebUiClient({ baseUrl: fake.url, apiKey: "sk-wrong-key-123", retryDelayMs: 5 });
    const error = await failure(collect(wrong.users()));
    expect(error.kind).toBe("auth");
    expect(error.message).toBe("OpenWebUI refused the API key (401). Check OPENWEBUI_API_KEY.");
    expect(error.message).not.toContain("sk-wrong-key-123");
    expect(fake.requests).toHaveLength(1);
  });

  it("explains a revoked key (breakAuth) and a forbidden one (403)", async () => {
    const { client, fake } = await setup();
    fake.breakAuth();
    const revoked = await failure(collect(client.chats()));
    expect(revoked.message).toMatch(/^OpenWebUI refused the API key \(401\)\. Check OPENWEBUI_API_KEY\. .*ENABLE_ADMIN_EXPORT/);
    fake.restoreAuth();
    fake.failNext(403);
    const forbidden = await failure(collect(client.models()));
    expect(forbidden.message).toBe(
      "OpenWebUI refused the API key (403). Check OPENWEBUI_API_KEY. The key must belong to an OpenWebUI admin.",
    );
    for (const e of [revoked, forbidden]) expect(e.message).not.toContain(fake.apiKey);
  });

  it("explains a 404: the URL is probably not the server's base URL", async () => {
    const { fake } = await setup();
    const client = createOpenWebUiClient({ baseUrl: `${fake.url}/openwebui`, apiKey: fake.apiKey, retryDelayMs: 5 });
    const error = await failure(collect(client.chats()));
    expect(error.kind).toBe("not_found");
    expect(error.message).toBe(
      `OpenWebUI endpoint not found (404 on GET /api/v1/chats/all/db) — is OPENWEBUI_URL the server's base URL? It is ${fake.url}/openwebui.`,
    );
  });

  it("times out a slow server, retries, and says which setting to raise", async () => {
    const { client, fake } = await setup({}, { timeoutMs: 150, retries: 1 });
    fake.slow(600);
    const error = await failure(collect(client.users()));
    expect(error.kind).toBe("timeout");
    expect(error.message).toBe(
      `OpenWebUI did not answer GET /api/v1/users/?page=1&skip=0&limit=100 within 150 ms (2 attempts). Check that ${fake.url} is up, or raise OPENWEBUI_TIMEOUT_MS.`,
    );
  });

  it("waits for a slow server within the timeout", async () => {
    const { client, fake } = await setup({}, { timeoutMs: 2000, retries: 0 });
    fake.slow(200);
    expect(await collect(client.chats())).toHaveLength(sampleChats.length);
  });

  it("gives up on an export that stops mid-stream for longer than the timeout", async () => {
    const server = createServer((_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.write(`[${JSON.stringify(sampleChats[0])},`); // …and then nothing
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const client = createOpenWebUiClient({ baseUrl: url, apiKey: "k", timeoutMs: 200, retries: 0 });
      const seen: RawRecord[] = [];
      const error = await failure(
        (async () => {
          for await (const r of client.chats()) seen.push(r);
        })(),
      );
      expect(seen).toHaveLength(1);
      expect(error.kind).toBe("timeout");
      expect(error.message).toBe(
        "OpenWebUI stopped sending GET /api/v1/chats/all/db for more than 200 ms. Raise OPENWEBUI_TIMEOUT_MS or try again later.",
      );
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("explains an unreachable host (a closed port)", async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise((resolve) => server.close(resolve));
    const client = createOpenWebUiClient({ baseUrl: `http://127.0.0.1:${port}`, apiKey: "sk-secret", retries: 1, retryDelayMs: 5 });
    const error = await failure(collect(client.models()));
    expect(error.kind).toBe("unreachable");
    expect(error.message).toBe(
      `Cannot reach OpenWebUI at http://127.0.0.1:${port} (ECONNREFUSED) (2 attempts). Check OPENWEBUI_URL and that the server is running.`,
    );
    expect(error.message).not.toContain("sk-secret");
  });

  it("refuses a malformed base URL or an empty key up front", () => {
    expect(() => createOpenWebUiClient({ baseUrl: "chat.example.org", apiKey: "k" })).toThrow(
      /OPENWEBUI_URL "chat.example.org" is not an absolute URL/,
    );
    expect(() => createOpenWebUiClient({ baseUrl: "http://x", apiKey: "  " })).toThrow("OPENWEBUI_API_KEY is empty.");
  });

  it("reports a body that is not a list of chats", async () => {
    const server = createServer((_req, res) => {
      res.writeHead(200, { "Content-Type": "text/html" });
      res.end("<html>login</html>");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const client = createOpenWebUiClient({ baseUrl: url, apiKey: "k", retries: 0 });
      const chats = await failure(collect(client.chats()));
      expect(chats.kind).toBe("bad_response");
      expect(chats.message).toMatch(/^OpenWebUI's answer to GET \/api\/v1\/chats\/all\/db is not a list of chats/);
      const users = await failure(collect(client.users()));
      expect(users.message).toMatch(/is not JSON .*is OPENWEBUI_URL the server's base URL\?/);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
