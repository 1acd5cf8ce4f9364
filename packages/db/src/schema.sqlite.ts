// drizzle-kit entry and runtime schema for SQLite; see schema.pg.ts for the cast.
import * as sqliteKit from "./kit/sqlite";
import { defineSchema, type Schema } from "./schema";

export const sqliteSchema = defineSchema(sqliteKit as never) as Schema;
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
} = sqliteSchema;
