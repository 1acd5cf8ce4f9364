import {
  AccountEmailSchema,
  buildAuditEntry,
  ConflictError,
  ForbiddenError,
  initialStatus,
  LOGIN_RATE_RULES,
  PasswordSchema,
  passwordResetEmail,
  RegisterInputSchema,
  RuleViolationError,
  verificationEmail,
} from "@missionboard/core";
import { deleteUserSessions, enqueueMail, findUserByEmail, findUserById, insertAuditEntry, insertUser, updateUser } from "@missionboard/db";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { hashPassword, verifyPassword } from "../services/password";
import { assertUnderLimit, countAttempt, rateKey, resetAttempts } from "../services/rate-limit";
import { endAllSessions, endSession } from "../services/sessions";
import { admitUser } from "../services/sign-in";
import { issueToken, redeemToken } from "../services/tokens";
import { activeProcedure, publicProcedure, router, sessionProcedure } from "../trpc";

export const SignInInputSchema = z.object({
  email: z.string().trim().min(1, "Enter your email.").max(254, "That email is too long."),
  password: z.string().min(1, "Enter your password.").max(1000, "That password is too long."),
});

const TokenSchema = z.string().trim().min(1, "This link is incomplete.").max(200, "This link is not valid.");

export const BAD_CREDENTIALS = "That email and password do not match an account.";
export const BAD_LINK = "This link has expired or was already used. Ask for a new one.";
/** The same answer whether or not the email has an account, so the form cannot be used to probe. */
export const RESET_SENT = "If an account exists for that email, we have sent a link to reset its password.";
export const VERIFICATION_SENT = "If that email has an unconfirmed account, we have sent a new confirmation link.";
const NOT_VERIFIED = "Please confirm your email first: open the link we sent you, or ask for a new one below.";

/** Emails a person may ask us to send, per address per hour (stops mail bombing). */
const MAIL_RULE = { limit: 5, windowMs: 60 * 60_000 } as const;

const link = (appUrl: string, path: string, token: string) => `${appUrl}${path}?token=${encodeURIComponent(token)}`;

export const authRouter = router({
  /** Local sign-in; returns the session token for the web app to put in its cookie. */
  signIn: publicProcedure.input(SignInInputSchema).mutation(async ({ ctx, input }) => {
    const now = ctx.now();
    const keys = [
      { key: rateKey("login:account", input.email.trim()), rule: LOGIN_RATE_RULES.account },
      ...(ctx.clientIp ? [{ key: rateKey("login:ip", ctx.clientIp), rule: LOGIN_RATE_RULES.ip }] : []),
    ];
    await ctx.db.read(async (c) => {
      for (const { key, rule } of keys) await assertUnderLimit(c, key, rule, now, "sign-in attempts");
    });
    const user = await ctx.db.read((c) => findUserByEmail(c, input.email));
    const ok = await verifyPassword(user?.passwordHash ?? null, input.password);
    if (!user || !ok) {
      await ctx.db.tx(async (c) => {
        for (const { key, rule } of keys) await countAttempt(c, key, rule, now);
      });
      throw new TRPCError({ code: "UNAUTHORIZED", message: BAD_CREDENTIALS });
    }
    if (!user.emailVerifiedAt && user.status !== "deactivated") throw new ForbiddenError(NOT_VERIFIED);
    return ctx.db.tx(async (c) => {
      await resetAttempts(c, keys[0]?.key ?? "");
      return admitUser(c, user, ctx.settings, now, ctx.requestId);
    });
  }),

  /** Local registration: the account waits for its email to be confirmed (and, in approval mode, for staff). */
  register: publicProcedure.input(RegisterInputSchema).mutation(async ({ ctx, input }) => {
    const status = initialStatus(ctx.settings.registrationMode, "local");
    if (!status || !ctx.settings.signInMethods.includes("local"))
      throw new ForbiddenError("Registration is closed. Ask an administrator to invite you.");
    const now = ctx.now();
    const passwordHash = await hashPassword(input.password);
    const result = await ctx.db.tx(async (c) => {
      if (await findUserByEmail(c, input.email)) {
        throw new ConflictError("An account with this email already exists. Sign in, or reset your password if you forgot it.");
      }
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
      return { status };
    });
    ctx.mail.afterCommit();
    return result;
  }),

  verifyEmail: publicProcedure.input(z.object({ token: TokenSchema })).mutation(async ({ ctx, input }) => {
    const now = ctx.now();
    await ctx.db.tx(async (c) => {
      const userId = await redeemToken(c, input.token, "verify_email", now);
      if (!userId) throw new RuleViolationError(BAD_LINK, "token");
      await updateUser(c, userId, { emailVerifiedAt: now }, now);
      await insertAuditEntry(
        c,
        buildAuditEntry(
          { actorId: userId, action: "user.email_verified", entityType: "user", entityId: userId, requestId: ctx.requestId },
          now,
        ),
      );
    });
    return { verified: true as const };
  }),

  resendVerification: publicProcedure.input(z.object({ email: AccountEmailSchema })).mutation(async ({ ctx, input }) => {
    const now = ctx.now();
    const queued = await ctx.db.tx(async (c) => {
      const key = rateKey("mail:verify", input.email);
      await assertUnderLimit(c, key, MAIL_RULE, now, "emails requested");
      await countAttempt(c, key, MAIL_RULE, now);
      const user = await findUserByEmail(c, input.email);
      if (!user || user.emailVerifiedAt || user.status === "deactivated") return false;
      const token = await issueToken(c, user.id, "verify_email", now);
      await enqueueMail(c, verificationEmail(user.email, user.name, link(ctx.settings.appUrl, "/verify-email", token)), now);
      return true;
    });
    if (queued) ctx.mail.afterCommit();
    return { message: VERIFICATION_SENT };
  }),

  requestPasswordReset: publicProcedure.input(z.object({ email: AccountEmailSchema })).mutation(async ({ ctx, input }) => {
    const now = ctx.now();
    const queued = await ctx.db.tx(async (c) => {
      const key = rateKey("mail:reset", input.email);
      await assertUnderLimit(c, key, MAIL_RULE, now, "emails requested");
      await countAttempt(c, key, MAIL_RULE, now);
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
  resetPassword: publicProcedure.input(z.object({ token: TokenSchema, password: PasswordSchema })).mutation(async ({ ctx, input }) => {
    const now = ctx.now();
    const passwordHash = await hashPassword(input.password);
    await ctx.db.tx(async (c) => {
      const userId = await redeemToken(c, input.token, "reset_password", now);
      const user = userId ? await findUserById(c, userId) : null;
      if (!user || user.status === "deactivated") throw new RuleViolationError(BAD_LINK, "token");
      // Opening the emailed link proves the mailbox, so it also confirms the email.
      await updateUser(c, user.id, { passwordHash, emailVerifiedAt: user.emailVerifiedAt ?? now }, now);
      await deleteUserSessions(c, user.id);
      await resetAttempts(c, rateKey("login:account", user.email));
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
  changePassword: activeProcedure
    .input(z.object({ currentPassword: z.string().max(1000).default(""), newPassword: PasswordSchema }))
    .mutation(async ({ ctx, input }) => {
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
