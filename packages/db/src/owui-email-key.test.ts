// Upgrading a database that holds OpenWebUI users to owui_users.email_key (ADR 026): the
// migration's SQL keys the printable-ASCII emails it can key exactly, and the store's migrate()
// keys the rest in the app, so linking by email finds them on both engines.
import { readFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { upsertOwuiUsers } from "./queries/analytics";
import { sqlitePath } from "./store";
import { createSharedDatabase, TEST_ENGINES, type TestEngine } from "./test-utils";
import { migrationsDir } from "./workspace";

/** The migration's last statement: its backfill. Found by name, as the lead may renumber it. */
function backfillStatement(engine: TestEngine): string {
  const dir = migrationsDir(engine);
  const journal = JSON.parse(readFileSync(path.join(dir, "meta/_journal.json"), "utf8")) as { entries: { tag: string }[] };
  const tag = journal.entries.find((e) => e.tag.endsWith("_owui_email_key"))?.tag;
  if (!tag) throw new Error("no owui_email_key migration");
  const statements = readFileSync(path.join(dir, `${tag}.sql`), "utf8").split("--> statement-breakpoint");
  return statements[statements.length - 1] ?? "";
}

/** Runs one raw statement through a connection of the engine's own driver. */
async function runRaw(engine: TestEngine, url: string, statement: string): Promise<void> {
  if (engine === "sqlite") {
    const client = new Database(sqlitePath(url));
    try {
      client.exec(statement);
    } finally {
      client.close();
    }
    return;
  }
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await client.unsafe(statement);
  } finally {
    await client.end();
  }
}

const now = new Date("2026-05-01T00:00:00Z");

describe.each(TEST_ENGINES)("migration owui_email_key [%s]", (engine) => {
  it("keys ASCII emails in SQL, leaves the rest to the app, and migrate() keys those with NFC and Unicode case", async () => {
    const shared = await createSharedDatabase(engine, "email_key");
    const store = shared.open();
    try {
      const emails = { ascii: " Ada@X.org ", accented: "E\u0301LODIE@x.org", greek: "ΣΟΦΙΑ@x.gr", tab: "\tbob@x.org", blank: "  " };
      await store.tx((c) =>
        upsertOwuiUsers(
          c,
          Object.entries(emails).map(([id, email]) => ({ id, name: null, email, role: "user", source: "api" as const })),
          now,
        ),
      );
      // The rows as they stood before the migration: no keys.
      await store.tx(({ db, t }) => db.update(t.owuiUsers).set({ emailKey: null }));
      const keys = () =>
        store.read(async ({ db, t }) =>
          Object.fromEntries(
            (await db.select({ id: t.owuiUsers.id, key: t.owuiUsers.emailKey }).from(t.owuiUsers)).map((r) => [r.id, r.key]),
          ),
        );

      await runRaw(engine, shared.url, backfillStatement(engine));
      expect(await keys()).toEqual({ ascii: "ada@x.org", accented: null, greek: null, tab: null, blank: null });

      await store.migrate();
      expect(await keys()).toEqual({ ascii: "ada@x.org", accented: "élodie@x.org", greek: "σοφια@x.gr", tab: "bob@x.org", blank: null });
    } finally {
      await store.close();
      await shared.dispose();
    }
  });
});
