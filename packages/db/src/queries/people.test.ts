import { planEmailLinks } from "@missionboard/core";
import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { makeUser } from "../factories";
import { describeEachEngine } from "../test-utils";
import { upsertOwuiUsers } from "./analytics";
import {
  accountAwaitsEmailLink,
  CONFLICT_USERS_SHOWN,
  clearOwuiLink,
  emailLinkCandidates,
  fillMissingEmailKeys,
  findOwuiUser,
  findOwuiUserOfAccount,
  listEmailConflicts,
  listLinkedPairs,
  listUnlinkedAccounts,
  listUnlinkedOwuiUsers,
  setOwuiLink,
} from "./people";
import { isUniqueViolation } from "./roster";

const now = new Date("2026-05-01T00:00:00Z");
const page = { page: 1, pageSize: 25 };

describeEachEngine("people links", (store) => {
  const owui = (id: string, email: string | null, name: string | null = null) =>
    store().tx((c) => upsertOwuiUsers(c, [{ id, name, email, role: "user", source: "api" }], now));
  const account = (email: string, extra: { name?: string; role?: "student" | "assistant"; verified?: boolean } = {}) =>
    store().tx(async (c) => {
      const user = await makeUser(c, { email, name: extra.name, role: extra.role ?? "student", now });
      if (extra.verified === false) await c.db.update(c.t.users).set({ emailVerifiedAt: null }).where(eq(c.t.users.id, user.id));
      return user;
    });

  it("finds candidates by email ignoring case and spaces, only verified and unlinked accounts, and pages by account", async () => {
    const ada = await account("ada@x.org");
    const grace = await account("grace@x.org");
    await account("unverified@x.org", { verified: false });
    const linked = await account("linked@x.org");
    await owui("o-ada", " ADA@x.org ");
    await owui("o-grace", "Grace@X.org");
    await owui("o-unverified", "unverified@x.org");
    await owui("o-linked", "someone@else.org");
    await owui("o-linked-twin", "linked@x.org");
    await owui("o-nobody", "nobody@x.org");
    await store().tx((c) => setOwuiLink(c, { owuiUserId: "o-linked", userId: linked.id, method: "manual" }, now));

    const all = await store().read((c) => emailLinkCandidates(c));
    expect(all.accounts.map((a) => a.id).sort()).toEqual([ada.id, grace.id].sort());
    expect(all.owuiUsers.map((o) => o.id).sort()).toEqual(["o-ada", "o-grace"]);
    expect(all.next).toBeNull();
    expect(planEmailLinks(all.owuiUsers, all.accounts).links).toHaveLength(2);

    const first = await store().read((c) => emailLinkCandidates(c, { limit: 1 }));
    expect(first.accounts).toHaveLength(1);
    expect(first.next).toBe(first.accounts[0]?.id);
    const second = await store().read((c) => emailLinkCandidates(c, { limit: 1, after: first.next }));
    expect(second.accounts.map((a) => a.id)).not.toEqual(first.accounts.map((a) => a.id));

    const one = await store().read((c) => emailLinkCandidates(c, { userId: grace.id }));
    expect(one.accounts.map((a) => a.id)).toEqual([grace.id]);
    expect(one.owuiUsers.map((o) => o.id)).toEqual(["o-grace"]);
  });

  it("lists every OpenWebUI user sharing a candidate's email, so conflicts show", async () => {
    const ada = await account("ada@x.org");
    await owui("o1", "ada@x.org");
    await owui("o2", "Ada@x.org");
    const { accounts, owuiUsers } = await store().read((c) => emailLinkCandidates(c));
    expect(planEmailLinks(owuiUsers, accounts)).toEqual({
      links: [],
      conflicts: [{ userId: ada.id, email: "ada@x.org", owuiUserIds: ["o1", "o2"] }],
    });
  });

  it("keys emails as accounts store them, Unicode case included, so a non-ASCII upper-case email finds its account", async () => {
    const elodie = await account("Élodie@x.org");
    await owui("o-elodie", " ÉLODIE@X.ORG ");
    await owui("o-blank", "   ");
    await owui("o-none", null);
    const keys = await store().read(({ db, t }) =>
      db.select({ id: t.owuiUsers.id, key: t.owuiUsers.emailKey }).from(t.owuiUsers).orderBy(t.owuiUsers.id),
    );
    expect(keys).toEqual([
      { id: "o-blank", key: null },
      { id: "o-elodie", key: "élodie@x.org" },
      { id: "o-none", key: null },
    ]);
    for (const scope of [{}, { userId: elodie.id }]) {
      const found = await store().read((c) => emailLinkCandidates(c, scope));
      expect(planEmailLinks(found.owuiUsers, found.accounts).links).toEqual([{ owuiUserId: "o-elodie", userId: elodie.id }]);
    }
    // An email changed in OpenWebUI changes its key at the next reload.
    await owui("o-elodie", "elodie@elsewhere.org");
    expect((await store().read((c) => emailLinkCandidates(c))).accounts).toEqual([]);
  });

  it("keys the emails a migration left unkeyed (non-ASCII ones), leaving the reload's mark and blank emails alone", async () => {
    await owui("o-ascii", "ada@x.org");
    await owui("o-greek", "ΣΟΦΙΑ@x.gr");
    await owui("o-blank", "  ");
    // As migration 0014 leaves them: SQL could not key the non-ASCII email.
    await store().tx(({ db, t }) => db.update(t.owuiUsers).set({ emailKey: null }).where(eq(t.owuiUsers.id, "o-greek")));
    expect(await store().tx((c) => fillMissingEmailKeys(c))).toBe(1);
    expect(await store().tx((c) => fillMissingEmailKeys(c))).toBe(0);
    const rows = await store().read(({ db, t }) =>
      db
        .select({ id: t.owuiUsers.id, key: t.owuiUsers.emailKey, updatedAt: t.owuiUsers.updatedAt })
        .from(t.owuiUsers)
        .orderBy(t.owuiUsers.id),
    );
    expect(rows).toEqual([
      { id: "o-ascii", key: "ada@x.org", updatedAt: now },
      { id: "o-blank", key: null, updatedAt: now },
      { id: "o-greek", key: "σοφια@x.gr", updatedAt: now },
    ]);
  });

  it("lists emails several unlinked OpenWebUI users share, by page, with their chats and the account of the email", async () => {
    const ada = await account("ada@x.org", { name: "Ada Lovelace" });
    const bob = await account("bob@x.org", { name: "Bob Byte", verified: false });
    await owui("o-ada-1", "ADA@x.org", "Ada at work");
    await owui("o-ada-2", " ada@x.org", "Ada at home");
    await owui("o-bob-1", "bob@x.org");
    await owui("o-bob-2", "Bob@X.org");
    await owui("o-eve-1", "ÉVE@x.org");
    await owui("o-eve-2", "éve@x.org");
    // Not conflicts: one unlinked user left once its twin is linked, blocked, or alone with the email.
    await owui("o-cy-1", "cy@x.org");
    await owui("o-cy-2", "cy@x.org");
    await owui("o-dee-1", "dee@x.org");
    await owui("o-dee-2", "dee@x.org");
    await owui("o-solo", "solo@x.org");
    const cy = await account("cy@x.org");
    await store().tx(async (c) => {
      await setOwuiLink(c, { owuiUserId: "o-cy-1", userId: cy.id, method: "manual" }, now);
      await setOwuiLink(c, { owuiUserId: "o-dee-1", userId: ada.id, method: "manual" }, now);
      await clearOwuiLink(c, "o-dee-1", now);
      await c.db
        .insert(c.t.chats)
        .values(
          ["c1", "c2", "c3"].map((id) => ({ id, owuiUserId: "o-ada-2", models: [], messageCount: 0, contentHash: id, ingestedAt: now })),
        );
    });

    const all = await store().read((c) => listEmailConflicts(c, page));
    expect(all.total).toBe(3);
    expect(all.rows).toEqual([
      {
        emailKey: "ada@x.org",
        size: 2,
        owuiUsers: [
          { id: "o-ada-1", name: "Ada at work", email: "ADA@x.org", chats: 0 },
          { id: "o-ada-2", name: "Ada at home", email: " ada@x.org", chats: 3 },
        ],
        account: { id: ada.id, name: "Ada Lovelace", email: "ada@x.org", verified: true, linked: false },
      },
      {
        emailKey: "bob@x.org",
        size: 2,
        owuiUsers: [
          { id: "o-bob-1", name: null, email: "bob@x.org", chats: 0 },
          { id: "o-bob-2", name: null, email: "Bob@X.org", chats: 0 },
        ],
        account: { id: bob.id, name: "Bob Byte", email: "bob@x.org", verified: false, linked: false },
      },
      {
        emailKey: "éve@x.org",
        size: 2,
        owuiUsers: [
          { id: "o-eve-1", name: null, email: "ÉVE@x.org", chats: 0 },
          { id: "o-eve-2", name: null, email: "éve@x.org", chats: 0 },
        ],
        account: null,
      },
    ]);
    const second = await store().read((c) => listEmailConflicts(c, { page: 2, pageSize: 2 }));
    expect(second).toEqual({ rows: [expect.objectContaining({ emailKey: "éve@x.org" })], total: 3 });
    // The search below finds a conflict's OpenWebUI users by its key, non-ASCII capitals included.
    const found = await store().read((c) => listUnlinkedOwuiUsers(c, { search: "éve@x.org" }, page));
    expect(found.rows.map((r) => r.id)).toEqual(["o-eve-1", "o-eve-2"]);
  });

  it("shows at most CONFLICT_USERS_SHOWN OpenWebUI users of one email, and counts them all", async () => {
    await store().tx((c) =>
      upsertOwuiUsers(
        c,
        Array.from({ length: CONFLICT_USERS_SHOWN + 3 }, (_, i) => ({
          id: `o-${String(i).padStart(2, "0")}`,
          name: null,
          email: "shared@x.org",
          role: "user",
          source: "api" as const,
        })),
        now,
      ),
    );
    const [group] = (await store().read((c) => listEmailConflicts(c, page))).rows;
    expect(group?.size).toBe(CONFLICT_USERS_SHOWN + 3);
    expect(group?.owuiUsers.map((o) => o.id)).toEqual(
      Array.from({ length: CONFLICT_USERS_SHOWN }, (_, i) => `o-${String(i).padStart(2, "0")}`),
    );
  });

  it("tells whether an account awaits a link: verified and linked to nobody", async () => {
    const ada = await account("ada@x.org");
    const pending = await account("pending@x.org", { verified: false });
    expect(await store().read((c) => accountAwaitsEmailLink(c, ada.id))).toBe(true);
    expect(await store().read((c) => accountAwaitsEmailLink(c, pending.id))).toBe(false);
    await owui("o1", null);
    await store().tx((c) => setOwuiLink(c, { owuiUserId: "o1", userId: ada.id, method: "manual" }, now));
    expect(await store().read((c) => accountAwaitsEmailLink(c, ada.id))).toBe(false);
  });

  it("links, refuses a second link of either side, unlinks with a block that only staff lift", async () => {
    const ada = await account("ada@x.org");
    await owui("o1", "ada@x.org");
    await owui("o2", "other@x.org");
    expect(await store().tx((c) => setOwuiLink(c, { owuiUserId: "o1", userId: ada.id, method: "email" }, now))).toBe(true);
    expect((await store().read((c) => findOwuiUserOfAccount(c, ada.id)))?.id).toBe("o1");
    // The OpenWebUI user is taken: no change.
    expect(await store().tx((c) => setOwuiLink(c, { owuiUserId: "o1", userId: ada.id, method: "manual" }, now))).toBe(false);
    // The account is taken: no change either.
    expect(await store().tx((c) => setOwuiLink(c, { owuiUserId: "o2", userId: ada.id, method: "manual" }, now))).toBe(false);
    // The unique index is the backstop when the guard is bypassed (another transaction at the same moment).
    const error = await store()
      .tx((c) => c.db.update(c.t.owuiUsers).set({ userId: ada.id }).where(eq(c.t.owuiUsers.id, "o2")))
      .catch((e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);

    expect(await store().tx((c) => clearOwuiLink(c, "o1", now))).toBe(ada.id);
    expect(await store().tx((c) => clearOwuiLink(c, "o1", now))).toBeNull();
    expect(await store().read((c) => findOwuiUser(c, "o1"))).toMatchObject({ userId: null, linkMethod: null, linkBlocked: true });
    // Blocked: email linking leaves it alone, and it is no candidate.
    expect((await store().read((c) => emailLinkCandidates(c))).accounts).toEqual([]);
    expect(await store().tx((c) => setOwuiLink(c, { owuiUserId: "o1", userId: ada.id, method: "email" }, now))).toBe(false);
    // Staff link it again: the block goes.
    expect(await store().tx((c) => setOwuiLink(c, { owuiUserId: "o1", userId: ada.id, method: "manual" }, now))).toBe(true);
    expect(await store().read((c) => findOwuiUser(c, "o1"))).toMatchObject({ userId: ada.id, linkMethod: "manual", linkBlocked: false });
  });

  it("pages unlinked OpenWebUI users (with chat counts), unlinked active accounts (students first) and linked pairs, searchable", async () => {
    const staff = await account("aaron@x.org", { name: "Aaron Assistant", role: "assistant" });
    const zoe = await account("zoe@x.org", { name: "Zoe Student" });
    const bea = await account("bea@x.org", { name: "Bea Student" });
    await owui("o-zoe", "zoe@x.org", "Zoe");
    await owui("o-ann", "ann@x.org", "Ann");
    await owui("o-ghost", null);
    await store().tx(async (c) => {
      await c.db.insert(c.t.chats).values(
        ["c1", "c2"].map((id) => ({
          id,
          owuiUserId: "o-ann",
          models: [],
          messageCount: 0,
          contentHash: id,
          ingestedAt: now,
        })),
      );
      await setOwuiLink(c, { owuiUserId: "o-zoe", userId: zoe.id, method: "email" }, now);
    });

    const owuiPage = await store().read((c) => listUnlinkedOwuiUsers(c, {}, page));
    expect(owuiPage.total).toBe(2);
    expect(owuiPage.rows.map((r) => [r.id, r.chats])).toEqual([
      ["o-ann", 2],
      ["o-ghost", 0],
    ]);
    expect((await store().read((c) => listUnlinkedOwuiUsers(c, { search: "ANN@" }, page))).rows.map((r) => r.id)).toEqual(["o-ann"]);

    const accounts = await store().read((c) => listUnlinkedAccounts(c, {}, page));
    expect(accounts.rows.map((r) => r.id)).toEqual([bea.id, staff.id]);
    expect(accounts.rows[0]).toMatchObject({ email: "bea@x.org", emailVerified: true, role: "student" });
    const second = await store().read((c) => listUnlinkedAccounts(c, {}, { page: 2, pageSize: 1 }));
    expect(second).toEqual({ rows: [expect.objectContaining({ id: staff.id })], total: 2 });
    expect((await store().read((c) => listUnlinkedAccounts(c, { search: "aaron" }, page))).rows.map((r) => r.id)).toEqual([staff.id]);

    const pairs = await store().read((c) => listLinkedPairs(c, {}, page));
    expect(pairs).toEqual({
      rows: [
        {
          owuiUserId: "o-zoe",
          owuiName: "Zoe",
          owuiEmail: "zoe@x.org",
          linkMethod: "email",
          userId: zoe.id,
          userName: "Zoe Student",
          userEmail: "zoe@x.org",
        },
      ],
      total: 1,
    });
    expect((await store().read((c) => listLinkedPairs(c, { search: "nobody" }, page))).total).toBe(0);
  });
});
