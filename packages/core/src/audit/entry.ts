import { z } from "zod";

/** Every action the audit log knows. A new feature adds its actions here, so the filter lists them. */
export const AUDIT_ACTIONS = [
  "system.seeded",
  "setup.completed",
  "auth.signed_in",
  "auth.sign_in_failed",
  "auth.signed_out",
  "auth.signed_out_everywhere",
  "auth.identity_linked",
  "user.registered",
  "user.email_verified",
  "user.password_reset_requested",
  "user.password_reset",
  "user.password_changed",
  "user.onboarded",
  "user.profile_updated",
  "user.precreated",
  "user.approved",
  "user.rejected",
  "user.role_changed",
  "user.promoted_by_config",
  "user.deactivated",
  "user.reactivated",
  "user.notifications_changed",
  "catalog.created",
  "catalog.updated",
  "catalog.activated",
  "catalog.deactivated",
  "catalog.reordered",
  "catalog.deleted",
  "catalog.imported",
  "catalog.mission_rule_set",
  "catalog.mission_rule_cleared",
  "request.submitted",
  "request.withdrawn",
  "request.approved",
  "request.rejected",
  "award.granted",
  "award.auto_granted",
  "award.manual_granted",
  "award.revoked",
  "award.recomputed",
  "award.mission_granted",
  "award.flagged",
  "award.review_kept",
  "export.downloaded",
  "mission.updated",
  "mission.imported",
  "mission.linked",
  "mission.rescored",
  "mission.change_accepted",
  "mission.change_dismissed",
  "data.reload_started",
  "data.uploaded",
  "chat.viewed",
  "people.linked",
  "people.unlinked",
  "score.adjusted",
  "ranks.updated",
  "board.freeze_set",
  "standings.rebuilt",
  "credits.uploaded",
  "credits.confirmed",
  "credits.discarded",
  "credits.restored",
  "credits.mapping_set",
  "credits.mapping_removed",
  "campaign.settings_updated",
  "credential.key_rotated",
  "credential.bulk_issue_started",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export type AuditMetadata = Record<string, string | number | boolean | null>;

export interface AuditEntry {
  actorId: string | null;
  action: AuditAction;
  entityType: string;
  entityId: string | null;
  metadata: AuditMetadata;
  requestId: string | null;
  createdAt: Date;
}

/** Keys that must never reach the audit log, whatever a caller passes. */
const SECRET_KEY = /pass(word)?|secret|token|hash|cookie|authorization/i;
const MAX_VALUE_LENGTH = 500;

export const AuditEntryInputSchema = z.object({
  actorId: z.string().nullable(),
  action: z.enum(AUDIT_ACTIONS),
  entityType: z.string().min(1).max(64),
  entityId: z.string().max(200).nullable().default(null),
  metadata: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).default({}),
  requestId: z.string().max(100).nullable().default(null),
});
export type AuditEntryInput = z.input<typeof AuditEntryInputSchema>;

/**
 * Builds an audit entry: validates the shape, drops secret-looking metadata keys and clips long
 * values so a log row stays readable. `now` is passed in: core never reads the clock.
 *
 * @example buildAuditEntry({ actorId: "u1", action: "auth.signed_in", entityType: "user", entityId: "u1" }, now)
 */
export function buildAuditEntry(input: AuditEntryInput, now: Date): AuditEntry {
  const parsed = AuditEntryInputSchema.parse(input);
  const metadata: AuditMetadata = {};
  for (const [key, value] of Object.entries(parsed.metadata)) {
    if (SECRET_KEY.test(key)) continue;
    metadata[key] = typeof value === "string" && value.length > MAX_VALUE_LENGTH ? `${value.slice(0, MAX_VALUE_LENGTH)}…` : value;
  }
  return { ...parsed, metadata, createdAt: now };
}
