import { MISSION_EXPORT_SPECS, type MissionExportTable } from "@missionboard/core";
import { describeEachEngine } from "@missionboard/db/test-utils";
import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
// Reading a workbook is for this test only: it is our own file. The app never parses workbooks.
import { read, utils } from "xlsx";
import { csvStream } from "../services/exports";
import { pseudonymizer } from "../services/pseudonym";
import { seedChats } from "../test-chats";
import { parseCsv } from "../test-csv";
import { callerAs, makeSessionUser, TEST_NOW } from "../test-helpers";
import { MISSION_EXPORT_MESSAGES } from "./mission-export";

const KEY = "test-export-key-0123456789";
const settings = { exportKey: KEY };
const pseudonym = pseudonymizer(KEY);

async function failure(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return error;
}

type Filters = { board?: string; week?: number; mission?: string; q?: string; kind?: "mission" | "regular" | "completed"; owner?: string };

describeEachEngine("mission exports", (store) => {
  async function seed() {
    const data = await seedChats(store());
    const at = new Date(TEST_NOW.getTime() - 3_600_000);
    // Standings rows as the standings job stores them (this helper only reads them).
    await store().tx(({ db, t }) =>
      db.insert(t.standings).values([
        { board: "overall", learnerId: "ow-ada", position: 1, points: 20, completions: 1, attempts: 1, reachedAt: at, updatedAt: TEST_NOW },
        {
          board: "overall",
          learnerId: "ow-bob",
          position: 2,
          points: 0,
          completions: 0,
          attempts: 1,
          reachedAt: null,
          updatedAt: TEST_NOW,
        },
        { board: "week:2", learnerId: "ow-bob", position: 1, points: 0, completions: 0, attempts: 1, reachedAt: null, updatedAt: TEST_NOW },
      ]),
    );
    const admin = await makeSessionUser(store(), "admin", { name: "Root Admin" });
    const assistant = await makeSessionUser(store(), "assistant", { name: "Sam Assistant" });
    return { ...data, admin, assistant };
  }

  async function download(caller: ReturnType<typeof callerAs>, table: MissionExportTable, filters: Filters = {}, identified = false) {
    const started = await caller.missionExport.begin({ table, format: "csv", identified, ...filters });
    const stream = csvStream((after) =>
      caller.missionExport.page({ table, identified, ticket: started.ticket, after, limit: 2, ...filters }),
    );
    const text = new TextDecoder().decode(await new Response(stream).arrayBuffer());
    const [header, ...rows] = parseCsv(text);
    return { started, text, header, rows };
  }

  it("exports the leaderboard (overall or a week) with positions, points and ranks; pseudonymised for staff", async () => {
    const { assistant } = await seed();
    const api = callerAs(store(), assistant, { settings });
    const overall = await download(api, "leaderboard");
    expect(overall.started.fileName).toBe("missionboard-leaderboard-2026-10-01.csv");
    expect(overall.header).toEqual(["Position", "Learner", "Points", "Completions", "Attempts", "Rank"]);
    expect(overall.rows).toEqual([
      ["1", pseudonym("ow-ada"), "20", "1", "1", "None"],
      ["2", pseudonym("ow-bob"), "0", "0", "1", "None"],
    ]);
    for (const secret of ["Ada", "Bob", "ow-ada", "learners.test"]) expect(overall.text).not.toContain(secret);
    const week = await download(api, "leaderboard", { board: "2" });
    expect(week.rows).toEqual([["1", pseudonym("ow-bob"), "0", "0", "1", "None"]]);
  });

  it("exports challenge results: every known learner × mission with status, attempts, completion time and points on completed rows", async () => {
    const { assistant, admin, compass } = await seed();
    const redacted = await download(callerAs(store(), assistant, { settings }), "challenge-results");
    expect(redacted.header).toEqual(["Learner", "Mission", "Week", "Status", "Attempts", "Completed at (UTC)", "Points"]);
    // Three learners (ow-nobody never started) × two missions, learners read a page at a time.
    expect(redacted.rows).toHaveLength(6);
    const adaCompass = redacted.rows.find((r) => r[0] === pseudonym("ow-ada") && r[1] === "Broken Compass");
    expect(adaCompass).toEqual([pseudonym("ow-ada"), "Broken Compass", "1", "completed", "1", "2026-09-30T12:04:00.000Z", "20"]);
    expect(redacted.rows.find((r) => r[0] === pseudonym("ow-bob") && r[1] === "Silent Signal")).toEqual([
      pseudonym("ow-bob"),
      "Silent Signal",
      "2",
      "in progress",
      "1",
      "",
      "",
    ]);
    expect(redacted.rows.filter((r) => r[3] === "not started")).toHaveLength(4);
    for (const secret of ["Ada", "@", "HYPERLINK"]) expect(redacted.text).not.toContain(secret);

    const identified = await download(callerAs(store(), admin, { settings }), "challenge-results", { mission: compass.id }, true);
    expect(identified.header).toEqual([
      "Learner",
      "Name",
      "Email",
      "Mission",
      "Week",
      "Status",
      "Attempts",
      "Completed at (UTC)",
      "Points",
    ]);
    expect(identified.rows.map((r) => [r[1], r[2], r[5]])).toEqual([
      ["Ada Lovelace", "ada@learners.test", "completed"],
      ["Bob Byte", "bob@learners.test", "not started"],
      // A formula for a name comes out as text.
      [`'=HYPERLINK("http://evil.test","click")`, "nobody@learners.test", "not started"],
    ]);
    const week = await download(callerAs(store(), assistant, { settings }), "challenge-results", { week: 2 });
    expect(new Set(week.rows.map((r) => r[1]))).toEqual(new Set(["Silent Signal"]));
  });

  it("exports the funnel per mission: started, completed, not started against all known learners, medians", async () => {
    const { assistant } = await seed();
    const funnel = await download(callerAs(store(), assistant, { settings }), "mission-funnel");
    expect(funnel.header).toEqual(MISSION_EXPORT_SPECS["mission-funnel"].columns.map((c) => c.header));
    expect(funnel.rows).toEqual([
      // Ada started at minute 0 and completed at minute 4: 4 minutes = 0.07 hours, on her first attempt.
      ["Broken Compass", "1", "20", "1", "1", "2", "100", "1", "0.07"],
      ["Silent Signal", "2", "30", "1", "0", "2", "0", "", ""],
    ]);
    // The file and the Challenge results page count the same learners and medians (§M-23): one funnel computation.
    const page = await callerAs(store(), assistant, { settings }).analytics.results();
    expect(page.hardest.map((f) => [f.name, f.started, f.completed, f.notStarted, f.medianAttemptsToComplete]).sort()).toEqual(
      funnel.rows.map((r) => [r[0], Number(r[3]), Number(r[4]), Number(r[5]), r[7] ? Number(r[7]) : null]).sort(),
    );
  });

  it("exports All chats with its filters and no message text; titles and names that are formulas come out as text", async () => {
    const { assistant, admin } = await seed();
    const redacted = await download(callerAs(store(), assistant, { settings }), "chats");
    expect(redacted.header).toEqual(["Chat", "Title", "Learner", "Models", "Missions", "Completed", "Updated (UTC)", "Messages"]);
    expect(redacted.rows.map((r) => r[0])).toEqual(["chat-ada", "chat-bob", "chat-nobody"]);
    expect(redacted.rows[0]).toEqual([
      "chat-ada",
      "Compass run",
      pseudonym("ow-ada"),
      "compass-model",
      "Broken Compass",
      "true",
      "2026-09-30T12:30:00.000Z",
      "4",
    ]);
    expect(redacted.rows[2]?.[1]).toBe(`'=HYPERLINK("http://evil.test","click")`);
    for (const secret of ["lighthouse", "Mission accomplished", "Ada"]) expect(redacted.text).not.toContain(secret);
    const searched = await download(callerAs(store(), admin, { settings }), "chats", { q: "lighthouse", kind: "completed" }, true);
    expect(searched.rows.map((r) => [r[0], r[3]])).toEqual([["chat-ada", "Ada Lovelace"]]);
  });

  it("lets only admins ask for identified data, audits every download with the table and the choice", async () => {
    const { assistant, admin, ada } = await seed();
    const staff = callerAs(store(), assistant, { settings });
    for (const call of [
      staff.missionExport.begin({ table: "challenge-results", format: "csv", identified: true }),
      staff.missionExport.workbook({ table: "challenge-results", identified: true }),
    ]) {
      const error = await failure(call);
      expect({ code: error.code, message: error.message }).toEqual({
        code: "FORBIDDEN",
        message: MISSION_EXPORT_MESSAGES.identifiedAdminsOnly,
      });
    }
    // A pseudonymised ticket does not read identified pages.
    const started = await staff.missionExport.begin({ table: "chats", format: "csv" });
    expect((await failure(staff.missionExport.page({ table: "chats", identified: true, ticket: started.ticket }))).code).toBe("FORBIDDEN");
    // Learners have no exports at all.
    expect((await failure(callerAs(store(), ada).missionExport.begin({ table: "leaderboard", format: "csv" }))).code).toBe("FORBIDDEN");

    await callerAs(store(), admin, { settings }).missionExport.workbook({ table: "leaderboard", identified: true });
    const audits = await store().read(({ db, t }) => db.select().from(t.auditLogs).where(eq(t.auditLogs.action, "export.downloaded")));
    expect(audits.map((a) => [a.actorId, a.entityId, a.metadata])).toEqual([
      [assistant.id, "chats", { table: "chats", format: "csv", personalData: false }],
      [admin.id, "leaderboard", { table: "leaderboard", format: "xlsx", personalData: true }],
    ]);
  });

  it("writes challenge results as a workbook: one sheet, the header, pseudonymised rows", async () => {
    const { assistant } = await seed();
    const file = await callerAs(store(), assistant, { settings }).missionExport.workbook({ table: "challenge-results" });
    expect(file.fileName).toBe("missionboard-challenge-results-2026-10-01.xlsx");
    expect(file.rows).toBe(6);
    const book = read(Buffer.from(file.base64, "base64"), { type: "buffer" });
    expect(book.SheetNames).toEqual(["Challenge results"]);
    const rows = utils.sheet_to_json<Record<string, unknown>>(book.Sheets["Challenge results"] ?? {}, { defval: null });
    expect(rows.find((r) => r.Learner === pseudonym("ow-ada") && r.Mission === "Broken Compass")).toMatchObject({
      Status: "completed",
      Attempts: 1,
      Points: 20,
    });
    expect(JSON.stringify(rows)).not.toContain("@");
  });
});
