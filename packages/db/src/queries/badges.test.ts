// Contract tests for the request and award queries, on both engines.
import { buildAuditEntry } from "@missionboard/core";
import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { makeCatalogItem, makeUser } from "../factories";
import type { Conn } from "../store";
import { describeEachEngine } from "../test-utils";
import {
  awardHistoryOf,
  enqueueMailsBulk,
  findAwardRecipients,
  insertAuditEntriesBulk,
  insertAward,
  insertAwards,
  insertNotificationsBulk,
  liveAwardsOf,
  loadLiveHoldings,
  revokeAward,
} from "./awards";
import {
  countRequestsByStatus,
  decideBadgeRequest,
  findBadgeRequest,
  insertBadgeRequest,
  listRequestQueue,
  listUserRequests,
  pendingItemIdsOf,
  withdrawBadgeRequest,
} from "./requests";

const at = (iso: string) => new Date(iso);
const T0 = at("2026-03-01T10:00:00Z");
const all = { page: 1, pageSize: 100 };

async function seedCatalog(c: Conn) {
  const p = await makeCatalogItem(c, { kind: "program", title: "Prompting" });
  const q = await makeCatalogItem(c, { kind: "program", title: "Agents" });
  const s = await makeCatalogItem(c, { kind: "skill", title: "Basics", parent: p });
  const s2 = await makeCatalogItem(c, { kind: "skill", title: "Tools", parent: q });
  const m1 = await makeCatalogItem(c, { kind: "mini_badge", title: "First prompt", parent: s });
  const m2 = await makeCatalogItem(c, { kind: "mini_badge", title: "Second prompt", parent: s });
  const n1 = await makeCatalogItem(c, { kind: "mini_badge", title: "First tool", parent: s2 });
  return { p, q, s, s2, m1, m2, n1 };
}

describeEachEngine("request queries", (store) => {
  async function seed() {
    return store().tx(async (c) => {
      const cat = await seedCatalog(c);
      const ada = await makeUser(c, { name: "Ada Lovelace", email: "ada@example.com" });
      const bob = await makeUser(c, { name: "Bob 100%", email: "bob@example.com" });
      const staff = await makeUser(c, { name: "Sam Staff", role: "assistant" });
      return { ...cat, ada, bob, staff };
    });
  }

  it("inserts a pending request and refuses a second pending one for the same badge", async () => {
    const { ada, m1 } = await seed();
    const first = await store().tx((c) => insertBadgeRequest(c, { userId: ada.id, itemId: m1.id, itemTitle: m1.title, note: "hi" }, T0));
    expect(first).toMatchObject({ status: "pending", itemTitle: "First prompt", note: "hi", evidenceUrl: null });
    expect(await store().tx((c) => insertBadgeRequest(c, { userId: ada.id, itemId: m1.id, itemTitle: m1.title }, T0))).toBeNull();
    expect(await store().read((c) => pendingItemIdsOf(c, ada.id))).toEqual(new Set([m1.id]));
  });

  it("lets exactly one of two racing submissions through", async () => {
    const { ada, m1 } = await seed();
    const results = await Promise.all(
      [1, 2].map(() => store().tx((c) => insertBadgeRequest(c, { userId: ada.id, itemId: m1.id, itemTitle: m1.title }, T0))),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it("allows a new request once the previous one is decided or withdrawn", async () => {
    const { ada, staff, m1 } = await seed();
    const first = await store().tx((c) => insertBadgeRequest(c, { userId: ada.id, itemId: m1.id, itemTitle: m1.title }, T0));
    if (!first) throw new Error("not inserted");
    await store().tx((c) => decideBadgeRequest(c, { id: first.id, status: "rejected", decidedBy: staff.id, reason: "No evidence" }, T0));
    const second = await store().tx((c) => insertBadgeRequest(c, { userId: ada.id, itemId: m1.id, itemTitle: m1.title }, T0));
    expect(second).not.toBeNull();
    if (!second) throw new Error("not inserted");
    expect(await store().tx((c) => withdrawBadgeRequest(c, second.id, ada.id, T0))).toMatchObject({ status: "withdrawn" });
    expect(await store().tx((c) => insertBadgeRequest(c, { userId: ada.id, itemId: m1.id, itemTitle: m1.title }, T0))).not.toBeNull();
  });

  it("decides only pending requests and records who decided", async () => {
    const { ada, staff, m1 } = await seed();
    const req = await store().tx((c) => insertBadgeRequest(c, { userId: ada.id, itemId: m1.id, itemTitle: m1.title }, T0));
    if (!req) throw new Error("not inserted");
    const later = at("2026-03-02T10:00:00Z");
    const decided = await store().tx((c) =>
      decideBadgeRequest(c, { id: req.id, status: "approved", decidedBy: staff.id, reason: null }, later),
    );
    expect(decided).toMatchObject({ status: "approved", decidedBy: staff.id, decidedAt: later });
    expect(
      await store().tx((c) => decideBadgeRequest(c, { id: req.id, status: "rejected", decidedBy: staff.id, reason: "x" }, later)),
    ).toBeNull();
    expect(await store().read((c) => findBadgeRequest(c, req.id))).toMatchObject({ status: "approved", deciderName: "Sam Staff" });
    expect(await store().read((c) => findBadgeRequest(c, "0190d7b0-0000-7000-8000-000000000000"))).toBeNull();
  });

  it("lets 20 racing decisions produce exactly one winner", async () => {
    const { ada, staff, m1 } = await seed();
    const req = await store().tx((c) => insertBadgeRequest(c, { userId: ada.id, itemId: m1.id, itemTitle: m1.title }, T0));
    if (!req) throw new Error("not inserted");
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store().tx((c) =>
          decideBadgeRequest(c, { id: req.id, status: i % 2 ? "approved" : "rejected", decidedBy: staff.id, reason: "r" }, T0),
        ),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it("withdraws only the owner's pending request", async () => {
    const { ada, bob, m1 } = await seed();
    const req = await store().tx((c) => insertBadgeRequest(c, { userId: ada.id, itemId: m1.id, itemTitle: m1.title }, T0));
    if (!req) throw new Error("not inserted");
    expect(await store().tx((c) => withdrawBadgeRequest(c, req.id, bob.id, T0))).toBeNull();
    expect(await store().tx((c) => withdrawBadgeRequest(c, req.id, ada.id, T0))).toMatchObject({ status: "withdrawn" });
    expect(await store().tx((c) => withdrawBadgeRequest(c, req.id, ada.id, T0))).toBeNull();
  });

  it("lists the queue oldest first with filters, paging and counts", async () => {
    const { ada, bob, staff, p, q, s, m1, m2, n1 } = await seed();
    await store().tx(async (c) => {
      await insertBadgeRequest(c, { userId: ada.id, itemId: m2.id, itemTitle: m2.title }, at("2026-03-03T00:00:00Z"));
      await insertBadgeRequest(c, { userId: ada.id, itemId: m1.id, itemTitle: m1.title }, at("2026-03-01T00:00:00Z"));
      await insertBadgeRequest(c, { userId: bob.id, itemId: n1.id, itemTitle: n1.title }, at("2026-03-02T00:00:00Z"));
      const done = await insertBadgeRequest(c, { userId: bob.id, itemId: m1.id, itemTitle: m1.title }, at("2026-02-01T00:00:00Z"));
      if (done) await decideBadgeRequest(c, { id: done.id, status: "rejected", decidedBy: staff.id, reason: "no" }, T0);
    });
    const titles = async (filter: Parameters<typeof listRequestQueue>[1], page = all) =>
      (await store().read((c) => listRequestQueue(c, filter, page))).rows.map((r) => r.itemTitle);
    expect(await titles({})).toEqual(["First prompt", "First tool", "Second prompt"]);
    expect(await titles({ programId: p.id })).toEqual(["First prompt", "Second prompt"]);
    expect(await titles({ programId: q.id })).toEqual(["First tool"]);
    expect(await titles({ skillId: s.id })).toEqual(["First prompt", "Second prompt"]);
    expect(await titles({ student: "LOVE" })).toEqual(["First prompt", "Second prompt"]);
    expect(await titles({ student: "100%" })).toEqual(["First tool"]);
    expect(await titles({ student: "%" })).toEqual(["First tool"]);
    expect(await titles({ submittedBefore: at("2026-03-02T12:00:00Z") })).toEqual(["First prompt", "First tool"]);
    expect(await titles({ status: "rejected" })).toEqual(["First prompt"]);
    const page2 = await store().read((c) => listRequestQueue(c, {}, { page: 2, pageSize: 2 }));
    expect(page2.total).toBe(3);
    expect(page2.rows.map((r) => r.itemTitle)).toEqual(["Second prompt"]);
    expect(page2.rows[0]).toMatchObject({ studentName: "Ada Lovelace", itemKind: "mini_badge", submittedAt: at("2026-03-03T00:00:00Z") });
    expect(await store().read((c) => countRequestsByStatus(c))).toEqual({ pending: 3, approved: 0, rejected: 1, withdrawn: 0 });
    const mine = await store().read((c) => listUserRequests(c, bob.id));
    expect(mine.map((r) => [r.itemTitle, r.status, r.decisionReason, r.deciderName])).toEqual([
      ["First tool", "pending", null, null],
      ["First prompt", "rejected", "no", "Sam Staff"],
    ]);
  });
});

describeEachEngine("award queries", (store) => {
  async function seed() {
    return store().tx(async (c) => {
      const cat = await seedCatalog(c);
      const ada = await makeUser(c, { name: "Ada" });
      const gone = await makeUser(c, { name: "Gone", status: "deactivated" });
      const admin = await makeUser(c, { name: "Admin", role: "admin" });
      return { ...cat, ada, gone, admin };
    });
  }

  it("inserts an award once and reports whether it was created", async () => {
    const { ada, m1 } = await seed();
    const first = await store().tx((c) => insertAward(c, { userId: ada.id, itemId: m1.id, kind: "mini_badge", source: "request" }, T0));
    expect(first).toMatchObject({ userId: ada.id, itemId: m1.id, awardedAt: T0 });
    expect(await store().tx((c) => insertAward(c, { userId: ada.id, itemId: m1.id, kind: "mini_badge", source: "manual" }, T0))).toBeNull();
    expect(await store().read((c) => liveAwardsOf(c, ada.id))).toEqual([
      { id: first?.id, itemId: m1.id, kind: "mini_badge", source: "request", awardedAt: T0 },
    ]);
  });

  it("revokes only a live award, after which the badge can be earned again", async () => {
    const { ada, admin, m1, m2 } = await seed();
    await store().tx((c) => insertAward(c, { userId: ada.id, itemId: m1.id, kind: "mini_badge", source: "request" }, T0));
    expect(await store().tx((c) => revokeAward(c, { userId: ada.id, itemId: m2.id, revokedBy: admin.id, reason: "x" }, T0))).toBeNull();
    expect(await store().tx((c) => revokeAward(c, { userId: ada.id, itemId: m1.id, revokedBy: admin.id, reason: "x" }, T0))).toMatchObject({
      itemId: m1.id,
      source: "request",
    });
    expect(await store().tx((c) => revokeAward(c, { userId: ada.id, itemId: m1.id, revokedBy: admin.id, reason: "x" }, T0))).toBeNull();
    expect(await store().read((c) => liveAwardsOf(c, ada.id))).toEqual([]);
    expect(
      await store().tx((c) => insertAward(c, { userId: ada.id, itemId: m1.id, kind: "mini_badge", source: "request" }, T0)),
    ).not.toBeNull();
    const history = await store().read((c) => awardHistoryOf(c, ada.id));
    expect(history.map((h) => [h.title, h.revokeReason])).toEqual(
      expect.arrayContaining([
        ["First prompt", "x"],
        ["First prompt", null],
      ]),
    );
  });

  it("bulk-inserts in chunks, skipping awards already held", async () => {
    const { ada, m1, m2, s } = await seed();
    await store().tx((c) => insertAward(c, { userId: ada.id, itemId: m1.id, kind: "mini_badge", source: "request" }, T0));
    const users = await store().tx(async (c) => {
      const list = [];
      for (let i = 0; i < 600; i++) list.push(await makeUser(c, {}));
      return list;
    });
    const created = await store().tx((c) =>
      insertAwards(
        c,
        [
          { userId: ada.id, itemId: m1.id, kind: "mini_badge", source: "auto" },
          { userId: ada.id, itemId: m2.id, kind: "mini_badge", source: "auto" },
          ...users.map((u) => ({ userId: u.id, itemId: s.id, kind: "skill" as const, source: "auto" as const })),
        ],
        T0,
      ),
    );
    expect(created).toHaveLength(601);
    const holdings = await store().read((c) => loadLiveHoldings(c));
    expect(holdings.get(ada.id)).toEqual(new Set([m1.id, m2.id]));
    expect(holdings.size).toBe(601);
  });

  it("loads live holdings of active users only, grouped by user", async () => {
    const { ada, gone, admin, m1, m2, n1 } = await seed();
    await store().tx(async (c) => {
      for (const itemId of [m1.id, m2.id, n1.id])
        await insertAward(c, { userId: ada.id, itemId, kind: "mini_badge", source: "request" }, T0);
      await insertAward(c, { userId: gone.id, itemId: m1.id, kind: "mini_badge", source: "request" }, T0);
      await revokeAward(c, { userId: ada.id, itemId: n1.id, revokedBy: admin.id, reason: "r" }, T0);
    });
    const holdings = await store().read((c) => loadLiveHoldings(c));
    expect([...holdings.keys()]).toEqual([ada.id]);
    expect(holdings.get(ada.id)).toEqual(new Set([m1.id, m2.id]));
  });

  it("bulk-writes audit rows, notifications and mail, and reads recipients in chunks", async () => {
    const { ada, admin } = await seed();
    await store().tx(async (c) => {
      await insertAuditEntriesBulk(
        c,
        Array.from({ length: 700 }, () =>
          buildAuditEntry({ actorId: null, action: "award.auto_granted", entityType: "award", entityId: ada.id }, T0),
        ),
      );
      await insertNotificationsBulk(c, [{ userId: ada.id, kind: "badge_awarded", title: "t", body: null, link: "/student" }], T0);
      await enqueueMailsBulk(c, [{ to: ada.email, subject: "s", text: "x", html: null }], T0);
    });
    const counts = await store().read(async ({ db, t }) => ({
      audit: await db.$count(t.auditLogs, eq(t.auditLogs.action, "award.auto_granted")),
      notifications: await db.$count(t.notifications),
      mail: await db.$count(t.mailMessages),
    }));
    expect(counts).toEqual({ audit: 700, notifications: 1, mail: 1 });
    const recipients = await store().read((c) => findAwardRecipients(c, [ada.id, admin.id, ada.id]));
    expect(recipients.map((r) => r.name).sort()).toEqual(["Ada", "Admin"]);
  });
});
