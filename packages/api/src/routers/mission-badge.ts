// Mission-linked badges (ADR 029): an admin sets or clears the mission rule of a mini-badge or
// capstone (catalog edit page), and staff review the mission awards flagged because a completion
// they rested on disappeared (/admin/awards "Needs review"): keep or revoke, both audited.
import {
  buildAuditEntry,
  ConflictError,
  describeMissionRule,
  MAX_RULE_MISSIONS,
  MISSION_RULE_KINDS,
  NotFoundError,
  ReasonSchema,
  RuleViolationError,
  validateMissionRule,
} from "@missionboard/core";
import {
  clearAwardFlag,
  clearMissionRule,
  findCatalogItem,
  flaggedAward,
  flaggedAwards,
  insertAuditEntry,
  loadMissionRules,
  missionChoices,
  setMissionRule,
} from "@missionboard/db";
import { z } from "zod";
import { loadCatalog, revokeWithCascade } from "../services/awarding";
import { evaluateMissionBadges } from "../services/mission-badges";
import { permissionProcedure, router } from "../trpc";

export const MISSION_BADGE_MESSAGES = {
  notFound: "That catalog item does not exist.",
  noRule: "This badge has no mission rule.",
  notFlagged: "That award no longer needs review (someone decided it, or it was revoked).",
} as const;

/** Missions the rule form lists at once (the search narrows the rest). */
export const MISSION_PICKER_LIMIT = 50;
/** Flagged awards /admin/awards lists at once. */
export const NEEDS_REVIEW_LIMIT = 100;

const ItemIdSchema = z.object({ itemId: z.uuid("Unknown catalog item.") });
export const RuleQueryInputSchema = ItemIdSchema.extend({ q: z.string().trim().max(100).optional() });
const WholeOrNull = z.number().int("Enter a whole number.").nullable().default(null);
export const SetRuleInputSchema = ItemIdSchema.extend({
  kind: z.enum(MISSION_RULE_KINDS, "Choose how the missions count: all of them, any N of them, or N points in a week."),
  n: WholeOrNull,
  week: WholeOrNull,
  missionIds: z
    .array(z.uuid("Unknown mission."))
    .max(MAX_RULE_MISSIONS * 4, `Pick at most ${MAX_RULE_MISSIONS} missions.`)
    .default([]),
});
export const AwardIdInputSchema = z.object({ awardId: z.uuid("Unknown award.") });
export const RevokeFlaggedInputSchema = AwardIdInputSchema.extend({ reason: ReasonSchema });

async function ruleItem(c: Parameters<typeof findCatalogItem>[0], itemId: string) {
  const item = await findCatalogItem(c, itemId);
  if (!item) throw new NotFoundError(MISSION_BADGE_MESSAGES.notFound);
  return item;
}

export const missionBadgeRouter = router({
  /**
   * An item's mission rule and the missions the form offers: the ones picked, plus up to
   * {@link MISSION_PICKER_LIMIT} others matching `q` (name, case-insensitive), and the weeks.
   */
  rule: permissionProcedure("catalog.manage")
    .input(RuleQueryInputSchema)
    .query(({ ctx, input }) =>
      ctx.db.read(async (c) => {
        const item = await ruleItem(c, input.itemId);
        const [rule] = await loadMissionRules(c, [item.id]);
        const missions = await missionChoices(c);
        const picked = new Set(rule?.missionIds ?? []);
        const q = input.q?.toLocaleLowerCase("en");
        const matching = missions.filter((m) => !picked.has(m.id) && (!q || m.name.toLocaleLowerCase("en").includes(q)));
        return {
          item: { id: item.id, title: item.title, kind: item.kind },
          rule: rule
            ? { kind: rule.kind, n: rule.n, week: rule.week, missionIds: rule.missionIds, description: describeMissionRule(rule) }
            : null,
          picked: missions.filter((m) => picked.has(m.id)),
          choices: matching.slice(0, MISSION_PICKER_LIMIT),
          moreChoices: Math.max(0, matching.length - MISSION_PICKER_LIMIT),
          totalMissions: missions.length,
          weeks: [...new Set(missions.map((m) => m.week).filter((w): w is number => w !== null))].sort((a, b) => a - b),
        };
      }),
    ),

  /**
   * Sets (replaces) the item's rule, audited, and evaluates it for every linked learner in the same
   * transaction: learners who already satisfy it are awarded now.
   */
  setRule: permissionProcedure("catalog.manage")
    .input(SetRuleInputSchema)
    .mutation(async ({ ctx, input }) => {
      const now = ctx.now();
      const result = await ctx.db.tx(async (c) => {
        const item = await ruleItem(c, input.itemId);
        const checked = validateMissionRule(input, item.kind, await missionChoices(c));
        if (!checked.ok) {
          const first = checked.errors[0];
          throw new RuleViolationError(checked.errors.map((e) => e.message).join(" "), first?.field);
        }
        const rule = checked.rule;
        await setMissionRule(c, item.id, rule, ctx.user.id, now);
        await insertAuditEntry(
          c,
          buildAuditEntry(
            {
              actorId: ctx.user.id,
              action: "catalog.mission_rule_set",
              entityType: "catalog_item",
              entityId: item.id,
              metadata: {
                rule: rule.kind,
                n: rule.n,
                week: rule.week,
                missions: rule.missionIds.length,
                description: describeMissionRule(rule),
              },
              requestId: ctx.requestId,
            },
            now,
          ),
        );
        const badges = await evaluateMissionBadges(c, now, { settings: ctx.settings, requestId: ctx.requestId }, { itemIds: [item.id] });
        return { description: describeMissionRule(rule), awarded: badges.awarded, notified: badges.notified };
      });
      if (result.notified) ctx.mail.afterCommit();
      return { description: result.description, awarded: result.awarded };
    }),

  /** Removes the item's rule, audited. Awards already made stand. */
  clearRule: permissionProcedure("catalog.manage")
    .input(ItemIdSchema)
    .mutation(({ ctx, input }) => {
      const now = ctx.now();
      return ctx.db.tx(async (c) => {
        const item = await ruleItem(c, input.itemId);
        if (!(await clearMissionRule(c, item.id))) throw new ConflictError(MISSION_BADGE_MESSAGES.noRule);
        await insertAuditEntry(
          c,
          buildAuditEntry(
            {
              actorId: ctx.user.id,
              action: "catalog.mission_rule_cleared",
              entityType: "catalog_item",
              entityId: item.id,
              metadata: {},
              requestId: ctx.requestId,
            },
            now,
          ),
        );
        return { cleared: true as const };
      });
    }),

  /** Mission awards flagged because a completion they rested on disappeared, oldest flag first. */
  needsReview: permissionProcedure("award.revoke").query(({ ctx }) =>
    ctx.db.read(async (c) => {
      const rows = await flaggedAwards(c, NEEDS_REVIEW_LIMIT + 1);
      return { rows: rows.slice(0, NEEDS_REVIEW_LIMIT), more: rows.length > NEEDS_REVIEW_LIMIT };
    }),
  ),

  /** Keeps a flagged award: the flag is cleared, the missing evidence stays marked gone; audited. */
  keep: permissionProcedure("award.revoke")
    .input(AwardIdInputSchema)
    .mutation(({ ctx, input }) => {
      const now = ctx.now();
      return ctx.db.tx(async (c) => {
        const flagged = await flaggedAward(c, input.awardId);
        const kept = flagged ? await clearAwardFlag(c, flagged.id) : null;
        if (!flagged || !kept) throw new ConflictError(MISSION_BADGE_MESSAGES.notFlagged);
        await insertAuditEntry(
          c,
          buildAuditEntry(
            {
              actorId: ctx.user.id,
              action: "award.review_kept",
              entityType: "award",
              entityId: kept.id,
              metadata: { userId: kept.userId, itemId: kept.itemId, flag: flagged.reviewReason },
              requestId: ctx.requestId,
            },
            now,
          ),
        );
        return { kept: true as const };
      });
    }),

  /** Revokes a flagged award with a reason, like any revocation (cascade, audit, notice). */
  revoke: permissionProcedure("award.revoke")
    .input(RevokeFlaggedInputSchema)
    .mutation(async ({ ctx, input }) => {
      const now = ctx.now();
      const result = await ctx.db.tx(async (c) => {
        const flagged = await flaggedAward(c, input.awardId);
        if (!flagged) throw new ConflictError(MISSION_BADGE_MESSAGES.notFlagged);
        const catalog = await loadCatalog(c);
        const revoked = await revokeWithCascade(
          c,
          catalog,
          { userId: flagged.userId, itemId: flagged.itemId, revokedBy: ctx.user.id, reason: input.reason },
          now,
          { settings: ctx.settings, requestId: ctx.requestId },
        );
        if (!revoked) throw new ConflictError(MISSION_BADGE_MESSAGES.notFlagged);
        return { revoked: revoked.map((itemId) => ({ itemId, title: catalog.get(itemId)?.title ?? itemId })) };
      });
      ctx.mail.afterCommit();
      return result;
    }),
});
