// Which OpenWebUI users to link to which accounts by email (docs/product/missions.md §M-18, §M-20).
// Pure: the caller loads the candidates and writes the links.
import { normalizeEmail } from "../identity/email";

/** An OpenWebUI user that might be linked. */
export interface LinkableOwuiUser {
  id: string;
  email: string | null;
  /** The account it is linked to already, if any. */
  userId: string | null;
  /** Staff unlinked it by hand: automatic linking leaves it alone. */
  blocked: boolean;
}

/** A Missionboard account that might be linked. */
export interface LinkableAccount {
  id: string;
  email: string;
  /** `users.email_verified_at` is set (a confirmed link, a password reset, or a provider that vouched for it). */
  verified: boolean;
  /** Some OpenWebUI user is linked to it already. */
  linked: boolean;
}

export interface EmailLink {
  owuiUserId: string;
  userId: string;
}

/** Several OpenWebUI users share one account's email: none is linked automatically; staff decide. */
export interface EmailLinkConflict {
  userId: string;
  email: string;
  owuiUserIds: string[];
}

export interface EmailLinkPlan {
  links: EmailLink[];
  conflicts: EmailLinkConflict[];
}

/**
 * The links to make by email: an OpenWebUI user links to the account whose email equals its own
 * (trimmed, case-insensitive, NFC) when the account's email is verified, neither side is linked
 * already and staff did not unlink the OpenWebUI user by hand. When two or more such OpenWebUI
 * users share the account's email, none is linked and the pair is reported as a conflict.
 *
 * @example
 * planEmailLinks(
 *   [{ id: "o1", email: " Ada@X.org ", userId: null, blocked: false }],
 *   [{ id: "u1", email: "ada@x.org", verified: true, linked: false }],
 * ) // { links: [{ owuiUserId: "o1", userId: "u1" }], conflicts: [] }
 */
export function planEmailLinks(owuiUsers: readonly LinkableOwuiUser[], accounts: readonly LinkableAccount[]): EmailLinkPlan {
  const byEmail = new Map<string, string[]>();
  for (const o of owuiUsers) {
    if (o.userId !== null || o.blocked || !o.email) continue;
    const email = normalizeEmail(o.email);
    if (!email) continue;
    const ids = byEmail.get(email);
    if (ids) {
      if (!ids.includes(o.id)) ids.push(o.id);
    } else byEmail.set(email, [o.id]);
  }
  const links: EmailLink[] = [];
  const conflicts: EmailLinkConflict[] = [];
  const seenAccounts = new Set<string>();
  for (const a of accounts) {
    if (!a.verified || a.linked || seenAccounts.has(a.id)) continue;
    seenAccounts.add(a.id);
    const email = normalizeEmail(a.email);
    const ids = byEmail.get(email);
    if (!ids) continue;
    if (ids.length === 1) links.push({ owuiUserId: ids[0] as string, userId: a.id });
    else conflicts.push({ userId: a.id, email, owuiUserIds: [...ids].sort() });
  }
  return { links, conflicts };
}
