// A migrated database that other connections and other processes can reach (a second Store, a
// spawned CLI, the built server), on either engine. In-process PGlite (test-store.ts) cannot be
// reached from outside, so without a Postgres server (TEST_DATABASE_URL) the Postgres database is
// PGlite served over the Postgres wire protocol by @electric-sql/pglite-socket. PGlite has one
// connection and the socket server interleaves the statements of several client connections, so
// every client of it must hold its pool to one connection (`poolMax`); see docs/decisions/011-http-edge.md.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import postgres from "postgres";
import { newId } from "../ids";
import { openStore, type Store } from "../store";
import type { TestEngine } from "./test-store";

export interface SharedDatabase {
  url: string;
  /** The largest pool a client may open (1 for PGlite over the socket). */
  poolMax: number;
  /** Environment for a process that should use it (DATABASE_URL, DATABASE_POOL_MAX). */
  env: Record<string, string>;
  /** A new Store on it (close it yourself). */
  open(): Store;
  /** Removes it, cutting off any client still using it. Idempotent. */
  dispose(): Promise<void>;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });

function shared(url: string, poolMax: number, remove: () => Promise<void>): SharedDatabase {
  let removed = false;
  return {
    url,
    poolMax,
    env: { DATABASE_URL: url, DATABASE_POOL_MAX: String(poolMax) },
    open: () => openStore(url, { max: poolMax }),
    dispose: async () => {
      if (removed) return;
      removed = true;
      await remove();
    },
  };
}

async function migrated(db: SharedDatabase): Promise<SharedDatabase> {
  const store = db.open();
  try {
    await store.migrate();
  } finally {
    await store.close();
  }
  return db;
}

async function sqliteFile(): Promise<SharedDatabase> {
  const dir = mkdtempSync(path.join(tmpdir(), "mb-shared-"));
  return migrated(shared(`file:${path.join(dir, "shared.db")}`, 1, async () => rmSync(dir, { recursive: true, force: true })));
}

async function serverDatabase(serverUrl: string, label: string): Promise<SharedDatabase> {
  const name = `mb_t_${label}_${newId().replaceAll("-", "")}`.replace(/[^a-z0-9_]/gi, "_").toLowerCase();
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return migrated(
    shared(url.toString(), 10, async () => {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    }),
  );
}

async function pgliteOverSocket(): Promise<SharedDatabase> {
  const pglite = await PGlite.create();
  const port = await freePort();
  const server = new PGLiteSocketServer({ db: pglite as never, host: "127.0.0.1", port, maxConnections: 8 });
  await server.start();
  return migrated(
    shared(`postgres://postgres@127.0.0.1:${port}/postgres`, 1, async () => {
      await server.stop();
      await pglite.close();
    }),
  );
}

/**
 * A fresh, migrated database on `engine` that other connections and processes can use: an SQLite
 * file; on Postgres a database on TEST_DATABASE_URL's server (named mb_t_… so the test-database
 * cleanup removes it if a run dies), else PGlite over the wire protocol.
 */
export function createSharedDatabase(engine: TestEngine, label = "shared"): Promise<SharedDatabase> {
  if (engine === "sqlite") return sqliteFile();
  // biome-ignore lint/style/noProcessEnv: test-only switch, documented in the README
  const serverUrl = process.env.TEST_DATABASE_URL;
  return serverUrl ? serverDatabase(serverUrl, label) : pgliteOverSocket();
}
