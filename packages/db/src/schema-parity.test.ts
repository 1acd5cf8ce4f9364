import { getTableName } from "drizzle-orm";
// The two engines must hold the same tables. Two guards:
//  1. the drizzle schema objects agree (columns, types, nullability, defaults, uniques, FKs, indexes, checks);
//  2. the databases the committed migrations produce agree, read back from each engine's catalog,
//     so a hand-edited or missing migration fails too.
import { getTableConfig as pgConfig } from "drizzle-orm/pg-core";
import { getTableConfig as liteConfig } from "drizzle-orm/sqlite-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pgSchema } from "./schema.pg";
import { sqliteSchema } from "./schema.sqlite";
import { describeLiveSchema, type LiveTable } from "./test-utils/introspect";
import { createTestStore, type TestStore } from "./test-utils/test-store";

type AnyConfig = ReturnType<typeof pgConfig>;

function describeTable(config: AnyConfig) {
  return {
    name: config.name,
    columns: config.columns
      .map((c) => ({
        name: c.name,
        dataType: c.dataType,
        notNull: c.notNull,
        hasDefault: c.hasDefault,
        primary: c.primary,
        isUnique: c.isUnique,
        enumValues: c.enumValues ?? null,
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    indexes: config.indexes
      .map((i) => ({
        name: i.config.name,
        unique: i.config.unique,
        columns: i.config.columns.map((c) => ("name" in c ? c.name : "<expression>")),
        partial: Boolean(i.config.where),
      }))
      .sort((a, b) => String(a.name).localeCompare(String(b.name))),
    foreignKeys: config.foreignKeys
      .map((fk) => {
        const ref = fk.reference();
        return {
          columns: ref.columns.map((c) => c.name),
          target: getTableName(ref.foreignTable),
          targetColumns: ref.foreignColumns.map((c) => c.name),
          onDelete: fk.onDelete ?? "no action",
        };
      })
      .sort((a, b) => a.columns.join().localeCompare(b.columns.join())),
    checks: config.checks.map((c) => c.name).sort(),
  };
}

const tableNames = Object.keys(pgSchema).sort();

describe("schema parity: drizzle definitions", () => {
  it("declares the same tables for both engines", () => {
    expect(Object.keys(sqliteSchema).sort()).toEqual(tableNames);
  });

  it.each(tableNames)("table %s matches column for column", (name) => {
    const pg = describeTable(pgConfig(pgSchema[name as keyof typeof pgSchema] as never));
    const lite = describeTable(liteConfig(sqliteSchema[name as keyof typeof sqliteSchema] as never) as never);
    expect(lite).toEqual(pg);
  });

  it("stores every SQLite timestamp in milliseconds, never seconds", () => {
    for (const name of tableNames) {
      const config = liteConfig(sqliteSchema[name as keyof typeof sqliteSchema] as never);
      for (const column of config.columns.filter((c) => c.dataType === "date")) {
        expect(`${name}.${column.name}: ${column.getSQLType()} ${column.columnType}`).toMatch(/SQLiteTimestamp$/);
        expect((column as unknown as { config: { mode: string } }).config.mode, `${name}.${column.name}`).toBe("timestamp_ms");
      }
    }
  });
});

/**
 * The only deliberate engine differences: full-text search over chat messages (custom migration
 * 0004_chat_search). SQLite has an FTS5 table (and its shadow tables); Postgres has a GIN index.
 * Exact names, so anything else that differs still fails.
 */
const SEARCH_ARTIFACTS = {
  sqlite: {
    tables: [
      "chat_messages_fts",
      "chat_messages_fts_config",
      "chat_messages_fts_data",
      "chat_messages_fts_docsize",
      "chat_messages_fts_idx",
    ],
    indexes: [] as string[],
  },
  postgres: { tables: [] as string[], indexes: ["chat_messages_content_fts_idx"] },
} as const;

function withoutSearchArtifacts(engine: "sqlite" | "postgres", tables: LiveTable[]): LiveTable[] {
  const allow = SEARCH_ARTIFACTS[engine];
  for (const name of allow.tables)
    expect(
      tables.map((t) => t.name),
      `${engine} search table ${name}`,
    ).toContain(name);
  for (const name of allow.indexes)
    expect(
      tables.flatMap((t) => t.indexes.map((i) => i.name)),
      `${engine} search index`,
    ).toContain(name);
  return tables
    .filter((t) => !(allow.tables as readonly string[]).includes(t.name))
    .map((t) => ({ ...t, indexes: t.indexes.filter((i) => !(allow.indexes as readonly string[]).includes(i.name)) }));
}

describe("schema parity: migrated databases", () => {
  const live: Record<"sqlite" | "postgres", LiveTable[]> = { sqlite: [], postgres: [] };
  const stores: TestStore[] = [];

  beforeAll(async () => {
    for (const engine of ["sqlite", "postgres"] as const) {
      const store = await createTestStore(engine);
      stores.push(store);
      live[engine] = withoutSearchArtifacts(engine, await describeLiveSchema(store));
    }
  });
  afterAll(async () => {
    for (const store of stores) await store.dispose();
  });

  it("the committed migrations create the tables the schema declares", () => {
    expect(live.sqlite.map((t) => t.name)).toEqual(
      tableNames.map((n) => pgConfig(pgSchema[n as keyof typeof pgSchema] as never).name).sort(),
    );
  });

  it("the committed migrations create the same tables, columns, nullability, uniques, FKs and indexes on both engines", () => {
    expect(live.sqlite).toEqual(live.postgres);
  });
});
