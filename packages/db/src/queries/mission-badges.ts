// Mission-linked badges (ADR 029): the rules on catalog items, the completions of linked learners
// they are evaluated on, the evidence of mission awards and the review flag. Writes run inside the
// caller's store.tx; nothing here opens a transaction.
import type { MissionRule, MissionRuleKind, RuleCompletion } from "@missionboard/core";
import { and, asc, desc, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import { chunks } from "../kit/shared";
import type { Conn } from "../store";

/** Ids per `IN (…)` list (well under both engines' bound-parameter limits). */
const ID_CHUNK = 500;

export interface StoredMissionRule extends MissionRule {
  itemId: string;
  updatedAt: Date;
}

/** Every mission rule, or those of `itemIds`, with their missions (one query each). */
export async function loadMissionRules({ db, t }: Conn, itemIds?: readonly string[]): Promise<StoredMissionRule[]> {
  const r = t.badgeMissionRules;
  const m = t.badgeRuleMissions;
  if (itemIds && itemIds.length === 0) return [];
  const rules = itemIds
    ? (await Promise.all(chunks([...new Set(itemIds)], ID_CHUNK).map((part) => db.select().from(r).where(inArray(r.itemId, part))))).flat()
    : await db.select().from(r);
  if (rules.length === 0) return [];
  const links: { itemId: string; missionId: string }[] = [];
  for (const part of chunks(
    rules.map((x) => x.itemId),
    ID_CHUNK,
  ))
    links.push(...(await db.select().from(m).where(inArray(m.itemId, part)).orderBy(asc(m.itemId), asc(m.missionId))));
  const byItem = new Map<string, string[]>();
  for (const l of links) byItem.set(l.itemId, [...(byItem.get(l.itemId) ?? []), l.missionId]);
  return rules.map((x) => ({
    itemId: x.itemId,
    kind: x.kind as MissionRuleKind,
    n: x.n,
    week: x.week,
    missionIds: byItem.get(x.itemId) ?? [],
    updatedAt: x.updatedAt,
  }));
}

/** Replaces the rule of `itemId` (and its missions). */
export async function setMissionRule({ db, t }: Conn, itemId: string, rule: MissionRule, actorId: string | null, now: Date): Promise<void> {
  const values = { kind: rule.kind, n: rule.n, week: rule.week, updatedBy: actorId, updatedAt: now };
  await db
    .insert(t.badgeMissionRules)
    .values({ itemId, ...values })
    .onConflictDoUpdate({ target: t.badgeMissionRules.itemId, set: values });
  await db.delete(t.badgeRuleMissions).where(eq(t.badgeRuleMissions.itemId, itemId));
  if (rule.missionIds.length > 0) await db.insert(t.badgeRuleMissions).values(rule.missionIds.map((missionId) => ({ itemId, missionId })));
}

/** Removes the rule of `itemId`; false when it had none. */
export async function clearMissionRule({ db, t }: Conn, itemId: string): Promise<boolean> {
  await db.delete(t.badgeRuleMissions).where(eq(t.badgeRuleMissions.itemId, itemId));
  const rows = await db
    .delete(t.badgeMissionRules)
    .where(eq(t.badgeMissionRules.itemId, itemId))
    .returning({ itemId: t.badgeMissionRules.itemId });
  return rows.length > 0;
}

/** Every mission's id, name and week (the rule form's choices and validation). Bounded by the registry. */
export async function missionChoices({ db, t }: Conn) {
  return db
    .select({ id: t.missions.id, name: t.missions.name, week: t.missions.week, isActive: t.missions.isActive })
    .from(t.missions)
    .orderBy(asc(t.missions.week), asc(t.missions.name));
}

export interface LearnerCompletion extends RuleCompletion {
  /** The Missionboard account the OpenWebUI user is linked to. */
  userId: string;
  missionName: string;
}

/**
 * The completions of `missionIds` by OpenWebUI users linked to an active account (all such
 * accounts, or only `userIds`), with the mission's week and name. Unlinked users are absent.
 */
export async function linkedCompletions(
  { db, t }: Conn,
  missionIds: readonly string[],
  userIds?: readonly string[],
): Promise<LearnerCompletion[]> {
  const c = t.missionCompletions;
  const o = t.owuiUsers;
  const out: LearnerCompletion[] = [];
  if (missionIds.length === 0 || (userIds && userIds.length === 0)) return out;
  const userParts = userIds ? chunks([...new Set(userIds)], ID_CHUNK) : [null];
  for (const missionPart of chunks([...new Set(missionIds)], ID_CHUNK))
    for (const userPart of userParts) {
      const rows = await db
        .select({
          userId: o.userId,
          missionId: c.missionId,
          missionName: t.missions.name,
          week: t.missions.week,
          points: c.points,
          chatId: c.chatId,
          completedAt: c.completedAt,
        })
        .from(c)
        .innerJoin(o, eq(o.id, c.owuiUserId))
        .innerJoin(t.users, eq(t.users.id, o.userId))
        .innerJoin(t.missions, eq(t.missions.id, c.missionId))
        .where(
          and(
            inArray(c.missionId, missionPart),
            eq(t.users.status, "active"),
            isNotNull(o.userId),
            ...(userPart ? [inArray(o.userId, userPart)] : []),
          ),
        );
      for (const r of rows) if (r.userId) out.push({ ...r, userId: r.userId });
    }
  return out;
}

export interface EvidenceRow {
  awardId: string;
  missionId: string;
  chatId: string;
  missionName: string;
  completedAt: Date | null;
  points: number | null;
}

export async function insertAwardEvidence({ db, t }: Conn, rows: readonly EvidenceRow[]): Promise<void> {
  for (const part of chunks(rows, ID_CHUNK)) if (part.length > 0) await db.insert(t.awardEvidence).values(part).onConflictDoNothing();
}

/**
 * The evidence of a mission award for an Open Badges credential: mission names and completion
 * dates only (never transcript text), in completion order. Rows whose completion disappeared are
 * left out. Empty for other awards.
 */
export async function awardEvidence({ db, t }: Conn, awardId: string): Promise<{ missionName: string; completedAt: Date | null }[]> {
  const e = t.awardEvidence;
  return db
    .select({ missionName: e.missionName, completedAt: e.completedAt })
    .from(e)
    .where(and(eq(e.awardId, awardId), isNull(e.goneAt)))
    .orderBy(asc(e.completedAt), asc(e.missionName))
    .limit(200);
}

export interface LiveMissionAward {
  id: string;
  userId: string;
  itemId: string;
  flagged: boolean;
  evidence: EvidenceRow[];
}

/** The live mission awards (all, or of `userIds`) and their standing evidence. */
export async function liveMissionAwards({ db, t }: Conn, userIds?: readonly string[]): Promise<LiveMissionAward[]> {
  const a = t.awards;
  const e = t.awardEvidence;
  if (userIds && userIds.length === 0) return [];
  const parts = userIds ? chunks([...new Set(userIds)], ID_CHUNK) : [null];
  const out: LiveMissionAward[] = [];
  for (const part of parts) {
    const awards = await db
      .select({ id: a.id, userId: a.userId, itemId: a.itemId, flaggedAt: a.reviewFlaggedAt })
      .from(a)
      .where(and(eq(a.source, "mission"), isNull(a.revokedAt), ...(part ? [inArray(a.userId, part)] : [])));
    const evidence: EvidenceRow[] = [];
    for (const ids of chunks(
      awards.map((x) => x.id),
      ID_CHUNK,
    ))
      evidence.push(
        ...(await db
          .select({
            awardId: e.awardId,
            missionId: e.missionId,
            chatId: e.chatId,
            missionName: e.missionName,
            completedAt: e.completedAt,
            points: e.points,
          })
          .from(e)
          .where(and(inArray(e.awardId, ids), isNull(e.goneAt)))),
      );
    const byAward = new Map<string, EvidenceRow[]>();
    for (const row of evidence) byAward.set(row.awardId, [...(byAward.get(row.awardId) ?? []), row]);
    for (const x of awards)
      out.push({ id: x.id, userId: x.userId, itemId: x.itemId, flagged: x.flaggedAt !== null, evidence: byAward.get(x.id) ?? [] });
  }
  return out;
}

/** `${userId}\u0000${itemId}` of every revoked mission award (not awarded again automatically). */
export async function revokedMissionAwardKeys({ db, t }: Conn, userIds?: readonly string[]): Promise<Set<string>> {
  const a = t.awards;
  const out = new Set<string>();
  if (userIds && userIds.length === 0) return out;
  for (const part of userIds ? chunks([...new Set(userIds)], ID_CHUNK) : [null]) {
    const rows = await db
      .select({ userId: a.userId, itemId: a.itemId })
      .from(a)
      .where(and(eq(a.source, "mission"), isNotNull(a.revokedAt), ...(part ? [inArray(a.userId, part)] : [])));
    for (const r of rows) out.add(`${r.userId}\u0000${r.itemId}`);
  }
  return out;
}

/**
 * Flags a live award for review and marks the evidence whose completion is gone; false when the
 * award is no longer live. An award already flagged keeps its first flag time and gains the reason.
 */
export async function flagAwardForReview(
  { db, t }: Conn,
  awardId: string,
  gone: readonly { missionId: string; chatId: string }[],
  reason: string,
  now: Date,
): Promise<boolean> {
  const a = t.awards;
  const rows = await db
    .update(a)
    .set({ reviewReason: reason })
    .where(and(eq(a.id, awardId), isNull(a.revokedAt)))
    .returning({ id: a.id });
  if (rows.length === 0) return false;
  await db
    .update(a)
    .set({ reviewFlaggedAt: now })
    .where(and(eq(a.id, awardId), isNull(a.reviewFlaggedAt)));
  const e = t.awardEvidence;
  for (const g of gone)
    await db
      .update(e)
      .set({ goneAt: now })
      .where(and(eq(e.awardId, awardId), eq(e.missionId, g.missionId), eq(e.chatId, g.chatId)));
  return true;
}

/** Clears the review flag of a live flagged award ("keep"); the award's details, or null when not flagged. */
export async function clearAwardFlag({ db, t }: Conn, awardId: string) {
  const a = t.awards;
  const [row] = await db
    .update(a)
    .set({ reviewFlaggedAt: null, reviewReason: null })
    .where(and(eq(a.id, awardId), isNull(a.revokedAt), isNotNull(a.reviewFlaggedAt)))
    .returning({ id: a.id, userId: a.userId, itemId: a.itemId });
  return row ?? null;
}

/** A flagged live award by id (for keep / revoke), or null. */
export async function flaggedAward({ db, t }: Conn, awardId: string) {
  const a = t.awards;
  const [row] = await db
    .select({ id: a.id, userId: a.userId, itemId: a.itemId, reviewReason: a.reviewReason })
    .from(a)
    .where(and(eq(a.id, awardId), isNull(a.revokedAt), isNotNull(a.reviewFlaggedAt)));
  return row ?? null;
}

/** The "Needs review" list of /admin/awards: flagged live awards, oldest flag first, at most `limit`. */
export async function flaggedAwards({ db, t }: Conn, limit: number) {
  const a = t.awards;
  return db
    .select({
      id: a.id,
      userId: a.userId,
      userName: t.users.name,
      userEmail: t.users.email,
      itemId: a.itemId,
      title: t.catalogItems.title,
      kind: a.kind,
      awardedAt: a.awardedAt,
      flaggedAt: a.reviewFlaggedAt,
      reason: a.reviewReason,
    })
    .from(a)
    .innerJoin(t.users, eq(t.users.id, a.userId))
    .innerJoin(t.catalogItems, eq(t.catalogItems.id, a.itemId))
    .where(and(isNull(a.revokedAt), isNotNull(a.reviewFlaggedAt)))
    .orderBy(asc(a.reviewFlaggedAt), asc(a.id))
    .limit(limit);
}

/** The account's linked OpenWebUI user ids (at most one today). */
export async function linkedOwuiUserOf({ db, t }: Conn, userId: string): Promise<string | null> {
  const [row] = await db.select({ id: t.owuiUsers.id }).from(t.owuiUsers).where(eq(t.owuiUsers.userId, userId)).limit(1);
  return row?.id ?? null;
}

/** How many characters of the completing message an approver sees. */
export const EVIDENCE_EXCERPT_CHARS = 280;

/**
 * The chat evidence of one learner for a badge's rule missions, for the approver: per completion
 * the mission, the chat, the time and an excerpt of the completing message; newest first, at
 * most `limit`.
 */
export async function chatEvidenceFor({ db, t }: Conn, userId: string, missionIds: readonly string[], limit: number) {
  const c = t.missionCompletions;
  const o = t.owuiUsers;
  const m = t.chatMessages;
  if (missionIds.length === 0) return [];
  return db
    .select({
      missionId: c.missionId,
      missionName: t.missions.name,
      chatId: c.chatId,
      completedAt: c.completedAt,
      points: c.points,
      excerpt: sql<string | null>`substr(${m.content}, 1, ${sql.raw(String(EVIDENCE_EXCERPT_CHARS))})`,
    })
    .from(c)
    .innerJoin(o, eq(o.id, c.owuiUserId))
    .innerJoin(t.missions, eq(t.missions.id, c.missionId))
    .leftJoin(m, and(eq(m.chatId, c.chatId), eq(m.messageId, c.messageId)))
    .where(and(eq(o.userId, userId), inArray(c.missionId, missionIds.slice(0, ID_CHUNK))))
    .orderBy(desc(c.completedAt), asc(c.chatId))
    .limit(limit);
}

/** The completions (mission, chat) that exist in the chats of `pairs`. */
export async function completionsInChats(
  { db, t }: Conn,
  pairs: readonly { missionId: string; chatId: string }[],
): Promise<{ missionId: string; chatId: string }[]> {
  const c = t.missionCompletions;
  const out: { missionId: string; chatId: string }[] = [];
  for (const part of chunks([...new Set(pairs.map((p) => p.chatId))], ID_CHUNK))
    out.push(...(await db.select({ missionId: c.missionId, chatId: c.chatId }).from(c).where(inArray(c.chatId, part))));
  return out;
}
