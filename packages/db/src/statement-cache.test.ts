import Database from "better-sqlite3";
import { type SQL, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readDataStamp } from "./queries/data-stamps";
import { cacheStatements, PREPARED_MAX_PARAMS } from "./statement-cache";
import { openPostgresStore, type Store } from "./store";
import { createSharedDatabase, type SharedDatabase } from "./test-utils/shared-database";

function client(size?: number) {
  const db = new Database(":memory:");
  cacheStatements(db, size);
  db.exec("create table t (id integer primary key, name text); insert into t (name) values ('a'), ('b')");
  return db;
}

describe("cacheStatements", () => {
  it("hands out the statement compiled before for the same text", () => {
    const db = client();
    const first = db.prepare("select name from t order by id");
    expect(db.prepare("select name from t order by id")).toBe(first);
    expect(db.prepare("select id from t")).not.toBe(first);
  });

  it("switches raw mode off again, so a query after drizzle's row-array read gets objects", () => {
    const db = client();
    expect(db.prepare("select name from t order by id").raw().all()).toEqual([["a"], ["b"]]);
    expect(db.prepare("select name from t order by id").all()).toEqual([{ name: "a" }, { name: "b" }]);
    // Statements that return no data have no raw mode; handing them out again must not throw.
    const insert = db.prepare("insert into t (name) values (?)");
    insert.run("c");
    expect(db.prepare("insert into t (name) values (?)")).toBe(insert);
  });

  it("keeps at most `size` statements, the least recently used out first", () => {
    const db = client(2);
    const a = db.prepare("select 1");
    const b = db.prepare("select 2");
    expect(db.prepare("select 1")).toBe(a); // now the most recent
    db.prepare("select 3"); // pushes out "select 2"
    expect(db.prepare("select 1")).toBe(a);
    expect(db.prepare("select 2")).not.toBe(b);
  });

  it("keeps working after the schema changes (SQLite recompiles the statement itself)", () => {
    const db = client();
    const select = db.prepare("select * from t where id = 1");
    expect(select.get()).toEqual({ id: 1, name: "a" });
    db.exec("alter table t add column note text default 'x'");
    expect(db.prepare("select * from t where id = 1").get()).toEqual({ id: 1, name: "a", note: "x" });
  });
});

describe("prepareShortStatements (Postgres)", () => {
  let database: SharedDatabase;
  let store: Store;
  beforeAll(async () => {
    database = await createSharedDatabase("postgres", "statements");
    // One connection, so pg_prepared_statements (per session) shows what the reads prepared.
    store = openPostgresStore(database.url, { max: 1 });
  });
  afterAll(async () => {
    await store.close();
    await database.dispose();
  });

  /** Rows of a plain SQL read (postgres.js returns them as an array of objects). */
  const select = (query: SQL) =>
    store.read(({ db }) => (db as unknown as { execute: (q: SQL) => Promise<Record<string, unknown>[]> }).execute(query));
  const preparedTexts = async () => (await select(sql`select statement from pg_prepared_statements`)).map((r) => String(r.statement));
  const inList = (n: number) =>
    sql.join(
      Array.from({ length: n }, (_, i) => sql`${i}`),
      sql`, `,
    );

  it("prepares a read with few parameters once and runs it again by name", async () => {
    expect(await store.read((c) => readDataStamp(c))).toEqual(expect.any(Number));
    expect(await store.read((c) => readDataStamp(c))).toEqual(expect.any(Number));
    const stampReads = (await preparedTexts()).filter((t) => t.includes('from "data_stamps"'));
    expect(stampReads).toHaveLength(1);
  });

  it(`leaves a statement of more than ${PREPARED_MAX_PARAMS} parameters unnamed (an in-list's shapes are many)`, async () => {
    const short = await select(sql`select 7 as short where 1 in (${inList(PREPARED_MAX_PARAMS)})`);
    const long = await select(sql`select 8 as long where 1 in (${inList(PREPARED_MAX_PARAMS + 1)})`);
    expect([...short, ...long]).toEqual([{ short: 7 }, { long: 8 }]);
    const texts = await preparedTexts();
    expect(texts.some((t) => t.includes("select 7 as short"))).toBe(true);
    expect(texts.some((t) => t.includes("select 8 as long"))).toBe(false);
  });
});
