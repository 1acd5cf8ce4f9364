import { buildAuditEntry } from "@missionboard/core";
import { insertAuditEntry } from "@missionboard/db";
import { makeAwardRow, makeBadgeRequestRow, makeCatalogItem, makeUser } from "@missionboard/db/factories";
import { describeEachEngine } from "@missionboard/db/test-utils";
import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { FORMULA, seedChats } from "../test-chats";
import { callerAs, makeSessionUser, TEST_NOW } from "../test-helpers";

describeEachEngine("audit.list", (store) => {
  async function seed() {
    const admin = await makeSessionUser(store(), "admin", { name: "Admin One" });
    await store().tx(async (c) => {
      for (let i = 0; i < 12; i++) {
        await insertAuditEntry(
          c,
          buildAuditEntry(
            {
              actorId: admin.id,
              action: i < 4 ? "auth.signed_out" : "auth.signed_in",
              entityType: "user",
              entityId: admin.id,
              metadata: { i },
            },
            new Date(TEST_NOW.getTime() + i * 1000),
          ),
        );
      }
    });
    return admin;
  }

  it("returns a page of entries, newest first, with totals", async () => {
    const admin = await seed();
    const page = await callerAs(store(), admin).audit.list({ page: 2, pageSize: 5 });
    expect(page).toMatchObject({ total: 12, page: 2, pageSize: 5, pageCount: 3 });
    expect(page.items.map((e) => e.metadata.i)).toEqual([6, 5, 4, 3, 2]);
    expect(page.items[0]?.actorName).toBe("Admin One");
  });

  it("says what each entry is about, with links, and resolves the ids in its details to names (issue 11 #6)", async () => {
    const admin = await makeSessionUser(store(), "admin", { name: "Admin One" });
    const refs = await store().tx(async (c) => {
      const ada = await makeUser(c, { name: "Ada Lovelace", email: "ada@example.test", now: TEST_NOW });
      const program = await makeCatalogItem(c, { kind: "program", title: "Alpha" });
      const skill = await makeCatalogItem(c, { kind: "skill", parent: program, title: "Basics" });
      const badge = await makeCatalogItem(c, { kind: "mini_badge", parent: skill, title: "Give context" });
      const request = await makeBadgeRequestRow(c, { userId: ada.id, item: badge, submittedAt: TEST_NOW });
      const award = await makeAwardRow(c, { userId: ada.id, item: badge, awardedAt: TEST_NOW });
      const entries = [
        { action: "user.approved", entityType: "user", entityId: ada.id, metadata: { to: "active" } },
        { action: "request.approved", entityType: "badge_request", entityId: request.id, metadata: { userId: ada.id, itemId: badge.id } },
        { action: "award.granted", entityType: "award", entityId: award.id, metadata: { userId: ada.id, itemId: badge.id } },
        { action: "catalog.updated", entityType: "catalog_item", entityId: badge.id, metadata: { changed: "title" } },
        { action: "catalog.deleted", entityType: "catalog_item", entityId: "0190d7b0-0000-7000-8000-000000000000", metadata: {} },
      ] as const;
      for (const [i, e] of entries.entries())
        await insertAuditEntry(
          c,
          buildAuditEntry({ actorId: admin.id, ...e, metadata: { ...e.metadata } }, new Date(TEST_NOW.getTime() - i * 1000)),
        );
      return { ada, badge, request, award };
    });
    const page = await callerAs(store(), admin).audit.list({ page: 1, pageSize: 10 });
    const [user, request, award, item, gone] = page.items;
    expect(user?.entity).toEqual({ label: "Ada Lovelace", href: "/roster?q=ada%40example.test" });
    expect(request?.entity).toEqual({
      label: "request for “Give context” by Ada Lovelace",
      href: `/admin/audit?entityType=badge_request&entityId=${refs.request.id}`,
    });
    // Sorted: Postgres's jsonb keeps its own key order.
    expect([...(request?.details ?? [])].sort((a, b) => b.key.localeCompare(a.key))).toEqual([
      { key: "userId", text: "Ada Lovelace", href: "/roster?q=ada%40example.test" },
      { key: "itemId", text: "mini-badge “Give context”", href: `/catalog?item=${refs.badge.id}` },
    ]);
    expect(award?.entity).toEqual({ label: "award “Give context” to Ada Lovelace", href: `/admin/awards?student=${refs.ada.id}` });
    expect(item?.details).toEqual([{ key: "changed", text: "title", href: null }]);
    expect(gone?.entity).toEqual({ label: "unknown catalog item", href: null });
    // No raw id reaches the page's labels.
    const shown = JSON.stringify(page.items.map((e) => [e.entity?.label, e.details.map((d) => d.text)]));
    for (const id of [refs.ada.id, refs.badge.id, refs.request.id, refs.award.id]) expect(shown).not.toContain(id);
  });

  it("names the chat staff read (title, owner as staff see them) and its owner, in one page", async () => {
    await seedChats(store());
    const assistant = await makeSessionUser(store(), "assistant");
    const admin = await makeSessionUser(store(), "admin");
    for (const chatId of ["chat-ada", "chat-nobody", "chat-bob"]) await callerAs(store(), assistant).chat.transcript({ chatId });
    // A chat gone since (a reload dropped it) and its owner: unknown, not a raw id.
    await store().tx(({ db, t }) => db.delete(t.chats).where(eq(t.chats.id, "chat-bob")));
    await store().tx(({ db, t }) => db.delete(t.owuiUsers).where(eq(t.owuiUsers.id, "ow-bob")));
    const page = await callerAs(store(), admin).audit.list({ action: "chat.viewed" });
    const [bob, nobody, ada] = page.items;
    expect(ada?.entity).toEqual({ label: "chat “Compass run” by Ada Lovelace", href: "/missions/chats/chat-ada" });
    expect(ada?.details).toEqual([{ key: "owner", text: "OpenWebUI user Ada Lovelace", href: "/staff/people?q=ada%40learners.test" }]);
    // An unlinked owner is named by their OpenWebUI name (a formula here: the page renders it as text).
    expect(nobody?.entity?.label).toBe(`chat “${FORMULA}” by ${FORMULA}`);
    expect(bob?.entity).toEqual({ label: "unknown chat", href: null });
    expect(bob?.details).toEqual([{ key: "owner", text: "unknown", href: null }]);
  });

  it("names the OpenWebUI user of a link", async () => {
    const { ada } = await seedChats(store());
    const admin = await makeSessionUser(store(), "admin");
    await callerAs(store(), admin).people.unlink({ owuiUserId: "ow-ada" });
    const [entry] = (await callerAs(store(), admin).audit.list({ action: "people.unlinked" })).items;
    // Unlinked now, so it goes by its OpenWebUI name.
    expect(entry?.entity).toEqual({ label: "OpenWebUI user ada-ow", href: "/staff/people?q=ada%40learners.test" });
    expect(entry?.details).toEqual([{ key: "userId", text: "Ada Lovelace", href: `/roster?q=${encodeURIComponent(ada.email)}` }]);
  });

  it("filters by action and actor", async () => {
    const admin = await seed();
    const page = await callerAs(store(), admin).audit.list({ action: "auth.signed_out", actorId: admin.id });
    expect(page.total).toBe(4);
  });

  it("rejects an unknown action or a malformed actor id with BAD_REQUEST and a message per field", async () => {
    const admin = await seed();
    const error = await callerAs(store(), admin)
      .audit.list({ action: "drop table" as never, actorId: "not-a-uuid" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("BAD_REQUEST");
  });

  it("lists the actions and actors for the filters", async () => {
    const admin = await seed();
    const filters = await callerAs(store(), admin).audit.filters();
    expect(filters.actions).toContain("auth.signed_in");
    expect(filters.actors.map((a) => a.id)).toEqual([admin.id]);
  });
});
