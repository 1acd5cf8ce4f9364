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
export const exportFileName = (table: ExportTable, format: ExportFormat, now: Date): string =>
  `missionboard-${table}-${now.toISOString().slice(0, 10)}.${format}`;
