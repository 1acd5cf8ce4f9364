import { findUserByEmail } from "@missionboard/db";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { verifyPassword } from "../services/password";
import { endAllSessions, endSession, startSession } from "../services/sessions";
import { authedProcedure, publicProcedure, router } from "../trpc";

export const SignInInputSchema = z.object({
  email: z.string().trim().min(1, "Enter your email.").max(254, "That email is too long."),
  password: z.string().min(1, "Enter your password.").max(1000, "That password is too long."),
});

const BAD_CREDENTIALS = "That email and password do not match an account.";

export const authRouter = router({
  /** Local sign-in; returns the session token for the web app to put in its cookie. */
  signIn: publicProcedure.input(SignInInputSchema).mutation(async ({ ctx, input }) => {
    const user = await ctx.db.read((c) => findUserByEmail(c, input.email));
    const ok = await verifyPassword(user?.passwordHash ?? null, input.password);
    if (!user || !ok) throw new TRPCError({ code: "UNAUTHORIZED", message: BAD_CREDENTIALS });
    if (user.status === "deactivated")
      throw new TRPCError({ code: "FORBIDDEN", message: "This account has been deactivated. Contact an administrator." });
    const now = ctx.now();
    const session = await ctx.db.tx((c) => startSession(c, user.id, now, ctx.requestId));
    return { ...session, role: user.role };
  }),

  signOut: authedProcedure.mutation(({ ctx }) => ctx.db.tx((c) => endSession(c, ctx.user, ctx.now(), ctx.requestId))),

  signOutEverywhere: authedProcedure.mutation(({ ctx }) => ctx.db.tx((c) => endAllSessions(c, ctx.user, ctx.now(), ctx.requestId))),

  me: authedProcedure.query(({ ctx }) => ({ id: ctx.user.id, name: ctx.user.name, email: ctx.user.email, role: ctx.user.role })),
});
