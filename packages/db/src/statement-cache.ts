// Statements compiled once and used again, on both engines. better-sqlite3 compiles the SQL text on
// every prepare(), and drizzle prepares each query anew, so a page of a dozen queries spent about a
// millisecond compiling the same statements again (CPU profile of the dashboard benchmark,
// docs/decisions/024-worker-processes.md): cacheStatements keeps them per connection. On Postgres
// drizzle sends every query unnamed, so the server parses and plans it on every request:
// prepareShortStatements has postgres.js prepare them (docs/decisions/033-postgres-prepared-statements.md).
import type BetterSqlite3 from "better-sqlite3";
import type postgres from "postgres";

/** Distinct SQL texts kept per connection; the app has a few hundred, bulk inserts vary by size. */
export const STATEMENT_CACHE_SIZE = 1000;

/**
 * Makes `client.prepare` return the statement it compiled before for the same text (least recently
 * used out first). Safe because every statement runs to completion synchronously (nothing here
 * uses iterate()), and a statement's raw mode, which drizzle switches on for its row arrays, is
 * switched off again each time it is handed out.
 */
export function cacheStatements(client: BetterSqlite3.Database, size = STATEMENT_CACHE_SIZE): void {
  const prepare = client.prepare.bind(client);
  const kept = new Map<string, BetterSqlite3.Statement>();
  client.prepare = ((source: string) => {
    const hit = kept.get(source);
    if (hit) {
      kept.delete(source);
      kept.set(source, hit);
      if (hit.reader) hit.raw(false);
      return hit;
    }
    const statement = prepare(source);
    kept.set(source, statement);
    if (kept.size > size) kept.delete(kept.keys().next().value as string);
    return statement;
  }) as BetterSqlite3.Database["prepare"];
}

/**
 * Statements with at most this many parameters are prepared. A statement's text varies with the
 * length of an `in (…)` list, so the long ones come in many shapes that rarely repeat; postgres.js
 * keeps every statement it prepared for the life of the connection, and those would only fill it.
 * The queries every request runs (the session, the stamps, the counts) take a handful.
 */
export const PREPARED_MAX_PARAMS = 16;

/**
 * Makes the queries drizzle sends through `client` named prepared statements when they take at most
 * PREPARED_MAX_PARAMS parameters: postgres.js then parses and plans each text once per connection
 * and afterwards only binds and executes it. drizzle asks for an unnamed statement unless a query
 * is given a name with `.prepare(name)`, which the shared query code cannot do alike on SQLite.
 */
export function prepareShortStatements(client: postgres.Sql): void {
  const unsafe = client.unsafe;
  client.unsafe = ((query: string, parameters?: unknown[], options?: postgres.UnsafeQueryOptions) =>
    unsafe(query, parameters as postgres.ParameterOrJSON<never>[], {
      ...options,
      prepare: (parameters?.length ?? 0) <= PREPARED_MAX_PARAMS,
    })) as typeof client.unsafe;
}
