import {
  AccountEmailSchema,
  type AuditAction,
  type AuditMetadata,
  accountApprovedEmail,
  assertApprovalAllowed,
  assertDeactivationAllowed,
  assertReactivationAllowed,
  assertRoleChangeAllowed,
  buildAuditEntry,
  ConflictError,
  NotFoundError,
  PageInputSchema,
  PersonNameSchema,
  ROLES,
  ROSTER_MESSAGES,
  type Role,
  RuleViolationError,
  toPage,
  USER_STATUSES,
} from "@missionboard/core";
import {
  type Conn,
  changeUserRole,
  deleteUserSessions,
  enqueueMail,
  findUserByEmail,
  findUserById,
  insertAuditEntry,
  insertUser,
  isUniqueViolation,
  listRoster,
  lockActiveAdmins,
  ROSTER_SORTS,
  SORT_DIRECTIONS,
  transitionUserStatus,
  withdrawAllPendingOf,
} from "@missionboard/db";
import { z } from "zod";
import type { Context, SessionUser } from "../context";
import { refreshQueueNotice } from "../services/queue-notice";
import { permissionProcedure, router } from "../trpc";

/** A blank optional form field means "not given". */
const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

export const RosterListInputSchema = PageInputSchema.extend({
  search: z.preprocess(blankToUndefined, z.string().trim().max(200, "Use at most 200 characters.").optional()),
  role: z.enum(ROLES).optional(),
  status: z.enum(USER_STATUSES).optional(),
  onboarded: z.boolean().optional(),
  sort: z.enum(ROSTER_SORTS).default("name"),
  dir: z.enum(SORT_DIRECTIONS).default("asc"),
});

export const UserIdSchema = z.object({ userId: z.uuid("Unknown user.") });

export const RejectInputSchema = UserIdSchema.extend({
  reason: z.preprocess(blankToUndefined, z.string().trim().max(500, "Use at most 500 characters.").optional()),
});

export const SetRoleInputSchema = UserIdSchema.extend({ role: z.enum(ROLES, "Choose admin, assistant or student.") });

export const PrecreateInputSchema = z.object({
  email: AccountEmailSchema,
  name: z.preprocess(blankToUndefined, PersonNameSchema.optional()),
  role: z.enum(ROLES, "Choose admin, assistant or student.").default("student"),
});

type Actor = Pick<SessionUser, "id">;

function audit(
  c: Conn,
  ctx: Pick<Context, "requestId">,
  actor: Actor,
  action: AuditAction,
  userId: string,
  now: Date,
  metadata: AuditMetadata = {},
) {
  return insertAuditEntry(
    c,
    buildAuditEntry({ actorId: actor.id, action, entityType: "user", entityId: userId, metadata, requestId: ctx.requestId }, now),
  );
}

async function loadUser(c: Conn, userId: string) {
  const user = await findUserById(c, userId);
  if (!user) throw new NotFoundError(ROSTER_MESSAGES.notFound);
  return user;
}

/** Refuses a change that would leave no active admin. Call after lockActiveAdmins. */
const nameFromEmail = (email: string) => (email.split("@")[0] ?? email).slice(0, 100);

export const rosterRouter = router({
  /** Users with their onboarding answers, filtered, sorted and paged. */
  list: permissionProcedure("roster.read")
    .input(RosterListInputSchema)
    .query(async ({ ctx, input }) => {
      const { page, pageSize, sort, dir, ...filter } = input;
      const { rows, total } = await ctx.db.read((c) => listRoster(c, filter, { sort, dir }, { page, pageSize }));
      return toPage(rows, total, { page, pageSize });
    }),

  /**
   * pending → active, once the person has completed onboarding (staff decide with the answers in
   * front of them). When two staff race, one wins and the other is told it was already decided.
   */
  approve: permissionProcedure("roster.approve")
    .input(UserIdSchema)
    .mutation(async ({ ctx, input }) => {
      const now = ctx.now();
      const result = await ctx.db.tx(async (c) => {
        assertApprovalAllowed(await loadUser(c, input.userId));
        const user = await transitionUserStatus(c, input.userId, "pending", "active", now);
        if (!user) throw new ConflictError(ROSTER_MESSAGES.alreadyDecided);
        await audit(c, ctx, ctx.user, "user.approved", user.id, now, { from: "pending", to: "active", role: user.role });
        await enqueueMail(c, accountApprovedEmail(user.email, user.name, `${ctx.settings.appUrl}/login`), now);
        return { id: user.id, status: user.status };
      });
      ctx.mail.afterCommit();
      return result;
    }),

  /** pending → deactivated; the row stays so the decision and the email remain on record. */
  reject: permissionProcedure("roster.reject")
    .input(RejectInputSchema)
    .mutation(({ ctx, input }) => {
      const now = ctx.now();
      return ctx.db.tx(async (c) => {
        const user = await transitionUserStatus(c, input.userId, "pending", "deactivated", now);
        if (!user) {
          await loadUser(c, input.userId);
          throw new ConflictError(ROSTER_MESSAGES.alreadyDecided);
        }
        await deleteUserSessions(c, user.id);
        await audit(c, ctx, ctx.user, "user.rejected", user.id, now, {
          from: "pending",
          to: "deactivated",
          reason: input.reason ?? null,
        });
        return { id: user.id, status: user.status };
      });
    }),

  setRole: permissionProcedure("roster.manage")
    .input(SetRoleInputSchema)
    .mutation(({ ctx, input }) => {
      if (input.userId === ctx.user.id) throw new RuleViolationError(ROSTER_MESSAGES.selfRole, "role");
      const now = ctx.now();
      return ctx.db.tx(async (c) => {
        const admins = await lockActiveAdmins(c);
        const target = await loadUser(c, input.userId);
        if (target.role === input.role) return { id: target.id, role: target.role, changed: false };
        assertRoleChangeAllowed(ctx.user.id, target, input.role, admins);
        const updated = await changeUserRole(c, target.id, target.role, input.role, now);
        if (!updated) throw new ConflictError(ROSTER_MESSAGES.raced);
        await audit(c, ctx, ctx.user, "user.role_changed", target.id, now, { from: target.role, to: input.role });
        return { id: updated.id, role: updated.role as Role, changed: true };
      });
    }),

  /** active → deactivated; every session of the user ends in the same transaction. */
  deactivate: permissionProcedure("roster.manage")
    .input(UserIdSchema)
    .mutation(({ ctx, input }) => {
      if (input.userId === ctx.user.id) throw new RuleViolationError(ROSTER_MESSAGES.selfDeactivate);
      const now = ctx.now();
      return ctx.db.tx(async (c) => {
        const admins = await lockActiveAdmins(c);
        const target = await loadUser(c, input.userId);
        assertDeactivationAllowed(ctx.user.id, target, admins);
        const updated = await transitionUserStatus(c, target.id, "active", "deactivated", now);
        if (!updated) throw new ConflictError(ROSTER_MESSAGES.raced);
        const sessionsEnded = await deleteUserSessions(c, target.id);
        // docs/product/identity.md §I-8: a deactivated user's pending badge requests are withdrawn, each on the record.
        const withdrawn = await withdrawAllPendingOf(c, target.id, now);
        for (const requestId of withdrawn) {
          await insertAuditEntry(
            c,
            buildAuditEntry(
              {
                actorId: ctx.user.id,
                action: "request.withdrawn",
                entityType: "badge_request",
                entityId: requestId,
                metadata: { reason: "user deactivated" },
                requestId: ctx.requestId,
              },
              now,
            ),
          );
        }
        if (withdrawn.length) await refreshQueueNotice(c, now, false);
        await audit(c, ctx, ctx.user, "user.deactivated", target.id, now, {
          from: "active",
          to: "deactivated",
          sessionsEnded,
          requestsWithdrawn: withdrawn.length,
        });
        return { id: updated.id, status: updated.status, sessionsEnded, requestsWithdrawn: withdrawn.length };
      });
    }),

  /** deactivated → active. */
  reactivate: permissionProcedure("roster.manage")
    .input(UserIdSchema)
    .mutation(({ ctx, input }) => {
      const now = ctx.now();
      return ctx.db.tx(async (c) => {
        const updated = await transitionUserStatus(c, input.userId, "deactivated", "active", now);
        if (!updated) {
          assertReactivationAllowed(await loadUser(c, input.userId));
          throw new ConflictError(ROSTER_MESSAGES.raced);
        }
        await audit(c, ctx, ctx.user, "user.reactivated", updated.id, now, { from: "deactivated", to: "active" });
        return { id: updated.id, status: updated.status };
      });
    }),

  /**
   * An active account without a password, vouched for by an admin. The person later signs in with
   * any provider whose verified email matches, or sets a password through password reset.
   */
  precreate: permissionProcedure("roster.manage")
    .input(PrecreateInputSchema)
    .mutation(async ({ ctx, input }) => {
      const now = ctx.now();
      try {
        return await ctx.db.tx(async (c) => {
          if (await findUserByEmail(c, input.email)) throw new RuleViolationError(ROSTER_MESSAGES.duplicateEmail, "email");
          const user = await insertUser(c, {
            email: input.email,
            name: input.name ?? nameFromEmail(input.email),
            role: input.role,
            status: "active",
            origin: "precreated",
            passwordHash: null,
            now,
          });
          await audit(c, ctx, ctx.user, "user.precreated", user.id, now, { role: user.role, status: user.status, origin: "precreated" });
          return { id: user.id, email: user.email, name: user.name, role: user.role, status: user.status };
        });
      } catch (error) {
        // Two admins adding the same email at once: the unique index decides.
        if (isUniqueViolation(error)) throw new RuleViolationError(ROSTER_MESSAGES.duplicateEmail, "email");
        throw error;
      }
    }),
});
