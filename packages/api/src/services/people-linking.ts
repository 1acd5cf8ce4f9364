// Automatic linking of OpenWebUI users to accounts by verified email (docs/product/missions.md
// §M-18, §M-20), run at every reload, every sign-in and when an email gets verified.
//
// No standings rebuild follows a link: standings are keyed by the OpenWebUI user id, and a link
// only changes which account (name, leaderboard-name choice, "My missions") that id maps to when a
// page reads it. Mission rules do follow (ADR 029): the linked accounts' completions are evaluated
// in the same transaction, so linking can award a badge.
import { buildAuditEntry, type EmailLink, type EmailLinkConflict, planEmailLinks } from "@missionboard/core";
import { accountAwaitsEmailLink, type Conn, emailLinkCandidates, insertAuditEntries, setOwuiLink } from "@missionboard/db";
import type { AppSettings } from "../context";
import { evaluateMissionBadges, type MissionBadgeResult } from "./mission-badges";

/** Every account (a reload), or one account (its sign-in or email verification). */
export type LinkScope = { kind: "all" } | { kind: "account"; userId: string };

export interface LinkByEmailResult {
  linked: EmailLink[];
  /** Accounts whose email several unlinked OpenWebUI users share: staff link one by hand. */
  conflicts: EmailLinkConflict[];
  /** What the mission rules awarded the newly linked accounts. */
  badges: MissionBadgeResult;
}

/**
 * Links what core's planEmailLinks decides, page by page of accounts, each link audited
 * (`people.linked`, method email, no actor). Call inside the caller's transaction.
 */
export async function linkByEmail(
  conn: Conn,
  now: Date,
  scope: LinkScope,
  requestId: string | null = null,
  settings: Pick<AppSettings, "appUrl"> = { appUrl: "" },
): Promise<LinkByEmailResult> {
  const result: LinkByEmailResult = { linked: [], conflicts: [], badges: { awarded: 0, cascaded: 0, flagged: 0, notified: false } };
  // The common sign-in (linked already, or unverified) stops at two indexed lookups.
  if (scope.kind === "account" && !(await accountAwaitsEmailLink(conn, scope.userId))) return result;
  let after: string | null = null;
  do {
    const page = await emailLinkCandidates(conn, { after, userId: scope.kind === "account" ? scope.userId : undefined });
    const plan = planEmailLinks(page.owuiUsers, page.accounts);
    const made: EmailLink[] = [];
    for (const link of plan.links) if (await setOwuiLink(conn, { ...link, method: "email" }, now)) made.push(link);
    await insertAuditEntries(
      conn,
      made.map((link) =>
        buildAuditEntry(
          {
            actorId: null,
            action: "people.linked",
            entityType: "owui_user",
            entityId: link.owuiUserId,
            metadata: { userId: link.userId, method: "email" },
            requestId,
          },
          now,
        ),
      ),
    );
    result.linked.push(...made);
    result.conflicts.push(...plan.conflicts);
    after = page.next;
  } while (after);
  if (result.linked.length > 0)
    result.badges = await evaluateMissionBadges(conn, now, { settings, requestId }, { userIds: result.linked.map((l) => l.userId) });
  return result;
}
