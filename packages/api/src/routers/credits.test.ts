// The credits router end to end on both engines: upload → preview → confirm → snapshot, a second
// upload that changes three rows, every kind of bad file refused with nothing written, restoring an
// earlier snapshot, the pending bound, mappings, settings and the people list.
import { readFileSync } from "node:fs";
import path from "node:path";
import { type Store, workspaceRoot } from "@missionboard/db";
import { describeEachEngine } from "@missionboard/db/test-utils";
import { TRPCError } from "@trpc/server";
import { expect, it } from "vitest";
import { CREDIT_FILE_ERRORS, CREDIT_FILE_MAX_BYTES } from "../services/credits/read-csv";
import { CREDIT_ERRORS } from "../services/credits/snapshots";
import { callerAs, importCredits, makeSessionUser, TEST_NOW } from "../test-helpers";

const SAMPLE = readFileSync(path.join(workspaceRoot, "fixtures/campaign/SubmittedActivityList.sample.csv"));
/** Data rows of the sample (13 lines: the header and a value over two lines). */
const SAMPLE_ROWS = 11;

const HEADER = "UserID,FirstName,LastName,Email,ActivityID,ActivityType,ActivityStatus,PointsAwarded,WeekID,MissionChallenge,Created";

/** A list of `n` people, one mission row each; `points` overrides a row's PointsAwarded (by index). */
function listCsv(n: number, points: Record<number, string> = {}): string {
  const rows = Array.from({ length: n }, (_, i) => {
    const day = String((i % 28) + 1).padStart(2, "0");
    return `${200 + i},P${i},Q,p${i}@example.org,3,Missions & Challenges,Review Completed,${points[i] ?? "15"},${(i % 3) + 1},Mission: Intel Guardian,2026-09-${day}T10:00:00Z`;
  });
  return `${HEADER}\r\n${rows.join("\r\n")}\r\n`;
}

async function failure(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return error;
}

/** Everything an upload could touch, to show a refused one left it exactly as it was. */
async function stateOf(store: Store) {
  return store.read(async ({ db, t }) => ({
    snapshots: await db.select().from(t.creditSnapshots).orderBy(t.creditSnapshots.id),
    rows: await db.select().from(t.creditRows).orderBy(t.creditRows.snapshotId, t.creditRows.line),
    audit: await db.select().from(t.auditLogs).orderBy(t.auditLogs.id),
    users: await db.select().from(t.users).orderBy(t.users.id),
  }));
}

describeEachEngine("credits router", (store) => {
  const admin = async (now = TEST_NOW) => callerAs(store(), await makeSessionUser(store(), "admin"), { now });

  it("upload → preview → confirm → current snapshot, audited; the sample's rows stored as they were written", async () => {
    const api = await admin();
    const { snapshotId, preview } = await importCredits(api, { fileName: "SubmittedActivityList.csv", file: SAMPLE });
    expect(snapshotId).not.toBeNull();
    expect(preview).toMatchObject({
      fileName: "SubmittedActivityList.csv",
      rowCount: SAMPLE_ROWS,
      canConfirm: true,
      fileProblems: [],
      rowErrors: { total: 0, items: [] },
      diff: { counts: { added: SAMPLE_ROWS, changed: 0, dropped: 0, unchanged: 0 } },
    });
    expect((await api.credits.snapshots()).current).toBeNull();

    const confirmed = await api.credits.confirm({ snapshotId: snapshotId as string });
    expect(confirmed).toMatchObject({ id: snapshotId, status: "current", rowCount: SAMPLE_ROWS, confirmedAt: TEST_NOW });
    const { current, snapshots } = await api.credits.snapshots();
    expect(current?.id).toBe(snapshotId);
    expect(snapshots).toHaveLength(1);

    const rows = await store().read(({ db, t }) => db.select().from(t.creditRows).orderBy(t.creditRows.line));
    expect(rows).toHaveLength(SAMPLE_ROWS);
    const formula = rows.find((r) => r.email === "formula.test@example.org");
    expect(formula?.firstName).toBe('=HYPERLINK("http://x.example")');
    expect(rows.find((r) => r.demoTitle === "Summarising RFPs")?.demoDescription).toBe(
      "A prompt chain that drafts, then critiques.\nShown live.",
    );
    const actions = await store().read(({ db, t }) => db.select({ action: t.auditLogs.action }).from(t.auditLogs));
    expect(actions.map((a) => a.action).sort()).toEqual(["credits.confirmed", "credits.uploaded"]);
  });

  it("an upload runs as a credits-import job: its run shows the phase and rows read, and is its uploader's only", async () => {
    const api = await admin();
    const done = await importCredits(api, { fileName: "list.csv", file: listCsv(12) });
    const run = await api.credits.importRun({ runId: done.runId });
    expect(run.job).toMatchObject({ kind: "credits-import", status: "succeeded", processed: 12, total: 12, error: null });
    expect(run.job.result).toEqual({ rows: 12, rowErrors: 0, canConfirm: true });
    expect(run).toMatchObject({ fileName: "list.csv", snapshotId: done.snapshotId, preview: { rowCount: 12 } });
    const other = await admin();
    expect((await failure(other.credits.importRun({ runId: done.runId }))).code).toBe("NOT_FOUND");
    // A refused file fails its run with the reader's message; the page shows it as it is.
    const { runId } = await api.credits.upload({ fileName: "list.csv", file: "" });
    let failed = await api.credits.importRun({ runId });
    while (failed.job.status === "running") failed = await api.credits.importRun({ runId });
    expect(failed).toMatchObject({ job: { status: "failed", error: CREDIT_FILE_ERRORS.empty }, preview: null, snapshotId: null });
  });

  it("a second upload that changes three rows changes exactly those three", async () => {
    const api = await admin();
    const first = await importCredits(api, { fileName: "list.csv", file: listCsv(40) });
    await api.credits.confirm({ snapshotId: first.snapshotId as string });
    const second = await importCredits(api, { fileName: "list.csv", file: listCsv(40, { 3: "20", 17: "0", 31: "12.5" }) });
    expect(second.preview.diff.counts).toEqual({ added: 0, changed: 3, dropped: 0, unchanged: 37 });
    expect(second.preview.diff.changed.items.map((c) => [c.line, c.columns])).toEqual([
      [5, ["PointsAwarded"]],
      [19, ["PointsAwarded"]],
      [33, ["PointsAwarded"]],
    ]);
    await api.credits.confirm({ snapshotId: second.snapshotId as string });

    const rowsOf = (id: string) =>
      store().read(async ({ db, t }) =>
        (await db.select().from(t.creditRows).orderBy(t.creditRows.line))
          .filter((r) => r.snapshotId === id)
          .map(({ snapshotId: _, ...r }) => r),
      );
    const before = await rowsOf(first.snapshotId as string);
    const after = await rowsOf(second.snapshotId as string);
    const differing = after.filter((row, i) => JSON.stringify(row) !== JSON.stringify(before[i]));
    expect(differing.map((r) => [r.line, r.pointsAwardedHundredths])).toEqual([
      [5, 2000],
      [19, 0],
      [33, 1250],
    ]);
    expect((await api.credits.compare({ from: first.snapshotId as string, to: second.snapshotId as string })).counts).toEqual({
      added: 0,
      changed: 3,
      dropped: 0,
      unchanged: 37,
    });
    const { snapshots } = await api.credits.snapshots();
    expect(snapshots.map((s) => [s.id, s.status])).toEqual([
      [second.snapshotId, "current"],
      [first.snapshotId, "superseded"],
    ]);
  });

  it("refuses every kind of bad file with a clear message and leaves the current snapshot and everything else as it was", async () => {
    const api = await admin();
    const good = await importCredits(api, { fileName: "list.csv", file: listCsv(5) });
    await api.credits.confirm({ snapshotId: good.snapshotId as string });
    const before = await stateOf(store());

    const strayQuote = listCsv(10).replace("P3,Q", 'P3,Q"x');
    const cases: [string, string | Uint8Array, string][] = [
      ["list.xlsx", listCsv(2), CREDIT_FILE_ERRORS.notCsv],
      ["list.csv", "", CREDIT_FILE_ERRORS.empty],
      ["list.csv", `${HEADER}\r\n`, CREDIT_FILE_ERRORS.noRows],
      [
        "list.csv",
        "UserID,Email\n1,a@x\n",
        "CSV file is missing required columns: ActivityID, ActivityStatus, ActivityType, Created, WeekID",
      ],
      ["list.csv", strayQuote, CREDIT_FILE_ERRORS.strayQuote(5)],
      ["list.csv", Buffer.from(`${HEADER}\nCaf\xe9\n`, "latin1"), CREDIT_FILE_ERRORS.notUtf8(2)],
      ["list.csv", Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 6, 0, 8, 0]), CREDIT_FILE_ERRORS.xlsx],
      ["list.csv", Buffer.alloc(CREDIT_FILE_MAX_BYTES + 1, 0x41), CREDIT_FILE_ERRORS.tooLarge],
    ];
    for (const [fileName, file, message] of cases) {
      const error = await failure(importCredits(api, { fileName, file }));
      expect([fileName, error.code, error.message]).toEqual([fileName, "BAD_REQUEST", message]);
    }

    // Row errors and identity conflicts: a preview that says why, and nothing stored.
    const badLine = listCsv(6).replace("204,P4", "2O4,P4");
    const refused = await importCredits(api, { fileName: "list.csv", file: badLine });
    expect(refused.snapshotId).toBeNull();
    expect(refused.preview.canConfirm).toBe(false);
    expect(refused.preview.rowErrors.items).toEqual([{ line: 6, column: "UserID", message: "Line 6: 'UserID' must be an integer." }]);
    const conflict = await importCredits(api, { fileName: "list.csv", file: listCsv(3).replace("p1@example.org", "p0@example.org") });
    expect(conflict.snapshotId).toBeNull();
    expect(conflict.preview.emailConflictMessage).toBe(
      "Each email must map to one SharePoint UserID. Fix the CSV and re-upload. Conflicts: p0@example.org -> IDs 200, 201",
    );

    expect(await stateOf(store())).toEqual(before);
  });

  it("keeps at most one pending upload per admin, and a discarded one is gone", async () => {
    const api = await admin();
    const first = await importCredits(api, { fileName: "a.csv", file: listCsv(3) });
    const second = await importCredits(api, { fileName: "b.csv", file: listCsv(4) });
    let { snapshots } = await api.credits.snapshots();
    expect(snapshots.map((s) => [s.id, s.status, s.fileName])).toEqual([[second.snapshotId, "pending", "b.csv"]]);
    expect((await failure(api.credits.confirm({ snapshotId: first.snapshotId as string }))).code).toBe("NOT_FOUND");

    // Another admin's pending upload is left alone until it is a day old.
    const other = await admin(new Date(TEST_NOW.getTime() + 60_000));
    await importCredits(other, { fileName: "c.csv", file: listCsv(2) });
    expect((await api.credits.snapshots()).snapshots).toHaveLength(2);
    const nextDay = await admin(new Date(TEST_NOW.getTime() + 25 * 60 * 60_000));
    await importCredits(nextDay, { fileName: "d.csv", file: listCsv(2) });
    ({ snapshots } = await api.credits.snapshots());
    expect(snapshots.map((s) => s.fileName)).toEqual(["d.csv"]);

    await nextDay.credits.discard({ snapshotId: snapshots[0]?.id as string });
    expect((await api.credits.snapshots()).snapshots).toEqual([]);
    const again = await failure(nextDay.credits.discard({ snapshotId: snapshots[0]?.id as string }));
    expect(again.message).toBe(CREDIT_ERRORS.unknownSnapshot);
  });

  it("makes an earlier snapshot current again (audited); a current or pending one cannot be restored, a confirmed one not confirmed twice", async () => {
    const api = await admin();
    const a = await importCredits(api, { fileName: "a.csv", file: listCsv(3) });
    await api.credits.confirm({ snapshotId: a.snapshotId as string });
    const b = await importCredits(api, { fileName: "b.csv", file: listCsv(4) });
    await api.credits.confirm({ snapshotId: b.snapshotId as string });

    expect((await failure(api.credits.restore({ snapshotId: b.snapshotId as string }))).message).toBe(CREDIT_ERRORS.notSuperseded);
    expect((await failure(api.credits.confirm({ snapshotId: a.snapshotId as string }))).code).toBe("CONFLICT");
    const restored = await api.credits.restore({ snapshotId: a.snapshotId as string });
    expect(restored).toMatchObject({ id: a.snapshotId, status: "current", rowCount: 3 });
    expect((await api.credits.snapshots()).current?.id).toBe(a.snapshotId);
    const audit = await store().read(({ db, t }) => db.select().from(t.auditLogs));
    expect(audit.find((e) => e.action === "credits.restored")).toMatchObject({
      entityType: "credit_snapshot",
      entityId: a.snapshotId,
      metadata: { previous: b.snapshotId },
    });
  });

  it("maps challenge texts to missions and saves the campaign settings, both audited; defaults until saved", async () => {
    const api = await admin();
    const [mission] = await store().tx(({ db, t }) =>
      db
        .insert(t.missions)
        .values({ key: "intel", name: "Intel Guardian", aliases: [], markers: [], startTriggers: [], origin: "admin", updatedAt: TEST_NOW })
        .returning({ id: t.missions.id }),
    );
    const missionId = mission?.id as string;
    expect((await failure(api.credits.setMapping({ challenge: "Intel", missionId: "nope" }))).code).toBe("BAD_REQUEST");
    expect((await failure(api.credits.setMapping({ challenge: "Intel", missionId: "0190c2a4-0000-7000-8000-000000000000" }))).code).toBe(
      "NOT_FOUND",
    );
    const mapping = await api.credits.setMapping({ challenge: " Mission: Intel Guardian (Medium) ", missionId });
    expect(await api.credits.mappings()).toMatchObject([
      { id: mapping.id, challenge: "Mission: Intel Guardian (Medium)", missionId, missionName: "Intel Guardian" },
    ]);
    await api.credits.removeMapping({ id: mapping.id });
    expect(await api.credits.mappings()).toEqual([]);

    expect((await api.credits.settings()).effective).toEqual({ rankSource: "detected", similarityThreshold: 0.82 });
    const upload = await importCredits(api, { fileName: "a.csv", file: listCsv(2) });
    await api.credits.confirm({ snapshotId: upload.snapshotId as string });
    expect((await api.credits.settings()).effective.rankSource).toBe("official");
    await api.credits.setSettings({ rankSource: "detected", similarityThreshold: 0.9 });
    expect((await api.credits.settings()).effective).toEqual({ rankSource: "detected", similarityThreshold: 0.9 });
    const tooLow = await failure(api.credits.setSettings({ rankSource: null, similarityThreshold: 0.1 }));
    expect(tooLow.code).toBe("BAD_REQUEST");
    const actions = (await store().read(({ db, t }) => db.select({ action: t.auditLogs.action }).from(t.auditLogs))).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["credits.mapping_set", "credits.mapping_removed", "campaign.settings_updated"]));
  });

  it("matches the current list's mission rows to missions by name and similarity; a confirmed match becomes a mapping", async () => {
    const api = await admin();
    const base = { aliases: [], markers: [], startTriggers: [], origin: "admin" as const, updatedAt: TEST_NOW };
    const missions = await store().tx(({ db, t }) =>
      db
        .insert(t.missions)
        .values([
          { key: "intel", name: "Intel Guardian", week: 1, points: 15, ...base },
          { key: "compass", name: "Broken Compass", week: 3, points: 12, ...base },
        ])
        .returning({ id: t.missions.id, key: t.missions.key }),
    );
    const compass = missions.find((m) => m.key === "compass")?.id as string;
    expect(await api.credits.matches()).toMatchObject({ snapshotId: null, rows: { mapping: 0, name: 0, similarity: 0, unmatched: 0 } });
    const upload = await importCredits(api, { fileName: "SubmittedActivityList.csv", file: SAMPLE });
    await api.credits.confirm({ snapshotId: upload.snapshotId as string });
    const before = await api.credits.matches();
    expect(before).toMatchObject({ threshold: 0.82, rows: { mapping: 0, name: 1, similarity: 1, unmatched: 4 } });
    expect(before.uncertain.items).toEqual([
      {
        text: "Mission: Broken Compas (Easy Difficulty)",
        weekId: 3,
        lines: [12],
        match: { missionId: compass, method: "similarity", ratio: expect.any(Number) },
        reason: "similar-name",
        missionName: "Broken Compass",
      },
    ]);
    expect(before.unmatched.total).toBe(4);
    await api.credits.setMapping({ challenge: "Mission: Broken Compas (Easy Difficulty)", missionId: compass });
    const after = await api.credits.matches();
    expect(after).toMatchObject({ rows: { mapping: 1, name: 1, similarity: 0, unmatched: 4 }, uncertain: { total: 0 } });
  });

  it("lists the current list's people against accounts and OpenWebUI users by email, never merging anyone", async () => {
    const api = await admin();
    const assistant = callerAs(store(), await makeSessionUser(store(), "assistant"));
    expect(await assistant.credits.people()).toMatchObject({ snapshotId: null, people: 0 });
    await makeSessionUser(store(), "student", { email: "p0@example.org" });
    await store().tx(({ db, t }) =>
      db.insert(t.owuiUsers).values([
        { id: "o1", email: "P1@example.org", source: "file", updatedAt: TEST_NOW },
        { id: "o2", email: "p1@example.org", source: "api", updatedAt: TEST_NOW },
      ]),
    );
    const usersBefore = await store().read(({ db, t }) => db.select().from(t.users));
    const upload = await importCredits(api, { fileName: "a.csv", file: listCsv(3) });
    await api.credits.confirm({ snapshotId: upload.snapshotId as string });
    const people = await assistant.credits.people();
    expect(people).toMatchObject({
      snapshotId: upload.snapshotId,
      people: 3,
      linked: 2,
      unmatched: { total: 1, items: [{ email: "p2@example.org", sharepointUserIds: [202] }] },
      severalOwuiUsers: { total: 1, items: [{ email: "p1@example.org", owuiUserIds: ["o1", "o2"], accountId: null }] },
      severalSharepointIds: { total: 0 },
    });
    expect(await store().read(({ db, t }) => db.select().from(t.users))).toEqual(usersBefore);
  });
});
