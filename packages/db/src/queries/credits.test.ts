import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { makeUser } from "../factories";
import type { Schema } from "../schema";
import { describeEachEngine, makeCreditRow } from "../test-utils";
import {
  creditPeopleLinks,
  currentCreditSnapshot,
  deleteCreditMapping,
  discardPendingSnapshot,
  discardPendingSnapshots,
  findCreditSnapshot,
  insertPendingSnapshot,
  listCreditMappings,
  listCreditSnapshots,
  loadCampaignCreditRows,
  loadCampaignSettings,
  loadCreditRows,
  makeSnapshotCurrent,
  type NewCreditSnapshot,
  saveCampaignSettings,
  setCreditMapping,
} from "./credits";

const NOW = new Date("2026-10-01T12:00:00.000Z");
const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

const snapshot = (uploadedBy: string | null, uploadedAt = NOW): NewCreditSnapshot => ({
  uploadedBy,
  uploadedAt,
  fileName: "SubmittedActivityList.csv",
  sha256: "a".repeat(64),
  bytes: 100,
  rowCount: 2,
  addedCount: 2,
  changedCount: 0,
  droppedCount: 0,
});

describeEachEngine("credit snapshots", (store) => {
  it("stores a pending snapshot with every column of its rows, in file order", async () => {
    const rows = [
      makeCreditRow(3, { pointsAwardedHundredths: 1250, quizScore: 90.5, quizCompletionDate: later(1), missionChallenge: "=HYPERLINK(1)" }),
      makeCreditRow(2, { firstName: null, trainingDuration: 1.5, attachments: 2 }),
    ];
    const id = await store().tx((c) => insertPendingSnapshot(c, snapshot(null), rows));
    expect(await store().read((c) => loadCreditRows(c, id))).toEqual([rows[1], rows[0]]);
    expect(await store().read((c) => findCreditSnapshot(c, id))).toMatchObject({ status: "pending", rowCount: 2, confirmedAt: null });
    expect(await store().read(currentCreditSnapshot)).toBeNull();
  });

  it("loads a snapshot's campaign columns page by page, in line order, whatever the page size", async () => {
    const rows = [7, 2, 5, 3, 9, 4, 8].map((line) =>
      makeCreditRow(line, { email: line % 2 ? "Ada@X.example" : "bob@x.example", missionChallenge: line > 5 ? "Intel" : null }),
    );
    const id = await store().tx((c) => insertPendingSnapshot(c, snapshot(null), rows));
    const whole = await store().read((c) => loadCampaignCreditRows(c, id));
    expect(whole.map((r) => r.line)).toEqual([2, 3, 4, 5, 7, 8, 9]);
    const two = rows.find((r) => r.line === 2);
    expect(whole[0]).toEqual({
      line: 2,
      row: {
        userId: two?.sharepointUserId,
        firstName: two?.firstName,
        lastName: two?.lastName,
        email: "bob@x.example",
        activityId: two?.activityId,
        activityType: two?.activityType,
        activityStatus: two?.activityStatus,
        pointsHundredths: two?.pointsAwardedHundredths,
        weekId: two?.weekId,
        missionChallenge: null,
        created: two?.created.toISOString(),
      },
    });
    // Pages of 1, 2 and 3 rows (a last page full or not) give the same rows.
    for (const size of [1, 2, 3, 7]) expect(await store().read((c) => loadCampaignCreditRows(c, id, size))).toEqual(whole);
  });

  it("confirms one snapshot at a time: the previous current one is superseded and can be made current again", async () => {
    const admin = await store().tx((c) => makeUser(c, { role: "admin", now: NOW }));
    const first = await store().tx((c) => insertPendingSnapshot(c, snapshot(admin.id), [makeCreditRow(2)]));
    expect(await store().tx((c) => makeSnapshotCurrent(c, first, { from: "pending", by: admin.id, now: later(1) }))).toEqual({
      previous: null,
    });
    const second = await store().tx((c) => insertPendingSnapshot(c, snapshot(admin.id, later(2)), [makeCreditRow(2)]));
    expect(await store().tx((c) => makeSnapshotCurrent(c, second, { from: "pending", by: admin.id, now: later(3) }))).toEqual({
      previous: first,
    });
    expect((await store().read(currentCreditSnapshot))?.id).toBe(second);
    // A superseded snapshot cannot be "confirmed", and a current one not made current again.
    expect(await store().tx((c) => makeSnapshotCurrent(c, first, { from: "pending", by: admin.id, now: later(4) }))).toBe(false);
    expect(await store().tx((c) => makeSnapshotCurrent(c, second, { from: "superseded", by: admin.id, now: later(4) }))).toBe(false);
    expect(await store().tx((c) => makeSnapshotCurrent(c, first, { from: "superseded", by: admin.id, now: later(5) }))).toEqual({
      previous: second,
    });
    const list = await store().read((c) => listCreditSnapshots(c));
    expect(list.map((s) => [s.id, s.status, s.uploadedByName])).toEqual([
      [second, "superseded", admin.name],
      [first, "current", admin.name],
    ]);
    expect(list[1]).toMatchObject({ confirmedAt: later(1), currentSince: later(5) });
  });

  it("refuses a second current snapshot and a second pending upload of one admin at the database", async () => {
    const admin = await store().tx((c) => makeUser(c, { role: "admin", now: NOW }));
    const a = await store().tx((c) => insertPendingSnapshot(c, snapshot(null), []));
    const b = await store().tx((c) => insertPendingSnapshot(c, snapshot(null), []));
    await store().tx(({ db, t }) => db.update(t.creditSnapshots).set({ status: "current" }).where(eqId(t, a)));
    await expect(store().tx(({ db, t }) => db.update(t.creditSnapshots).set({ status: "current" }).where(eqId(t, b)))).rejects.toThrow();
    await store().tx((c) => insertPendingSnapshot(c, snapshot(admin.id), []));
    await expect(store().tx((c) => insertPendingSnapshot(c, snapshot(admin.id), []))).rejects.toThrow();
  });

  it("discards pending snapshots: the uploader's own, stale ones, one by id; never a confirmed one", async () => {
    const [x, y] = await store().tx(async (c) => [await makeUser(c, { now: NOW }), await makeUser(c, { now: NOW })]);
    const ids = await store().tx(async (c) => ({
      x: await insertPendingSnapshot(c, snapshot(x?.id ?? null), [makeCreditRow(2)]),
      yOld: await insertPendingSnapshot(c, snapshot(y?.id ?? null, later(-2000)), [makeCreditRow(2)]),
      cli: await insertPendingSnapshot(c, snapshot(null, later(10)), [makeCreditRow(2)]),
      kept: await insertPendingSnapshot(c, snapshot(null, later(-3000)), [makeCreditRow(2)]),
    }));
    await store().tx((c) => makeSnapshotCurrent(c, ids.kept, { from: "pending", by: null, now: NOW }));
    expect(await store().tx((c) => discardPendingSnapshots(c, { uploadedBy: x?.id ?? null, staleBefore: later(-1440) }))).toBe(2);
    expect(await store().tx((c) => discardPendingSnapshot(c, ids.kept))).toBe(false);
    expect(await store().tx((c) => discardPendingSnapshot(c, ids.cli))).toBe(true);
    expect((await store().read((c) => listCreditSnapshots(c))).map((s) => s.id)).toEqual([ids.kept]);
    // The rows went with their snapshots.
    const left = await store().read(({ db, t }) => db.select({ id: t.creditRows.snapshotId }).from(t.creditRows));
    expect(left).toEqual([{ id: ids.kept }]);
  });

  it("maps a MissionChallenge text to a mission by its trimmed lower-case key; a new mapping of the same text replaces it", async () => {
    const [m1, m2] = await store().tx(async ({ db, t }) => {
      const base = { aliases: [], markers: [], startTriggers: [], origin: "admin" as const, updatedAt: NOW };
      return db
        .insert(t.missions)
        .values([
          { key: "m1", name: "Intel Guardian", ...base },
          { key: "m2", name: "Seeds of Bias", ...base },
        ])
        .returning({ id: t.missions.id });
    });
    const id = await store().tx((c) => setCreditMapping(c, "  Intel  Guardian (Medium) ", m1?.id ?? "", null, NOW));
    expect(await store().tx((c) => setCreditMapping(c, "intel guardian (medium)", m2?.id ?? "", null, later(1)))).toBe(id);
    expect(await store().read(listCreditMappings)).toEqual([
      {
        id,
        challenge: "Intel  Guardian (Medium)",
        challengeKey: "intel guardian (medium)",
        missionId: m2?.id,
        missionName: "Seeds of Bias",
        updatedBy: null,
        updatedAt: later(1),
      },
    ]);
    expect(await store().tx((c) => deleteCreditMapping(c, id))).toEqual({ challenge: "Intel  Guardian (Medium)", missionId: m2?.id });
    expect(await store().tx((c) => deleteCreditMapping(c, id))).toBeNull();
  });

  it("reads the campaign settings as defaults (null) until saved, then what was saved", async () => {
    expect(await store().read(loadCampaignSettings)).toEqual({
      rankSource: null,
      similarityThreshold: null,
      updatedBy: null,
      updatedAt: null,
    });
    await store().tx((c) => saveCampaignSettings(c, { rankSource: "detected", similarityThreshold: 0.9 }, null, NOW));
    await store().tx((c) => saveCampaignSettings(c, { rankSource: "official", similarityThreshold: 0.85 }, null, later(1)));
    expect(await store().read(loadCampaignSettings)).toEqual({
      rankSource: "official",
      similarityThreshold: 0.85,
      updatedBy: null,
      updatedAt: later(1),
    });
  });

  it("lists each email of a snapshot with its SharePoint ids, account and OpenWebUI users, matched case-blind", async () => {
    const account = await store().tx((c) => makeUser(c, { email: "maya@example.org", name: "Maya O.", now: NOW }));
    await store().tx(({ db, t }) =>
      db.insert(t.owuiUsers).values([
        { id: "owui-a", email: "Maya@Example.org", source: "file", updatedAt: NOW },
        { id: "owui-b", email: "maya@example.org ", source: "api", updatedAt: NOW },
        { id: "owui-c", email: "jonas@example.org", source: "file", updatedAt: NOW },
      ]),
    );
    const id = await store().tx((c) =>
      insertPendingSnapshot(c, snapshot(null), [
        makeCreditRow(2, { email: "maya@example.org", sharepointUserId: 101 }),
        makeCreditRow(3, { email: "MAYA@example.org", sharepointUserId: 102 }),
        makeCreditRow(4, { email: "jonas@example.org", sharepointUserId: 103 }),
        makeCreditRow(5, { email: "nobody@example.org", sharepointUserId: 104 }),
      ]),
    );
    expect(await store().read((c) => creditPeopleLinks(c, id))).toEqual([
      { email: "jonas@example.org", sharepointUserIds: [103], account: null, owuiUserIds: ["owui-c"] },
      {
        email: "maya@example.org",
        sharepointUserIds: [101, 102],
        account: { id: account.id, name: "Maya O." },
        owuiUserIds: ["owui-a", "owui-b"],
      },
      { email: "nobody@example.org", sharepointUserIds: [104], account: null, owuiUserIds: [] },
    ]);
  });
});

const eqId = (t: Schema, id: string) => eq(t.creditSnapshots.id, id);
