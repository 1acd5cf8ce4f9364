// Awards by hand, revocation and recompute (admin), and a student's award history (staff).
import {
  alreadyHoldsMessage,
  assertManuallyAwardable,
  assertRevocable,
  itemPath,
  KIND_LABELS,
  MANUAL_AWARD_KINDS,
  NotFoundError,
  ReasonSchema,
  RuleViolationError,
} from "@missionboard/core";
import { awardHistoryOf, type Conn, findAwardRecipients, findUserById, liveAwardsOf } from "@missionboard/db";
import { z } from "zod";
import { applyRecompute, grantWithCascade, loadCatalog, previewRecompute, revokeWithCascade } from "../services/awarding";
import { permissionProcedure, router } from "../trpc";

export const AWARD_MESSAGES = {
  noStudent: "That student does not exist.",
  notStudent: "Badges can be awarded to active students only.",
  confirm: "Confirm the recompute to apply it.",
} as const;

export const UserIdSchema = z.object({ userId: z.uuid("Choose a student.") });
export const ManualAwardInputSchema = UserIdSchema.extend({ itemId: z.uuid("Choose a badge."), reason: ReasonSchema });
export const RevokeInputSchema = ManualAwardInputSchema;
export const RecomputeApplyInputSchema = z.object({ confirm: z.literal(true, AWARD_MESSAGES.confirm) });

const SAMPLE_SIZE = 20;

async function activeStudent(c: Conn, userId: string) {
  const user = await findUserById(c, userId);
  if (!user) throw new NotFoundError(AWARD_MESSAGES.noStudent);
  if (user.role !== "student" || user.status !== "active") throw new RuleViolationError(AWARD_MESSAGES.notStudent, "userId");
  return user;
}

export const awardRouter = router({
  /** An admin awards a skill, program, capstone or progress badge with a reason; progression follows. */
  manual: permissionProcedure("award.manual")
    .input(ManualAwardInputSchema)
    .mutation(async ({ ctx, input }) => {
      const now = ctx.now();
      const result = await ctx.db.tx(async (c) => {
        await activeStudent(c, input.userId);
        const catalog = await loadCatalog(c);
        const held = new Set((await liveAwardsOf(c, input.userId)).map((a) => a.itemId));
        const item = assertManuallyAwardable(catalog, input.itemId, held);
        const grant = await grantWithCascade(
          c,
          catalog,
          { userId: input.userId, itemId: input.itemId, source: "manual", awardedBy: ctx.user.id, reason: input.reason },
          now,
          { settings: ctx.settings, requestId: ctx.requestId },
        );
        // Held a moment ago, not seen before the student's row lock: a racing grant (an approval of
        // the same capstone, another admin) won.
        if (!grant.created) throw new RuleViolationError(alreadyHoldsMessage(item.title), "itemId");
        return { itemId: item.id, title: item.title, kind: item.kind, cascaded: grant.cascaded };
      });
      ctx.mail.afterCommit();
      return result;
    }),

  /**
   * Revokes a live award with a reason. Automatic awards above it that no longer hold fall with it;
   * manual awards above it stand (an admin granted them on purpose).
   */
  revoke: permissionProcedure("award.revoke")
    .input(RevokeInputSchema)
    .mutation(async ({ ctx, input }) => {
      const now = ctx.now();
      const result = await ctx.db.tx(async (c) => {
        const user = await findUserById(c, input.userId);
        if (!user) throw new NotFoundError(AWARD_MESSAGES.noStudent);
        const catalog = await loadCatalog(c);
        const held = new Set((await liveAwardsOf(c, input.userId)).map((a) => a.itemId));
        assertRevocable(catalog, input.itemId, held);
        const revoked = await revokeWithCascade(
          c,
          catalog,
          { userId: input.userId, itemId: input.itemId, revokedBy: ctx.user.id, reason: input.reason },
          now,
          { settings: ctx.settings, requestId: ctx.requestId },
        );
        // Held a moment ago, gone now: another admin revoked it first.
        if (!revoked) assertRevocable(catalog, input.itemId, new Set());
        return { revoked: (revoked ?? []).map((itemId) => ({ itemId, title: catalog.get(itemId)?.title ?? itemId })) };
      });
      ctx.mail.afterCommit();
      return result;
    }),

  /** What a recompute would grant: counts and a sample of students. Changes nothing. */
  recomputePreview: permissionProcedure("award.recompute").query(({ ctx }) =>
    ctx.db.read(async (c) => {
      const catalog = await loadCatalog(c);
      const preview = await previewRecompute(c, catalog);
      const sampleEntries = [...preview.plan.entries()].slice(0, SAMPLE_SIZE);
      const people = new Map(
        (
          await findAwardRecipients(
            c,
            sampleEntries.map(([id]) => id),
          )
        ).map((u) => [u.id, u]),
      );
      return {
        studentsEvaluated: preview.studentsEvaluated,
        activeStudents: preview.activeStudents,
        studentsAffected: preview.studentsAffected,
        awardsToGrant: preview.awardsToGrant,
        byKind: preview.byKind,
        sample: sampleEntries.map(([userId, items]) => ({
          userId,
          name: people.get(userId)?.name ?? "Unknown",
          email: people.get(userId)?.email ?? "",
          items: items.map((id) => ({ id, title: catalog.get(id)?.title ?? id, kind: catalog.get(id)?.kind ?? "skill" })),
        })),
      };
    }),
  ),

  /** Grants every automatic award students qualify for; never takes one away. Needs `confirm: true`. */
  recomputeApply: permissionProcedure("award.recompute")
    .input(RecomputeApplyInputSchema)
    .mutation(async ({ ctx }) => {
      const now = ctx.now();
      const result = await ctx.db.tx(async (c) =>
        applyRecompute(c, await loadCatalog(c), ctx.user.id, now, { settings: ctx.settings, requestId: ctx.requestId }),
      );
      ctx.mail.afterCommit();
      return result;
    }),

  /** A student's awards, live and revoked, newest first (staff). */
  forStudent: permissionProcedure("progress.read_any")
    .input(UserIdSchema)
    .query(({ ctx, input }) =>
      ctx.db.read(async (c) => {
        const user = await findUserById(c, input.userId);
        if (!user) throw new NotFoundError(AWARD_MESSAGES.noStudent);
        const catalog = await loadCatalog(c);
        const awards = await awardHistoryOf(c, input.userId);
        return {
          student: { id: user.id, name: user.name, email: user.email, role: user.role, status: user.status },
          awards: awards.map((a) => {
            const { program, skill } = itemPath(catalog, a.itemId);
            return { ...a, kindLabel: KIND_LABELS[a.kind], programTitle: program?.title ?? null, skillTitle: skill?.title ?? null };
          }),
        };
      }),
    ),

  /** Badges an admin may award by hand: active skills, programs, capstones and progress badges. */
  options: permissionProcedure("award.manual").query(({ ctx }) =>
    ctx.db.read(async (c) => {
      const catalog = await loadCatalog(c);
      return catalog.programs().flatMap((program) => {
        const items = [program, ...catalog.children(program.id)].filter(
          (n) => (MANUAL_AWARD_KINDS as readonly string[]).includes(n.kind) && catalog.isEffectivelyActive(n.id),
        );
        return items.map((n) => ({ id: n.id, title: n.title, kind: n.kind, kindLabel: KIND_LABELS[n.kind], programTitle: program.title }));
      });
    }),
  ),
});
