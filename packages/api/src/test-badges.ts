// Test-only: a small badge catalog and helpers shared by the request, award and progress tests.
import type { Store } from "@missionboard/db";
import { makeCatalogItem } from "@missionboard/db/factories";
import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";

/**
 * Program "Prompting": skill "Basics" (m1, m2), skill "Tools" (m3), required capstone C,
 * progress badge G, inactive mini-badge "Old" under Basics. Program "Agents": skill "Loops" (n1).
 */
export async function seedBadgeCatalog(store: Store) {
  return store.tx(async (c) => {
    const P = await makeCatalogItem(c, { kind: "program", title: "Prompting", position: 1 });
    const Q = await makeCatalogItem(c, { kind: "program", title: "Agents", position: 2 });
    const S1 = await makeCatalogItem(c, { kind: "skill", title: "Basics", parent: P, position: 1 });
    const S2 = await makeCatalogItem(c, { kind: "skill", title: "Tools", parent: P, position: 2 });
    const T = await makeCatalogItem(c, { kind: "skill", title: "Loops", parent: Q, position: 1 });
    const m1 = await makeCatalogItem(c, { kind: "mini_badge", title: "First prompt", parent: S1, position: 1 });
    const m2 = await makeCatalogItem(c, { kind: "mini_badge", title: "Second prompt", parent: S1, position: 2 });
    const old = await makeCatalogItem(c, { kind: "mini_badge", title: "Old", parent: S1, position: 3, isActive: false });
    const m3 = await makeCatalogItem(c, { kind: "mini_badge", title: "Search tool", parent: S2, position: 1 });
    const C = await makeCatalogItem(c, { kind: "capstone", title: "Final project", parent: P, isRequired: true, position: 9 });
    const G = await makeCatalogItem(c, { kind: "progress_badge", title: "Halfway", parent: P, position: 10 });
    const n1 = await makeCatalogItem(c, { kind: "mini_badge", title: "First loop", parent: T, position: 1 });
    return { P, Q, S1, S2, T, m1, m2, old, m3, C, G, n1 };
  });
}

export type BadgeCatalog = Awaited<ReturnType<typeof seedBadgeCatalog>>;

export async function failure(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return error;
}

/** Row counts that tell whether anything changed. */
export function snapshot(store: Store) {
  return store.read(async ({ db, t }) => ({
    requests: await db.$count(t.badgeRequests),
    pending: await db.$count(t.badgeRequests, eq(t.badgeRequests.status, "pending")),
    awards: await db.$count(t.awards),
    audit: await db.$count(t.auditLogs),
    notifications: await db.$count(t.notifications),
  }));
}

export function auditActions(store: Store) {
  return store.read(async ({ db, t }) => (await db.select({ action: t.auditLogs.action }).from(t.auditLogs)).map((r) => r.action));
}

export function liveItems(store: Store, userId: string) {
  return store.read(async ({ db, t }) =>
    (
      await db
        .select({ itemId: t.awards.itemId, source: t.awards.source, revokedAt: t.awards.revokedAt })
        .from(t.awards)
        .where(eq(t.awards.userId, userId))
    )
      .filter((a) => a.revokedAt === null)
      .map((a) => a.itemId),
  );
}
