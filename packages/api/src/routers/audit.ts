import {
  AUDIT_ACTIONS,
  type AuditRef,
  auditReferenceIds,
  describeAuditEntry,
  KIND_LABEL,
  PageInputSchema,
  toPage,
} from "@missionboard/core";
import { type Conn, listAuditActors, listAuditEntries, resolveAuditReferences } from "@missionboard/db";
import { z } from "zod";
import { staffName } from "../services/learner-names";
import { permissionProcedure, router } from "../trpc";

export const AuditListInputSchema = PageInputSchema.extend({
  action: z.enum(AUDIT_ACTIONS).optional(),
  actorId: z.uuid().optional(),
  entityType: z.string().trim().min(1).max(64).optional(),
  entityId: z.string().trim().min(1).max(200).optional(),
  from: z.date().optional(),
  to: z.date().optional(),
});

/** Every id of a page in words and links (issue 11 #6): one batch per table, never one query per row. */
async function auditRefs(c: Conn, ids: string[]): Promise<Map<string, AuditRef>> {
  const found = await resolveAuditReferences(c, ids);
  const refs = new Map<string, AuditRef>();
  for (const u of found.users) refs.set(u.id, { label: u.name, href: `/roster?q=${encodeURIComponent(u.email)}` });
  for (const i of found.items) refs.set(i.id, { label: `${KIND_LABEL[i.kind]} “${i.title}”`, href: `/catalog?item=${i.id}` });
  for (const r of found.requests)
    refs.set(r.id, {
      label: `request for “${r.itemTitle}” by ${r.userName}`,
      href: `/admin/audit?entityType=badge_request&entityId=${r.id}`,
    });
  for (const a of found.awards)
    refs.set(a.id, { label: `award “${a.itemTitle}” to ${a.userName}`, href: `/admin/awards?student=${a.userId}` });
  for (const m of found.missions) refs.set(m.id, { label: `mission “${m.name}”`, href: "/admin/missions" });
  // A chat's owner and an OpenWebUI user are named as staff see learners (§M-17): the audit log is staff's.
  for (const o of found.owuiUsers)
    refs.set(o.id, {
      label: `OpenWebUI user ${staffName({ owuiUserId: o.id, owuiName: o.owuiName, accountName: o.accountName })}`,
      href: `/staff/people?q=${encodeURIComponent(o.email ?? o.owuiName ?? o.id)}`,
    });
  for (const chat of found.chats) {
    const title = chat.title?.trim() ? `chat “${chat.title.trim()}”` : "untitled chat";
    const owner = chat.owuiUserId
      ? staffName({ owuiUserId: chat.owuiUserId, owuiName: chat.owuiName, accountName: chat.accountName })
      : null;
    refs.set(chat.id, { label: owner ? `${title} by ${owner}` : title, href: `/missions/chats/${encodeURIComponent(chat.id)}` });
  }
  return refs;
}

export const auditRouter = router({
  list: permissionProcedure("audit.read")
    .input(AuditListInputSchema)
    .query(async ({ ctx, input }) => {
      const { page, pageSize, ...filter } = input;
      const { rows, total, refs } = await ctx.db.read(async (c) => {
        const found = await listAuditEntries(c, filter, { page, pageSize });
        return { ...found, refs: await auditRefs(c, auditReferenceIds(found.rows)) };
      });
      const described = rows.map((row) => ({ ...row, ...describeAuditEntry(row, refs) }));
      return toPage(described, total, { page, pageSize });
    }),

  filters: permissionProcedure("audit.read").query(async ({ ctx }) => ({
    actions: AUDIT_ACTIONS,
    actors: await ctx.db.read((c) => listAuditActors(c)),
  })),
});
