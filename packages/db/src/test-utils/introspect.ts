// Reads a migrated database's structure back from the engine's own catalog, in one shape for
// both engines, so the parity test compares what the migrations really built.
import { type SQL, sql } from "drizzle-orm";
import type { Store } from "../store";

export interface LiveTable {
  name: string;
  columns: { name: string; notNull: boolean; primary: boolean }[];
  indexes: { name: string; unique: boolean; columns: string[] }[];
  foreignKeys: { columns: string[]; target: string; targetColumns: string[]; onDelete: string }[];
}

type Row = Record<string, unknown>;

async function rows(store: Store, query: SQL): Promise<Row[]> {
  return store.read(async ({ db }) => {
    const anyDb = db as unknown as { all?: (q: SQL) => Promise<Row[]>; execute?: (q: SQL) => Promise<Row[] | { rows: Row[] }> };
    if (store.engine === "sqlite") return (await anyDb.all?.(query)) ?? [];
    const result = await anyDb.execute?.(query);
    return Array.isArray(result) ? result : (result?.rows ?? []);
  });
}

const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);

export async function describeLiveSchema(store: Store): Promise<LiveTable[]> {
  return store.engine === "sqlite" ? describeSqlite(store) : describePostgres(store);
}

async function describeSqlite(store: Store): Promise<LiveTable[]> {
  const tables = await rows(
    store,
    sql`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '\\_\\_drizzle%' escape '\\' order by name`,
  );
  const result: LiveTable[] = [];
  for (const { name } of tables as { name: string }[]) {
    const columns = (await rows(store, sql.raw(`pragma table_info("${name}")`))) as { name: string; notnull: number; pk: number }[];
    const indexList = (await rows(store, sql.raw(`pragma index_list("${name}")`))) as { name: string; unique: number; origin: string }[];
    const indexes = [];
    for (const index of indexList.filter((i) => i.origin === "c")) {
      const cols = (await rows(store, sql.raw(`pragma index_info("${index.name}")`))) as { name: string | null }[];
      indexes.push({ name: index.name, unique: index.unique === 1, columns: cols.map((c) => c.name ?? "<expression>") });
    }
    const fks = (await rows(store, sql.raw(`pragma foreign_key_list("${name}")`))) as {
      id: number;
      table: string;
      from: string;
      to: string;
      on_delete: string;
    }[];
    const grouped = new Map<number, LiveTable["foreignKeys"][number]>();
    for (const fk of fks) {
      const entry = grouped.get(fk.id) ?? { columns: [], target: fk.table, targetColumns: [], onDelete: fk.on_delete.toLowerCase() };
      entry.columns.push(fk.from);
      entry.targetColumns.push(fk.to);
      grouped.set(fk.id, entry);
    }
    result.push({
      name,
      columns: columns.map((c) => ({ name: c.name, notNull: c.notnull === 1 || c.pk > 0, primary: c.pk > 0 })).sort(byName),
      indexes: indexes.sort(byName),
      foreignKeys: [...grouped.values()].sort((a, b) => a.columns.join().localeCompare(b.columns.join())),
    });
  }
  return result;
}

const PG_ON_DELETE: Record<string, string> = { a: "no action", r: "restrict", c: "cascade", n: "set null", d: "set default" };

async function describePostgres(store: Store): Promise<LiveTable[]> {
  const tables = (await rows(
    store,
    sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  )) as { name: string }[];
  const result: LiveTable[] = [];
  for (const { name } of tables) {
    const columns = (await rows(
      store,
      sql`select c.column_name as name, c.is_nullable = 'NO' as not_null,
            exists (select 1 from information_schema.table_constraints tc
                    join information_schema.key_column_usage k on k.constraint_name = tc.constraint_name and k.table_name = tc.table_name
                    where tc.table_name = c.table_name and tc.constraint_type = 'PRIMARY KEY' and k.column_name = c.column_name) as is_primary
          from information_schema.columns c where c.table_schema = 'public' and c.table_name = ${name}`,
    )) as { name: string; not_null: boolean; is_primary: boolean }[];
    const indexes = (await rows(
      store,
      sql`select i.relname as name, ix.indisunique as is_unique,
            array(select coalesce(a.attname, '<expression>') from unnest(ix.indkey) with ordinality k(attnum, ord)
                  left join pg_attribute a on a.attrelid = ix.indrelid and a.attnum = k.attnum order by k.ord) as cols
          from pg_index ix join pg_class i on i.oid = ix.indexrelid join pg_class t on t.oid = ix.indrelid
          where t.relname = ${name} and not ix.indisprimary`,
    )) as { name: string; is_unique: boolean; cols: string[] | string }[];
    const fks = (await rows(
      store,
      sql`select conname, confrelid::regclass::text as target, confdeltype as on_delete,
            array(select a.attname from unnest(conkey) with ordinality k(n, o) join pg_attribute a on a.attrelid = conrelid and a.attnum = k.n order by k.o) as cols,
            array(select a.attname from unnest(confkey) with ordinality k(n, o) join pg_attribute a on a.attrelid = confrelid and a.attnum = k.n order by k.o) as target_cols
          from pg_constraint where contype = 'f' and conrelid = ${name}::regclass`,
    )) as { target: string; on_delete: string; cols: string[] | string; target_cols: string[] | string }[];
    const list = (v: string[] | string) =>
      Array.isArray(v)
        ? v
        : v
            .replace(/^\{|\}$/g, "")
            .split(",")
            .filter(Boolean);
    result.push({
      name,
      columns: columns.map((c) => ({ name: c.name, notNull: c.not_null, primary: c.is_primary })).sort(byName),
      indexes: indexes.map((i) => ({ name: i.name, unique: i.is_unique, columns: list(i.cols) })).sort(byName),
      foreignKeys: fks
        .map((fk) => ({
          columns: list(fk.cols),
          target: fk.target.replace(/^"|"$/g, ""),
          targetColumns: list(fk.target_cols),
          onDelete: PG_ON_DELETE[fk.on_delete] ?? fk.on_delete,
        }))
        .sort((a, b) => a.columns.join().localeCompare(b.columns.join())),
    });
  }
  return result;
}
