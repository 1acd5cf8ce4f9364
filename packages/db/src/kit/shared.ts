// Dialect-neutral pieces the two kits share (kept out of the kits' public surface, which must be
// the same name for name on both sides).
import { type Column, type SQL, sql } from "drizzle-orm";

/** `col in ('a', 'b', …)`, the values inlined as SQL string literals (DDL takes no parameters). */
export function inList(column: Column, values: readonly string[]): SQL {
  if (values.length === 0) throw new Error(`enumCheck: no values for ${column.name}`);
  return sql`${column} in (${sql.raw(values.map((v) => `'${v.replaceAll("'", "''")}'`).join(", "))})`;
}

/** The value of `row[key]`, which must be present (null allowed): bulk inserts carry every column. */
export function requiredValue(row: Record<string, unknown>, key: string, table: string): unknown {
  const value = row[key];
  if (value === undefined) throw new Error(`bulkInsert: ${table}.${key} missing`);
  return value;
}

export const chunks = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};
