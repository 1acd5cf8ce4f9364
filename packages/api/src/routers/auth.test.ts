import { listAuditEntries } from "@missionboard/db";
import { makeUser } from "@missionboard/db/factories";
import { describeEachEngine } from "@missionboard/db/test-utils";
import { eq as eqId } from "drizzle-orm";
import { expect, it } from "vitest";
import { hashPassword } from "../services/password";
import { resolveSessionUser } from "../services/sessions";
import { callerAs, TEST_NOW } from "../test-helpers";

describeEachEngine("auth", (store) => {
  async function account(status: "active" | "deactivated" = "active") {
    const user = await store().tx((c) => makeUser(c, { email: "kim@example.com", role: "assistant", passwordHash: null, now: TEST_NOW }));
    const passwordHash = await hashPassword("correct horse battery");
    await store().tx(({ db, t }) => db.update(t.users).set({ passwordHash, status }).where(eqId(t.users.id, user.id)));
    return user;
  }

  it("signs in with the right password in any email case, starts a session and audits it", async () => {
    const user = await account();
    const anon = callerAs(store(), null);
    const session = await anon.auth.signIn({ email: " KIM@example.com ", password: "correct horse battery" });
    expect(session.role).toBe("assistant");
    const resolved = await resolveSessionUser(store(), session.token, TEST_NOW);
    expect(resolved).toMatchObject({ id: user.id, role: "assistant" });
    const audit = await store().read((c) => listAuditEntries(c, { action: "auth.signed_in" }, { page: 1, pageSize: 10 }));
    expect(audit.total).toBe(1);
  });

  it("gives the same answer for a wrong password and an unknown email", async () => {
    await account();
    const anon = callerAs(store(), null);
    const wrong = await anon.auth.signIn({ email: "kim@example.com", password: "nope" }).catch((e: Error) => e.message);
    const unknown = await anon.auth.signIn({ email: "who@example.com", password: "nope" }).catch((e: Error) => e.message);
    expect(wrong).toBe(unknown);
    expect(wrong).toMatch(/do not match/);
  });

  it("refuses a deactivated account with a clear message", async () => {
    await account("deactivated");
    const error = await callerAs(store(), null)
      .auth.signIn({ email: "kim@example.com", password: "correct horse battery" })
      .catch((e: Error) => e.message);
    expect(error).toMatch(/deactivated/);
  });

  it("ends one session on sign-out and every session on sign-out-everywhere", async () => {
    await account();
    const anon = callerAs(store(), null);
    const a = await anon.auth.signIn({ email: "kim@example.com", password: "correct horse battery" });
    const b = await anon.auth.signIn({ email: "kim@example.com", password: "correct horse battery" });
    const c = await anon.auth.signIn({ email: "kim@example.com", password: "correct horse battery" });
    const userA = await resolveSessionUser(store(), a.token, TEST_NOW);
    await callerAs(store(), userA).auth.signOut();
    expect(await resolveSessionUser(store(), a.token, TEST_NOW)).toBeNull();
    expect(await resolveSessionUser(store(), b.token, TEST_NOW)).not.toBeNull();
    await callerAs(store(), await resolveSessionUser(store(), b.token, TEST_NOW)).auth.signOutEverywhere();
    expect(await resolveSessionUser(store(), c.token, TEST_NOW)).toBeNull();
  });

  it("ignores forged or oversized tokens", async () => {
    expect(await resolveSessionUser(store(), "forged", TEST_NOW)).toBeNull();
    expect(await resolveSessionUser(store(), "x".repeat(5000), TEST_NOW)).toBeNull();
  });
});
