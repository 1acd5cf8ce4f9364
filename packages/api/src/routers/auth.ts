import {
  AccountEmailSchema,
  buildAuditEntry,
  ForbiddenError,
  initialStatus,
  MAIL_REQUEST_RULE,
  normalizeEmail,
  PasswordSchema,
  passwordResetEmail,
  REGISTRATION_RULE,
  RegisterInputSchema,
  RuleViolationError,
  registrationAttemptEmail,
  SIGN_IN_RULES,
  verificationEmail,
} from "@missionboard/core";
import {
  type Conn,
  deleteUserSessions,
  enqueueMail,
  findUserByEmail,
  findUserById,
  insertAuditEntry,
  insertUser,
  isUniqueViolation,
  type UserRow,
  updateUser,
} from "@missionboard/db";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { hashPassword, verifyPassword } from "../services/password";
import { linkByEmail } from "../services/people-linking";
import { rateKey, releaseSlots, resetSlot, takeSlots, tryTakeSlot } from "../services/rate-limit";
import { endAllSessions, endSession } from "../services/sessions";
import { admitUser } from "../services/sign-in";
import { issueToken, redeemToken } from "../services/tokens";
import { activeProcedure, publicProcedure, router, sessionProcedure } from "../trpc";

export const SignInInputSchema = z.object({
  email: z.string().trim().min(1, "Enter your email.").max(254, "That email is too long."),
  password: z.string().min(1, "Enter your password.").max(1000, "That password is too long."),
});

const TokenSchema = z.string().trim().min(1, "This link is incomplete.").max(200, "This link is not valid.");
export const VerifyEmailInputSchema = z.object({ token: TokenSchema });
export const EmailInputSchema = z.object({ email: AccountEmailSchema });
export const ResetPasswordInputSchema = z.object({ token: TokenSchema, password: PasswordSchema });
export const ChangePasswordInputSchema = z.object({ currentPassword: z.string().max(1000).default(""), newPassword: PasswordSchema });

export const BAD_CREDENTIALS = "That email and password do not match an account.";
export const BAD_LINK = "This link has expired or was already used. Ask for a new one.";
/** The same answer whether or not the email has an account, so the form cannot be used to probe. */
export const RESET_SENT = "If an account exists for that email, we have sent a link to reset its password.";
export const VERIFICATION_SENT = "If that email has an unconfirmed account, we have sent a new confirmation link.";
const NOT_VERIFIED = "Please confirm your email first: open the link we sent you, or ask for a new one below.";

const link = (appUrl: string, path: string, token: string) => `${appUrl}${path}?token=${encodeURIComponent(token)}`;

/** The three sign-in counters of core's SIGN_IN_RULES for this email and client address. */
const signInChecks = (email: string, address: string) => ({
  address: { key: rateKey("login:address", address), rule: SIGN_IN_RULES.address },
  pair: { key: rateKey("login:pair", email, address), rule: SIGN_IN_RULES.pair },
  account: { key: rateKey("login:account", email), rule: SIGN_IN_RULES.account },
});

/** Without a known address (no proxy information) every such caller shares one address. */
const addressOf = (ctx: { clientIp: string | null }) => ctx.clientIp ?? "unknown";

export const authRouter = router({
  /**
   * Local sign-in; returns the session token for the web app to put in its cookie. The attempt is
   * counted before the password is checked (so concurrent guesses cannot slip past the limit) and
   * handed back when it succeeds; see docs/decisions/012-sign-in-limits-and-session-lifetime.md.
   */
  signIn: publicProcedure.input(SignInInputSchema).mutation(async ({ ctx, input }) => {
    const now = ctx.now();
    const email = normalizeEmail(input.email);
    const { address, pair, account } = signInChecks(email, addressOf(ctx));
    await takeSlots(ctx.db, [address, pair, account], now, "sign-in attempts");
    const user = await ctx.db.read((c) => findUserByEmail(c, email));
    const ok = await verifyPassword(user?.passwordHash ?? null, input.password);
    if (!user || !ok) {
      await ctx.db.tx((c) => auditFailedSignIn(c, user, now, ctx.requestId));
      throw new TRPCError({ code: "UNAUTHORIZED", message: BAD_CREDENTIALS });
    }
    // The right password: this attempt is not a failure. The pair's count starts again.
    await ctx.db.tx(async (c) => {
      await resetSlot(c, pair);
      await releaseSlots(c, [address, account], now);
    });
    if (!user.emailVerifiedAt && user.status !== "deactivated") throw new ForbiddenError(NOT_VERIFIED);
    return ctx.db.tx((c) => admitUser(c, user, ctx.settings, now, ctx.requestId));
  }),

  /**
   * Local registration: the account waits for its email to be confirmed (and, in approval mode,
   * for staff). An email that already has an account gets the same answer, and its owner an email
   * saying someone tried (so the form cannot be used to learn who has an account).
   */
  register: publicProcedure.input(RegisterInputSchema).mutation(async ({ ctx, input }) => {
    const status = initialStatus(ctx.settings.registrationMode, "local");
    if (!status || !ctx.settings.signInMethods.includes("local"))
      throw new ForbiddenError("Registration is closed. Ask an administrator to invite you.");
    const now = ctx.now();
    await takeSlots(
      ctx.db,
      [{ key: rateKey("register:address", addressOf(ctx)), rule: REGISTRATION_RULE }],
      now,
      "registrations from your network",
    );
    // Hashed before looking the email up, so both answers take the same time.
    const passwordHash = await hashPassword(input.password);
    const attempt = () =>
      ctx.db.tx(async (c) => {
        const existing = await findUserByEmail(c, input.email);
        if (existing) return tellOwner(c, existing, ctx.settings.appUrl, now);
        const user = await insertUser(c, { email: input.email, name: input.name, status, origin: "local", passwordHash, now });
        const token = await issueToken(c, user.id, "verify_email", now);
        await enqueueMail(c, verificationEmail(user.email, user.name, link(ctx.settings.appUrl, "/verify-email", token)), now);
        await insertAuditEntry(
          c,
          buildAuditEntry(
            {
              actorId: user.id,
              action: "user.registered",
              entityType: "user",
              entityId: user.id,
              metadata: { origin: "local", status },
              requestId: ctx.requestId,
            },
            now,
          ),
        );
        return true;
      });
    let queued: boolean;
    try {
      queued = await attempt();
    } catch (error) {
      // Registrations of one email racing: the unique index lets one win; the others look again
      // and find it, like any registration of a taken email.
      if (!isUniqueViolation(error)) throw error;
      queued = await attempt();
    }
    if (queued) ctx.mail.afterCommit();
    return { status };
  }),

  verifyEmail: publicProcedure.input(VerifyEmailInputSchema).mutation(async ({ ctx, input }) => {
    const now = ctx.now();
    const linked = await ctx.db.tx(async (c) => {
      const userId = await redeemToken(c, input.token, "verify_email", now);
      if (!userId) throw new RuleViolationError(BAD_LINK, "token");
      await updateUser(c, userId, { emailVerifiedAt: now }, now);
      const result = await linkByEmail(c, now, { kind: "account", userId }, ctx.requestId, ctx.settings);
      await insertAuditEntry(
        c,
        buildAuditEntry(
          { actorId: userId, action: "user.email_verified", entityType: "user", entityId: userId, requestId: ctx.requestId },
          now,
        ),
      );
      return result;
    });
    if (linked.badges.notified) ctx.mail.afterCommit();
    return { verified: true as const };
  }),

  resendVerification: publicProcedure.input(EmailInputSchema).mutation(async ({ ctx, input }) => {
    const now = ctx.now();
    await takeSlots(ctx.db, [{ key: rateKey("mail:verify", input.email), rule: MAIL_REQUEST_RULE }], now, "emails requested");
    const queued = await ctx.db.tx(async (c) => {
      const user = await findUserByEmail(c, input.email);
      if (!user || user.emailVerifiedAt || user.status === "deactivated") return false;
      const token = await issueToken(c, user.id, "verify_email", now);
      await enqueueMail(c, verificationEmail(user.email, user.name, link(ctx.settings.appUrl, "/verify-email", token)), now);
      return true;
    });
    if (queued) ctx.mail.afterCommit();
    return { message: VERIFICATION_SENT };
  }),

  requestPasswordReset: publicProcedure.input(EmailInputSchema).mutation(async ({ ctx, input }) => {
    const now = ctx.now();
    await takeSlots(ctx.db, [{ key: rateKey("mail:reset", input.email), rule: MAIL_REQUEST_RULE }], now, "emails requested");
    const queued = await ctx.db.tx(async (c) => {
      const user = await findUserByEmail(c, input.email);
      if (!user || user.status === "deactivated") return false;
      const token = await issueToken(c, user.id, "reset_password", now);
      await enqueueMail(c, passwordResetEmail(user.email, user.name, link(ctx.settings.appUrl, "/reset-password", token)), now);
      await insertAuditEntry(
        c,
        buildAuditEntry(
          { actorId: user.id, action: "user.password_reset_requested", entityType: "user", entityId: user.id, requestId: ctx.requestId },
          now,
        ),
      );
      return true;
    });
    if (queued) ctx.mail.afterCommit();
    return { message: RESET_SENT };
  }),

  /** Sets a new password from an emailed link; every session of the account ends. */
  resetPassword: publicProcedure.input(ResetPasswordInputSchema).mutation(async ({ ctx, input }) => {
    const now = ctx.now();
    const passwordHash = await hashPassword(input.password);
    await ctx.db.tx(async (c) => {
      const userId = await redeemToken(c, input.token, "reset_password", now);
      const user = userId ? await findUserById(c, userId) : null;
      if (!user || user.status === "deactivated") throw new RuleViolationError(BAD_LINK, "token");
      // Opening the emailed link proves the mailbox, so it also confirms the email.
      await updateUser(c, user.id, { passwordHash, emailVerifiedAt: user.emailVerifiedAt ?? now }, now);
      await linkByEmail(c, now, { kind: "account", userId: user.id }, ctx.requestId, ctx.settings);
      await deleteUserSessions(c, user.id);
      // The guesses counted against the old password no longer matter.
      await resetSlot(c, { key: rateKey("login:account", user.email) });
      await insertAuditEntry(
        c,
        buildAuditEntry(
          { actorId: user.id, action: "user.password_reset", entityType: "user", entityId: user.id, requestId: ctx.requestId },
          now,
        ),
      );
    });
    return { reset: true as const };
  }),

  /** Changes the signed-in user's password and ends their other sessions. */
  changePassword: activeProcedure.input(ChangePasswordInputSchema).mutation(async ({ ctx, input }) => {
    const now = ctx.now();
    const user = await ctx.db.read((c) => findUserById(c, ctx.user.id));
    if (!user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Please sign in to continue." });
    if (user.passwordHash && !(await verifyPassword(user.passwordHash, input.currentPassword))) {
      throw new RuleViolationError("Your current password is not right.", "currentPassword");
    }
    const passwordHash = await hashPassword(input.newPassword);
    return ctx.db.tx(async (c) => {
      await updateUser(c, user.id, { passwordHash }, now);
      await deleteUserSessions(c, user.id);
      await insertAuditEntry(
        c,
        buildAuditEntry(
          { actorId: user.id, action: "user.password_changed", entityType: "user", entityId: user.id, requestId: ctx.requestId },
          now,
        ),
      );
      // The current browser stays signed in with a fresh session; every other one is signed out.
      return admitUser(c, user, ctx.settings, now, ctx.requestId);
    });
  }),

  signOut: sessionProcedure.mutation(({ ctx }) => ctx.db.tx((c) => endSession(c, ctx.user, ctx.now(), ctx.requestId))),

  signOutEverywhere: sessionProcedure.mutation(({ ctx }) => ctx.db.tx((c) => endAllSessions(c, ctx.user, ctx.now(), ctx.requestId))),

  /** Who is signed in, including the states the web app routes on (pending, onboarding). */
  me: sessionProcedure.query(({ ctx }) => ({
    id: ctx.user.id,
    name: ctx.user.name,
    email: ctx.user.email,
    role: ctx.user.role,
    status: ctx.user.status,
    onboarded: ctx.user.onboarded,
  })),

  /** What the sign-in page offers. */
  methods: publicProcedure.query(({ ctx }) => ({
    methods: ctx.settings.signInMethods,
    registration: ctx.settings.signInMethods.includes("local") && ctx.settings.registrationMode !== "closed",
  })),
});

/** A wrong password or an unknown email, on the record for admins (never the password; the person sees one answer). */
function auditFailedSignIn(conn: Conn, user: UserRow | null, now: Date, requestId: string) {
  const reason = !user ? "unknown_email" : user.passwordHash ? "wrong_password" : "no_password";
  return insertAuditEntry(
    conn,
    buildAuditEntry(
      { actorId: null, action: "auth.sign_in_failed", entityType: "user", entityId: user?.id ?? null, metadata: { reason }, requestId },
      now,
    ),
  );
}

/**
 * Someone registered with this account's email: an unconfirmed account gets a fresh confirmation
 * link, any other live account a note that someone tried. At most MAIL_REQUEST_RULE per account, so
 * the form cannot mail-bomb anyone. Returns whether mail was queued.
 */
async function tellOwner(conn: Conn, owner: UserRow, appUrl: string, now: Date): Promise<boolean> {
  if (owner.status === "deactivated") return false;
  if (!(await tryTakeSlot(conn, { key: rateKey("mail:register", owner.email), rule: MAIL_REQUEST_RULE }, now))) return false;
  if (!owner.emailVerifiedAt && owner.passwordHash) {
    const token = await issueToken(conn, owner.id, "verify_email", now);
    await enqueueMail(conn, verificationEmail(owner.email, owner.name, link(appUrl, "/verify-email", token)), now);
  } else {
    await enqueueMail(
      conn,
      registrationAttemptEmail(owner.email, owner.name, { signIn: `${appUrl}/login`, reset: `${appUrl}/forgot-password` }),
      now,
    );
  }
  return true;
}
