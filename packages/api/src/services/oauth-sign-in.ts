import { buildAuditEntry, ForbiddenError, initialStatus, normalizeEmail, type OAuthProvider, RuleViolationError } from "@missionboard/core";
import {
  type Conn,
  deleteUserSessions,
  findIdentity,
  findUserByEmail,
  findUserById,
  insertAuditEntry,
  insertIdentity,
  insertUser,
  isUniqueViolation,
  type Store,
  type UserRow,
  updateUser,
} from "@missionboard/db";
import type { AppSettings } from "../context";
import { admitUser } from "./sign-in";

/** What the web app's strategy verified with the provider (never what a browser sent us). */
export interface ProviderIdentity {
  provider: OAuthProvider;
  /** The provider's stable id for the account (`sub`). */
  subject: string;
  email: string;
  /** True only when the provider vouches for the address (see docs/decisions/005-oauth-account-linking.md). */
  emailVerified: boolean;
  name: string;
}

export const REGISTRATION_CLOSED_MESSAGE = "Registration is closed. Ask an administrator to invite you.";
export const UNVERIFIED_EMAIL_MESSAGE =
  "An account with this email already exists, but your provider has not confirmed that the address is yours, so we cannot connect them. Sign in with your password, or ask an administrator.";
export const UNCONFIRMED_ACCOUNT_MESSAGE =
  "An account with this email was created without a confirmed address, so we cannot connect it to this sign-in. Ask an administrator for help.";
export const PROVIDER_DISABLED_MESSAGE = "This sign-in method is not offered here.";
export const MISSING_EMAIL_MESSAGE = "Your provider did not share an email address with us, so we cannot sign you in.";

const PROVIDER_LABEL: Record<OAuthProvider, string> = { google: "Google", microsoft: "Microsoft" };

/**
 * Signs a person in with a Google or Microsoft account the web app has already verified:
 * finds the linked account, links an existing account with the same verified email, or registers
 * a new one (following REGISTRATION_MODE), then admits them like every other sign-in path.
 *
 * Deliberately a plain function and not a tRPC procedure: the identity must come from the
 * provider's token response, never from a caller.
 */
export async function signInWithProvider(
  store: Store,
  identity: ProviderIdentity,
  settings: AppSettings,
  now: Date,
  requestId: string | null,
) {
  if (!settings.signInMethods.includes(identity.provider)) throw new ForbiddenError(PROVIDER_DISABLED_MESSAGE);
  const subject = identity.subject.trim();
  const email = normalizeEmail(identity.email);
  if (!subject || subject.length > 255) throw new RuleViolationError(`${PROVIDER_LABEL[identity.provider]} did not identify your account.`);
  if (!email.includes("@") || email.length > 254) throw new RuleViolationError(MISSING_EMAIL_MESSAGE);
  const name = identity.name.trim().slice(0, 100) || email.split("@")[0] || email;
  const input = { ...identity, subject, email, name };

  const attempt = () =>
    store.tx(async (conn) => admitUser(conn, await resolveUser(conn, input, settings, now, requestId), settings, now, requestId));
  try {
    return await attempt();
  } catch (error) {
    // Two first sign-ins of the same person raced: the unique indexes on users.email and
    // auth_identities(provider, subject) let one of them win; the loser looks again and finds it.
    if (!isUniqueViolation(error)) throw error;
    return attempt();
  }
}

async function resolveUser(
  conn: Conn,
  identity: ProviderIdentity,
  settings: AppSettings,
  now: Date,
  requestId: string | null,
): Promise<UserRow> {
  const linked = await findIdentity(conn, identity.provider, identity.subject);
  if (linked) {
    const user = await findUserById(conn, linked.userId);
    if (user) return user;
  }

  const existing = await findUserByEmail(conn, identity.email);
  if (existing) {
    // Never link through an address the provider does not vouch for: anyone can put any
    // address on an account at some providers.
    if (!identity.emailVerified) throw new ForbiddenError(UNVERIFIED_EMAIL_MESSAGE);
    let user = existing;
    if (!existing.emailVerifiedAt) {
      // An account created by another provider from an unconfirmed address may belong to whoever
      // claimed it; linking would hand them this person's sign-ins.
      if (existing.origin === "google" || existing.origin === "microsoft") throw new ForbiddenError(UNCONFIRMED_ACCOUNT_MESSAGE);
      // A pre-created account, or a local registration never confirmed: the provider has now
      // proved the address. A password set before that was never proved, so it is dropped.
      const patch = existing.passwordHash ? { emailVerifiedAt: now, passwordHash: null } : { emailVerifiedAt: now };
      if (existing.passwordHash) await deleteUserSessions(conn, existing.id);
      user = (await updateUser(conn, existing.id, patch, now)) ?? existing;
    }
    await link(conn, user, identity, now, requestId);
    return user;
  }

  const status = initialStatus(settings.registrationMode, identity.provider);
  if (!status) throw new ForbiddenError(REGISTRATION_CLOSED_MESSAGE);
  const user = await insertUser(conn, {
    email: identity.email,
    name: identity.name,
    status,
    origin: identity.provider,
    emailVerifiedAt: identity.emailVerified ? now : null,
    now,
  });
  await insertAuditEntry(
    conn,
    buildAuditEntry(
      {
        actorId: user.id,
        action: "user.registered",
        entityType: "user",
        entityId: user.id,
        metadata: { origin: identity.provider },
        requestId,
      },
      now,
    ),
  );
  await link(conn, user, identity, now, requestId);
  return user;
}

async function link(conn: Conn, user: UserRow, identity: ProviderIdentity, now: Date, requestId: string | null) {
  await insertIdentity(conn, { userId: user.id, provider: identity.provider, subject: identity.subject, email: identity.email, now });
  await insertAuditEntry(
    conn,
    buildAuditEntry(
      {
        actorId: user.id,
        action: "auth.identity_linked",
        entityType: "user",
        entityId: user.id,
        metadata: { provider: identity.provider },
        requestId,
      },
      now,
    ),
  );
}
