import { buildAuditEntry, NotFoundError, PageInputSchema, toPage } from "@missionboard/core";
import {
  countUnreadNotifications,
  getEmailNotifications,
  insertAuditEntry,
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  setEmailNotifications,
} from "@missionboard/db";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { authedProcedure, router } from "../trpc";

export const NOTIFICATION_MESSAGES = {
  notFound: "That notification does not exist.",
} as const;

export const MarkReadInputSchema = z.object({ id: z.uuid(NOTIFICATION_MESSAGES.notFound) });
export const EmailPreferenceInputSchema = z.object({ enabled: z.boolean("Choose on or off.") });

const signedOut = () => new TRPCError({ code: "UNAUTHORIZED", message: "Please sign in to continue." });

/** The signed-in user's own notifications (the bell) and their email-notification switch. */
export const notificationRouter = router({
  /** Newest first. */
  list: authedProcedure.input(PageInputSchema.optional()).query(async ({ ctx, input }) => {
    const page = PageInputSchema.parse(input ?? {});
    const { rows, total } = await ctx.db.read((c) => listNotifications(c, ctx.user.id, page));
    return toPage(rows, total, page);
  }),

  unreadCount: authedProcedure.query(({ ctx }) => ctx.db.read((c) => countUnreadNotifications(c, ctx.user.id))),

  /** Only one's own: another user's notification id answers NOT_FOUND, like a missing one. */
  markRead: authedProcedure.input(MarkReadInputSchema).mutation(async ({ ctx, input }) => {
    const now = ctx.now();
    const found = await ctx.db.tx((c) => markNotificationRead(c, ctx.user.id, input.id, now));
    if (!found) throw new NotFoundError(NOTIFICATION_MESSAGES.notFound);
    return { id: input.id };
  }),

  markAllRead: authedProcedure.mutation(async ({ ctx }) => {
    const now = ctx.now();
    const marked = await ctx.db.tx((c) => markAllNotificationsRead(c, ctx.user.id, now));
    return { marked };
  }),

  emailPreference: authedProcedure.query(async ({ ctx }) => {
    const enabled = await ctx.db.read((c) => getEmailNotifications(c, ctx.user.id));
    if (enabled === null) throw signedOut();
    return { enabled };
  }),

  /** Email notifications on or off (in-app notifications always appear); a change is audited. */
  setEmailPreference: authedProcedure.input(EmailPreferenceInputSchema).mutation(async ({ ctx, input }) => {
    const now = ctx.now();
    return ctx.db.tx(async (c) => {
      const before = await setEmailNotifications(c, ctx.user.id, input.enabled, now);
      if (before === null) throw signedOut();
      if (before !== input.enabled) {
        await insertAuditEntry(
          c,
          buildAuditEntry(
            {
              actorId: ctx.user.id,
              action: "user.notifications_changed",
              entityType: "user",
              entityId: ctx.user.id,
              metadata: { from: before, to: input.enabled },
              requestId: ctx.requestId,
            },
            now,
          ),
        );
      }
      return { enabled: input.enabled, changed: before !== input.enabled };
    });
  }),
});
