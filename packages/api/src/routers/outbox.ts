import { MAIL_STATUSES, PageInputSchema, toPage } from "@missionboard/core";
import { listMail } from "@missionboard/db";
import { z } from "zod";
import { permissionProcedure, router } from "../trpc";

export const OutboxListInputSchema = PageInputSchema.extend({
  status: z.enum(MAIL_STATUSES).optional(),
});

export const outboxRouter = router({
  /** The mail outbox, newest first. Only held (never sent) messages carry their text body. */
  list: permissionProcedure("outbox.read")
    .input(OutboxListInputSchema)
    .query(async ({ ctx, input }) => {
      const { page, pageSize, status } = input;
      const { rows, total } = await ctx.db.read((c) => listMail(c, { status }, { page, pageSize }));
      const items = rows.map((m) => ({
        id: m.id,
        to: m.to,
        subject: m.subject,
        status: m.status,
        attempts: m.attempts,
        lastError: m.lastError,
        createdAt: m.createdAt,
        sentAt: m.sentAt,
        text: m.status === "held" ? m.text : null,
      }));
      return toPage(items, total, { page, pageSize });
    }),
});
