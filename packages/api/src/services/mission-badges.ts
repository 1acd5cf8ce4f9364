// Mission-linked badges (docs/product/badges.md "Mission rules", ADR 029): evaluates the mission
// rules of mini-badges and capstones for linked learners and awards what they satisfy, with the
// completions it rested on as evidence, then the usual progression (grantWithCascade: skill,
// program, audit, notifications). Flags, never revokes, a mission award whose completion is gone.
// Runs inside the caller's transaction: the jobs' standings phase (reload, re-detection,
// re-score), people linking, and a rule change. Call ctx.mail.afterCommit() after it commits when
// `notified` is true.
import {
  buildAuditEntry,
  type Catalog,
  describeMissionRule,
  evaluateMissionRule,
  MISSION_RULE_ITEM_KINDS,
  missingEvidence,
  ruleMissionIds,
} from "@missionboard/core";
import {
  type Conn,
  chatEvidenceFor,
  completionsInChats,
  flagAwardForReview,
  insertAuditEntry,
  insertAwardEvidence,
  type LearnerCompletion,
  linkedCompletions,
  liveMissionAwards,
  loadLiveHoldings,
  loadMissionRules,
  missionChoices,
  revokedMissionAwardKeys,
  settlePendingRequest,
} from "@missionboard/db";
import { type AwardingContext, grantWithCascade, loadCatalog } from "./awarding";

export interface MissionBadgeScope {
  /** Only these accounts (a link); all linked learners when absent. */
  userIds?: readonly string[];
  /** Only these items' rules (a rule change); every rule when absent. */
  itemIds?: readonly string[];
  /** Also look for mission awards whose completions disappeared (the jobs that change completions). */
  flagMissing?: boolean;
}

export interface MissionBadgeResult {
  /** Mission awards made (mini-badges and capstones). */
  awarded: number;
  /** Skill and program awards that followed. */
  cascaded: number;
  /** Awards newly flagged for review. */
  flagged: number;
  /** Whether mail may have been queued (wake the sender after commit). */
  notified: boolean;
}

/** Why a pending request was approved without a decision by staff. */
export const REQUEST_SETTLED_REASON = "Earned by completing its missions.";

const NONE: MissionBadgeResult = { awarded: 0, cascaded: 0, flagged: 0, notified: false };

/**
 * Evaluates the mission rules for the learners in `scope` and awards what holds. Idempotent: a
 * badge held already is skipped, and a mission award staff revoked is not given again
 * automatically (the learner may request it). Unlinked OpenWebUI users are not considered.
 */
export async function evaluateMissionBadges(
  conn: Conn,
  now: Date,
  ctx: AwardingContext,
  scope: MissionBadgeScope = {},
): Promise<MissionBadgeResult> {
  if (scope.userIds && scope.userIds.length === 0) return NONE;
  const result = { ...NONE };
  let catalog: Catalog | null = null;
  const catalogNow = async () => {
    catalog ??= await loadCatalog(conn);
    return catalog;
  };
  if (scope.flagMissing) result.flagged = await flagMissingEvidence(conn, now, ctx, scope.userIds);

  const rules = await loadMissionRules(conn, scope.itemIds);
  if (rules.length === 0) return result;
  const missions = await missionChoices(conn);
  const missionsOf = new Map(rules.map((r) => [r.itemId, new Set(ruleMissionIds(r, missions))]));
  const wanted = new Set([...missionsOf.values()].flatMap((s) => [...s]));
  const completions = await linkedCompletions(conn, [...wanted], scope.userIds);
  if (completions.length === 0) return result;
  const byUser = new Map<string, LearnerCompletion[]>();
  for (const c of completions) byUser.set(c.userId, [...(byUser.get(c.userId) ?? []), c]);

  const cat = await catalogNow();
  const holdings = await loadLiveHoldings(conn);
  const revoked = await revokedMissionAwardKeys(conn, [...byUser.keys()]);
  for (const [userId, mine] of byUser) {
    for (const rule of rules) {
      const item = cat.get(rule.itemId);
      if (!item || !(MISSION_RULE_ITEM_KINDS as readonly string[]).includes(item.kind) || !cat.isEffectivelyActive(item.id)) continue;
      if (holdings.get(userId)?.has(rule.itemId) || revoked.has(`${userId}\u0000${rule.itemId}`)) continue;
      const evaluation = evaluateMissionRule(rule, mine);
      if (!evaluation.satisfied) continue;
      const grant = await grantWithCascade(
        conn,
        cat,
        {
          userId,
          itemId: rule.itemId,
          source: "mission",
          reason: describeMissionRule(rule),
          auditDetails: { rule: rule.kind, completions: evaluation.evidence.length },
        },
        now,
        ctx,
      );
      if (!grant.created || !grant.awardId) continue;
      const awardId = grant.awardId;
      await insertAwardEvidence(
        conn,
        (evaluation.evidence as LearnerCompletion[]).map((e) => ({
          awardId,
          missionId: e.missionId,
          chatId: e.chatId,
          missionName: e.missionName,
          completedAt: e.completedAt,
          points: e.points,
        })),
      );
      // A request the learner had open for it is answered by the award (staff could not approve it any more).
      const settled = await settlePendingRequest(conn, userId, rule.itemId, REQUEST_SETTLED_REASON, now);
      if (settled)
        await insertAuditEntry(
          conn,
          buildAuditEntry(
            {
              actorId: null,
              action: "request.approved",
              entityType: "badge_request",
              entityId: settled,
              metadata: { userId, itemId: rule.itemId, awardId, automatic: true },
              requestId: ctx.requestId,
            },
            now,
          ),
        );
      const held = holdings.get(userId) ?? new Set<string>();
      held.add(rule.itemId);
      for (const c of grant.cascaded) held.add(c.itemId);
      holdings.set(userId, held);
      result.awarded++;
      result.cascaded += grant.cascaded.length;
      result.notified = true;
    }
  }
  return result;
}

/**
 * Flags the live mission awards (of `userIds`, or all) whose evidence lost its completion, each
 * audited (`award.flagged`). The award stays; staff keep or revoke it on /admin/awards.
 */
async function flagMissingEvidence(conn: Conn, now: Date, ctx: AwardingContext, userIds?: readonly string[]): Promise<number> {
  const awards = (await liveMissionAwards(conn, userIds)).filter((a) => a.evidence.length > 0);
  if (awards.length === 0) return 0;
  const present = await completionsInChats(
    conn,
    awards.flatMap((a) => a.evidence),
  );
  let flagged = 0;
  for (const award of awards) {
    const gone = missingEvidence(award.evidence, present);
    if (gone.length === 0) continue;
    const names = [...new Set(gone.map((g) => `“${g.missionName}”`))].join(", ");
    const reason = `A re-detection or reload removed the completion of ${names} this award rested on.`;
    if (!(await flagAwardForReview(conn, award.id, gone, reason, now))) continue;
    if (!award.flagged) flagged++;
    await insertAuditEntry(
      conn,
      buildAuditEntry(
        {
          actorId: null,
          action: "award.flagged",
          entityType: "award",
          entityId: award.id,
          metadata: { userId: award.userId, itemId: award.itemId, missing: gone.length, reason },
          requestId: ctx.requestId,
        },
        now,
      ),
    );
  }
  return flagged;
}

/** How many completions of one learner the approver sees per request. */
export const REQUEST_EVIDENCE_LIMIT = 10;

export interface RequestEvidence {
  rule: string;
  completions: {
    missionName: string;
    chatId: string;
    completedAt: Date | null;
    points: number | null;
    excerpt: string | null;
  }[];
}

/**
 * The chat evidence of each request whose badge has a mission rule, for the approver: the
 * requesting learner's own completions of the rule's missions (never anyone else's), newest
 * first, at most {@link REQUEST_EVIDENCE_LIMIT} each. Keyed by request id; requests without a rule
 * are absent.
 */
export async function requestEvidence(
  conn: Conn,
  requests: readonly { id: string; userId: string; itemId: string }[],
): Promise<Map<string, RequestEvidence>> {
  const out = new Map<string, RequestEvidence>();
  const rules = new Map((await loadMissionRules(conn, [...new Set(requests.map((r) => r.itemId))])).map((r) => [r.itemId, r]));
  if (rules.size === 0) return out;
  const missions = await missionChoices(conn);
  for (const request of requests) {
    const rule = rules.get(request.itemId);
    if (!rule) continue;
    const rows = await chatEvidenceFor(conn, request.userId, ruleMissionIds(rule, missions), REQUEST_EVIDENCE_LIMIT);
    out.set(request.id, {
      rule: describeMissionRule(rule),
      completions: rows.map((r) => ({
        missionName: r.missionName,
        chatId: r.chatId,
        completedAt: r.completedAt,
        points: r.points,
        excerpt: r.excerpt,
      })),
    });
  }
  return out;
}
