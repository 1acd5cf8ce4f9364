import { describe, expect, it } from "vitest";
import { normalizeEmail } from "../identity/email";
import { creditRow, MISSIONS } from "./fixtures";
import { buildMissionIndex, type CreditMission, matchCreditRows } from "./matching";
import {
  type CreditCompletion,
  type CreditPerson,
  type CreditStatus,
  creditIndicators,
  legacyStatusIndicators,
  reconcileCredits,
} from "./reconcile";
import { type CreditRow, isReviewCompleted } from "./record";

const PEOPLE: CreditPerson[] = [
  { id: "u-maya", emails: ["maya@example.org"] },
  { id: "u-jonas", emails: ["jonas@example.org", "Jonas.Berg@Example.org"] },
  { id: "u-priya", emails: ["priya@example.org"] },
];
const maya = { userId: 101, email: "maya@example.org", firstName: "Maya" };
const jonas = { userId: 102, email: "jonas@example.org", firstName: "Jonas" };
const priya = { userId: 103, email: "priya@example.org", firstName: "Priya" };
const done = (personId: string, missionId: string, completedAt: string | null = "2026-09-08T10:00:00.000Z"): CreditCompletion => ({
  personId,
  missionId,
  completedAt,
});

/** The whole pipeline the app runs: match the rows, then reconcile. */
function reconcile(rows: CreditRow[], completions: CreditCompletion[], missions: CreditMission[] = MISSIONS, people = PEOPLE) {
  const { matches } = matchCreditRows(rows, buildMissionIndex(missions));
  return reconcileCredits({ rows, matches, missions, people, completions });
}

describe("reconcileCredits: one status per person and mission", () => {
  const cases: { name: string; rows: CreditRow[]; completions: CreditCompletion[]; pair: [string, string]; flags: CreditStatus[] }[] = [
    {
      name: "credited: completed in the chats and review completed at the mission's points",
      rows: [creditRow({ ...maya, missionChallenge: "Intel Guardian", weekId: 1, pointsHundredths: 2000 })],
      completions: [done("u-maya", "intel")],
      pair: ["u-maya", "intel"],
      flags: ["credited"],
    },
    {
      name: "missing-credit: completed in the chats, no row",
      rows: [],
      completions: [done("u-maya", "prompt")],
      pair: ["u-maya", "prompt"],
      flags: ["missing-credit"],
    },
    {
      name: "credited-without-completion: review completed, no chat proof",
      rows: [creditRow({ ...maya, missionChallenge: "Seeds of Bias", weekId: 2, pointsHundredths: 2500 })],
      completions: [],
      pair: ["u-maya", "seeds"],
      flags: ["credited-without-completion"],
    },
    {
      name: "points-mismatch: awarded 15 for a 20-point mission",
      rows: [creditRow({ ...jonas, missionChallenge: "Broken Compass", weekId: 3, pointsHundredths: 1500 })],
      completions: [done("u-jonas", "compass")],
      pair: ["u-jonas", "compass"],
      flags: ["points-mismatch"],
    },
    {
      name: "awards are rounded half-up before comparing: 19.5 is 20",
      rows: [creditRow({ ...jonas, missionChallenge: "Broken Compass", weekId: 3, pointsHundredths: 1950 })],
      completions: [done("u-jonas", "compass")],
      pair: ["u-jonas", "compass"],
      flags: ["credited"],
    },
    {
      name: "pending-review: submitted, not yet review completed (with or without a completion)",
      rows: [
        creditRow({ ...jonas, missionChallenge: "Restoration Protocol", weekId: 2, activityStatus: "Submitted", pointsHundredths: 0 }),
      ],
      completions: [done("u-jonas", "restore")],
      pair: ["u-jonas", "restore"],
      flags: ["pending-review"],
    },
    {
      name: "a review-completed row wins over a pending one for the same mission",
      rows: [
        creditRow({ ...jonas, missionChallenge: "Restoration Protocol", weekId: 2, activityStatus: "Submitted" }),
        creditRow({
          ...jonas,
          missionChallenge: "Restoration Protocol",
          weekId: 2,
          pointsHundredths: 2000,
          created: "2026-09-20T00:00:00.000Z",
        }),
      ],
      completions: [done("u-jonas", "restore")],
      pair: ["u-jonas", "restore"],
      flags: ["credited"],
    },
    {
      name: "both problems at once: mismatched and without completion",
      rows: [creditRow({ ...priya, missionChallenge: "High Risk Horizon", weekId: 4, pointsHundredths: 1000 })],
      completions: [],
      pair: ["u-priya", "horizon"],
      flags: ["points-mismatch", "credited-without-completion"],
    },
    {
      name: "a person's second email counts (any case)",
      rows: [
        creditRow({ userId: 102, email: "JONAS.BERG@example.org", missionChallenge: "Seeds of Bias", weekId: 2, pointsHundredths: 2500 }),
      ],
      completions: [done("u-jonas", "seeds")],
      pair: ["u-jonas", "seeds"],
      flags: ["credited"],
    },
    {
      name: "a similarity match credits too (the old tool flagged it missing)",
      rows: [creditRow({ ...jonas, missionChallenge: "Mission: Broken Compas (Easy Difficulty)", weekId: 3, pointsHundredths: 2000 })],
      completions: [done("u-jonas", "compass")],
      pair: ["u-jonas", "compass"],
      flags: ["credited"],
    },
  ];
  for (const c of cases)
    it(c.name, () => {
      const { pairs } = reconcile(c.rows, c.completions);
      const pair = pairs.find((p) => p.personId === c.pair[0] && p.missionId === c.pair[1]);
      expect([pair?.status, pair?.flags]).toEqual([c.flags[0], c.flags]);
    });
});

describe("reconcileCredits: details", () => {
  it("records awards, points, methods and the earliest completion", () => {
    const { pairs } = reconcile(
      [
        creditRow({ ...maya, missionChallenge: "Intel Guardian", weekId: 1, pointsHundredths: 1000 }),
        creditRow({
          ...maya,
          missionChallenge: "Mission: Intel Guardin",
          weekId: 1,
          pointsHundredths: 1050,
          created: "2026-09-09T00:00:00.000Z",
        }),
      ],
      [
        done("u-maya", "intel", null),
        done("u-maya", "intel", "2026-09-09T00:00:00.000Z"),
        done("u-maya", "intel", "2026-09-08T00:00:00.000Z"),
      ],
    );
    expect(pairs).toEqual([
      {
        personId: "u-maya",
        missionId: "intel",
        status: "points-mismatch",
        flags: ["points-mismatch"],
        completedAt: "2026-09-08T00:00:00.000Z",
        hasCompletion: true,
        creditedRows: 2,
        pendingRows: 0,
        awardedHundredths: 2050,
        awardedPoints: 21,
        missionPoints: 20,
        mismatchedRows: 2,
        mismatchedTexts: ["Intel Guardian", "Mission: Intel Guardin"],
        rowIndexes: [0, 1],
        mismatchedRowIndexes: [0, 1],
        matchMethods: ["name", "similarity"],
      },
    ]);
  });
  it("a mission without points never mismatches", () => {
    const missions = [{ id: "x", key: "x", name: "Mystery", week: 1, points: null }];
    const { pairs } = reconcile(
      [creditRow({ ...maya, missionChallenge: "Mystery", pointsHundredths: 700 })],
      [done("u-maya", "x")],
      missions,
    );
    expect(pairs.map((p) => [p.status, p.missionPoints])).toEqual([["credited", null]]);
  });
  it("ignores other activity types, unmatched mission rows and completions of unknown missions", () => {
    const r = reconcile(
      [
        creditRow({ ...maya, activityId: 1, activityType: "Training", missionChallenge: "Intel Guardian" }),
        creditRow({ ...maya, missionChallenge: "Completely Different", weekId: 1 }),
      ],
      [done("u-maya", "no-such-mission")],
    );
    expect([r.pairs, r.unmatchedPeople]).toEqual([[], []]);
  });
  it("orders pairs by person, then the missions' order, and counts statuses", () => {
    const r = reconcile(
      [creditRow({ ...priya, missionChallenge: "Seeds of Bias", weekId: 2, pointsHundredths: 2500 })],
      [done("u-maya", "seeds"), done("u-maya", "intel"), done("u-jonas", "prompt")],
    );
    expect(r.pairs.map((p) => `${p.personId}/${p.missionId}`)).toEqual(["u-jonas/prompt", "u-maya/intel", "u-maya/seeds", "u-priya/seeds"]);
    expect(r.counts).toEqual({
      "points-mismatch": 0,
      "credited-without-completion": 1,
      "pending-review": 0,
      "missing-credit": 3,
      credited: 0,
    });
  });
});

describe("reconcileCredits: people the credit list names but nobody is", () => {
  it("lists unknown emails and emails of several people separately, with their rows and points", () => {
    const people = [...PEOPLE, { id: "o-twin", emails: ["priya@example.org"] }];
    const r = reconcile(
      [
        creditRow({ userId: 200, email: "Ghost@Example.org", missionChallenge: "Intel Guardian", pointsHundredths: 1250 }),
        creditRow({ userId: 200, email: "ghost@example.org", activityId: 1, activityType: "Training", activityStatus: "Submitted" }),
        creditRow({ ...priya, missionChallenge: "Intel Guardian", pointsHundredths: 2000 }),
      ],
      [],
      MISSIONS,
      people,
    );
    expect(r.unmatchedPeople).toEqual([
      { email: "ghost@example.org", reason: "unknown-email", personIds: [], userIds: [200], rows: 2, points: 13 },
      { email: "priya@example.org", reason: "several-people", personIds: ["o-twin", "u-priya"], userIds: [103], rows: 1, points: 20 },
    ]);
    expect(r.pairs).toEqual([]);
  });
});

describe("the old tool's two indicators (analytics spec §5.6) agree with the reconciliation", () => {
  /** The old rules' view of one person: completed display names and review-completed rows. */
  function legacyView(personId: string, rows: CreditRow[], completions: CreditCompletion[]) {
    const emails = new Set((PEOPLE.find((p) => p.id === personId)?.emails ?? []).map(normalizeEmail));
    const index = buildMissionIndex(MISSIONS);
    const { matches } = matchCreditRows(rows, index);
    const points = new Map(MISSIONS.map((m) => [m.id, m.points]));
    return legacyStatusIndicators({
      // In the registry's order, the order the reconciliation lists missions in.
      completedMissionNames: MISSIONS.filter((m) => completions.some((c) => c.personId === personId && c.missionId === m.id)).map(
        (m) => m.name,
      ),
      submissions: rows.flatMap((row, i) => {
        if (!emails.has(normalizeEmail(row.email)) || !isReviewCompleted(row.activityStatus)) return [];
        const match = matches[i];
        return [
          {
            missionChallenge: row.missionChallenge,
            pointsHundredths: row.pointsHundredths,
            expectedPoints: match ? (points.get(match.missionId) ?? null) : null,
          },
        ];
      }),
    });
  }

  // Data the old rules handle correctly: reviewers typed the missions' names (any prefix, case or
  // difficulty), so exact normalised names and the matching agree.
  const rows = [
    creditRow({ ...maya, missionChallenge: "Mission: Intel Guardian (Medium Difficulty)", weekId: 1, pointsHundredths: 2000 }),
    creditRow({ ...maya, missionChallenge: "Seeds of Bias", weekId: 2, pointsHundredths: 2000 }),
    creditRow({ ...maya, missionChallenge: "Restoration Protocol Challenge", weekId: 2, activityStatus: "Submitted" }),
    creditRow({ ...jonas, missionChallenge: "Week 3 - Broken Compass (Medium)", weekId: 3, pointsHundredths: 1500 }),
    creditRow({ ...jonas, missionChallenge: "High Risk Horizon", weekId: 4, pointsHundredths: 1000 }),
    creditRow({ ...jonas, missionChallenge: "Red Line Protocol", weekId: 4, pointsHundredths: 2000 }),
    creditRow({ ...jonas, missionChallenge: "Prompt Qualification", weekId: 1, pointsHundredths: 1000 }),
    creditRow({ ...jonas, missionChallenge: "Algorithmic Integrity", weekId: 2, pointsHundredths: 5000 }),
    creditRow({ ...priya, missionChallenge: "Intel Guardian", weekId: 1, pointsHundredths: 2000 }),
  ];
  const completions = [
    done("u-maya", "intel"),
    done("u-maya", "seeds"),
    done("u-maya", "restore"),
    done("u-maya", "prompt"),
    done("u-maya", "compass"),
    done("u-maya", "horizon"),
    done("u-maya", "redline"),
    done("u-jonas", "compass"),
    done("u-priya", "intel"),
  ];
  const { pairs } = reconcile(rows, completions);

  for (const person of PEOPLE)
    it(person.id, () => {
      const mine = pairs.filter((p) => p.personId === person.id);
      expect(creditIndicators(mine, MISSIONS)).toEqual(legacyView(person.id, rows, completions));
    });

  it("the data exercise both indicators, with counts and examples", () => {
    expect(legacyView("u-maya", rows, completions)).toEqual([
      {
        code: "missing-credit",
        label: "Missing Credit",
        severity: "warning",
        message: "Completed missions detected in OpenWebUI are still missing Review Completed credit.",
        count: 5,
        examples: ["Prompt Qualification", "Week 2 - Restoration Protocol (Medium)", "Week 3 - Broken Compass (Medium)", "…"],
      },
      {
        code: "points-mismatch",
        label: "Points Mismatch",
        severity: "error",
        message: "Awarded points do not match the configured mission values.",
        count: 1,
        examples: ["Seeds of Bias"],
      },
    ]);
    expect(legacyView("u-jonas", rows, completions).map((i) => [i.code, i.count])).toEqual([["points-mismatch", 4]]);
    expect(legacyView("u-priya", rows, completions)).toEqual([]);
  });

  it("in a week's view, only that week's missions count (the old chips ignored the week)", () => {
    const mine = pairs.filter((p) => p.personId === "u-jonas");
    expect(creditIndicators(mine, MISSIONS, 4).map((i) => [i.code, i.count, i.examples])).toEqual([
      ["points-mismatch", 1, ["High Risk Horizon"]],
    ]);
    expect(creditIndicators(mine, MISSIONS, 9)).toEqual([]);
  });

  it("where the old rule was a bug they differ: a misspelt but matched credit is not missing", () => {
    const typo = [creditRow({ ...jonas, missionChallenge: "Broken Compas", weekId: 3, pointsHundredths: 2000 })];
    const done1 = [done("u-jonas", "compass")];
    expect(legacyView("u-jonas", typo, done1).map((i) => i.code)).toEqual(["missing-credit"]);
    expect(creditIndicators(reconcile(typo, done1).pairs, MISSIONS)).toEqual([]);
  });
});
