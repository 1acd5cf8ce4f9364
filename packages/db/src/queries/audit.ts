import type { AuditEntry, PageInput } from "@missionboard/core";
import { pageOffset } from "@missionboard/core";
import { and, count, desc, eq, gte, inArray, lt, type SQL } from "drizzle-orm";
import { isUuidShaped } from "../ids";
import type { Conn } from "../store";

export async function insertAuditEntry({ db, t }: Conn, entry: AuditEntry): Promise<void> {
  await db.insert(t.auditLogs).values(entry);
}

/** Rows per statement: well inside both engines' bound-parameter limits. */
const AUDIT_CHUNK = 100;

/** Many entries at once (a reload's automatic links), a statement per hundred. */
export async function insertAuditEntries({ db, t }: Conn, entries: readonly AuditEntry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += AUDIT_CHUNK) await db.insert(t.auditLogs).values(entries.slice(i, i + AUDIT_CHUNK));
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

/** A learner's names: their OpenWebUI user (null for a chat of nobody) and its linked account's. */
const learnerNameColumns = (t: Conn["t"]) => ({
  owuiUserId: t.owuiUsers.id,
  owuiName: t.owuiUsers.name,
  accountName: t.users.name,
});

/**
 * What the ids of one page of the audit log stand for: one query per table that ids can point at
 * (users, catalog items, badge requests, awards, missions, chats, OpenWebUI users), each with the
 * whole page's ids, so a page costs at most seven queries whatever its entries hold. Chats and
 * OpenWebUI users come with the names that make up the learner's name as staff see it (§M-17).
 */
export async function resolveAuditReferences({ db, t }: Conn, ids: readonly string[]) {
  if (ids.length === 0) return { users: [], items: [], requests: [], awards: [], missions: [], chats: [], owuiUsers: [] };
  const wanted = [...new Set(ids)];
  // Our own tables are keyed by uuids; OpenWebUI's ids (chats, its users) are text of any shape.
  const ours = wanted.filter(isUuidShaped);
  const users = await db
    .select({ id: t.users.id, name: t.users.name, email: t.users.email })
    .from(t.users)
    .where(inArray(t.users.id, ours));
  const items = await db
    .select({ id: t.catalogItems.id, kind: t.catalogItems.kind, title: t.catalogItems.title })
    .from(t.catalogItems)
    .where(inArray(t.catalogItems.id, ours));
  const requests = await db
    .select({ id: t.badgeRequests.id, itemTitle: t.badgeRequests.itemTitle, userId: t.badgeRequests.userId, userName: t.users.name })
    .from(t.badgeRequests)
    .innerJoin(t.users, eq(t.users.id, t.badgeRequests.userId))
    .where(inArray(t.badgeRequests.id, ours));
  const awards = await db
    .select({ id: t.awards.id, itemTitle: t.catalogItems.title, userId: t.awards.userId, userName: t.users.name })
    .from(t.awards)
    .innerJoin(t.users, eq(t.users.id, t.awards.userId))
    .innerJoin(t.catalogItems, eq(t.catalogItems.id, t.awards.itemId))
    .where(inArray(t.awards.id, ours));
  const missions = await db.select({ id: t.missions.id, name: t.missions.name }).from(t.missions).where(inArray(t.missions.id, ours));
  const chats = await db
    .select({ id: t.chats.id, title: t.chats.title, ...learnerNameColumns(t) })
    .from(t.chats)
    .leftJoin(t.owuiUsers, eq(t.owuiUsers.id, t.chats.owuiUserId))
    .leftJoin(t.users, eq(t.users.id, t.owuiUsers.userId))
    .where(inArray(t.chats.id, wanted));
  const owuiUsers = await db
    .select({ id: t.owuiUsers.id, email: t.owuiUsers.email, ...learnerNameColumns(t) })
    .from(t.owuiUsers)
    .leftJoin(t.users, eq(t.users.id, t.owuiUsers.userId))
    .where(inArray(t.owuiUsers.id, wanted));
  return { users, items, requests, awards, missions, chats, owuiUsers };
}
