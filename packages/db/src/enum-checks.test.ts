// Every enum column (`k.text(…, { enum })`) is backed by a CHECK built from the same constant
// (k.enumCheck): the migrated database of each engine takes every value of the enum and refuses
// anything else, so a write that bypasses the types (raw SQL, a bug, a forged value) cannot store it.
import { eq, getTableName, type Table } from "drizzle-orm";
import { getTableConfig as pgConfig } from "drizzle-orm/pg-core";
import { expect, it } from "vitest";
import { makeAwardRow, makeBadgeRequestRow, makeCatalogItem, makeUser } from "./factories";
import { pgSchema } from "./schema.pg";
import type { Conn } from "./store";
import { describeEachEngine } from "./test-utils";

const NOW = new Date("2026-10-01T12:00:00.000Z");

/** One valid row in every table that has an enum column; the test fails for a table left out here. */
async function oneRowEach(c: Conn): Promise<Record<string, string>> {
  const { db, t } = c;
  const user = await makeUser(c, { now: NOW });
  const program = await makeCatalogItem(c, { kind: "program", now: NOW });
  const request = await makeBadgeRequestRow(c, { userId: user.id, item: program, submittedAt: NOW });
  const award = await makeAwardRow(c, { userId: user.id, item: program, awardedAt: NOW });
  const insertOne = async (table: Table, values: Record<string, unknown>) => {
    const [row] = await db
      .insert(table as never)
      .values(values as never)
      .returning({ id: (table as unknown as { id: never }).id });
    return (row as { id: string }).id;
  };
  const missionId = await insertOne(t.missions, {
    key: "m-1",
    name: "Mission",
    aliases: [],
    markers: [],
    startTriggers: [],
    origin: "admin",
    updatedAt: NOW,
  });
  return {
    users: user.id,
    catalog_items: program.id,
    badge_requests: request.id,
    awards: award.id,
    auth_identities: await insertOne(t.authIdentities, { userId: user.id, provider: "google", subject: "s-1", email: user.email }),
    auth_tokens: await insertOne(t.authTokens, { id: "token-hash", userId: user.id, purpose: "verify_email", expiresAt: NOW }),
    mail_messages: await insertOne(t.mailMessages, { to: "a@example.test", subject: "Hi", text: "Hi" }),
    notifications: await insertOne(t.notifications, { userId: user.id, kind: "badge_awarded", title: "Hi" }),
    owui_users: await insertOne(t.owuiUsers, { id: "owui-1", source: "file", updatedAt: NOW }),
    missions: missionId,
    reload_runs: await insertOne(t.reloadRuns, { source: "cli", mode: "upsert", status: "running", startedAt: NOW, skippedReasons: {} }),
    job_runs: await insertOne(t.jobRuns, { kind: "reload", status: "running", lease: "analytics", params: {} }),
    credit_snapshots: await insertOne(t.creditSnapshots, {
      uploadedAt: NOW,
      fileName: "list.csv",
      sha256: "0".repeat(64),
      bytes: 1,
      rowCount: 0,
      addedCount: 0,
      changedCount: 0,
      droppedCount: 0,
    }),
    campaign_settings: await insertOne(t.campaignSettings, { id: "campaign", updatedAt: NOW }),
    badge_mission_rules: await insertOne(t.badgeMissionRules, { itemId: program.id, kind: "all", updatedAt: NOW }),
    mission_changes: await insertOne(t.missionChanges, {
      missionId,
      modelId: "model-1",
      field: "points",
      change: { from: 10, to: 20 },
      detectedAt: NOW,
    }),
  };
}

/** [table name, drizzle table key, column key, column name, enum values] for every enum column. */
const enumColumns = Object.entries(pgSchema).flatMap(([tableKey, table]) => {
  const config = pgConfig(table as never);
  return Object.entries(table as unknown as Record<string, { name?: string; enumValues?: string[] }>)
    .filter(([, column]) => config.columns.some((c) => c.name === column?.name && c.enumValues?.length))
    .map(([columnKey, column]) => ({
      table: getTableName(table as never),
      tableKey,
      columnKey,
      column: column.name as string,
      values: column.enumValues as string[],
    }));
});

it("finds the enum columns (a guard on the discovery itself)", () => {
  expect(enumColumns.map((c) => `${c.table}.${c.column}`)).toEqual(
    expect.arrayContaining(["users.role", "catalog_items.kind", "awards.kind", "reload_runs.status", "missions.origin"]),
  );
  expect(enumColumns.length).toBeGreaterThanOrEqual(16);
});

describeEachEngine("enum CHECK constraints", (store) => {
  it("every enum column takes each of its values and refuses any other, with the CHECK named after it", async () => {
    const ids = await store().tx(oneRowEach);
    for (const { table, tableKey, columnKey, column, values } of enumColumns) {
      const id = ids[table];
      expect(id, `add a row of ${table} to oneRowEach`).toBeDefined();
      const set = (value: string) =>
        store().tx(async ({ db, t }) => {
          const target = t[tableKey as keyof typeof t] as unknown as Table & { id: never };
          await db
            .update(target as never)
            .set({ [columnKey]: value } as never)
            .where(eq(target.id, id as never));
        });
      for (const value of values) await expect(set(value), `${table}.${column} = ${value}`).resolves.toBeUndefined();
      const refused = await set("not-a-value").then(
        () => null,
        (error: unknown) => error,
      );
      expect(refused, `${table}.${column} took a value outside its enum`).not.toBeNull();
      expect(String((refused as { cause?: unknown }).cause ?? refused)).toMatch(new RegExp(`${table}_${column}_ck`));
    }
  });
});
