import { AccountEmailSchema, buildAuditEntry, ConflictError, PasswordSchema, PersonNameSchema } from "@missionboard/core";
import { countUsers, hasSystemFlag, insertAuditEntry, insertUser, setSystemFlag } from "@missionboard/db";
import { z } from "zod";
import { hashPassword } from "../services/password";
import { admitUser } from "../services/sign-in";
import { publicProcedure, router } from "../trpc";

const SETUP_FLAG = "setup.completed";
export const SETUP_DONE = "Setup has already been completed. Sign in instead.";

export const SetupInputSchema = z.object({ name: PersonNameSchema, email: AccountEmailSchema, password: PasswordSchema });

/** First run: the first visitor creates the first admin, once and for all. */

export const setupRouter = router({
  status: publicProcedure.query(async ({ ctx }) => ({
    needed: await ctx.db.read(async (c) => !(await hasSystemFlag(c, SETUP_FLAG)) && (await countUsers(c)) === 0),
  })),

  createAdmin: publicProcedure.input(SetupInputSchema).mutation(async ({ ctx, input }) => {
    const now = ctx.now();
    const passwordHash = await hashPassword(input.password);
    return ctx.db.tx(async (c) => {
      // The flag's primary key decides between racing visitors; the user count covers
      // databases that got users another way (seed, pre-created) before setup ran.
      if ((await countUsers(c)) > 0 || !(await setSystemFlag(c, SETUP_FLAG, now))) throw new ConflictError(SETUP_DONE);
      const admin = await insertUser(c, {
        ...input,
        role: "admin",
        status: "active",
        origin: "setup",
        passwordHash,
        emailVerifiedAt: now,
        now,
      });
      await insertAuditEntry(
        c,
        buildAuditEntry(
          { actorId: admin.id, action: "setup.completed", entityType: "user", entityId: admin.id, requestId: ctx.requestId },
          now,
        ),
      );
      return admitUser(c, admin, ctx.settings, now, ctx.requestId);
    });
  }),
});
