// Test data for the credits tests (not exported from core).
import type { LinedCreditRow } from "./preview";
import type { CreditRow } from "./record";

/** A credit row; override what a case is about. */
export const creditRow = (over: Partial<CreditRow> = {}): CreditRow => ({
  userId: 101,
  firstName: "Maya",
  lastName: "Okafor",
  email: "maya@example.org",
  activityId: 3,
  activityType: "Missions & Challenges",
  activityStatus: "Review Completed",
  pointsHundredths: 1500,
  weekId: 1,
  attachments: null,
  useCaseTitle: null,
  useCaseType: null,
  useCaseStory: null,
  useCaseHow: null,
  useCaseValue: null,
  trainingTitle: null,
  trainingReflection: null,
  trainingDuration: null,
  trainingLink: null,
  demoTitle: null,
  demoDescription: null,
  missionChallengeWeek: null,
  missionChallenge: "Intel Guardian",
  missionChallengeResponse: null,
  quizTopic: null,
  quizScore: null,
  quizCompletionDate: null,
  created: "2026-09-08T14:02:11.000Z",
  ...over,
});
/** Rows numbered as a file would (from line 2). */
export const lined = (...rows: CreditRow[]): LinedCreditRow[] => rows.map((row, i) => ({ line: i + 2, row }));
