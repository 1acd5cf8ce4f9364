// The SQLite half of the dialect kit; mirrors kit/pg.ts name for name.
import { type SQL, sql } from "drizzle-orm";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import * as lite from "drizzle-orm/sqlite-core";
import { newId } from "../ids";
import { searchTerms } from "../search-terms";

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

export type Db = BaseSQLiteDatabase<"sync" | "async", unknown>;

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
