// Upgrading a SQLite database that holds data: migrations that rebuild a table (SQLite has no
// ALTER TABLE … ADD CONSTRAINT, so a new CHECK means create, copy, drop, rename) must keep the rows
// of the tables that reference it. The upgrade starts from 0005_ingest_writes, the last
// migration before the first rebuild (0007, the enum CHECKs).
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { afterEach, expect, it } from "vitest";
import { migrateSqliteFolder, openSqliteStore } from "./store";
import { migrationsDir } from "./workspace";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the SQLite migrations up to and including the one tagged `…_${tag}`. */
function migrationsUpTo(tag: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), "mb-migrations-"));
  dirs.push(dir);
  cpSync(migrationsDir("sqlite"), dir, { recursive: true });
  const journalFile = path.join(dir, "meta/_journal.json");
  const journal = JSON.parse(readFileSync(journalFile, "utf8")) as { entries: { tag: string }[] };
  const last = journal.entries.findIndex((e) => e.tag.endsWith(`_${tag}`));
  expect(last, `migration …_${tag}`).toBeGreaterThanOrEqual(0);
  journal.entries = journal.entries.slice(0, last + 1);
  writeFileSync(journalFile, JSON.stringify(journal));
  return dir;
}

it("upgrading a SQLite database keeps the rows that reference a rebuilt table (sessions, chat owners, attempts)", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "mb-upgrade-"));
  dirs.push(dir);
  const file = path.join(dir, "old.db");
  const old = new Database(file);
  old.pragma("foreign_keys = ON");
  migrate(drizzle(old), { migrationsFolder: migrationsUpTo("ingest_writes") });
  const now = Date.now();
  // Raw SQL with the columns of that version, so later schema changes do not break the fixture.
  old.exec(`
    insert into users (id, email, name, role, status, origin, email_notifications, created_at, updated_at)
      values ('u1', 'a@example.test', 'A', 'student', 'active', 'local', 1, ${now}, ${now});
    insert into sessions (id, user_id, created_at, expires_at) values ('s1', 'u1', ${now}, ${now + 3_600_000});
    insert into notifications (id, user_id, kind, title, created_at) values ('n1', 'u1', 'badge_awarded', 'Hi', ${now});
    insert into owui_users (id, source, created_at, updated_at) values ('o1', 'file', ${now}, ${now});
    insert into chats (id, owui_user_id, models, message_count, content_hash, archived, ingested_at)
      values ('c1', 'o1', '[]', 0, 'h', 0, ${now});
    insert into missions (id, key, name, aliases, markers, include_default_markers, briefing_reply_counts, start_triggers, origin, is_active, created_at, updated_at)
      values ('m1', 'k', 'Mission', '[]', '[]', 1, 0, '[]', 'admin', 1, ${now}, ${now});
    insert into mission_attempts (id, chat_id, mission_id, owui_user_id, message_count, user_message_count, completed, detector_version)
      values ('a1', 'c1', 'm1', 'o1', 1, 1, 0, 'v1');
  `);
  old.close();

  const store = openSqliteStore(file);
  await store.migrate();
  const after = await store.read(async ({ db, t }) => ({
    sessions: await db.$count(t.sessions),
    notifications: await db.$count(t.notifications),
    attempts: await db.$count(t.missionAttempts),
    chatOwner: (await db.select({ owner: t.chats.owuiUserId }).from(t.chats))[0]?.owner,
  }));
  await store.close();
  expect(after).toEqual({ sessions: 1, notifications: 1, attempts: 1, chatOwner: "o1" });

  // Foreign keys are enforced again after the upgrade.
  const check = new Database(file);
  expect(check.pragma("foreign_key_check")).toEqual([]);
  check.close();
  const reopened = openSqliteStore(file);
  await expect(
    reopened.tx(({ db, t }) => db.insert(t.sessions).values({ id: "s2", userId: "nobody", expiresAt: new Date(now) })),
  ).rejects.toThrow();
  await reopened.close();
});

it("the reference check runs when a migration was applied, and a start on an up-to-date database skips it", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "mb-fkcheck-"));
  dirs.push(dir);
  const db = new Database(path.join(dir, "current.db"));
  migrateSqliteFolder(db, migrationsDir("sqlite"));
  // A dangling reference, as a faulty table rebuild would leave.
  db.pragma("foreign_keys = OFF");
  db.exec(`insert into sessions (id, user_id, created_at, expires_at) values ('s1', 'nobody', 0, 1)`);
  // Nothing to apply: no check (it reads every reference of every table), so no complaint.
  expect(() => migrateSqliteFolder(db, migrationsDir("sqlite"))).not.toThrow();
  // One more migration: the check runs and names what dangles.
  const next = mkdtempSync(path.join(tmpdir(), "mb-migrations-"));
  dirs.push(next);
  cpSync(migrationsDir("sqlite"), next, { recursive: true });
  const journalFile = path.join(next, "meta/_journal.json");
  const journal = JSON.parse(readFileSync(journalFile, "utf8")) as { entries: { idx: number; when: number; tag: string }[] };
  const last = journal.entries[journal.entries.length - 1] as { idx: number; when: number; tag: string };
  const tag = `${String(last.idx + 1).padStart(4, "0")}_test_noop`;
  journal.entries.push({ ...last, idx: last.idx + 1, when: last.when + 1, tag });
  writeFileSync(journalFile, JSON.stringify(journal));
  writeFileSync(path.join(next, `${tag}.sql`), "CREATE TABLE test_noop (id text PRIMARY KEY);");
  expect(() => migrateSqliteFolder(db, next)).toThrow(/1 dangling reference\(s\), e.g. sessions → users/);
  db.close();
});
