// The SQLite half of the dialect kit; mirrors kit/pg.ts name for name.
import { type Column, getTableColumns, getTableName, type SQL, sql, type Table } from "drizzle-orm";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import * as lite from "drizzle-orm/sqlite-core";
import { newId } from "../ids";
import { searchTerms } from "../search-terms";
import { inList, requiredValue } from "./shared";

export const dialect = "sqlite" as const;
export const table = lite.sqliteTable;
export const { index, uniqueIndex, check, foreignKey, primaryKey, text } = lite;
export const int = <N extends string>(name: N) => lite.integer(name, { mode: "number" });
export const real = <N extends string>(name: N) => lite.real(name);
export const bool = <N extends string>(name: N) => lite.integer(name, { mode: "boolean" });
/** Always UTC: epoch milliseconds (never seconds, which would lose precision). */
export const ts = <N extends string>(name: N) => lite.integer(name, { mode: "timestamp_ms" });
export const createdAt = () => ts("created_at").notNull().default(sql`(cast(unixepoch('subsec') * 1000 as integer))`);
export const json = <T>(name: string) => lite.text(name, { mode: "json" }).$type<T>();
export const id = () => lite.text("id").primaryKey().$defaultFn(newId);
export const ref = <N extends string>(name: N) => lite.text(name);
export const likeLower = (col: SQL | lite.AnySQLiteColumn, pattern: string): SQL => sql`lower(${col}) like ${pattern}`;

export const enumCheck = <C extends Column>(name: string, column: C, values: readonly C["_"]["data"][]) =>
  lite.check(name, inList(column, values as readonly string[]));

export type Db = BaseSQLiteDatabase<"sync" | "async", unknown>;

/**
 * Nothing to wait for: store.tx already runs one transaction at a time on the one connection
 * (BEGIN IMMEDIATE under the store's mutex). Same signature as kit/pg.ts.
 */
export async function lockForTransaction(_db: Db, _key: number): Promise<void> {}

/**
 * Full-text condition on `chat_messages`: every word of `query` must occur in `content`
 * (FTS5 external-content table `chat_messages_fts`, migration 0004_chat_search: triggers keep it in
 * step on delete and update, replaceChatMessages on insert, migration 0005). Each word is passed
 * as a quoted FTS5 string bound as a parameter, so user input cannot inject MATCH syntax. `null`
 * when the query has no words.
 */
export const ftsMatch = (query: string): SQL | null => {
  const terms = searchTerms(query);
  if (terms.length === 0) return null;
  const match = terms.map((term) => `"${term.replaceAll('"', '""')}"`).join(" ");
  return sql`"chat_messages"."rowid" in (select "rowid" from "chat_messages_fts" where "chat_messages_fts" match ${match})`;
};

/** The better-sqlite3 handle behind the connection (only what the bulk paths use of it). */
interface SqliteClient {
  prepare(source: string): { run(...params: unknown[]): unknown; get(...params: unknown[]): unknown };
}

const clientOf = (db: Db): SqliteClient => (db as unknown as { $client: SqliteClient }).$client;

/** Prepared full-size multi-row INSERT statements per client, by table. */
const insertStatements = new WeakMap<object, Map<string, ReturnType<SqliteClient["prepare"]>>>();

/** Rows per prepared multi-row INSERT (×columns stays far below SQLite's 32,766 parameters). */
const ROWS_PER_STATEMENT = 500;

/**
 * Bulk insert of rows that carry every column of `table` (no defaults needed), on the one
 * connection (so inside the caller's store.tx): prepared multi-row statements (the full-size one
 * cached per table), each value encoded by its drizzle column exactly as
 * `db.insert(table).values(rows)` would (dates as epoch ms, booleans as 0/1, JSON as text).
 * `onConflict` is appended verbatim (a constant `on conflict … do update` clause, never user input).
 * `same` holds columns every row has the same value in (a parent's id), not repeated on each row.
 */
export async function bulkInsert(
  db: Db,
  table: Table,
  rows: readonly Record<string, unknown>[],
  onConflict = "",
  same: Record<string, unknown> = {},
): Promise<void> {
  if (rows.length === 0) return;
  const client = clientOf(db);
  const columns = Object.entries(getTableColumns(table)) as [string, Column][];
  const name = getTableName(table);
  let perClient = insertStatements.get(client);
  if (!perClient) {
    perClient = new Map();
    insertStatements.set(client, perClient);
  }
  const tuple = `(${columns.map(() => "?").join(", ")})`;
  const list = columns.map(([, c]) => `"${c.name}"`).join(", ");
  for (let from = 0; from < rows.length; from += ROWS_PER_STATEMENT) {
    const part = rows.slice(from, from + ROWS_PER_STATEMENT);
    // Only the full-size statement is cached (the last, shorter part of a call is prepared once).
    const cacheKey = `${name} ${onConflict}`;
    let statement = part.length === ROWS_PER_STATEMENT ? perClient.get(cacheKey) : undefined;
    if (!statement) {
      const values = new Array(part.length).fill(tuple).join(", ");
      statement = client.prepare(`insert into "${name}" (${list}) values ${values}${onConflict ? ` ${onConflict}` : ""}`);
      if (part.length === ROWS_PER_STATEMENT) perClient.set(cacheKey, statement);
    }
    const params: unknown[] = new Array(columns.length * part.length);
    let i = 0;
    for (const row of part) {
      for (const [key, column] of columns) {
        const value = key in same ? same[key] : requiredValue(row, key, name);
        params[i++] = value === null ? null : column.mapToDriverValue(value);
      }
    }
    statement.run(...params);
  }
}

/**
 * Bulk insert into `chat_messages` (every column present), adding the new rows to the FTS5 index.
 * New rows get rowids above the current maximum (no AUTOINCREMENT; the transaction holds the
 * write lock), so one INSERT … SELECT indexes exactly them: several times cheaper than a trigger
 * per row (migration 0005).
 */
export async function insertChatMessages(db: Db, table: Table, rows: readonly Record<string, unknown>[]): Promise<void> {
  const client = clientOf(db);
  const before = (client.prepare('select coalesce(max(rowid), 0) as "top" from "chat_messages"').get() as { top: number }).top;
  await bulkInsert(db, table, rows);
  client
    .prepare('insert into "chat_messages_fts"(rowid, "content") select rowid, "content" from "chat_messages" where rowid > ?')
    .run(before);
}
