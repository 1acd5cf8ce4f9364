// /staff/people: OpenWebUI users and accounts that are linked to nothing, the linked pairs, and
// linking or unlinking by hand (docs/product/missions.md §M-18, §M-20).
import { buildAuditEntry, ConflictError, NotFoundError, PAGE_SIZE_MAX, PageInputSchema, toPage } from "@missionboard/core";
import {
  clearOwuiLink,
  findOwuiUser,
  findOwuiUserOfAccount,
  findUserById,
  insertAuditEntry,
  isUniqueViolation,
  listEmailConflicts,
  listLinkedPairs,
  listUnlinkedAccounts,
  listUnlinkedOwuiUsers,
  setOwuiLink,
} from "@missionboard/db";
import { z } from "zod";
import { evaluateMissionBadges } from "../services/mission-badges";
import { permissionProcedure, router } from "../trpc";

export const PEOPLE_MESSAGES = {
  unknownOwuiUser: "That OpenWebUI user is not known (any more). Reload the page.",
  unknownAccount: "That account does not exist (any more). Reload the page.",
  owuiTaken: "That OpenWebUI user is already linked to an account. Unlink it first.",
  accountTaken: "That account is already linked to another OpenWebUI user. Unlink that one first.",
  raced: "Someone else linked one of the two a moment ago. Reload the page to see the links as they are now.",
  notLinked: "That OpenWebUI user is not linked to an account (any more).",
} as const;

/** A blank optional form field means "not given". */
const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const SearchSchema = z.preprocess(blankToUndefined, z.string().trim().max(200, "Use at most 200 characters.").optional());
const PageNumberSchema = PageInputSchema.shape.page;

export const PeopleUnlinkedInputSchema = z.object({
  search: SearchSchema,
  owuiPage: PageNumberSchema,
  accountPage: PageNumberSchema,
  pageSize: z.number().int().min(1).max(PAGE_SIZE_MAX).default(25),
});

export const PeopleLinkedInputSchema = PageInputSchema.extend({ search: SearchSchema });

export const PeopleConflictsInputSchema = PageInputSchema;

const OwuiUserIdSchema = z.string("Choose an OpenWebUI user.").trim().min(1, "Choose an OpenWebUI user.").max(200);

export const PeopleLinkInputSchema = z.object({
  owuiUserId: OwuiUserIdSchema,
  userId: z.uuid("Choose an account."),
});

export const PeopleUnlinkInputSchema = z.object({ owuiUserId: OwuiUserIdSchema });

export const peopleRouter = router({
  /** Both lists of what is linked to nothing, searched with one query, each paged on its own. */
  unlinked: permissionProcedure("people.link")
    .input(PeopleUnlinkedInputSchema)
    .query(async ({ ctx, input }) => {
      const filter = { search: input.search };
      const owuiPage = { page: input.owuiPage, pageSize: input.pageSize };
      const accountPage = { page: input.accountPage, pageSize: input.pageSize };
      return ctx.db.read(async (c) => {
        const owui = await listUnlinkedOwuiUsers(c, filter, owuiPage);
        const accounts = await listUnlinkedAccounts(c, filter, accountPage);
        return { owuiUsers: toPage(owui.rows, owui.total, owuiPage), accounts: toPage(accounts.rows, accounts.total, accountPage) };
      });
    }),

  linked: permissionProcedure("people.link")
    .input(PeopleLinkedInputSchema)
    .query(async ({ ctx, input }) => {
      const { search, ...page } = input;
      const { rows, total } = await ctx.db.read((c) => listLinkedPairs(c, { search }, page));
      return toPage(rows, total, page);
    }),

  /**
   * Emails several unlinked OpenWebUI users share (§M-20): linking by email links none of them, so
   * staff link the right one by hand. Paged by email; not narrowed by the search, a short worklist.
   */
  conflicts: permissionProcedure("people.link")
    .input(PeopleConflictsInputSchema)
    .query(async ({ ctx, input }) => {
      const { rows, total } = await ctx.db.read((c) => listEmailConflicts(c, input));
      return toPage(rows, total, input);
    }),

  /**
   * Links by hand; lifts the block a hand unlink set. Two staff linking the same account at once:
   * one wins, the other gets a CONFLICT (the unique index on owui_users.user_id is the backstop).
   */
  link: permissionProcedure("people.link")
    .input(PeopleLinkInputSchema)
    .mutation(async ({ ctx, input }) => {
      const now = ctx.now();
      try {
        const linked = await ctx.db.tx(async (c) => {
          const owui = await findOwuiUser(c, input.owuiUserId);
          if (!owui) throw new NotFoundError(PEOPLE_MESSAGES.unknownOwuiUser);
          if (owui.userId) throw new ConflictError(owui.userId === input.userId ? PEOPLE_MESSAGES.raced : PEOPLE_MESSAGES.owuiTaken);
          const account = await findUserById(c, input.userId);
          if (!account) throw new NotFoundError(PEOPLE_MESSAGES.unknownAccount);
          if (await findOwuiUserOfAccount(c, account.id)) throw new ConflictError(PEOPLE_MESSAGES.accountTaken);
          if (!(await setOwuiLink(c, { owuiUserId: owui.id, userId: account.id, method: "manual" }, now))) {
            throw new ConflictError(PEOPLE_MESSAGES.raced);
          }
          await insertAuditEntry(
            c,
            buildAuditEntry(
              {
                actorId: ctx.user.id,
                action: "people.linked",
                entityType: "owui_user",
                entityId: owui.id,
                metadata: { userId: account.id, method: "manual", wasBlocked: owui.linkBlocked },
                requestId: ctx.requestId,
              },
              now,
            ),
          );
          // The learner's completions now count for mission rules (ADR 029).
          const badges = await evaluateMissionBadges(c, now, ctx, { userIds: [account.id] });
          return { owuiUserId: owui.id, userId: account.id, badgesAwarded: badges.awarded, notified: badges.notified };
        });
        if (linked.notified) ctx.mail.afterCommit();
        return { owuiUserId: linked.owuiUserId, userId: linked.userId, badgesAwarded: linked.badgesAwarded };
      } catch (error) {
        if (isUniqueViolation(error)) throw new ConflictError(PEOPLE_MESSAGES.raced);
        throw error;
      }
    }),

  /** Unlinks by hand; automatic linking leaves the OpenWebUI user alone until staff link it again. */
  unlink: permissionProcedure("people.link")
    .input(PeopleUnlinkInputSchema)
    .mutation(({ ctx, input }) => {
      const now = ctx.now();
      return ctx.db.tx(async (c) => {
        const userId = await clearOwuiLink(c, input.owuiUserId, now);
        if (!userId) {
          if (!(await findOwuiUser(c, input.owuiUserId))) throw new NotFoundError(PEOPLE_MESSAGES.unknownOwuiUser);
          throw new ConflictError(PEOPLE_MESSAGES.notLinked);
        }
        await insertAuditEntry(
          c,
          buildAuditEntry(
            {
              actorId: ctx.user.id,
              action: "people.unlinked",
              entityType: "owui_user",
              entityId: input.owuiUserId,
              metadata: { userId },
              requestId: ctx.requestId,
            },
            now,
          ),
        );
        return { owuiUserId: input.owuiUserId, userId };
      });
    }),
});
