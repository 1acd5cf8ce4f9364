// The campaign workbook download: staff get it pseudonymised, only admins with names; every
// download is audited; learners have none.
import { makeUser } from "@missionboard/db/factories";
import { describeEachEngine, insertAttemptFixtures, insertMissionFixtures } from "@missionboard/db/test-utils";
import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { CAMPAIGN_REPORT_SHEETS } from "../services/credits/workbook";
import { pseudonymizer } from "../services/pseudonym";
import { callerAs, creditReportWorkbook, makeSessionUser, TEST_NOW } from "../test-helpers";
import { readWorkbook } from "../test-support/workbook";
import { CREDIT_REPORT_MESSAGES } from "./credit-report";

const KEY = "test-export-key-0123456789";
const settings = { exportKey: KEY };

async function failure(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return error;
}

describeEachEngine("creditReport (job, then download)", (store) => {
  async function seed() {
    const admin = await makeSessionUser(store(), "admin");
    const assistant = await makeSessionUser(store(), "assistant");
    const student = await makeSessionUser(store(), "student");
    // Ada completed Intel Guardian in the chats; no credit list yet, so it is missing credit.
    await store().tx(async (c) => {
      const ada = await makeUser(c, { email: "ada@learners.test", name: "Ada Lovelace" });
      const [intel] = await insertMissionFixtures(c, [{ key: "intel", name: "Intel Guardian", week: 1, points: 15 }], TEST_NOW);
      if (!intel) throw new Error("no mission");
      await insertAttemptFixtures(
        c,
        [{ id: "ow-ada", name: "ada", email: "ada@learners.test", userId: ada.id }],
        [{ chatId: "c1", missionId: intel, learnerId: "ow-ada", startedAt: TEST_NOW, completion: { at: TEST_NOW, points: 15 } }],
        TEST_NOW,
      );
    });
    return { admin, assistant, student };
  }

  it("staff: pseudonymised, every sheet, audited; names refused", async () => {
    const { assistant } = await seed();
    const staff = callerAs(store(), assistant, { settings });
    const file = await creditReportWorkbook(staff);
    expect(file).toMatchObject({
      fileName: "missionboard-campaign-report-2026-10-01.xlsx",
      contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    });
    const run = await staff.creditReport.run({ runId: file.runId });
    expect(run).toMatchObject({ ready: true, identified: false, job: { kind: "credits-report", status: "succeeded" } });
    expect(run.job.result).toMatchObject({ pairs: 1 });
    const book = readWorkbook(Buffer.from(file.base64, "base64"));
    expect(book.sheetNames).toEqual([...CAMPAIGN_REPORT_SHEETS]);
    expect(
      book
        .rows("Missing credit")
        .slice(1)
        .map((r) => [r[0], r[2]]),
    ).toEqual([[pseudonymizer(KEY)("ow-ada"), "Intel Guardian"]]);
    expect(JSON.stringify(book.sheetNames.map((s) => book.rows(s)))).not.toMatch(/Ada|@learners/);

    const refused = await failure(staff.creditReport.start({ identified: true }));
    expect({ code: refused.code, message: refused.message }).toEqual({
      code: "FORBIDDEN",
      message: CREDIT_REPORT_MESSAGES.identifiedAdminsOnly,
    });
    const audits = await store().read(({ db, t }) => db.select().from(t.auditLogs).where(eq(t.auditLogs.action, "export.downloaded")));
    expect(audits.map((a) => [a.actorId, a.entityId, a.metadata])).toEqual([
      [assistant.id, "campaign-report", { table: "campaign-report", format: "xlsx", personalData: false }],
    ]);
    // A report is its requester's: another staff member gets NOT FOUND, for its progress and its file.
    const other = callerAs(store(), await makeSessionUser(store(), "assistant"), { settings });
    expect((await failure(other.creditReport.run({ runId: file.runId }))).code).toBe("NOT_FOUND");
    expect((await failure(other.creditReport.download({ runId: file.runId }))).code).toBe("NOT_FOUND");
  });

  it("admin: names on request, audited as personal data; learners have no workbook", async () => {
    const { admin, student } = await seed();
    const file = await creditReportWorkbook(callerAs(store(), admin, { settings }), { identified: true });
    const book = readWorkbook(Buffer.from(file.base64, "base64"));
    expect(
      book
        .rows("All rows")
        .slice(1)
        .map((r) => [r[1], r[2], r[3], r[7]]),
    ).toEqual([["Ada Lovelace", "ada@learners.test", "Intel Guardian", false]]);
    const audits = await store().read(({ db, t }) => db.select().from(t.auditLogs).where(eq(t.auditLogs.action, "export.downloaded")));
    expect(audits.map((a) => [a.actorId, a.metadata])).toEqual([
      [admin.id, { table: "campaign-report", format: "xlsx", personalData: true }],
    ]);
    expect((await failure(callerAs(store(), student).creditReport.start({}))).code).toBe("FORBIDDEN");
  });
});
