import type { AuditAction, Role } from "@missionboard/core";
import { ROSTER_MESSAGES } from "@missionboard/core";
import { findUserByEmail, findUserById, insertSession, type Store, updateUser } from "@missionboard/db";
import { makeBadgeRequestRow, makeCatalogItem, makeUser } from "@missionboard/db/factories";
import { describeEachEngine } from "@missionboard/db/test-utils";
import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import type { SessionUser } from "../context";
import { callerAs, makeSessionUser, TEST_NOW } from "../test-helpers";

const LATER = new Date(TEST_NOW.getTime() + 24 * 3600 * 1000);

async function failure(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return error;
}

describeEachEngine("roster router", (store) => {
  const auditRows = (action?: AuditAction) =>
    store().read(({ db, t }) =>
      action ? db.select().from(t.auditLogs).where(eq(t.auditLogs.action, action)) : db.select().from(t.auditLogs),
    );
  const userRow = async (id: string) => {
    const row = await store().read((c) => findUserById(c, id));
    if (!row) throw new Error("user vanished");
    return row;
  };
  const sessionCount = (userId: string) => store().read(({ db, t }) => db.$count(t.sessions, eq(t.sessions.userId, userId)));
  /** A registration waiting for approval; by default it has completed onboarding (docs/product/identity.md §I-4). */
  const pendingUser = (name = "Pat Pending", onboarded = true) =>
    store().tx((c) =>
      makeUser(c, {
        name,
        email: `${name.split(" ")[0]?.toLowerCase()}@pending.test`,
        status: "pending",
        onboardedAt: onboarded ? TEST_NOW : null,
      }),
    );
  const student = (name = "Sam Student") => store().tx((c) => makeUser(c, { name, role: "student", now: TEST_NOW }));
  const addSessions = (userId: string, n: number) =>
    store().tx(async (c) => {
      for (let i = 0; i < n; i++) await insertSession(c, { id: `${userId}-s${i}`, userId, now: TEST_NOW, expiresAt: LATER });
    });

  // --- who may do what ----------------------------------------------------------------------------

  it("lets admins do everything, assistants read and approve only, and nobody else anything", async () => {
    const admin = await makeSessionUser(store(), "admin");
    const assistant = await makeSessionUser(store(), "assistant");
    const pupil = await makeSessionUser(store(), "student");
    const target = await pendingUser();
    const id = { userId: target.id };

    const tryAll = (user: SessionUser | null) => {
      const api = callerAs(store(), user).roster;
      return {
        list: () => api.list({}),
        reject: () => api.reject(id),
        setRole: () => api.setRole({ ...id, role: "assistant" }),
        deactivate: () => api.deactivate(id),
        reactivate: () => api.reactivate(id),
        precreate: () => api.precreate({ email: "new@example.com" }),
      };
    };
    for (const [user, code] of [
      [null, "UNAUTHORIZED"],
      [pupil, "FORBIDDEN"],
    ] as const) {
      const calls = tryAll(user);
      for (const call of Object.values(calls)) expect((await failure(call())).code).toBe(code);
      expect((await failure(callerAs(store(), user).roster.approve(id))).code).toBe(code);
    }

    const staff = tryAll(assistant);
    expect((await staff.list()).total).toBe(4);
    for (const call of [staff.reject, staff.setRole, staff.deactivate, staff.reactivate, staff.precreate])
      expect((await failure(call())).code).toBe("FORBIDDEN");
    expect(await callerAs(store(), assistant).roster.approve(id)).toEqual({ id: target.id, status: "active" });

    await callerAs(store(), admin).roster.setRole({ ...id, role: "assistant" });
    expect((await userRow(target.id)).role).toBe("assistant");
    // Nothing an assistant was refused left a trace.
    expect((await auditRows()).map((r) => r.action).sort()).toEqual(["user.approved", "user.role_changed"]);
  });

  it("refuses forged roles, statuses, sorts and ids with BAD_REQUEST", async () => {
    const admin = await makeSessionUser(store(), "admin");
    const target = await student();
    const api = callerAs(store(), admin).roster;
    expect((await failure(api.setRole({ userId: target.id, role: "superuser" as Role }))).code).toBe("BAD_REQUEST");
    expect((await failure(api.setRole({ userId: "1 or 1=1", role: "admin" }))).code).toBe("BAD_REQUEST");
    expect((await failure(api.list({ role: "root" as never }))).code).toBe("BAD_REQUEST");
    expect((await failure(api.list({ sort: "password_hash" as never }))).code).toBe("BAD_REQUEST");
    expect((await failure(api.precreate({ email: "x@example.com", role: "owner" as Role }))).code).toBe("BAD_REQUEST");
    expect((await userRow(target.id)).role).toBe("student");
    expect(await auditRows("user.role_changed")).toHaveLength(0);
  });

  // --- list -----------------------------------------------------------------------------------------

  it("lists users with onboarding answers, searched, filtered, sorted and paged", async () => {
    const assistant = await makeSessionUser(store(), "assistant", { name: "Ann Assistant" });
    const grace = await store().tx((c) => makeUser(c, { name: "Grace Hopper", email: "grace@navy.test", now: TEST_NOW }));
    await store().tx((c) => updateUser(c, grace.id, { substackEmail: "grace@substack.test", meetupEmail: "g@meetup.test" }, TEST_NOW));
    await pendingUser("Pat Pending", false);
    const api = callerAs(store(), assistant).roster;

    const found = await api.list({ search: "GRACE" });
    expect(found.total).toBe(1);
    expect(found.items[0]).toMatchObject({
      name: "Grace Hopper",
      substackEmail: "grace@substack.test",
      meetupEmail: "g@meetup.test",
      consentAt: TEST_NOW,
    });
    expect(found.items[0]).not.toHaveProperty("passwordHash");
    expect((await api.list({ status: "pending" })).items.map((u) => u.name)).toEqual(["Pat Pending"]);
    expect((await api.list({ onboarded: false })).items.map((u) => u.name)).toEqual(["Pat Pending"]);
    expect((await api.list({ role: "assistant" })).items.map((u) => u.name)).toEqual(["Ann Assistant"]);
    expect((await api.list({ sort: "name", dir: "desc" })).items.map((u) => u.name)).toEqual([
      "Pat Pending",
      "Grace Hopper",
      "Ann Assistant",
    ]);
    const page2 = await api.list({ sort: "name", page: 2, pageSize: 2 });
    expect(page2).toMatchObject({ total: 3, page: 2, pageCount: 2 });
    expect(page2.items.map((u) => u.name)).toEqual(["Pat Pending"]);
  });

  // --- approve / reject ---------------------------------------------------------------------------

  it("approves a pending registration once; a second decision is a conflict", async () => {
    const admin = await makeSessionUser(store(), "admin");
    const assistant = await makeSessionUser(store(), "assistant");
    const target = await pendingUser();
    await callerAs(store(), assistant).roster.approve({ userId: target.id });
    expect((await userRow(target.id)).status).toBe("active");
    const [entry] = await auditRows("user.approved");
    expect(entry).toMatchObject({ actorId: assistant.id, entityType: "user", entityId: target.id, requestId: "test-request" });
    expect(entry?.metadata).toMatchObject({ from: "pending", to: "active" });

    const again = await failure(callerAs(store(), admin).roster.approve({ userId: target.id }));
    expect(again.code).toBe("CONFLICT");
    expect(again.message).toBe(ROSTER_MESSAGES.alreadyDecided);
    expect((await failure(callerAs(store(), admin).roster.reject({ userId: target.id }))).code).toBe("CONFLICT");
    expect(await auditRows("user.approved")).toHaveLength(1);
    expect(await auditRows("user.rejected")).toHaveLength(0);
  });

  it("approves only once onboarding is complete, showing staff the answers of the waiting registration", async () => {
    const assistant = await makeSessionUser(store(), "assistant");
    const row = await pendingUser("Pat Pending", false);
    const api = callerAs(store(), assistant).roster;
    const early = await failure(api.approve({ userId: row.id }));
    expect(early).toMatchObject({ code: "CONFLICT", message: ROSTER_MESSAGES.notOnboarded });
    expect((await userRow(row.id)).status).toBe("pending");

    // The pending person completes onboarding from their waiting session.
    const pat = { id: row.id, role: row.role, status: row.status, name: row.name, email: row.email, onboarded: false, sessionId: "s" };
    await callerAs(store(), pat).profile.completeOnboarding({ displayName: "pat-p", substackEmail: "Pat@Substack.test", consent: true });
    const [waiting] = (await api.list({ status: "pending" })).items;
    expect(waiting).toMatchObject({
      name: "Pat Pending",
      displayName: "pat-p",
      substackEmail: "pat@substack.test",
      consentAt: TEST_NOW,
      onboardedAt: TEST_NOW,
    });
    await api.approve({ userId: row.id });
    expect((await userRow(row.id)).status).toBe("active");
  });

  it("answers NOT_FOUND for an unknown user", async () => {
    const admin = await makeSessionUser(store(), "admin");
    const ghost = { userId: "0190f2a0-0000-7000-8000-000000000000" };
    const api = callerAs(store(), admin).roster;
    for (const call of [api.approve, api.reject, api.deactivate, api.reactivate]) {
      const error = await failure(call(ghost));
      expect(error.code).toBe("NOT_FOUND");
      expect(error.message).toBe(ROSTER_MESSAGES.notFound);
    }
    expect((await failure(api.setRole({ ...ghost, role: "student" }))).code).toBe("NOT_FOUND");
  });

  it("lets exactly one of many racing approvals win, with exactly one audit row", async () => {
    const admin = await makeSessionUser(store(), "admin");
    const assistant = await makeSessionUser(store(), "assistant");
    const target = await pendingUser();
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) => callerAs(store(), i % 2 ? admin : assistant).roster.approve({ userId: target.id })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const losers = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(losers).toHaveLength(11);
    for (const loser of losers) expect((loser.reason as TRPCError).code).toBe("CONFLICT");
    expect(await auditRows("user.approved")).toHaveLength(1);
  });

  it("rejects a pending registration, keeping the row and auditing the reason", async () => {
    const admin = await makeSessionUser(store(), "admin");
    const target = await pendingUser();
    await addSessions(target.id, 1);
    await callerAs(store(), admin).roster.reject({ userId: target.id, reason: "Not part of the program" });
    expect((await userRow(target.id)).status).toBe("deactivated");
    expect(await sessionCount(target.id)).toBe(0);
    const [entry] = await auditRows("user.rejected");
    expect(entry?.metadata).toEqual({ from: "pending", to: "deactivated", reason: "Not part of the program" });

    const other = await pendingUser("Quinn Pending");
    const tooLong = await failure(callerAs(store(), admin).roster.reject({ userId: other.id, reason: "x".repeat(501) }));
    expect(tooLong.code).toBe("BAD_REQUEST");
    expect((await userRow(other.id)).status).toBe("pending");
  });

  // --- roles ----------------------------------------------------------------------------------------

  it("changes a role and audits from → to without personal data", async () => {
    const admin = await makeSessionUser(store(), "admin");
    const target = await student("Sally Secret");
    const result = await callerAs(store(), admin).roster.setRole({ userId: target.id, role: "assistant" });
    expect(result).toEqual({ id: target.id, role: "assistant", changed: true });
    const [entry] = await auditRows("user.role_changed");
    expect(entry?.metadata).toEqual({ from: "student", to: "assistant" });
    expect(JSON.stringify(entry)).not.toMatch(/sally|@/i);

    // Setting the role it already has changes nothing and logs nothing.
    expect((await callerAs(store(), admin).roster.setRole({ userId: target.id, role: "assistant" })).changed).toBe(false);
    expect(await auditRows("user.role_changed")).toHaveLength(1);
  });

  it("does not let admins change their own role or deactivate themselves", async () => {
    const admin = await makeSessionUser(store(), "admin");
    await makeSessionUser(store(), "admin"); // another admin exists, so only the self rule applies
    const api = callerAs(store(), admin).roster;
    const demote = await failure(api.setRole({ userId: admin.id, role: "student" }));
    expect([demote.code, demote.message]).toEqual(["BAD_REQUEST", ROSTER_MESSAGES.selfRole]);
    const deactivate = await failure(api.deactivate({ userId: admin.id }));
    expect([deactivate.code, deactivate.message]).toEqual(["BAD_REQUEST", ROSTER_MESSAGES.selfDeactivate]);
    expect(await userRow(admin.id)).toMatchObject({ role: "admin", status: "active" });
    expect(await auditRows()).toHaveLength(0);
  });

  it("never demotes or deactivates the last active admin, and leaves no audit row when it refuses", async () => {
    // The caller's session still says admin, but their row was demoted a moment ago (a stale
    // session, or the loser of a race): the target is now the only active admin.
    const caller = await makeSessionUser(store(), "admin");
    const last = await store().tx((c) => makeUser(c, { role: "admin", now: TEST_NOW }));
    await store().tx((c) => makeUser(c, { role: "admin", status: "deactivated", now: TEST_NOW }));
    await store().tx((c) => updateUser(c, caller.id, { role: "student" }, TEST_NOW));
    await addSessions(last.id, 2);
    const api = callerAs(store(), caller).roster;

    for (const role of ["assistant", "student"] as const) {
      const error = await failure(api.setRole({ userId: last.id, role }));
      expect([error.code, error.message]).toEqual(["BAD_REQUEST", ROSTER_MESSAGES.lastAdmin]);
    }
    const error = await failure(api.deactivate({ userId: last.id }));
    expect([error.code, error.message]).toEqual(["BAD_REQUEST", ROSTER_MESSAGES.lastAdmin]);
    expect(await userRow(last.id)).toMatchObject({ role: "admin", status: "active" });
    expect(await sessionCount(last.id)).toBe(2);
    expect(await auditRows()).toHaveLength(0);
  });

  it("lets one of two admins demoting each other at once win, leaving one active admin", async () => {
    const a = await makeSessionUser(store(), "admin");
    const b = await makeSessionUser(store(), "admin");
    const results = await Promise.allSettled([
      callerAs(store(), a).roster.setRole({ userId: b.id, role: "student" }),
      callerAs(store(), b).roster.setRole({ userId: a.id, role: "student" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const [loser] = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect((loser?.reason as TRPCError | undefined)?.message).toBe(ROSTER_MESSAGES.lastAdmin);
    const roles = [(await userRow(a.id)).role, (await userRow(b.id)).role].sort();
    expect(roles).toEqual(["admin", "student"]);
    expect(await auditRows("user.role_changed")).toHaveLength(1);
  });

  it("lets one of two admins deactivating each other at once win", async () => {
    const a = await makeSessionUser(store(), "admin");
    const b = await makeSessionUser(store(), "admin");
    const results = await Promise.allSettled([
      callerAs(store(), a).roster.deactivate({ userId: b.id }),
      callerAs(store(), b).roster.deactivate({ userId: a.id }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const statuses = [(await userRow(a.id)).status, (await userRow(b.id)).status].sort();
    expect(statuses).toEqual(["active", "deactivated"]);
  });

  it("demotes an admin while another active admin remains", async () => {
    const admin = await makeSessionUser(store(), "admin");
    const other = await store().tx((c) => makeUser(c, { role: "admin", now: TEST_NOW }));
    await callerAs(store(), admin).roster.setRole({ userId: other.id, role: "student" });
    expect((await userRow(other.id)).role).toBe("student");
  });

  // --- deactivate / reactivate ----------------------------------------------------------------------

  it("deactivates a user and ends all of their sessions at once, and only theirs", async () => {
    const admin = await makeSessionUser(store(), "admin");
    const target = await student();
    const bystander = await student("Bea Bystander");
    await addSessions(target.id, 3);
    await addSessions(bystander.id, 1);
    const result = await callerAs(store(), admin).roster.deactivate({ userId: target.id });
    expect(result).toEqual({ id: target.id, status: "deactivated", sessionsEnded: 3, requestsWithdrawn: 0 });
    expect((await userRow(target.id)).status).toBe("deactivated");
    expect(await sessionCount(target.id)).toBe(0);
    expect(await sessionCount(bystander.id)).toBe(1);
    const [entry] = await auditRows("user.deactivated");
    expect(entry).toMatchObject({ actorId: admin.id, entityId: target.id, metadata: { sessionsEnded: 3 } });

    const twice = await failure(callerAs(store(), admin).roster.deactivate({ userId: target.id }));
    expect(twice.code).toBe("CONFLICT");
  });

  it("withdraws the deactivated user's pending badge requests, each on the record (docs/product/identity.md §I-8)", async () => {
    const admin = await makeSessionUser(store(), "admin");
    const target = await student();
    const [pendingId, rejectedId] = await store().tx(async (c) => {
      const program = await makeCatalogItem(c, { kind: "program" });
      const skill = await makeCatalogItem(c, { kind: "skill", parent: program });
      const a = await makeCatalogItem(c, { kind: "mini_badge", parent: skill });
      const b = await makeCatalogItem(c, { kind: "mini_badge", parent: skill });
      const pending = await makeBadgeRequestRow(c, { userId: target.id, item: a, submittedAt: TEST_NOW });
      const rejected = await makeBadgeRequestRow(c, {
        userId: target.id,
        item: b,
        status: "rejected",
        submittedAt: TEST_NOW,
        decisionReason: "no",
      });
      return [pending.id, rejected.id];
    });
    const result = await callerAs(store(), admin).roster.deactivate({ userId: target.id });
    expect(result.requestsWithdrawn).toBe(1);
    const statuses = await store().read(({ db, t }) =>
      db.select({ id: t.badgeRequests.id, status: t.badgeRequests.status }).from(t.badgeRequests),
    );
    expect(Object.fromEntries(statuses.map((r) => [r.id, r.status]))).toEqual({ [pendingId]: "withdrawn", [rejectedId]: "rejected" });
    const [withdrawn] = await auditRows("request.withdrawn");
    expect(withdrawn).toMatchObject({ actorId: admin.id, entityId: pendingId });
  });

  it("writes the change, the session ends and the audit row in one transaction", async () => {
    const admin = await makeSessionUser(store(), "admin");
    const target = await student();
    await addSessions(target.id, 2);
    // A store whose transactions fail just before COMMIT: everything the procedure did must vanish.
    const real = store();
    const crashing: Store = {
      ...real,
      tx: (fn) =>
        real.tx(async (c) => {
          await fn(c);
          throw new Error("crash before commit");
        }),
    };
    const api = callerAs(crashing, admin).roster;
    expect((await failure(api.deactivate({ userId: target.id }))).code).toBe("INTERNAL_SERVER_ERROR");
    expect((await failure(api.setRole({ userId: target.id, role: "admin" }))).code).toBe("INTERNAL_SERVER_ERROR");
    expect((await failure(api.precreate({ email: "ghost@example.com" }))).code).toBe("INTERNAL_SERVER_ERROR");
    expect(await userRow(target.id)).toMatchObject({ status: "active", role: "student" });
    expect(await sessionCount(target.id)).toBe(2);
    expect(await store().read((c) => findUserByEmail(c, "ghost@example.com"))).toBeNull();
    expect(await auditRows()).toHaveLength(0);
  });

  it("reactivates a deactivated user, and refuses users who are not deactivated", async () => {
    const admin = await makeSessionUser(store(), "admin");
    const target = await store().tx((c) => makeUser(c, { status: "deactivated", now: TEST_NOW }));
    expect(await callerAs(store(), admin).roster.reactivate({ userId: target.id })).toEqual({ id: target.id, status: "active" });
    expect((await userRow(target.id)).status).toBe("active");
    expect(await auditRows("user.reactivated")).toHaveLength(1);
    expect((await failure(callerAs(store(), admin).roster.reactivate({ userId: target.id }))).code).toBe("CONFLICT");
    const pending = await pendingUser();
    expect((await failure(callerAs(store(), admin).roster.reactivate({ userId: pending.id }))).code).toBe("CONFLICT");
    expect((await failure(callerAs(store(), admin).roster.deactivate({ userId: pending.id }))).code).toBe("CONFLICT");
  });

  // --- pre-create -----------------------------------------------------------------------------------

  it("pre-creates an active, password-less account that still has to onboard", async () => {
    const admin = await makeSessionUser(store(), "admin");
    const created = await callerAs(store(), admin).roster.precreate({
      email: "  New.Person@Example.COM ",
      name: "New Person",
      role: "assistant",
    });
    expect(created).toMatchObject({ email: "new.person@example.com", name: "New Person", role: "assistant", status: "active" });
    const row = await userRow(created.id);
    expect(row).toMatchObject({ origin: "precreated", passwordHash: null, onboardedAt: null, status: "active" });
    const [entry] = await auditRows("user.precreated");
    expect(entry).toMatchObject({ actorId: admin.id, entityId: created.id });
    expect(entry?.metadata).toEqual({ role: "assistant", status: "active", origin: "precreated" });
    expect(JSON.stringify(entry?.metadata)).not.toMatch(/person|@/i);

    const defaults = await callerAs(store(), admin).roster.precreate({ email: "solo@example.com", name: " " });
    expect(defaults).toMatchObject({ name: "solo", role: "student" });
  });

  it("refuses a duplicate email in any letter case with a message on the email field", async () => {
    const admin = await makeSessionUser(store(), "admin");
    await store().tx((c) => makeUser(c, { email: "taken@example.com" }));
    const error = await failure(callerAs(store(), admin).roster.precreate({ email: "TAKEN@Example.com" }));
    expect([error.code, error.message]).toEqual(["BAD_REQUEST", ROSTER_MESSAGES.duplicateEmail]);
    expect((error.cause as { field?: string }).field).toBe("email");
    expect((await failure(callerAs(store(), admin).roster.precreate({ email: "not an email" }))).code).toBe("BAD_REQUEST");
    expect(await auditRows("user.precreated")).toHaveLength(0);
  });

  it("creates one account when two admins pre-create the same email at once", async () => {
    const a = await makeSessionUser(store(), "admin");
    const b = await makeSessionUser(store(), "admin");
    const results = await Promise.allSettled([
      callerAs(store(), a).roster.precreate({ email: "race@example.com" }),
      callerAs(store(), b).roster.precreate({ email: "RACE@example.com" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const [loser] = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect((loser?.reason as TRPCError | undefined)?.message).toBe(ROSTER_MESSAGES.duplicateEmail);
    expect(await auditRows("user.precreated")).toHaveLength(1);
  });
});
