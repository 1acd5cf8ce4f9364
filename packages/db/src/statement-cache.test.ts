import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { cacheStatements } from "./statement-cache";

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
