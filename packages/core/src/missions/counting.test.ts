import { describe, expect, it } from "vitest";
import { type AttemptRecord, type CompletionRecord, countedCompletions, learnerOf, tally } from "./counting";

const at = (min: number) => new Date(Date.UTC(2026, 0, 5, 9, min));
const attempt = (id: string, missionId: string, owuiUserId: string | null, completed = false, start = 0): AttemptRecord => ({
  id,
  missionId,
  owuiUserId,
  startedAt: at(start),
  completed,
});
const done = (attemptId: string, missionId: string, owuiUserId: string | null, min = 10, points: number | null = 20): CompletionRecord => ({
  attemptId,
  missionId,
  owuiUserId,
  completedAt: at(min),
  points,
});

describe("learnerOf", () => {
  const cases: [string | null, string | null][] = [
    ["u1", "u1"],
    [null, null],
    ["", null],
    ["  ", null],
  ];
  for (const [id, want] of cases) it(`${JSON.stringify(id)} → ${want}`, () => expect(learnerOf({ owuiUserId: id })).toBe(want));
});

describe("tally (§M-11)", () => {
  const cases: {
    name: string;
    attempts: AttemptRecord[];
    completions: CompletionRecord[];
    want: { attempts: number; completedAttempts: number; participants: number; completions: number };
  }[] = [
    { name: "nothing", attempts: [], completions: [], want: { attempts: 0, completedAttempts: 0, participants: 0, completions: 0 } },
    {
      name: "two completing chats of one learner count one completion, two completed attempts",
      attempts: [attempt("a1", "m", "u", true), attempt("a2", "m", "u", true)],
      completions: [done("a1", "m", "u"), done("a2", "m", "u")],
      want: { attempts: 2, completedAttempts: 2, participants: 1, completions: 1 },
    },
    {
      name: "an ownerless completion is an attempt and a completed attempt, not a participant or completion",
      attempts: [attempt("a1", "m", null, true), attempt("a2", "m", "u")],
      completions: [done("a1", "m", null)],
      want: { attempts: 2, completedAttempts: 1, participants: 1, completions: 0 },
    },
    {
      name: "two ownerless completing chats still count no completion (not one per chat)",
      attempts: [attempt("a1", "m", null, true), attempt("a2", "m", null, true)],
      completions: [done("a1", "m", null), done("a2", "m", null)],
      want: { attempts: 2, completedAttempts: 2, participants: 0, completions: 0 },
    },
    {
      name: "one learner completing two missions: two completions, one participant",
      attempts: [attempt("a1", "m1", "u", true), attempt("a2", "m2", "u", true)],
      completions: [done("a1", "m1", "u"), done("a2", "m2", "u")],
      want: { attempts: 2, completedAttempts: 2, participants: 1, completions: 2 },
    },
    {
      name: "a completion row proves its attempt even when the flag lags",
      attempts: [attempt("a1", "m", "u", false)],
      completions: [done("a1", "m", "u")],
      want: { attempts: 1, completedAttempts: 1, participants: 1, completions: 1 },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const t = tally(c.attempts, c.completions);
      expect({
        attempts: t.attempts,
        completedAttempts: t.completedAttempts,
        participants: t.participants,
        completions: t.completions,
      }).toEqual(c.want);
    });
  }

  it("per mission, sorted by id", () => {
    const t = tally(
      [attempt("a1", "m2", "u", true), attempt("a2", "m1", "u"), attempt("a3", "m1", "v"), attempt("a4", "m1", null)],
      [done("a1", "m2", "u")],
    );
    expect(t.missions).toEqual([
      { missionId: "m1", attempts: 3, completedAttempts: 0, participants: 2, completions: 0 },
      { missionId: "m2", attempts: 1, completedAttempts: 1, participants: 1, completions: 1 },
    ]);
  });
});

describe("countedCompletions", () => {
  const cases: [string, CompletionRecord[], string][] = [
    ["the earliest completion counts", [done("a2", "m", "u", 20, 25), done("a1", "m", "u", 30, 20)], "a2"],
    ["an unknown time loses to a known one", [{ ...done("a0", "m", "u"), completedAt: null }, done("a9", "m", "u", 50)], "a9"],
    ["equal times: the lower attempt id", [done("b", "m", "u", 5), done("a", "m", "u", 5)], "a"],
  ];
  for (const [name, list, want] of cases) {
    it(name, () => expect(countedCompletions(list).get("u\u0000m")?.attemptId).toBe(want));
  }
  it("drops completions without an owner", () => expect(countedCompletions([done("a", "m", null)]).size).toBe(0));
});
