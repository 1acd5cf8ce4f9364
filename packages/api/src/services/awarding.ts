// Granting and revoking awards with automatic progression. These run inside the caller's
// transaction (they never open one): the request/award and every cascaded award, audit row and
// notification commit together. Call ctx.mail.afterCommit() after the transaction.
import {
  type AuditAction,
  type AwardSource,
  buildAuditEntry,
  Catalog,
  cascadeAwards,
  cascadeRevocations,
  escapeHtml,
  type ItemKind,
  KIND_LABELS,
  recomputePlan,
} from "@missionboard/core";
import {
  type Conn,
  countActiveStudents,
  enqueueMailsBulk,
  findAwardRecipients,
  insertAuditEntriesBulk,
  insertAuditEntry,
  insertAward,
  insertAwards,
  insertNotificationsBulk,
  liveAwardsOf,
  loadCatalogNodes,
  loadLiveHoldings,
  lockStudentAwards,
  revokeAward,
} from "@missionboard/db";
import type { AppSettings } from "../context";
import { afterAwardsRevoked } from "./credentials/service";
import { badgeImageHtml, notifyUser } from "./notify";

/** What the services need from the request context. */
export interface AwardingContext {
  /** The app's URL, for the links of notification emails. */
  settings: Pick<AppSettings, "appUrl">;
  /** The HTTP request id, recorded on audit rows. */
  requestId: string | null;
}

/** A revocation also re-signs the credentials' status list, which needs the issuer's settings. */
export interface RevokingContext extends AwardingContext {
  settings: AppSettings;
}

export interface GrantInput {
  userId: string;
  itemId: string;
  source: AwardSource;
  requestId?: string | null;
  awardedBy?: string | null;
  reason?: string | null;
  /** Extra audit details of the primary award (ids and counts, e.g. a mission rule's kind). */
  auditDetails?: Record<string, string | number | boolean | null>;
}

export interface GrantedAward {
  itemId: string;
  kind: ItemKind;
  title: string;
  source: AwardSource;
}

export interface GrantResult {
  /** False when the student already held the item (nothing was written for it). */
  created: boolean;
  /** The new award's id when created. */
  awardId?: string;
  /** Automatic skill/program awards that followed, in award order. */
  cascaded: GrantedAward[];
}

const PRIMARY_ACTION: Record<AwardSource, AuditAction> = {
  request: "award.granted",
  manual: "award.manual_granted",
  auto: "award.auto_granted",
  mission: "award.mission_granted",
};

const STUDENT_LINK = "/student";

const titleOf = (catalog: Catalog, itemId: string) => catalog.get(itemId)?.title ?? "a badge";
const kindOf = (catalog: Catalog, itemId: string): ItemKind => catalog.get(itemId)?.kind ?? "mini_badge";

/**
 * Awards `itemId` and whatever it completes (skill → program), each audited and notified.
 * The primary award of an approved request is not notified here: the approval's
 * "request_approved" notification says it. Idempotent: an item already held creates nothing and
 * triggers no cascade.
 */
export async function grantWithCascade(
  conn: Conn,
  catalog: Catalog,
  input: GrantInput,
  now: Date,
  ctx: AwardingContext,
): Promise<GrantResult> {
  await lockStudentAwards(conn, input.userId);
  const live = await liveAwardsOf(conn, input.userId);
  const held = new Set(live.map((a) => a.itemId));
  if (held.has(input.itemId)) return { created: false, cascaded: [] };
  const award = await insertAward(
    conn,
    {
      userId: input.userId,
      itemId: input.itemId,
      kind: kindOf(catalog, input.itemId),
      source: input.source,
      requestId: input.requestId ?? null,
      awardedBy: input.awardedBy ?? null,
      reason: input.reason ?? null,
    },
    now,
  );
  // Raced with another grant of the same item: the unique index kept one; that one cascades.
  if (!award) return { created: false, cascaded: [] };
  await insertAuditEntry(
    conn,
    buildAuditEntry(
      {
        actorId: input.awardedBy ?? null,
        action: PRIMARY_ACTION[input.source],
        entityType: "award",
        entityId: award.id,
        metadata: {
          userId: input.userId,
          itemId: input.itemId,
          kind: kindOf(catalog, input.itemId),
          title: titleOf(catalog, input.itemId),
          source: input.source,
          requestId: input.requestId ?? null,
          reason: input.reason ?? null,
          ...input.auditDetails,
        },
        requestId: ctx.requestId,
      },
      now,
    ),
  );
  if (input.source !== "request") await notifyAwarded(conn, catalog, ctx, input.userId, input.itemId, now);

  const cascaded: GrantedAward[] = [];
  for (const itemId of cascadeAwards(catalog, held, input.itemId)) {
    const auto = await insertAward(conn, { userId: input.userId, itemId, kind: kindOf(catalog, itemId), source: "auto" }, now);
    if (!auto) continue;
    await insertAuditEntry(
      conn,
      buildAuditEntry(
        {
          actorId: null,
          action: "award.auto_granted",
          entityType: "award",
          entityId: auto.id,
          metadata: {
            userId: input.userId,
            itemId,
            kind: kindOf(catalog, itemId),
            title: titleOf(catalog, itemId),
            triggeredBy: input.itemId,
            requestId: input.requestId ?? null,
          },
          requestId: ctx.requestId,
        },
        now,
      ),
    );
    await notifyAwarded(conn, catalog, ctx, input.userId, itemId, now);
    cascaded.push({ itemId, kind: kindOf(catalog, itemId), title: titleOf(catalog, itemId), source: "auto" });
  }
  return { created: true, awardId: award.id, cascaded };
}

function notifyAwarded(conn: Conn, catalog: Catalog, ctx: AwardingContext, userId: string, itemId: string, now: Date) {
  const title = titleOf(catalog, itemId);
  return notifyUser(
    conn,
    ctx.settings,
    {
      userId,
      kind: "badge_awarded",
      title: `You earned the ${KIND_LABELS[kindOf(catalog, itemId)]} “${title}”`,
      body: "Congratulations! It now appears under My badges.",
      link: STUDENT_LINK,
      badgeId: itemId,
    },
    now,
  );
}

export interface RevokeInput {
  userId: string;
  itemId: string;
  revokedBy: string;
  reason: string;
}

/**
 * Revokes a live award and the automatic awards above it that no longer hold (core
 * cascadeRevocations): the skill of a revoked mini-badge, then the program. Manual awards above it
 * stand by decision: an admin granted them on purpose. Returns the revoked item ids (the first is
 * `itemId`), or null when the student does not hold it. The originating request stays approved;
 * the student may request the badge again.
 */
export async function revokeWithCascade(
  conn: Conn,
  catalog: Catalog,
  input: RevokeInput,
  now: Date,
  ctx: RevokingContext,
): Promise<string[] | null> {
  await lockStudentAwards(conn, input.userId);
  const live = await liveAwardsOf(conn, input.userId);
  const held = new Set(live.map((a) => a.itemId));
  const automatic = new Set(live.filter((a) => a.source === "auto").map((a) => a.itemId));
  const primary = await revokeAward(conn, input, now);
  if (!primary) return null;
  const revoked = [input.itemId];
  const revokedAwardIds = [primary.id];
  await auditRevocation(conn, catalog, ctx, input, primary.id, input.itemId, null, now);
  for (const itemId of cascadeRevocations(catalog, held, automatic, input.itemId)) {
    const reason = `Automatic: “${titleOf(catalog, input.itemId)}” was revoked.`;
    const row = await revokeAward(conn, { userId: input.userId, itemId, revokedBy: input.revokedBy, reason }, now);
    if (!row) continue;
    revoked.push(itemId);
    revokedAwardIds.push(row.id);
    await auditRevocation(conn, catalog, ctx, { ...input, reason }, row.id, itemId, input.itemId, now);
  }
  // Their Open Badges credentials (if any were issued) are revoked in the published status list.
  await afterAwardsRevoked(conn, ctx.settings, revokedAwardIds, now);
  for (const itemId of revoked)
    await notifyUser(
      conn,
      ctx.settings,
      {
        userId: input.userId,
        kind: "badge_revoked",
        title: `The ${KIND_LABELS[kindOf(catalog, itemId)]} “${titleOf(catalog, itemId)}” was revoked`,
        body:
          itemId === input.itemId ? `Reason: ${input.reason}` : `It depended on “${titleOf(catalog, input.itemId)}”, which was revoked.`,
        link: STUDENT_LINK,
      },
      now,
    );
  return revoked;
}

function auditRevocation(
  conn: Conn,
  catalog: Catalog,
  ctx: AwardingContext,
  input: RevokeInput,
  awardId: string,
  itemId: string,
  triggeredBy: string | null,
  now: Date,
) {
  return insertAuditEntry(
    conn,
    buildAuditEntry(
      {
        actorId: input.revokedBy,
        action: "award.revoked",
        entityType: "award",
        entityId: awardId,
        metadata: {
          userId: input.userId,
          itemId,
          kind: kindOf(catalog, itemId),
          title: titleOf(catalog, itemId),
          reason: input.reason,
          cascade: triggeredBy !== null,
          triggeredBy,
        },
        requestId: ctx.requestId,
      },
      now,
    ),
  );
}

export interface RecomputePreview {
  /** Active accounts with at least one live award (everyone else cannot qualify for anything). */
  studentsEvaluated: number;
  /** Every active student, so the page can say "3 of 4 active students" (docs/product/badges.md §B-5). */
  activeStudents: number;
  studentsAffected: number;
  awardsToGrant: number;
  byKind: Record<"skill" | "program", number>;
  plan: Map<string, string[]>;
}

/** What a recompute would grant: two queries' worth of reads, the rest in memory. */
export async function previewRecompute(conn: Conn, catalog: Catalog): Promise<RecomputePreview> {
  const holdings = await loadLiveHoldings(conn);
  const activeStudents = await countActiveStudents(conn);
  const plan = recomputePlan(catalog, holdings);
  const byKind = { skill: 0, program: 0 };
  let awardsToGrant = 0;
  for (const items of plan.values()) {
    for (const itemId of items) {
      awardsToGrant += 1;
      if (kindOf(catalog, itemId) === "program") byKind.program += 1;
      else byKind.skill += 1;
    }
  }
  return { studentsEvaluated: holdings.size, activeStudents, studentsAffected: plan.size, awardsToGrant, byKind, plan };
}

/**
 * Grants every automatic award students qualify for but lack (never revokes), with chunked
 * multi-row inserts: awards, one audit row each, one in-app notification each and one email per
 * student (unless they opted out), plus an `award.recomputed` summary row.
 */
export async function applyRecompute(conn: Conn, catalog: Catalog, actorId: string, now: Date, ctx: AwardingContext) {
  const preview = await previewRecompute(conn, catalog);
  const wanted = [...preview.plan.entries()].flatMap(([userId, items]) =>
    items.map((itemId) => ({ userId, itemId, kind: kindOf(catalog, itemId), source: "auto" as const })),
  );
  const created = await insertAwards(conn, wanted, now);
  await insertAuditEntriesBulk(
    conn,
    created.map((a) =>
      buildAuditEntry(
        {
          actorId: null,
          action: "award.auto_granted",
          entityType: "award",
          entityId: a.id,
          metadata: {
            userId: a.userId,
            itemId: a.itemId,
            kind: kindOf(catalog, a.itemId),
            title: titleOf(catalog, a.itemId),
            triggeredBy: "recompute",
          },
          requestId: ctx.requestId,
        },
        now,
      ),
    ),
  );
  await insertNotificationsBulk(
    conn,
    created.map((a) => ({
      userId: a.userId,
      kind: "badge_awarded" as const,
      title: `You earned the ${KIND_LABELS[kindOf(catalog, a.itemId)]} “${titleOf(catalog, a.itemId)}”`,
      body: "Congratulations! It now appears under My badges.",
      link: STUDENT_LINK,
    })),
    now,
  );
  const byUser = new Map<string, string[]>();
  const itemsByUser = new Map<string, string[]>();
  for (const a of created) {
    byUser.set(a.userId, [...(byUser.get(a.userId) ?? []), titleOf(catalog, a.itemId)]);
    itemsByUser.set(a.userId, [...(itemsByUser.get(a.userId) ?? []), a.itemId]);
  }
  const recipients = (await findAwardRecipients(conn, [...byUser.keys()])).filter((u) => u.emailNotifications && u.status === "active");
  const link = `${ctx.settings.appUrl}${STUDENT_LINK}`;
  await enqueueMailsBulk(
    conn,
    recipients.map((u) => {
      const titles = byUser.get(u.id) ?? [];
      const lines = [
        `Hi ${u.name},`,
        `You earned ${titles.length === 1 ? "a new badge" : `${titles.length} new badges`}: ${titles.join(", ")}.`,
      ];
      return {
        to: u.email,
        subject: "Missionboard: you earned new badges",
        text: `${lines.join("\n\n")}\n\n${link}\n\nYou can turn these emails off on your profile page.`,
        html: [
          // At most six pictures: a recompute can award many badges at once.
          ...(itemsByUser.get(u.id) ?? [])
            .slice(0, 6)
            .map((itemId) => badgeImageHtml(ctx.settings.appUrl, itemId, titleOf(catalog, itemId))),
          ...lines.map((l) => `<p>${escapeHtml(l)}</p>`),
          `<p><a href="${escapeHtml(link)}">Open Missionboard</a></p>`,
        ].join("\n"),
      };
    }),
    now,
  );
  await insertAuditEntry(
    conn,
    buildAuditEntry(
      {
        actorId,
        action: "award.recomputed",
        entityType: "system",
        entityId: null,
        metadata: { studentsEvaluated: preview.studentsEvaluated, studentsAffected: byUser.size, awardsGranted: created.length },
        requestId: ctx.requestId,
      },
      now,
    ),
  );
  return { studentsEvaluated: preview.studentsEvaluated, studentsAffected: byUser.size, awardsGranted: created.length };
}

/** The catalog as the rules see it, read in the caller's transaction. */
export async function loadCatalog(conn: Conn): Promise<Catalog> {
  return new Catalog(await loadCatalogNodes(conn));
}
