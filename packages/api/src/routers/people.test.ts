import type { AuditAction } from "@missionboard/core";
import { findOwuiUser, findUserById, listAuditEntries, upsertOwuiUsers } from "@missionboard/db";
import { makeUser } from "@missionboard/db/factories";
import { describeEachEngine } from "@missionboard/db/test-utils";
import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { linkByEmail } from "../services/people-linking";
import { callerAs, makeSessionUser, TEST_NOW } from "../test-helpers";
import { PEOPLE_MESSAGES } from "./people";

async function failure(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return error;
}

describeEachEngine("people router", (store) => {
  const owui = (id: string, email: string | null, name: string | null = null) =>
    store().tx((c) => upsertOwuiUsers(c, [{ id, name, email, role: "user", source: "api" }], TEST_NOW));
  const student = (name: string, email: string) => store().tx((c) => makeUser(c, { name, email, now: TEST_NOW }));
  const audit = (action: AuditAction) => store().read((c) => listAuditEntries(c, { action }, { page: 1, pageSize: 50 }));

  it("is for staff only: learners are refused", async () => {
    const pupil = await makeSessionUser(store(), "student");
    const api = callerAs(store(), pupil).people;
    expect((await failure(api.unlinked({}))).code).toBe("FORBIDDEN");
    expect((await failure(api.link({ owuiUserId: "o1", userId: pupil.id }))).code).toBe("FORBIDDEN");
    expect((await failure(api.unlink({ owuiUserId: "o1" }))).code).toBe("FORBIDDEN");
    expect((await failure(api.conflicts({}))).code).toBe("FORBIDDEN");
  });

  it("lists the emails several OpenWebUI users share, which a reload left unlinked, until staff link one by hand", async () => {
    const assistant = await makeSessionUser(store(), "assistant");
    const api = callerAs(store(), assistant).people;
    const elodie = await student("Élodie Martin", "élodie@uni.org");
    await store().tx((c) => c.db.update(c.t.users).set({ emailVerifiedAt: TEST_NOW }).where(eq(c.t.users.id, elodie.id)));
    await owui("o-work", "ÉLODIE@uni.org", "Élodie at work");
    await owui("o-home", "élodie@UNI.org", "Élodie at home");
    const planned = await store().tx((c) => linkByEmail(c, TEST_NOW, { kind: "all" }));
    expect(planned.conflicts).toEqual([{ userId: elodie.id, email: "élodie@uni.org", owuiUserIds: ["o-home", "o-work"] }]);

    const conflicts = await api.conflicts({});
    expect(conflicts).toMatchObject({ total: 1, page: 1, pageCount: 1 });
    expect(conflicts.items).toEqual([
      {
        emailKey: "élodie@uni.org",
        size: 2,
        owuiUsers: [
          { id: "o-home", name: "Élodie at home", email: "élodie@UNI.org", chats: 0 },
          { id: "o-work", name: "Élodie at work", email: "ÉLODIE@uni.org", chats: 0 },
        ],
        account: { id: elodie.id, name: "Élodie Martin", email: "élodie@uni.org", verified: true, linked: false },
      },
    ]);
    // Staff link the right one: the other is alone with the email, so the conflict is gone.
    await api.link({ owuiUserId: "o-work", userId: elodie.id });
    expect(await api.conflicts({})).toMatchObject({ items: [], total: 0 });
  });

  it("refuses a conflicts page out of range with BAD_REQUEST", async () => {
    const api = callerAs(store(), await makeSessionUser(store(), "admin")).people;
    expect((await failure(api.conflicts({ page: 0 }))).code).toBe("BAD_REQUEST");
    expect((await failure(api.conflicts({ pageSize: 1000 }))).code).toBe("BAD_REQUEST");
  });

  it("lists both unlinked sides searched together, links by hand (audited), then lists the pair and unlinks it (audited)", async () => {
    const assistant = await makeSessionUser(store(), "assistant");
    const api = callerAs(store(), assistant).people;
    const ada = await student("Ada Lovelace", "ada@uni.org");
    await student("Grace Hopper", "grace@uni.org");
    await owui("o-ada", "ada.l@personal.org", "Ada L");
    await owui("o-zed", "zed@personal.org", "Zed");

    const before = await api.unlinked({ search: "ada" });
    expect(before.owuiUsers.items.map((o) => o.id)).toEqual(["o-ada"]);
    expect(before.accounts.items.map((a) => a.id)).toEqual([ada.id]);
    expect((await api.unlinked({})).accounts.total).toBe(3); // both students and the assistant

    expect(await api.link({ owuiUserId: "o-ada", userId: ada.id })).toEqual({ owuiUserId: "o-ada", userId: ada.id, badgesAwarded: 0 });
    expect((await api.unlinked({ search: "ada" })).owuiUsers.total).toBe(0);
    const pairs = await api.linked({});
    expect(pairs.items).toEqual([expect.objectContaining({ owuiUserId: "o-ada", userId: ada.id, linkMethod: "manual" })]);
    const linked = await audit("people.linked");
    expect(linked.rows.map((r) => [r.actorId, r.entityType, r.entityId, r.metadata])).toEqual([
      [assistant.id, "owui_user", "o-ada", { userId: ada.id, method: "manual", wasBlocked: false }],
    ]);

    expect(await api.unlink({ owuiUserId: "o-ada" })).toEqual({ owuiUserId: "o-ada", userId: ada.id });
    expect(await store().read((c) => findOwuiUser(c, "o-ada"))).toMatchObject({ userId: null, linkBlocked: true });
    const unlinked = await audit("people.unlinked");
    expect(unlinked.rows.map((r) => [r.actorId, r.entityId, r.metadata])).toEqual([[assistant.id, "o-ada", { userId: ada.id }]]);
    expect((await api.linked({})).total).toBe(0);
  });

  it("refuses a taken account, a linked OpenWebUI user, unknown ids and unlinking what is not linked, with clear messages", async () => {
    const admin = await makeSessionUser(store(), "admin");
    const api = callerAs(store(), admin).people;
    const ada = await student("Ada Lovelace", "ada@uni.org");
    const grace = await student("Grace Hopper", "grace@uni.org");
    await owui("o-1", null);
    await owui("o-2", null);
    await api.link({ owuiUserId: "o-1", userId: ada.id });

    const taken = await failure(api.link({ owuiUserId: "o-2", userId: ada.id }));
    expect([taken.code, taken.message]).toEqual(["CONFLICT", PEOPLE_MESSAGES.accountTaken]);
    const linked = await failure(api.link({ owuiUserId: "o-1", userId: grace.id }));
    expect([linked.code, linked.message]).toEqual(["CONFLICT", PEOPLE_MESSAGES.owuiTaken]);
    const unknown = await failure(api.link({ owuiUserId: "o-nope", userId: grace.id }));
    expect([unknown.code, unknown.message]).toEqual(["NOT_FOUND", PEOPLE_MESSAGES.unknownOwuiUser]);
    const noAccount = await failure(api.link({ owuiUserId: "o-2", userId: "0190f0f0-0000-7000-8000-000000000000" }));
    expect([noAccount.code, noAccount.message]).toEqual(["NOT_FOUND", PEOPLE_MESSAGES.unknownAccount]);
    const notLinked = await failure(api.unlink({ owuiUserId: "o-2" }));
    expect([notLinked.code, notLinked.message]).toEqual(["CONFLICT", PEOPLE_MESSAGES.notLinked]);
    expect((await failure(api.unlink({ owuiUserId: "o-nope" }))).code).toBe("NOT_FOUND");
    expect((await audit("people.linked")).total).toBe(1);
  });

  it("lets one of two staff linking the same account at once win; the other gets a CONFLICT", async () => {
    const first = callerAs(store(), await makeSessionUser(store(), "admin")).people;
    const second = callerAs(store(), await makeSessionUser(store(), "assistant")).people;
    const ada = await student("Ada Lovelace", "ada@uni.org");
    await owui("o-1", null);
    await owui("o-2", null);
    const results = await Promise.allSettled([
      first.link({ owuiUserId: "o-1", userId: ada.id }),
      second.link({ owuiUserId: "o-2", userId: ada.id }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const loser = results.find((r) => r.status === "rejected")?.reason as unknown;
    expect(loser).toBeInstanceOf(TRPCError);
    const { code, message } = loser as TRPCError;
    expect(code).toBe("CONFLICT");
    expect([PEOPLE_MESSAGES.accountTaken, PEOPLE_MESSAGES.raced]).toContain(message);
    expect((await audit("people.linked")).total).toBe(1);
  });
});

describeEachEngine("profile: leaderboard name", (store) => {
  it("saves the learner's choice, audits a change and ignores a repeat", async () => {
    const kim = await makeSessionUser(store(), "student");
    const api = callerAs(store(), kim).profile;
    expect((await api.get()).leaderboardName).toBe("alias");
    expect((await api.setLeaderboardName({ leaderboardName: "first-initial" })).leaderboardName).toBe("first-initial");
    await api.setLeaderboardName({ leaderboardName: "first-initial" });
    expect((await store().read((c) => findUserById(c, kim.id)))?.leaderboardName).toBe("first-initial");
    const entries = await store().read((c) => listAuditEntries(c, { action: "user.profile_updated" }, { page: 1, pageSize: 10 }));
    expect(entries.rows.map((r) => r.metadata)).toEqual([{ fields: "leaderboardName", from: "alias", to: "first-initial" }]);
    expect((await failure(api.setLeaderboardName({ leaderboardName: "nickname" as "full" }))).code).toBe("BAD_REQUEST");
  });
});
