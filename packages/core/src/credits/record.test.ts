import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  type CanonicalColumn,
  CREDIT_COLUMNS,
  type CreditRow,
  canonicalColumn,
  cellsByColumn,
  isReviewCompleted,
  parseCreditDateTime,
  parseHundredths,
  parseWhole,
  REQUIRED_CREDIT_COLUMNS,
  readCreditHeader,
  readCreditRecord,
  shareCreditRowTexts,
} from "./record";
import { sampleCreditRows, splitCsv } from "./sample-csv";

/** Sample data copied into the repository (fixtures/ at its root). */
const sample = readFileSync(
  fileURLToPath(new URL("../../../../fixtures/campaign/SubmittedActivityList.sample.csv", import.meta.url)),
  "utf8",
);

/** A valid record's cells; override what a case is about. */
const cells = (over: Partial<Record<CanonicalColumn, string>> = {}): Record<CanonicalColumn, string> => ({
  ...cellsByColumn([], []),
  UserID: "101",
  Email: "maya@example.org",
  ActivityID: "3",
  ActivityType: "Missions & Challenges",
  ActivityStatus: "Review Completed",
  PointsAwarded: "15",
  WeekID: "1",
  Created: "2026-09-08T14:02:11Z",
  ...over,
});

const rowOf = (over: Partial<Record<CanonicalColumn, string>>): CreditRow => {
  const result = readCreditRecord(2, cells(over));
  if (!("row" in result)) throw new Error(JSON.stringify(result));
  return result.row;
};

describe("CREDIT_COLUMNS", () => {
  it("has the export's 28 columns and the 7 required ones among them", () => {
    expect(CREDIT_COLUMNS).toHaveLength(28);
    for (const c of REQUIRED_CREDIT_COLUMNS) expect(CREDIT_COLUMNS).toContain(c);
  });
});

describe("canonicalColumn: header spellings that differ only in case, spacing or a BOM", () => {
  const cases: [string, CanonicalColumn | null][] = [
    ["UserID", "UserID"],
    ["\uFEFFUserID", "UserID"],
    ["userid", "UserID"],
    [" User ID ", "UserID"],
    ["POINTS AWARDED", "PointsAwarded"],
    ["Mission\tChallenge", "MissionChallenge"],
    ["User_ID", null],
    ["Modified", null],
  ];
  for (const [header, column] of cases) it(JSON.stringify(header), () => expect(canonicalColumn(header)).toBe(column));
});

describe("readCreditHeader", () => {
  it("reads the sample file's header (BOM, every column)", () => {
    const header = splitCsv(sample)[0] ?? [];
    expect(readCreditHeader(header).columns).toEqual([...CREDIT_COLUMNS]);
  });
  const cases: [string, string[], string | null][] = [
    ["blank header", ["", " "], "CSV file is missing a header row."],
    [
      "missing required columns, listed sorted",
      ["UserID", "Email", "ActivityType", "Created"],
      "CSV file is missing required columns: ActivityID, ActivityStatus, WeekID",
    ],
    ["only optional columns missing is fine; unknown ones ignored", [...REQUIRED_CREDIT_COLUMNS, "Modified"], null],
    ["the same column twice", [...REQUIRED_CREDIT_COLUMNS, " email"], "CSV file has the column 'Email' twice (as 'Email' and 'email')."],
  ];
  for (const [name, header, error] of cases) it(name, () => expect(readCreditHeader(header).error ?? null).toBe(error));
  it("maps positions, null for ignored columns", () => {
    expect(readCreditHeader(["Modified", ...REQUIRED_CREDIT_COLUMNS]).columns?.slice(0, 2)).toEqual([null, "UserID"]);
  });
});

describe("readCreditRecord: every row error, with the line the caller gives", () => {
  const cases: [string, Partial<Record<CanonicalColumn, string>>, string[]][] = [
    ["UserID blank", { UserID: " " }, ["Line 7: 'UserID' is required."]],
    ["UserID 1.0", { UserID: "1.0" }, ["Line 7: 'UserID' must be an integer."]],
    ["Email blank", { Email: "" }, ["Line 7: 'Email' is required."]],
    ["ActivityID text", { ActivityID: "three" }, ["Line 7: 'ActivityID' must be an integer."]],
    ["ActivityType blank", { ActivityType: "" }, ["Line 7: 'ActivityType' is required."]],
    ["ActivityStatus blank", { ActivityStatus: "" }, ["Line 7: 'ActivityStatus' is required."]],
    ["WeekID blank", { WeekID: "" }, ["Line 7: 'WeekID' is required."]],
    ["WeekID 2.5", { WeekID: "2.5" }, ["Line 7: 'WeekID' must be an integer."]],
    ["Attachments text", { Attachments: "two" }, ["Line 7: 'Attachments' must be an integer."]],
    ["Created blank", { Created: "" }, ["Line 7: 'Created' is required."]],
    ["Created in another format", { Created: "8 Sep 2026" }, ["Line 7: 'Created' has an unsupported format."]],
    ["PointsAwarded text (the old tool made it 0 silently)", { PointsAwarded: "fifteen" }, ["Line 7: 'PointsAwarded' must be a number."]],
    [
      "several problems at once, in column order",
      { UserID: "", WeekID: "x", Created: "yesterday" },
      ["Line 7: 'UserID' is required.", "Line 7: 'WeekID' must be an integer.", "Line 7: 'Created' has an unsupported format."],
    ],
  ];
  for (const [name, over, messages] of cases)
    it(name, () => {
      const result = readCreditRecord(7, cells(over));
      expect("errors" in result && result.errors.map((e) => e.message)).toEqual(messages);
    });
  it("names the column and line of each error", () => {
    expect(readCreditRecord(4812, cells({ Email: "" }))).toEqual({
      errors: [{ line: 4812, column: "Email", message: "Line 4812: 'Email' is required." }],
    });
  });
  it("skips a record whose cells are all blank", () => {
    expect(readCreditRecord(3, cellsByColumn([], []))).toEqual({ blank: true });
    expect(readCreditRecord(3, { ...cellsByColumn([], []), FirstName: "  ", Created: "\t" })).toEqual({ blank: true });
  });
});

describe("readCreditRecord: values", () => {
  it("trims text, blank text is null, optional numbers unreadable are null", () => {
    const row = rowOf({
      FirstName: "  Maya ",
      LastName: "",
      Email: " Maya@Example.org ",
      TrainingDuration: "1.5",
      QuizScore: "ninety",
      MissionChallengeResponse: "",
      QuizCompletionDate: "not a date",
    });
    expect(row).toMatchObject({
      firstName: "Maya",
      lastName: null,
      email: "Maya@Example.org",
      trainingDuration: 1.5,
      quizScore: null,
      missionChallengeResponse: null,
      quizCompletionDate: null,
    });
  });
  it("keeps formula-like text as text, never evaluated", () => {
    const row = rowOf({ FirstName: '=HYPERLINK("http://x.example")', TrainingTitle: "@SUM(1+1)", UseCaseStory: "+1-2" });
    expect([row.firstName, row.trainingTitle, row.useCaseStory]).toEqual(['=HYPERLINK("http://x.example")', "@SUM(1+1)", "+1-2"]);
  });
  it("keeps new lines inside text", () => {
    expect(rowOf({ DemoDescription: "A chain.\nShown live." }).demoDescription).toBe("A chain.\nShown live.");
  });
  const points: [string, number][] = [
    ["", 0],
    ["15", 1500],
    ["12.5", 1250],
    [" 0.1 ", 10],
    ["-5", -500],
  ];
  for (const [text, hundredths] of points)
    it(`PointsAwarded ${JSON.stringify(text)} is ${hundredths} hundredths`, () =>
      expect(rowOf({ PointsAwarded: text }).pointsHundredths).toBe(hundredths));
});

describe("parseHundredths: exact, rounded half away from zero at the third decimal", () => {
  const cases: [string, number | null][] = [
    ["0", 0],
    ["1.", 100],
    [".25", 25],
    ["+7.05", 705],
    ["12.344", 1234],
    ["12.345", 1235],
    ["-12.345", -1235],
    ["-0.004", 0],
    ["0.1", 10],
    ["1e2", null],
    ["NaN", null],
    [".", null],
    ["1,5", null],
  ];
  for (const [text, value] of cases) it(JSON.stringify(text), () => expect(parseHundredths(text)).toBe(value));
  it("sums exactly where floats would not (0.1 + 0.2)", () => {
    expect((parseHundredths("0.1") ?? 0) + (parseHundredths("0.2") ?? 0)).toBe(parseHundredths("0.3"));
  });
});

describe("parseWhole: as Python's int()", () => {
  const cases: [string, number | null][] = [
    ["12", 12],
    [" +3 ", 3],
    ["-4", -4],
    ["1.0", null],
    ["1e3", null],
    ["", null],
    ["99999999999999999999", null],
  ];
  for (const [text, value] of cases) it(JSON.stringify(text), () => expect(parseWhole(text)).toBe(value));
});

describe("parseCreditDateTime: the three Created formats, as UTC", () => {
  const cases: [string, string | null][] = [
    ["2026-09-08T14:02:11Z", "2026-09-08T14:02:11.000Z"],
    ["2026-09-08T14:02:11.5z", "2026-09-08T14:02:11.500Z"],
    ["2026-09-08T14:02:11", "2026-09-08T14:02:11.000Z"],
    ["2026-09-08 14:02", "2026-09-08T14:02:00.000Z"],
    ["2026-09-08T14:02:11+02:00", "2026-09-08T12:02:11.000Z"],
    ["2026-09-08T01:00:00-0130", "2026-09-08T02:30:00.000Z"],
    ["2026-09-08", "2026-09-08T00:00:00.000Z"],
    ["09/09/2026 10:15 AM", "2026-09-09T10:15:00.000Z"],
    ["09/09/2026 10:15 pm", "2026-09-09T22:15:00.000Z"],
    ["9/9/2026 12:05 AM", "2026-09-09T00:05:00.000Z"],
    ["09/09/2026 12:05 PM", "2026-09-09T12:05:00.000Z"],
    ["09/10/2026 16:40", "2026-09-10T16:40:00.000Z"],
    ["09/10/2026 16:40:05", "2026-09-10T16:40:05.000Z"],
    ["09/10/2026 13:40 PM", null],
    ["02/30/2026 10:00", null],
    ["2026-13-01", null],
    ["2026-09-08T24:00:00Z", null],
    ["10/09/26 10:15", null],
    ["Sept 9, 2026", null],
    ["", null],
  ];
  for (const [text, iso] of cases) it(JSON.stringify(text), () => expect(parseCreditDateTime(text)).toBe(iso));
});

describe("isReviewCompleted", () => {
  const cases: [string, boolean][] = [
    ["Review Completed", true],
    ["review completed", true],
    [" REVIEW COMPLETED ", true],
    ["Submitted", false],
    ["Review  Completed", false],
  ];
  for (const [status, yes] of cases) it(status, () => expect(isReviewCompleted(status)).toBe(yes));
});

describe("the sample export", () => {
  const rows = sampleCreditRows(sample);
  it("reads every record (a quoted field spans two physical lines)", () => {
    expect(rows.map((r) => r.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });
  it("reads the three Created formats", () => {
    expect(rows.slice(0, 3).map((r) => r.row.created)).toEqual([
      "2026-09-08T14:02:11.000Z",
      "2026-09-09T10:15:00.000Z",
      "2026-09-10T16:40:00.000Z",
    ]);
  });
  it("keeps the formula-like name as text", () => {
    expect(rows.at(-1)?.row.firstName).toBe('=HYPERLINK("http://x.example")');
  });
});

describe("shareCreditRowTexts", () => {
  it("leaves every value as it was (that equal texts become one string is not observable from JavaScript)", () => {
    const rows = sampleCreditRows(sample).map((r) => r.row);
    const before = structuredClone(rows);
    // Rows read separately hold separate copies of the same text (built at run time, not literals).
    const email = (n: number) => `ada${"@x.example".slice(0, n)}`;
    const a = { ...rows[0], email: email(10), activityType: ["Missions", "Challenges"].join(" & ") } as CreditRow;
    const b = { ...rows[0], email: email(10), activityType: ["Missions", "Challenges"].join(" & ") } as CreditRow;
    const share = shareCreditRowTexts();
    for (const row of [...rows, a, b]) share(row);
    expect(rows).toEqual(before);
    expect([a.email, a.activityType]).toEqual(["ada@x.example", "Missions & Challenges"]);
    expect(b.email).toBe(a.email);
    expect(b.activityType).toBe(a.activityType);
    expect(rows.find((r) => r.firstName === null)?.firstName ?? null).toBeNull();
  });
});
