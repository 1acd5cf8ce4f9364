import {
  buildAuditEntry,
  CONSENT_VERSION,
  LEADERBOARD_NAME_STYLES,
  leaderboardAlias,
  OnboardingInputSchema,
  ProfileInputSchema,
} from "@missionboard/core";
import { findOwuiUserOfAccount, findUserById, insertAuditEntry, updateUser } from "@missionboard/db";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { activeProcedure, authedProcedure, router, sessionProcedure } from "../trpc";

const profileOf = (user: NonNullable<Awaited<ReturnType<typeof findUserById>>>) => ({
  id: user.id,
  name: user.name,
  email: user.email,
  role: user.role,
  origin: user.origin,
  hasPassword: Boolean(user.passwordHash),
  displayName: user.displayName,
  substackEmail: user.substackEmail,
  meetupEmail: user.meetupEmail,
  consentAt: user.consentAt,
  consentVersion: user.consentVersion,
  onboardedAt: user.onboardedAt,
  leaderboardName: user.leaderboardName,
});

/** How boards other learners see show this person (docs/product/missions.md §M-17). */
export const LeaderboardNameInputSchema = z.object({
  leaderboardName: z.enum(LEADERBOARD_NAME_STYLES, "Choose how boards show you."),
});

export const profileRouter = router({
  get: activeProcedure.query(async ({ ctx }) => {
    const user = await ctx.db.read((c) => findUserById(c, ctx.user.id));
    if (!user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Please sign in to continue." });
    return profileOf(user);
  }),

  /**
   * The OpenWebUI account the signed-in person's missions come from, with the alias boards show
   * for it; null until it is linked (docs/product/missions.md §M-18).
   */
  owuiLink: activeProcedure.query(async ({ ctx }) => {
    const owui = await ctx.db.read((c) => findOwuiUserOfAccount(c, ctx.user.id));
    return owui ? { email: owui.email, name: owui.name, alias: leaderboardAlias(owui.id) } : null;
  }),

  /** Changes how boards show the person; audited like every other profile change. */
  setLeaderboardName: activeProcedure.input(LeaderboardNameInputSchema).mutation(({ ctx, input }) => {
    const now = ctx.now();
    return ctx.db.tx(async (c) => {
      const before = await findUserById(c, ctx.user.id);
      if (!before) throw new TRPCError({ code: "UNAUTHORIZED", message: "Please sign in to continue." });
      if (before.leaderboardName === input.leaderboardName) return profileOf(before);
      const updated = await updateUser(c, before.id, { leaderboardName: input.leaderboardName }, now);
      await insertAuditEntry(
        c,
        buildAuditEntry(
          {
            actorId: before.id,
            action: "user.profile_updated",
            entityType: "user",
            entityId: before.id,
            metadata: { fields: "leaderboardName", from: before.leaderboardName, to: input.leaderboardName },
            requestId: ctx.requestId,
          },
          now,
        ),
      );
      return profileOf(updated ?? before);
    });
  }),

  /**
   * Idempotent: a second completion leaves the first answers and timestamps as they were. Open to
   * pending users too: they onboard first, then wait for approval, so staff decide with the
   * answers (docs/product/identity.md §I-4).
   */
  completeOnboarding: sessionProcedure.input(OnboardingInputSchema).mutation(async ({ ctx, input }) => {
    const now = ctx.now();
    return ctx.db.tx(async (c) => {
      const user = await findUserById(c, ctx.user.id);
      if (!user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Please sign in to continue." });
      if (user.onboardedAt) return profileOf(user);
      const updated = await updateUser(
        c,
        user.id,
        {
          displayName: input.displayName,
          substackEmail: input.substackEmail ?? null,
          meetupEmail: input.meetupEmail ?? null,
          consentAt: now,
          consentVersion: CONSENT_VERSION,
          onboardedAt: now,
        },
        now,
      );
      await insertAuditEntry(
        c,
        buildAuditEntry(
          {
            actorId: user.id,
            action: "user.onboarded",
            entityType: "user",
            entityId: user.id,
            metadata: { consentVersion: CONSENT_VERSION },
            requestId: ctx.requestId,
          },
          now,
        ),
      );
      return profileOf(updated ?? user);
    });
  }),

  update: authedProcedure.input(ProfileInputSchema).mutation(async ({ ctx, input }) => {
    const now = ctx.now();
    return ctx.db.tx(async (c) => {
      const before = await findUserById(c, ctx.user.id);
      if (!before) throw new TRPCError({ code: "UNAUTHORIZED", message: "Please sign in to continue." });
      const next = { displayName: input.displayName, substackEmail: input.substackEmail ?? null, meetupEmail: input.meetupEmail ?? null };
      const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => before[k] !== next[k]);
      const updated = await updateUser(c, before.id, next, now);
      if (changed.length) {
        await insertAuditEntry(
          c,
          buildAuditEntry(
            {
              actorId: before.id,
              action: "user.profile_updated",
              entityType: "user",
              entityId: before.id,
              metadata: { fields: changed.join(",") },
              requestId: ctx.requestId,
            },
            now,
          ),
        );
      }
      return profileOf(updated ?? before);
    });
  }),
});
