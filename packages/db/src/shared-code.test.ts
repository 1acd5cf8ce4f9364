// Shared query code (packages/db/src/queries and all of packages/api) is written once for both
// engines (docs/decisions/002-dual-dialect-data-layer.md). What only one engine has, or what is
// not atomic on one of them, must not appear there; engine-specific SQL lives in the dialect kits
// (src/kit/pg.ts, src/kit/sqlite.ts) behind one signature and is reached through `conn.kit`.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { workspaceRoot } from "./workspace";

const SHARED_DIRS = ["packages/db/src/queries", "packages/api/src"];

const BANNED: { pattern: RegExp; why: string }[] = [
  { pattern: /\.transaction\s*\(/, why: "drizzle's transaction() is not atomic on better-sqlite3: use store.tx" },
  { pattern: /\$client\b/, why: "the driver handle is engine-specific: add a kit function" },
  { pattern: /\.execute\s*\(/, why: "execute() exists on Postgres only: add a kit function" },
  {
    pattern: /\bengine\s*[!=]==?|[!=]==?\s*[\w.]*\bengine\b/,
    why: "no engine branches: add a kit function with the same signature on both sides",
  },
  { pattern: /\bdialect\s*[!=]==?|[!=]==?\s*[\w.]*\bdialect\b/, why: "no dialect branches: add a kit function" },
  { pattern: /from\s+["'][^"']*kit\/(pg|sqlite)["']/, why: "use conn.kit, not one engine's kit" },
  { pattern: /from\s+["']drizzle-orm\/(pg-core|sqlite-core|better-sqlite3|postgres-js|pglite)["']/, why: "engine-specific drizzle module" },
];

/** Source files (tests excluded: they may set up one engine on purpose). */
function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(workspaceRoot, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name))
    .map((e) => path.relative(workspaceRoot, path.join(e.parentPath, e.name)));
}

/** Lines with the comments removed (a comment may name what it avoids). */
const codeLines = (text: string) =>
  text
    .replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ""))
    .split("\n")
    .map((line) => line.replace(/(^|[^:"'`])\/\/.*$/, "$1"));

function violations(files: string[]): string[] {
  const found: string[] = [];
  for (const file of files) {
    codeLines(readFileSync(path.join(workspaceRoot, file), "utf8")).forEach((line, i) => {
      for (const { pattern, why } of BANNED) if (pattern.test(line)) found.push(`${file}:${i + 1}: ${line.trim()}  (${why})`);
    });
  }
  return found;
}

it("shared query code has no engine branches, driver handles, execute() or drizzle transaction()", () => {
  const files = SHARED_DIRS.flatMap(sourceFiles);
  expect(files.length).toBeGreaterThan(20);
  expect(violations(files)).toEqual([]);
});

it("the guard catches each banned form (checked against a sample)", () => {
  const samples = [
    "await db.transaction(async (tx) => {})",
    "const client = (db as never as { $client: X }).$client;",
    "await (db as never).execute(sql`select 1`)",
    'if (engine === "sqlite") fast();',
    'if (conn.engine !== "postgres") fast();',
    'const kit = "sqlite" === engine ? a : b;',
    'import * as pgKit from "../kit/pg";',
    'import { sqliteTable } from "drizzle-orm/sqlite-core";',
  ];
  for (const sample of samples)
    expect(
      BANNED.some(({ pattern }) => pattern.test(sample)),
      sample,
    ).toBe(true);
  for (const fine of ["await kit.bulkInsert(db, t.chats, rows)", "engine: ctx.db.engine,", "// never db.transaction( here"])
    expect(
      codeLines(fine).some((line) => BANNED.some(({ pattern }) => pattern.test(line))),
      fine,
    ).toBe(false);
});
