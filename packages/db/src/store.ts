// The only module that knows about drivers. Everything else receives a Store and writes its
// queries once against `Db`; see docs/decisions/002-dual-dialect-data-layer.md.
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle as drizzleSqlite } from "drizzle-orm/better-sqlite3";
import { migrate as migrateSqlite } from "drizzle-orm/better-sqlite3/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import type * as Kit from "#dialect";
import { type DbEnv, readDbEnv } from "./env";
import * as pgKit from "./kit/pg";
import * as sqliteKit from "./kit/sqlite";
import { Mutex } from "./mutex";
import { fillMissingEmailKeys } from "./queries/people";
import type { Db, Schema } from "./schema";
import { pgSchema } from "./schema.pg";
import { sqliteSchema } from "./schema.sqlite";
import { cacheStatements, prepareShortStatements } from "./statement-cache";
import { migrationsDir, workspaceRoot } from "./workspace";

export type Engine = "sqlite" | "postgres";

export interface MigrationStatus {
  applied: number;
  total: number;
}

/**
 * What every query function receives: the executor (a transaction or the pool), the tables, and
 * the dialect kit, whose functions (bulk inserts, full-text search) have the same signature on
 * both engines, so shared query code never branches on the engine.
 */
export interface Conn {
  readonly db: Db;
  readonly t: Schema;
  readonly engine: Engine;
  readonly kit: DialectKit;
}

/** The kit of the current typecheck pass (kit/pg.ts or kit/sqlite.ts); the wiring below casts. */
export type DialectKit = typeof Kit;
/** The kits as values, for the stores (here and in test-utils) to hand to their connections. */
export const KITS: Record<Engine, DialectKit> = { postgres: pgKit as never, sqlite: sqliteKit as never };

export interface Store {
  readonly engine: Engine;
  /** Runs `fn` atomically. Call it once, at the outermost layer: it is not re-entrant. */
  tx<T>(fn: (conn: Conn) => Promise<T>): Promise<T>;
  /** Runs read-only queries; on SQLite they wait for any open transaction to finish. */
  read<T>(fn: (conn: Conn) => Promise<T>): Promise<T>;
  migrate(): Promise<void>;
  migrationStatus(): Promise<MigrationStatus>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** `file:./x.db`, `./x.db`, `:memory:` → SQLite; `postgres://…` → Postgres. */
export function engineOf(url: string): Engine {
  return /^postgres(ql)?:\/\//.test(url) ? "postgres" : "sqlite";
}

export interface StoreOptions {
  /** Connections in the Postgres pool (default 10; DATABASE_POOL_MAX). */
  max?: number;
}

export function openStore(url: string, options: StoreOptions = {}): Store {
  return engineOf(url) === "postgres" ? openPostgresStore(url, options) : openSqliteStore(sqlitePath(url));
}

/** The store the environment names (DATABASE_URL, DATABASE_POOL_MAX): what the app and every CLI open. */
export function openConfiguredStore(env: DbEnv = readDbEnv()): Store {
  return openStore(env.DATABASE_URL, { max: env.DATABASE_POOL_MAX });
}

/** Relative SQLite paths are read against the repository root, whatever the working directory. */
export function sqlitePath(url: string): string {
  const raw = url.replace(/^file:(\/\/)?/, "");
  return raw === ":memory:" ? raw : path.resolve(workspaceRoot, raw);
}

const journalSize = (engine: Engine): number => {
  const journal = JSON.parse(readFileSync(path.join(migrationsDir(engine), "meta/_journal.json"), "utf8")) as {
    entries: unknown[];
  };
  return journal.entries.length;
};

export function openSqliteStore(file: string): Store {
  if (file !== ":memory:") mkdirSync(path.dirname(file), { recursive: true });
  const client = new Database(file);
  client.pragma("journal_mode = WAL");
  client.pragma("foreign_keys = ON");
  client.pragma("synchronous = NORMAL");
  client.pragma("busy_timeout = 5000");
  // Checkpoint the WAL every ~40 MB rather than every 4 MB: a bulk ingest commits a few MB per
  // batch, and each checkpoint syncs the database file.
  client.pragma("wal_autocheckpoint = 10000");
  // 64 MB of page cache instead of 2 MB: a text search reads thousands of scattered message rows.
  client.pragma("cache_size = -65536");
  cacheStatements(client);
  const db = drizzleSqlite(client, { schema: sqliteSchema, casing: "snake_case" });
  const conn: Conn = { db: db as unknown as Db, t: sqliteSchema, engine: "sqlite", kit: KITS.sqlite };
  const lock = new Mutex();
  const tx: Store["tx"] = (fn) =>
    lock.run(async () => {
      // BEGIN IMMEDIATE takes the write lock up front; drizzle's async transaction() is not
      // atomic on better-sqlite3, so it is never used.
      client.exec("BEGIN IMMEDIATE");
      try {
        const result = await fn(conn);
        client.exec("COMMIT");
        return result;
      } catch (error) {
        if (client.inTransaction) client.exec("ROLLBACK");
        throw error;
      }
    });
  return {
    engine: "sqlite",
    tx,
    read: (fn) => lock.run(() => fn(conn)),
    migrate: async () => {
      await lock.run(async () => migrateSqliteFolder(client, migrationsDir("sqlite")));
      await tx(runDataMigrations);
    },
    migrationStatus: () => lock.run(async () => ({ applied: appliedSqliteMigrations(client), total: journalSize("sqlite") })),
    ping: () => lock.run(async () => void client.prepare("select 1").get()),
    close: async () => void client.close(),
  };
}

/**
 * Applies the migrations in `folder` with foreign keys off, as SQLite's table-rebuild procedure
 * requires: adding a CHECK rebuilds the table (create new, copy, DROP old, rename), drizzle's
 * migrator runs every migration inside one transaction, where `PRAGMA foreign_keys=OFF` (which
 * drizzle-kit writes into the file) is a no-op, and a DROP TABLE with foreign keys on deletes
 * the rows first, firing ON DELETE CASCADE / SET NULL in the tables that reference it: sessions
 * and chat owners were lost that way. The pragma can only change outside a transaction, so it is
 * set around the migrator; `foreign_key_check` then proves the copy left no dangling reference.
 * The check reads every reference of every table (seconds on a database of a million messages), so
 * it runs only when this call applied a migration: a start on an up-to-date database skips it.
 */
export function migrateSqliteFolder(client: Database.Database, folder: string): void {
  const enforced = client.pragma("foreign_keys", { simple: true }) === 1;
  client.pragma("foreign_keys = OFF");
  try {
    const before = appliedSqliteMigrations(client);
    migrateSqlite(drizzleSqlite(client), { migrationsFolder: folder });
    if (appliedSqliteMigrations(client) === before) return;
    const dangling = client.pragma("foreign_key_check") as { table: string; parent: string }[];
    if (dangling.length > 0) {
      const first = dangling[0];
      throw new Error(`migration left ${dangling.length} dangling reference(s), e.g. ${first?.table} → ${first?.parent}`);
    }
  } finally {
    if (enforced) client.pragma("foreign_keys = ON");
  }
}

/** How many migrations the database records as applied (0 before the first). */
function appliedSqliteMigrations(client: Database.Database): number {
  const exists = client.prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'").get();
  return exists ? (client.prepare("select count(*) as n from __drizzle_migrations").get() as { n: number }).n : 0;
}

/**
 * What a migration's SQL cannot do alike on both engines, done in the app after every migration
 * run, in one transaction: each step finds its own leftovers, so it is cheap when there are none
 * (see docs/decisions/026-owui-email-key.md).
 */
async function runDataMigrations(conn: Conn): Promise<void> {
  await fillMissingEmailKeys(conn);
}

const MIGRATION_LOCK_KEY = 727_274_001;

export function openPostgresStore(url: string, options: StoreOptions = {}): Store {
  const client = postgres(url, { max: options.max ?? 10, connect_timeout: 5, onnotice: () => {} });
  // The pool's reads; a transaction's queries go through the connection postgres.js lends it.
  prepareShortStatements(client);
  const db = drizzlePostgres(client, { schema: pgSchema, casing: "snake_case" });
  const conn = (executor: unknown): Conn => ({ db: executor as Db, t: pgSchema, engine: "postgres", kit: KITS.postgres });
  const pool = conn(db);
  return {
    engine: "postgres",
    tx: (fn) => db.transaction((tx) => fn(conn(tx))),
    read: (fn) => fn(pool),
    migrate: async () => {
      // Several app instances may start at once against one database: an advisory lock on a
      // dedicated connection makes them migrate one after another.
      const single = postgres(url, { max: 1, connect_timeout: 5, onnotice: () => {} });
      try {
        await single`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
        await migratePostgres(drizzlePostgres(single), { migrationsFolder: migrationsDir("postgres") });
        await db.transaction((tx) => runDataMigrations(conn(tx)));
        await single`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
      } finally {
        await single.end();
      }
    },
    migrationStatus: async () => {
      const [row] = await client<{ n: number }[]>`
        select count(*)::int as n from information_schema.tables
        where table_schema = 'drizzle' and table_name = '__drizzle_migrations'`;
      const applied = row?.n
        ? ((await client<{ n: number }[]>`select count(*)::int as n from drizzle.__drizzle_migrations`)[0]?.n ?? 0)
        : 0;
      return { applied, total: journalSize("postgres") };
    },
    ping: async () => void (await client`select 1`),
    close: () => client.end({ timeout: 5 }),
  };
}
