// better-sqlite3 compiles the SQL text on every prepare(), and drizzle prepares each query anew,
// so a page of a dozen queries spent about a millisecond compiling the same statements again
// (CPU profile of the dashboard benchmark, docs/decisions/024-worker-processes.md). This keeps the
// most recently used statements per connection and hands them out again.
import type BetterSqlite3 from "better-sqlite3";

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
