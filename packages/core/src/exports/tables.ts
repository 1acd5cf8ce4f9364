// What each export contains: columns in file order, and which columns name a person.
import type { PersonRef } from "./redact";

export const EXPORT_TABLES = ["roster", "awards", "requests", "audit"] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];

export const EXPORT_FORMATS = ["csv", "xlsx"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportColumn {
  key: string;
  header: string;
}

export interface ExportTableSpec {
  table: ExportTable;
  title: string;
  description: string;
  columns: readonly ExportColumn[];
  people: readonly PersonRef[];
  scrub: readonly string[];
  /** JSON columns whose user ids are pseudonymised too (redactRows `json`). */
  json: readonly string[];
}

const col = (key: string, header: string): ExportColumn => ({ key, header });

export const EXPORT_SPECS: Record<ExportTable, ExportTableSpec> = {
  roster: {
    table: "roster",
    title: "Roster",
    description: "Every user with role, status and onboarding answers.",
    columns: [
      col("userId", "User"),
      col("name", "Name"),
      col("displayName", "Display name"),
      col("email", "Email"),
      col("substackEmail", "Substack email"),
      col("meetupEmail", "Meetup email"),
      col("role", "Role"),
      col("status", "Status"),
      col("origin", "Origin"),
      col("emailNotifications", "Email notifications"),
      col("onboardedAt", "Onboarded (UTC)"),
      col("lastSignInAt", "Last sign-in (UTC)"),
      col("createdAt", "Created (UTC)"),
    ],
    people: [{ id: "userId", fields: ["name", "displayName", "email", "substackEmail", "meetupEmail"] }],
    scrub: [],
    json: [],
  },
  awards: {
    table: "awards",
    title: "Awards",
    description: "Every badge awarded, including revoked ones.",
    columns: [
      col("awardId", "Award"),
      col("userId", "Student"),
      col("userName", "Student name"),
      col("userEmail", "Student email"),
      col("itemId", "Badge"),
      col("itemTitle", "Badge title"),
      col("kind", "Kind"),
      col("programTitle", "Program"),
      col("source", "Source"),
      col("requestId", "Request"),
      col("awardedById", "Awarded by"),
      col("awardedByName", "Awarded by name"),
      col("reason", "Reason"),
      col("awardedAt", "Awarded (UTC)"),
      col("revokedAt", "Revoked (UTC)"),
      col("revokedById", "Revoked by"),
      col("revokedByName", "Revoked by name"),
      col("revokeReason", "Revoke reason"),
    ],
    people: [
      { id: "userId", fields: ["userName", "userEmail"] },
      { id: "awardedById", fields: ["awardedByName"] },
      { id: "revokedById", fields: ["revokedByName"] },
    ],
    scrub: ["reason", "revokeReason"],
    json: [],
  },
  requests: {
    table: "requests",
    title: "Requests",
    description: "Every badge request with its decision.",
    columns: [
      col("requestId", "Request"),
      col("userId", "Student"),
      col("userName", "Student name"),
      col("userEmail", "Student email"),
      col("itemId", "Badge"),
      col("itemTitle", "Badge title"),
      col("programTitle", "Program"),
      col("status", "Status"),
      col("note", "Note"),
      col("evidenceUrl", "Evidence URL"),
      col("submittedAt", "Submitted (UTC)"),
      col("decidedAt", "Decided (UTC)"),
      col("decidedById", "Decided by"),
      col("decidedByName", "Decided by name"),
      col("decisionReason", "Decision reason"),
    ],
    people: [
      { id: "userId", fields: ["userName", "userEmail"] },
      { id: "decidedById", fields: ["decidedByName"] },
    ],
    scrub: ["note", "evidenceUrl", "decisionReason"],
    json: [],
  },
  audit: {
    table: "audit",
    title: "Audit log",
    description: "Every recorded change, who made it and when.",
    columns: [
      col("entryId", "Entry"),
      col("createdAt", "When (UTC)"),
      col("actorId", "Actor"),
      col("actorName", "Actor name"),
      col("actorEmail", "Actor email"),
      col("action", "Action"),
      col("entityType", "Entity type"),
      col("entityId", "Entity"),
      col("metadata", "Details"),
      col("requestId", "Request id"),
    ],
    people: [
      { id: "actorId", fields: ["actorName", "actorEmail"] },
      { id: "entityId", fields: [], when: (row) => row.entityType === "user" },
    ],
    scrub: [],
    json: ["metadata"],
  },
};

/** The download's file name, e.g. `missionboard-awards-2026-10-01.xlsx`. */
export const exportFileName = (table: ExportTable | MissionExportTable, format: ExportFormat, now: Date): string =>
  `missionboard-${table}-${now.toISOString().slice(0, 10)}.${format}`;

// ---------------------------------------------------------------------------------------------
// Mission analytics exports (staff, /staff/missions/export/<table>.<csv|xlsx>). A sibling of the
// admin exports above rather than more of them: these tables take filters (board, week, mission,
// chat search), their rows are computed per page (a learner × every mission, a funnel per mission)
// rather than read one row per record, and staff without admin rights may download them
// pseudonymised. They share the cells, redaction, pseudonyms, CSV stream and workbook writer.

export const MISSION_EXPORT_TABLES = ["leaderboard", "challenge-results", "mission-funnel", "chats"] as const;
export type MissionExportTable = (typeof MISSION_EXPORT_TABLES)[number];

export interface MissionExportSpec {
  table: MissionExportTable;
  title: string;
  description: string;
  columns: readonly ExportColumn[];
  /** The learner column holds the OpenWebUI user id; pseudonymised, the name and email columns are left out. */
  people: readonly PersonRef[];
  scrub: readonly string[];
}

/** The learner of a mission export row: their OpenWebUI id (pseudonymised) and the columns naming them. */
const learnerRef = (...fields: string[]): PersonRef[] => [{ id: "learner", fields }];

export const MISSION_EXPORT_SPECS: Record<MissionExportTable, MissionExportSpec> = {
  leaderboard: {
    table: "leaderboard",
    title: "Leaderboard",
    description: "A board (overall or one week) as staff see it live: position, points, completions, attempts and rank.",
    columns: [
      col("position", "Position"),
      col("learner", "Learner"),
      col("name", "Name"),
      col("points", "Points"),
      col("completions", "Completions"),
      col("attempts", "Attempts"),
      col("rank", "Rank"),
    ],
    people: learnerRef("name"),
    scrub: [],
  },
  "challenge-results": {
    table: "challenge-results",
    title: "Challenge results",
    description: "Every known learner × every mission: completed, in progress or not started, attempts, completion time, points.",
    columns: [
      col("learner", "Learner"),
      col("name", "Name"),
      col("email", "Email"),
      col("mission", "Mission"),
      col("week", "Week"),
      col("status", "Status"),
      col("attempts", "Attempts"),
      col("completedAt", "Completed at (UTC)"),
      col("points", "Points"),
    ],
    people: learnerRef("name", "email"),
    scrub: [],
  },
  "mission-funnel": {
    table: "mission-funnel",
    title: "Mission funnel",
    description: "Per mission: learners who started, completed and did not start, median attempts and time to complete.",
    columns: [
      col("mission", "Mission"),
      col("week", "Week"),
      col("points", "Points"),
      col("started", "Started"),
      col("completed", "Completed"),
      col("notStarted", "Not started"),
      col("completionRate", "Completion rate (%)"),
      col("medianAttempts", "Median attempts to complete"),
      col("medianHours", "Median time to complete (hours)"),
    ],
    people: [],
    scrub: [],
  },
  chats: {
    table: "chats",
    title: "Chats",
    description: "All chats with the page's filters: title, owner, models, missions, completed, last update (no message text).",
    columns: [
      col("chat", "Chat"),
      col("title", "Title"),
      col("learner", "Learner"),
      col("name", "Owner name"),
      col("models", "Models"),
      col("missions", "Missions"),
      col("completed", "Completed"),
      col("updatedAt", "Updated (UTC)"),
      col("messages", "Messages"),
    ],
    people: learnerRef("name"),
    scrub: ["title"],
  },
};

/** Challenge-results status of a learner at a mission (§M-16's started / completed / not started). */
export const CHALLENGE_STATUSES = { completed: "completed", inProgress: "in progress", notStarted: "not started" } as const;
