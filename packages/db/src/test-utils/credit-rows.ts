// Test-only: stored credit rows with every column present (bulk inserts need them all).
import type { StoredCreditRow } from "../queries/credits";

/** A review-completed mission row of line `line`; `overrides` set any column. */
export function makeCreditRow(line: number, overrides: Partial<StoredCreditRow> = {}): StoredCreditRow {
  return {
    line,
    sharepointUserId: 100 + line,
    firstName: "Maya",
    lastName: "Okafor",
    email: `person${line}@example.org`,
    activityId: 3,
    activityType: "Missions & Challenges",
    activityStatus: "Review Completed",
    pointsAwardedHundredths: 1500,
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
    missionChallenge: "Mission: Intel Guardian (Medium Difficulty)",
    missionChallengeResponse: null,
    quizTopic: null,
    quizScore: null,
    quizCompletionDate: null,
    created: new Date("2026-09-08T14:02:11Z"),
    ...overrides,
  };
}
