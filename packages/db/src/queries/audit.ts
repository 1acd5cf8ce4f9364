import type { AuditEntry, PageInput } from "@missionboard/core";
import { pageOffset } from "@missionboard/core";
import { and, count, desc, eq, gte, lt, type SQL } from "drizzle-orm";
import type { Conn } from "../store";

export async function insertAuditEntry({ db, t }: Conn, entry: AuditEntry): Promise<void> {
  await db.insert(t.auditLogs).values(entry);
}

export interface AuditFilter {
  action?: string;
  actorId?: string;
  entityType?: string;
  entityId?: string;
  from?: Date;
  to?: Date;
}

export async function listAuditEntries({ db, t }: Conn, filter: AuditFilter, page: PageInput) {
  const conditions: SQL[] = [];
  if (filter.action) conditions.push(eq(t.auditLogs.action, filter.action));
  if (filter.actorId) conditions.push(eq(t.auditLogs.actorId, filter.actorId));
  if (filter.entityType) conditions.push(eq(t.auditLogs.entityType, filter.entityType));
  if (filter.entityId) conditions.push(eq(t.auditLogs.entityId, filter.entityId));
  if (filter.from) conditions.push(gte(t.auditLogs.createdAt, filter.from));
  if (filter.to) conditions.push(lt(t.auditLogs.createdAt, filter.to));
  const where = conditions.length ? and(...conditions) : undefined;

  const rows = await db
    .select({
      id: t.auditLogs.id,
      action: t.auditLogs.action,
      entityType: t.auditLogs.entityType,
      entityId: t.auditLogs.entityId,
      metadata: t.auditLogs.metadata,
      requestId: t.auditLogs.requestId,
      createdAt: t.auditLogs.createdAt,
      actorId: t.auditLogs.actorId,
      actorName: t.users.name,
      actorEmail: t.users.email,
    })
    .from(t.auditLogs)
    .leftJoin(t.users, eq(t.users.id, t.auditLogs.actorId))
    .where(where)
    // id is a UUIDv7, so it breaks ties between entries of the same millisecond in insert order.
    .orderBy(desc(t.auditLogs.createdAt), desc(t.auditLogs.id))
    .limit(page.pageSize)
    .offset(pageOffset(page));
  const [total] = await db.select({ n: count() }).from(t.auditLogs).where(where);
  return { rows, total: total?.n ?? 0 };
}

/** The actors that appear in the log, for the filter drop-down. */
export async function listAuditActors({ db, t }: Conn) {
  return db
    .selectDistinct({ id: t.users.id, name: t.users.name, email: t.users.email })
    .from(t.auditLogs)
    .innerJoin(t.users, eq(t.users.id, t.auditLogs.actorId))
    .orderBy(t.users.name);
}
