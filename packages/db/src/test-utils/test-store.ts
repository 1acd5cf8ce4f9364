// Each test gets its own freshly migrated database, on SQLite and on Postgres.
// Postgres is the server named by TEST_DATABASE_URL (CI) or, without it, in-process PGlite.
// See docs/decisions/003-test-databases.md.
import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import postgres from "postgres";
import { newId } from "../ids";
import type { Db } from "../schema";
import { pgSchema } from "../schema.pg";
import { type Conn, KITS, openPostgresStore, openSqliteStore, type Store } from "../store";
import { migrationsDir } from "../workspace";

export type TestEngine = "sqlite" | "postgres";
export const TEST_ENGINES: readonly TestEngine[] = ["sqlite", "postgres"];

export interface TestStore extends Store {
  /** Drops the database; call it in afterEach. */
  dispose(): Promise<void>;
  /** The database's URL on a Postgres server (TEST_DATABASE_URL), so a test can open a second Store on it; absent otherwise. */
  url?: string;
}

// biome-ignore lint/style/noProcessEnv: test-only switch, documented in the README
const serverUrl = process.env.TEST_DATABASE_URL;
export const postgresFlavour = serverUrl ? "postgres server" : "pglite";

export async function createTestStore(engine: TestEngine): Promise<TestStore> {
  if (engine === "sqlite") {
    const store = openSqliteStore(":memory:");
    await store.migrate();
    return { ...store, dispose: () => store.close() };
  }
  return serverUrl ? createServerDatabase(serverUrl) : createPgliteStore();
}

// --- PGlite: migrate one instance per worker, clone it per test (clone is much cheaper). ---
let pgliteTemplate: Promise<PGlite> | undefined;

async function createPgliteStore(): Promise<TestStore> {
  pgliteTemplate ??= (async () => {
    const pglite = new PGlite();
    await migrate(drizzle(pglite), { migrationsFolder: migrationsDir("postgres") });
    return pglite;
  })();
  const pglite = (await (await pgliteTemplate).clone()) as PGlite;
  const db = drizzle(pglite, { schema: pgSchema, casing: "snake_case" });
  const conn = (executor: unknown): Conn => ({ db: executor as Db, t: pgSchema, engine: "postgres", kit: KITS.postgres });
  return {
    engine: "postgres",
    tx: (fn) => db.transaction((tx) => fn(conn(tx))),
    read: (fn) => fn(conn(db)),
    migrate: () => migrate(db, { migrationsFolder: migrationsDir("postgres") }),
    migrationStatus: async () => ({ applied: 0, total: 0 }),
    ping: async () => void (await pglite.query("select 1")),
    close: () => pglite.close(),
    dispose: () => pglite.close(),
  };
}

// --- Postgres server: one migrated template database per run, copied per test. ---
let serverTemplate: Promise<string> | undefined;

const withDatabase = (url: string, name: string) => {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
};

async function ensureServerTemplate(url: string): Promise<string> {
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  const name = `mb_tpl_${process.pid}_${Date.now()}`;
  try {
    await admin.unsafe(`create database "${name}"`);
    const store = openPostgresStore(withDatabase(url, name), { max: 1 });
    await store.migrate();
    await store.close();
    return name;
  } finally {
    await admin.end();
  }
}

async function createServerDatabase(url: string): Promise<TestStore> {
  serverTemplate ??= ensureServerTemplate(url);
  const template = await serverTemplate;
  const name = `mb_t_${newId().replaceAll("-", "")}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.unsafe(`create database "${name}" template "${template}"`);
      break;
    } catch (error) {
      // Two workers copying the template at the same instant: PG refuses one; try again.
      if (attempt >= 20 || !String(error).includes("being accessed by other users")) throw error;
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
    }
  }
  const store = openPostgresStore(withDatabase(url, name), { max: 10 });
  return {
    ...store,
    url: withDatabase(url, name),
    dispose: async () => {
      await store.close();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}

/** Drops the template databases left by earlier runs (called from vitest's globalSetup). */
export async function dropServerTemplates(url: string): Promise<void> {
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const rows = await admin<{ datname: string }[]>`
      select datname from pg_database where datname like 'mb\\_tpl\\_%' or datname like 'mb\\_t\\_%'`;
    for (const { datname } of rows) await admin.unsafe(`drop database if exists "${datname}" with (force)`);
  } finally {
    await admin.end();
  }
}
