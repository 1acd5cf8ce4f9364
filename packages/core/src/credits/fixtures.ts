// Test data for the credits tests (not exported from core).
import type { CreditMission } from "./matching";
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

/** A mission; its key is made from the week and id. */
export const mission = (id: string, name: string, week: number | null, points: number | null = 20): CreditMission => ({
  id,
  key: `week-${week}-${id}`,
  name,
  week,
  points,
});
/** Deployed missions as the old tool's exports named them (campaign.md §3.5). */
export const MISSIONS: CreditMission[] = [
  mission("intel", "Mission: Intel Guardian (Medium Difficulty)", 1, 20),
  mission("prompt", "Prompt Qualification", 1, 15),
  mission("seeds", "Week 2 - Seeds of Bias (Hard)", 2, 25),
  mission("restore", "Week 2 - Restoration Protocol (Medium)", 2, 20),
  mission("algo", "Week 2 - Algorithmic Integrity (Easy)", 2, 15),
  mission("compass", "Week 3 - Broken Compass (Medium)", 3, 20),
  mission("redline", "Week 4 - Red Line Protocol (Medium)", 4, 20),
  mission("horizon", "Week 4 - High Risk Horizon (Medium)", 4, 20),
  mission("nameless", "", null, 10),
];
