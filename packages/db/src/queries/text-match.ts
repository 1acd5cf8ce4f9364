// Case-insensitive substring search written once for both engines (LIKE is case-insensitive on
// SQLite and case-sensitive on Postgres, so both sides are lower-cased).
import { type AnyColumn, type SQL, sql } from "drizzle-orm";

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/** `lower(col)` contains `needle` (its `%`, `_` and `\` taken literally). */
export const containsLower = (col: AnyColumn, needle: string): SQL =>
  sql`lower(${col}) like ${`%${escapeLike(needle.toLowerCase())}%`} escape '\\'`;
