// Badge requests: a student asks, staff approve (awarding the badge and whatever it completes, in
// one transaction) or reject with a reason. See docs/product/badges.md §B-2, §B-3 and services/awarding.ts.
import {
  type AuditAction,
  type AuditMetadata,
  alreadyDecidedMessage,
  assertRequestable,
  buildAuditEntry,
  CATALOG_PAGE_SIZE,
  type Catalog,
  ConflictError,
  DomainError,
  heldRequestMessage,
  itemPath,
  NotFoundError,
  PageInputSchema,
  pageOffset,
  REQUEST_STATUSES,
  ReasonSchema,
  RequestInputSchema,
  toPage,
} from "@missionboard/core";
import {
  type Conn,
  catalogUserStateFor,
  countRequestsByStatus,
  decideBadgeRequest,
  findBadgeRequest,
  findUserById,
  insertAuditEntry,
  insertBadgeRequest,
  listRequestableItems,
  listRequestQueue,
  listUserRequests,
  liveAwardsOf,
  pendingItemIdsOf,
  type RequestableRow,
  withdrawBadgeRequest,
} from "@missionboard/db";
import { z } from "zod";
import type { Context } from "../context";
import { type GrantedAward, grantWithCascade, loadCatalog } from "../services/awarding";
import { requestEvidence } from "../services/mission-badges";
import { notifyUser } from "../services/notify";
import { refreshQueueNotice } from "../services/queue-notice";
import { authedProcedure, permissionProcedure, router } from "../trpc";

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

export const REQUEST_MESSAGES = {
  notFound: "That request does not exist.",
  alreadyPending: (title: string) => `You already have a pending request for “${title}”.`,
  notWithdrawable: "Only your own pending requests can be withdrawn.",
} as const;

/** Submit: the core schema, strict, so a forged `status` (or any unknown field) is refused. */
export const SubmitInputSchema = RequestInputSchema.strict();

export const RequestIdSchema = z.object({ id: z.uuid("Unknown request.") });

export const ApproveInputSchema = z.object({
  ids: z.array(z.uuid("Unknown request.")).min(1, "Choose at least one request.").max(100, "Approve at most 100 requests at once."),
});

export const OptionsInputSchema = z.object({
  q: z.preprocess(blankToUndefined, z.string().trim().max(200, "Use at most 200 characters.").optional()),
  page: z.number().int().min(1).max(100_000).default(1),
  /** The badge the form was opened for (e.g. from the catalog's Request link). */
  itemId: z.preprocess(blankToUndefined, z.uuid("Unknown badge.").optional()),
});

export const RejectInputSchema = z.object({ id: z.uuid("Unknown request."), reason: ReasonSchema });

export const QueueInputSchema = PageInputSchema.extend({
  status: z.enum(REQUEST_STATUSES, "Choose pending, approved, rejected or withdrawn.").default("pending"),
  programId: z.preprocess(blankToUndefined, z.uuid("Unknown program.").optional()),
  skillId: z.preprocess(blankToUndefined, z.uuid("Unknown skill.").optional()),
  student: z.preprocess(blankToUndefined, z.string().trim().max(200, "Use at most 200 characters.").optional()),
  /** Only requests waiting longer than this many days. */
  olderThanDays: z.number().int().min(0).max(3650).optional(),
});

function audit(
  c: Conn,
  ctx: Pick<Context, "requestId">,
  actorId: string,
  action: AuditAction,
  requestId: string,
  now: Date,
  metadata: AuditMetadata,
) {
  return insertAuditEntry(
    c,
    buildAuditEntry({ actorId, action, entityType: "badge_request", entityId: requestId, metadata, requestId: ctx.requestId }, now),
  );
}

/** Why a conditional decision matched nothing: unknown, or decided by someone (named) first. */
async function decisionConflict(c: Conn, id: string): Promise<never> {
  const existing = await findBadgeRequest(c, id);
  if (!existing) throw new NotFoundError(REQUEST_MESSAGES.notFound);
  throw new ConflictError(alreadyDecidedMessage(existing.status, existing.deciderName));
}

const pathLabels = (catalog: Catalog, itemId: string) => {
  const { program, skill } = itemPath(catalog, itemId);
  return {
    programId: program?.id ?? null,
    programTitle: program?.title ?? null,
    skillId: skill?.id ?? null,
    skillTitle: skill?.title ?? null,
  };
};

export interface ApprovalResult {
  id: string;
  itemTitle: string;
  cascaded: GrantedAward[];
}

/**
 * One approval, in the caller's transaction: pending → approved (the conditional update is the
 * race guard), the award, the automatic skill/program awards, audit rows and notifications.
 * A badge the student already holds is not approved (docs/product/badges.md §B-3): the error rolls the
 * decision back, so the request stays pending for staff to reject.
 */
async function approveOne(c: Conn, ctx: Context & { user: { id: string } }, id: string, now: Date): Promise<ApprovalResult> {
  const decided = await decideBadgeRequest(c, { id, status: "approved", decidedBy: ctx.user.id, reason: null }, now);
  if (!decided) return decisionConflict(c, id);
  const catalog = await loadCatalog(c);
  const grant = await grantWithCascade(
    c,
    catalog,
    { userId: decided.userId, itemId: decided.itemId, source: "request", requestId: id, awardedBy: ctx.user.id },
    now,
    { settings: ctx.settings, requestId: ctx.requestId },
  );
  // grantWithCascade reads the student's awards under their row lock, so a grant of the same
  // badge racing this one (an approval, or a manual award of a capstone) is seen by one of the two.
  if (!grant.created) throw new ConflictError(heldRequestMessage(decided.itemTitle, (await findUserById(c, decided.userId))?.name));
  await audit(c, ctx, ctx.user.id, "request.approved", id, now, {
    userId: decided.userId,
    itemId: decided.itemId,
    title: decided.itemTitle,
  });
  await notifyUser(
    c,
    ctx.settings,
    {
      userId: decided.userId,
      kind: "request_approved",
      title: `Your request for “${decided.itemTitle}” was approved`,
      body: "The badge is now yours.",
      link: "/student",
      badgeId: decided.itemId,
    },
    now,
  );
  await refreshQueueNotice(c, now, false);
  return { id, itemTitle: decided.itemTitle, cascaded: grant.cascaded };
}

export const requestRouter = router({
  /** A student asks for an active mini-badge or capstone they do not hold and have not asked for. */
  submit: permissionProcedure("request.submit")
    .input(SubmitInputSchema)
    .mutation(({ ctx, input }) => {
      const now = ctx.now();
      return ctx.db.tx(async (c) => {
        const catalog = await loadCatalog(c);
        const held = new Set((await liveAwardsOf(c, ctx.user.id)).map((a) => a.itemId));
        const pending = await pendingItemIdsOf(c, ctx.user.id);
        assertRequestable(catalog, input.itemId, { held, pending });
        const title = catalog.get(input.itemId)?.title ?? "";
        // Two racing submissions both pass the check above; the partial unique index keeps one.
        const row = await insertBadgeRequest(
          c,
          { userId: ctx.user.id, itemId: input.itemId, itemTitle: title, note: input.note, evidenceUrl: input.evidenceUrl },
          now,
        );
        if (!row) throw new ConflictError(REQUEST_MESSAGES.alreadyPending(title));
        await audit(c, ctx, ctx.user.id, "request.submitted", row.id, now, {
          itemId: row.itemId,
          title,
          hasEvidence: row.evidenceUrl !== null,
        });
        await refreshQueueNotice(c, now, true);
        return { id: row.id, itemId: row.itemId, itemTitle: row.itemTitle, status: row.status, submittedAt: row.submittedAt };
      });
    }),

  /** pending → withdrawn, by the student who asked. */
  withdraw: permissionProcedure("request.submit")
    .input(RequestIdSchema)
    .mutation(({ ctx, input }) => {
      const now = ctx.now();
      return ctx.db.tx(async (c) => {
        const row = await withdrawBadgeRequest(c, input.id, ctx.user.id, now);
        if (!row) {
          const existing = await findBadgeRequest(c, input.id);
          if (!existing || existing.userId !== ctx.user.id) throw new NotFoundError(REQUEST_MESSAGES.notFound);
          throw new ConflictError(alreadyDecidedMessage(existing.status, existing.deciderName));
        }
        await audit(c, ctx, ctx.user.id, "request.withdrawn", row.id, now, { itemId: row.itemId, title: row.itemTitle });
        await refreshQueueNotice(c, now, false);
        return { id: row.id, status: row.status };
      });
    }),

  /** The signed-in user's requests, newest first, rejected ones with their reason. */
  mine: authedProcedure.query(({ ctx }) => ctx.db.read((c) => listUserRequests(c, ctx.user.id, 100))),

  /**
   * What a student may request (effectively active mini-badges and capstones), a page at a time,
   * optionally searched by title, each marked earned / pending / available; plus the badge the form
   * was opened for (`itemId`). Bounded whatever the size of the catalog.
   */
  options: permissionProcedure("request.submit")
    .input(OptionsInputSchema)
    .query(({ ctx, input }) =>
      ctx.db.read(async (c) => {
        const paging = { page: input.page, pageSize: CATALOG_PAGE_SIZE };
        const { rows, total } = await listRequestableItems(
          c,
          { search: input.q },
          { offset: pageOffset(paging), limit: CATALOG_PAGE_SIZE },
        );
        const selected = input.itemId ? (await listRequestableItems(c, { itemId: input.itemId }, { offset: 0, limit: 1 })).rows : [];
        const state = await catalogUserStateFor(
          c,
          ctx.user.id,
          [...rows, ...selected].map((r) => r.id),
        );
        const withState = (row: RequestableRow) => ({
          ...row,
          state: state.earned.has(row.id) ? ("earned" as const) : state.pending.has(row.id) ? ("pending" as const) : ("available" as const),
        });
        return { q: input.q ?? "", selected: selected[0] ? withState(selected[0]) : null, ...toPage(rows.map(withState), total, paging) };
      }),
    ),

  /** The approval queue: oldest first, filtered, paged, with headline counts and filter choices. */
  queue: permissionProcedure("request.decide")
    .input(QueueInputSchema)
    .query(({ ctx, input }) => {
      const { page, pageSize, olderThanDays, ...filter } = input;
      const submittedBefore = olderThanDays === undefined ? undefined : new Date(ctx.now().getTime() - olderThanDays * 86_400_000);
      return ctx.db.read(async (c) => {
        const catalog = await loadCatalog(c);
        const { rows, total } = await listRequestQueue(c, { ...filter, submittedBefore }, { page, pageSize });
        const counts = await countRequestsByStatus(c);
        // Badges with a mission rule: the requesting learner's own chat evidence (ADR 029).
        const evidence = await requestEvidence(c, rows);
        const programs = catalog.programs().map((p) => ({ id: p.id, title: p.title }));
        const skills = catalog
          .programs()
          .flatMap((p) =>
            catalog.children(p.id, "skill").map((s) => ({ id: s.id, title: s.title, programId: p.id, programTitle: p.title })),
          );
        return {
          ...toPage(
            rows.map((r) => ({ ...r, ...pathLabels(catalog, r.itemId), missionEvidence: evidence.get(r.id) ?? null })),
            total,
            { page, pageSize },
          ),
          counts,
          filters: { programs, skills },
        };
      });
    }),

  /**
   * Approves one or many requests, each in its own transaction, so one conflict does not undo
   * the others. A single request that was already decided fails with "already decided by <name>",
   * one for a badge the student already holds with "<name> already holds …" (it stays pending);
   * with several, the conflicts are listed in the result.
   */
  approve: permissionProcedure("request.decide")
    .input(ApproveInputSchema)
    .mutation(async ({ ctx, input }) => {
      const ids = [...new Set(input.ids)];
      const approved: ApprovalResult[] = [];
      const conflicts: { id: string; message: string }[] = [];
      for (const id of ids) {
        try {
          approved.push(await ctx.db.tx((c) => approveOne(c, ctx, id, ctx.now())));
        } catch (error) {
          if (ids.length === 1 || !(error instanceof DomainError)) throw error;
          conflicts.push({ id, message: error.message });
        }
      }
      if (approved.length > 0) ctx.mail.afterCommit();
      return { approved, conflicts };
    }),

  /** pending → rejected with a reason the student sees (1–500 characters). */
  reject: permissionProcedure("request.decide")
    .input(RejectInputSchema)
    .mutation(async ({ ctx, input }) => {
      const now = ctx.now();
      const result = await ctx.db.tx(async (c) => {
        const decided = await decideBadgeRequest(
          c,
          { id: input.id, status: "rejected", decidedBy: ctx.user.id, reason: input.reason },
          now,
        );
        if (!decided) return decisionConflict(c, input.id);
        await audit(c, ctx, ctx.user.id, "request.rejected", decided.id, now, {
          userId: decided.userId,
          itemId: decided.itemId,
          title: decided.itemTitle,
          reason: input.reason,
        });
        await notifyUser(
          c,
          ctx.settings,
          {
            userId: decided.userId,
            kind: "request_rejected",
            title: `Your request for “${decided.itemTitle}” was not approved`,
            body: `Reason: ${input.reason}`,
            link: "/student",
          },
          now,
        );
        await refreshQueueNotice(c, now, false);
        return { id: decided.id, status: decided.status, reason: decided.decisionReason };
      });
      ctx.mail.afterCommit();
      return result;
    }),
});
