import { AUDIT_ACTIONS, PageInputSchema, toPage } from "@missionboard/core";
import { listAuditActors, listAuditEntries } from "@missionboard/db";
import { z } from "zod";
import { permissionProcedure, router } from "../trpc";

export const AuditListInputSchema = PageInputSchema.extend({
  action: z.enum(AUDIT_ACTIONS).optional(),
  actorId: z.uuid().optional(),
  entityType: z.string().trim().min(1).max(64).optional(),
  entityId: z.string().trim().min(1).max(200).optional(),
  from: z.date().optional(),
  to: z.date().optional(),
});

export const auditRouter = router({
  list: permissionProcedure("audit.read")
    .input(AuditListInputSchema)
    .query(async ({ ctx, input }) => {
      const { page, pageSize, ...filter } = input;
      const { rows, total } = await ctx.db.read((c) => listAuditEntries(c, filter, { page, pageSize }));
      return toPage(rows, total, { page, pageSize });
    }),

  filters: permissionProcedure("audit.read").query(async ({ ctx }) => ({
    actions: AUDIT_ACTIONS,
    actors: await ctx.db.read((c) => listAuditActors(c)),
  })),
});
