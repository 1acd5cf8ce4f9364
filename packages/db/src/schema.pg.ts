// drizzle-kit entry and runtime schema for Postgres. `as never`: during the sqlite typecheck
// pass defineSchema expects the sqlite kit; at runtime this is always the pg kit.
import * as pgKit from "./kit/pg";
import { defineSchema, type Schema } from "./schema";

export const pgSchema = defineSchema(pgKit as never) as Schema;
export const {
  creditSnapshots,
  creditRows,
  creditMappings,
  campaignSettings,
  dataStamps,
  scoreAdjustments,
  standings,
  rankLevels,
  boardSettings,
  owuiUsers,
  owuiModels,
  missions,
  chats,
  chatMessages,
  missionAttempts,
  missionCompletions,
  reloadRuns,
  jobRuns,
  missionChanges,
  jobLocks,
  users,
  sessions,
  auditLogs,
  authIdentities,
  authTokens,
  rateLimits,
  systemFlags,
  mailMessages,
  catalogItems,
  badgeRequests,
  awards,
  notifications,
  credentialKeys,
  credentials,
  credentialStatusLists,
} = pgSchema;
