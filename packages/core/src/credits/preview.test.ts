import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { creditRow, lined } from "./fixtures";
import {
  changedCreditColumns,
  creditRowIdentity,
  diffCreditRows,
  keyCreditRows,
  type LinedCreditRow,
  previewCredits,
  userIdConflictMessage,
} from "./preview";
import type { CreditRow, CreditRowError } from "./record";
import { sampleCreditRows } from "./sample-csv";

const sample = sampleCreditRows(
  readFileSync(fileURLToPath(new URL("../../../../fixtures/campaign/SubmittedActivityList.sample.csv", import.meta.url)), "utf8"),
);

describe("previewCredits: file-level problems and confirmation", () => {
  const error: CreditRowError = { line: 2, column: "Email", message: "Line 2: 'Email' is required." };
  const cases: { name: string; rows: LinedCreditRow[]; errors: CreditRowError[]; fileProblems: string[]; canConfirm: boolean }[] = [
    { name: "no data rows", rows: [], errors: [], fileProblems: ["CSV file does not contain any data rows."], canConfirm: false },
    { name: "only bad rows: the row errors say it", rows: [], errors: [error], fileProblems: [], canConfirm: false },
    { name: "a bad row among good ones", rows: lined(creditRow()), errors: [error], fileProblems: [], canConfirm: false },
    { name: "good rows", rows: lined(creditRow()), errors: [], fileProblems: [], canConfirm: true },
  ];
  for (const c of cases)
    it(c.name, () => {
      const p = previewCredits(c.rows, c.errors, null);
      expect([p.fileProblems, p.canConfirm, p.rowErrors]).toEqual([c.fileProblems, c.canConfirm, c.errors]);
    });
});

describe("previewCredits: duplicates by row identity", () => {
  it("lists rows sharing an identity, saying whether they are identical", () => {
    const a = creditRow();
    const later = creditRow({ created: "2026-09-09T10:00:00.000Z" });
    const p = previewCredits(lined(a, a, later, creditRow({ pointsHundredths: 2000 })), [], null);
    expect(p.duplicates).toEqual([{ identity: "101|3|1|2026-09-08T14:02:11.000Z", lines: [2, 3, 5], identical: false }]);
    expect(previewCredits(lined(a, later, a), [], null).duplicates).toEqual([
      { identity: creditRowIdentity(a), lines: [2, 4], identical: true },
    ]);
  });
  it("does not block confirmation", () => {
    expect(previewCredits(lined(creditRow(), creditRow()), [], null).canConfirm).toBe(true);
  });
});

describe("previewCredits: identity conflicts", () => {
  it("an email (any case) with several UserIDs: the old tool's message, and no confirmation", () => {
    const p = previewCredits(
      lined(
        creditRow({ userId: 2, email: "A@x.org" }),
        creditRow({ userId: 1, email: "a@x.org", created: "2026-09-09T00:00:00.000Z" }),
        creditRow({ userId: 3, email: "b@x.org" }),
        creditRow({ userId: 4, email: "b@x.org", weekId: 2 }),
        creditRow({ userId: 5, email: "c@x.org" }),
      ),
      [],
      null,
    );
    expect(p.emailsWithSeveralUserIds).toEqual([
      { email: "a@x.org", userIds: [1, 2], lines: [2, 3] },
      { email: "b@x.org", userIds: [3, 4], lines: [4, 5] },
    ]);
    expect(p.emailConflictMessage).toBe(
      "Each email must map to one SharePoint UserID. Fix the CSV and re-upload. Conflicts: a@x.org -> IDs 1, 2; b@x.org -> IDs 3, 4",
    );
    expect(p.canConfirm).toBe(false);
  });
  it("a UserID with several emails (the old tool missed it), and no confirmation", () => {
    const p = previewCredits(
      lined(creditRow({ email: "maya@example.org" }), creditRow({ email: "maya.o@example.org", weekId: 2 })),
      [],
      null,
    );
    expect(p.userIdsWithSeveralEmails).toEqual([{ userId: 101, emails: ["maya.o@example.org", "maya@example.org"], lines: [2, 3] }]);
    expect(p.userIdConflictMessage).toBe(userIdConflictMessage(p.userIdsWithSeveralEmails));
    expect(p.userIdConflictMessage).toContain("Conflicts: 101 -> maya.o@example.org, maya@example.org");
    expect(p.emailsWithSeveralUserIds).toEqual([]);
    expect(p.canConfirm).toBe(false);
  });
  it("the same email in two letter cases is one person, no conflict (the sample's Maya)", () => {
    const p = previewCredits(sample, [], null);
    expect([p.emailsWithSeveralUserIds, p.userIdsWithSeveralEmails, p.canConfirm]).toEqual([[], [], true]);
  });
});

describe("previewCredits: unknown statuses and weeks out of range", () => {
  const rows = lined(
    creditRow({ activityStatus: "review completed" }),
    creditRow({ activityStatus: "Rejected", weekId: 0 }),
    creditRow({ activityStatus: "Submitted", weekId: 11 }),
    creditRow({ activityStatus: "Rejected", weekId: 11 }),
  );
  it("with the defaults (Submitted, Review Completed; weeks 1–10)", () => {
    const p = previewCredits(rows, [], null);
    expect(p.unknownStatuses).toEqual([{ value: "Rejected", lines: [3, 5] }]);
    expect(p.weeksOutOfRange).toEqual([
      { value: 0, lines: [3] },
      { value: 11, lines: [4, 5] },
    ]);
    expect(p.canConfirm).toBe(true);
  });
  it("with a configured range and list", () => {
    const p = previewCredits(rows, [], null, { weekRange: { min: 0, max: 12 }, knownStatuses: [" rejected ", "Review Completed"] });
    expect(p.unknownStatuses).toEqual([{ value: "Submitted", lines: [4] }]);
    expect(p.weeksOutOfRange).toEqual([]);
  });
});

describe("diffCreditRows: against the current snapshot, by identity", () => {
  const a = creditRow();
  const b = creditRow({ userId: 102, email: "jonas@example.org", weekId: 2 });
  const c = creditRow({ userId: 103, email: "priya@example.org", weekId: 3 });
  const cases: {
    name: string;
    file: CreditRow[];
    snapshot: CreditRow[];
    added: number;
    changed: number;
    dropped: number;
    unchanged: number;
  }[] = [
    { name: "no snapshot: everything is added", file: [a, b], snapshot: [], added: 2, changed: 0, dropped: 0, unchanged: 0 },
    { name: "the same file again changes nothing", file: [a, b], snapshot: [b, a], added: 0, changed: 0, dropped: 0, unchanged: 2 },
    {
      name: "a reviewer completed a review: changed, not added",
      file: [{ ...a, activityStatus: "Review Completed", pointsHundredths: 2000 }, b],
      snapshot: [{ ...a, activityStatus: "Submitted", pointsHundredths: 0 }, b],
      added: 0,
      changed: 1,
      dropped: 0,
      unchanged: 1,
    },
    {
      name: "a row gone from the list is dropped, a new one added",
      file: [a, c],
      snapshot: [a, b],
      added: 1,
      changed: 0,
      dropped: 1,
      unchanged: 1,
    },
    {
      name: "a second row with the same identity is added as #2",
      file: [a, a],
      snapshot: [a],
      added: 1,
      changed: 0,
      dropped: 0,
      unchanged: 1,
    },
  ];
  for (const t of cases)
    it(t.name, () => {
      const d = diffCreditRows(lined(...t.file), t.snapshot);
      expect([d.added.length, d.changed.length, d.dropped.length, d.unchanged]).toEqual([t.added, t.changed, t.dropped, t.unchanged]);
    });
  it("names what changed, the line, and the second occurrence's key", () => {
    const d = diffCreditRows(lined(b, { ...a, pointsHundredths: 2000, missionChallenge: "Intel Guardian (Medium)" }, a), [a]);
    expect(d.changed).toEqual([
      {
        key: creditRowIdentity(a),
        line: 3,
        before: a,
        after: { ...a, pointsHundredths: 2000, missionChallenge: "Intel Guardian (Medium)" },
        columns: ["PointsAwarded", "MissionChallenge"],
      },
    ]);
    expect(d.added.map((x) => [x.key, x.line])).toEqual([
      [creditRowIdentity(b), 2],
      [`${creditRowIdentity(a)}#2`, 4],
    ]);
  });
  it("the preview carries the diff", () => {
    expect(previewCredits(lined(a), [], [a, b]).diff.dropped).toEqual([{ key: creditRowIdentity(b), row: b }]);
  });
  it("gives the same keys and diff with the identities made once by the caller", () => {
    const rows = lined(b, { ...a, pointsHundredths: 2000 }, a, b);
    const identities = rows.map((r) => creditRowIdentity(r.row));
    expect([...keyCreditRows(rows, identities)]).toEqual([...keyCreditRows(rows)]);
    expect(diffCreditRows(rows, [a], identities)).toEqual(diffCreditRows(rows, [a]));
  });
});

describe("changedCreditColumns", () => {
  it("names every column by its export name", () => {
    const a = creditRow();
    const all = changedCreditColumns(a, {
      ...a,
      firstName: "M",
      created: "2026-01-01T00:00:00.000Z",
      quizCompletionDate: "2026-01-01T00:00:00.000Z",
      userId: 1,
    });
    expect(all).toEqual(["UserID", "FirstName", "QuizCompletionDate", "Created"]);
  });
});
