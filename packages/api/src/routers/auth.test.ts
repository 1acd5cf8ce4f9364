import { findUserByEmail, listAuditEntries, type Store } from "@missionboard/db";
import { makeUser } from "@missionboard/db/factories";
import { describeEachEngine } from "@missionboard/db/test-utils";
import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { hashPassword } from "../services/password";
import { resolveSessionUser } from "../services/sessions";
import { callerAs, makeSessionUser, recordingMail, TEST_NOW } from "../test-helpers";
import { BAD_CREDENTIALS, BAD_LINK, RESET_SENT, VERIFICATION_SENT } from "./auth";

const PASSWORD = "correct horse battery";
const codeOf = (e: unknown) => (e instanceof TRPCError ? e.code : "none");
const minutes = (n: number) => new Date(TEST_NOW.getTime() + n * 60_000);

/** The link in the newest queued mail to `to`, as the person would click it. */
async function linkFrom(store: Store, to: string) {
  const rows = await store.read(({ db, t }) => db.select().from(t.mailMessages).where(eq(t.mailMessages.to, to)));
  const text = rows.at(-1)?.text ?? "";
  const match = text.match(/https?:\/\/\S+\?token=([\w%-]+)/);
  return { count: rows.length, subject: rows.at(-1)?.subject, token: match ? decodeURIComponent(match[1] ?? "") : null };
}

describeEachEngine("auth: sign-in", (store) => {
  async function account(status: "active" | "deactivated" | "pending" = "active", verified = true) {
    const user = await store().tx((c) => makeUser(c, { email: "kim@example.com", role: "assistant", now: TEST_NOW }));
    const passwordHash = await hashPassword(PASSWORD);
    await store().tx(({ db, t }) =>
      db
        .update(t.users)
        .set({ passwordHash, status, emailVerifiedAt: verified ? TEST_NOW : null })
        .where(eq(t.users.id, user.id)),
    );
    return user;
  }

  it("signs in with the right password in any email case, starts a session and audits it", async () => {
    const user = await account();
    const session = await callerAs(store(), null).auth.signIn({ email: " KIM@example.com ", password: PASSWORD });
    expect(session.role).toBe("assistant");
    expect(await resolveSessionUser(store(), session.token, TEST_NOW)).toMatchObject({ id: user.id, role: "assistant", onboarded: true });
    const audit = await store().read((c) => listAuditEntries(c, { action: "auth.signed_in" }, { page: 1, pageSize: 10 }));
    expect(audit.total).toBe(1);
  });

  it("gives the same answer for a wrong password and an unknown email", async () => {
    await account();
    const anon = callerAs(store(), null);
    const wrong = await anon.auth.signIn({ email: "kim@example.com", password: "nope" }).catch((e: Error) => e.message);
    const unknown = await anon.auth.signIn({ email: "who@example.com", password: "nope" }).catch((e: Error) => e.message);
    expect(wrong).toBe(BAD_CREDENTIALS);
    expect(unknown).toBe(BAD_CREDENTIALS);
  });

  it("refuses a deactivated account and an unconfirmed email with clear messages", async () => {
    await account("deactivated");
    const deactivated = await callerAs(store(), null)
      .auth.signIn({ email: "kim@example.com", password: PASSWORD })
      .catch((e: Error) => e.message);
    expect(deactivated).toMatch(/deactivated/);
  });

  it("asks for email confirmation before the first sign-in", async () => {
    await account("active", false);
    const error = await callerAs(store(), null)
      .auth.signIn({ email: "kim@example.com", password: PASSWORD })
      .catch((e: unknown) => e);
    expect(codeOf(error)).toBe("FORBIDDEN");
    expect((error as Error).message).toMatch(/confirm your email/);
  });

  it("lets a pending user sign in (to see the waiting page) but not use the app", async () => {
    await account("pending");
    const session = await callerAs(store(), null).auth.signIn({ email: "kim@example.com", password: PASSWORD });
    const user = await resolveSessionUser(store(), session.token, TEST_NOW);
    expect(user?.status).toBe("pending");
    expect(await callerAs(store(), user).auth.me()).toMatchObject({ status: "pending" });
    expect(
      codeOf(
        await callerAs(store(), user)
          .profile.get()
          .catch((e: unknown) => e),
      ),
    ).toBe("FORBIDDEN");
  });

  it("locks an account after 5 failures for 15 minutes, with the wait in the message, then lets it in again", async () => {
    await account();
    for (let i = 0; i < 5; i++) {
      const error = await callerAs(store(), null, { now: minutes(i) })
        .auth.signIn({ email: "kim@example.com", password: "wrong" })
        .catch((e: unknown) => e);
      expect(codeOf(error)).toBe("UNAUTHORIZED");
    }
    const locked = await callerAs(store(), null, { now: minutes(5) })
      .auth.signIn({ email: "kim@example.com", password: PASSWORD })
      .catch((e: unknown) => e);
    expect(codeOf(locked)).toBe("TOO_MANY_REQUESTS");
    expect((locked as Error).message).toMatch(/Try again in 10 minutes/);
    const later = await callerAs(store(), null, { now: minutes(16) }).auth.signIn({ email: "kim@example.com", password: PASSWORD });
    expect(later.token).toBeTruthy();
  });

  it("limits failures per client address across accounts", async () => {
    await account();
    for (let i = 0; i < 30; i++) {
      await callerAs(store(), null, { clientIp: "198.51.100.9" })
        .auth.signIn({ email: `nobody${i}@example.com`, password: "x" })
        .catch(() => undefined);
    }
    const blocked = await callerAs(store(), null, { clientIp: "198.51.100.9" })
      .auth.signIn({ email: "kim@example.com", password: PASSWORD })
      .catch((e: unknown) => e);
    expect(codeOf(blocked)).toBe("TOO_MANY_REQUESTS");
    const elsewhere = await callerAs(store(), null, { clientIp: "198.51.100.10" }).auth.signIn({
      email: "kim@example.com",
      password: PASSWORD,
    });
    expect(elsewhere.token).toBeTruthy();
  });

  it("ADMIN_EMAILS promotes once: a demotion on the roster sticks at the next sign-in", async () => {
    const user = await account();
    const settings = { adminEmails: ["KIM@example.com"] };
    expect((await callerAs(store(), null, { settings }).auth.signIn({ email: "kim@example.com", password: PASSWORD })).role).toBe("admin");
    const admin = await makeSessionUser(store(), "admin");
    await callerAs(store(), admin).roster.setRole({ userId: user.id, role: "student" });
    const again = await callerAs(store(), null, { settings }).auth.signIn({ email: "kim@example.com", password: PASSWORD });
    expect(again.role).toBe("student");
    expect((await store().read((c) => findUserByEmail(c, "kim@example.com")))?.role).toBe("student");
    const promotions = await store().read((c) => listAuditEntries(c, { action: "user.promoted_by_config" }, { page: 1, pageSize: 10 }));
    expect(promotions.total).toBe(1);
  });

  it("ADMIN_EMAILS leaves alone a role an admin already decided", async () => {
    const user = await account();
    const admin = await makeSessionUser(store(), "admin");
    await callerAs(store(), admin).roster.setRole({ userId: user.id, role: "student" });
    const session = await callerAs(store(), null, { settings: { adminEmails: ["kim@example.com"] } }).auth.signIn({
      email: "kim@example.com",
      password: PASSWORD,
    });
    expect(session.role).toBe("student");
  });

  it("ends one session on sign-out and every session on sign-out-everywhere", async () => {
    await account();
    const anon = callerAs(store(), null);
    const [a, b, c] = [
      await anon.auth.signIn({ email: "kim@example.com", password: PASSWORD }),
      await anon.auth.signIn({ email: "kim@example.com", password: PASSWORD }),
      await anon.auth.signIn({ email: "kim@example.com", password: PASSWORD }),
    ];
    await callerAs(store(), await resolveSessionUser(store(), a.token, TEST_NOW)).auth.signOut();
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

describeEachEngine("auth: registration and email confirmation", (store) => {
  const register = (opts: Parameters<typeof callerAs>[2] = {}, email = "New.Person@Example.com") =>
    callerAs(store(), null, opts).auth.register({ name: "New Person", email, password: PASSWORD });

  it("registers, queues a confirmation mail after commit, and signs in only once confirmed", async () => {
    const mail = recordingMail();
    expect(await register({ mail })).toEqual({ status: "active" });
    expect(mail.wakeUps).toBe(1);
    const { token, subject } = await linkFrom(store(), "new.person@example.com");
    expect(subject).toMatch(/Confirm your email/);
    await expect(callerAs(store(), null).auth.signIn({ email: "new.person@example.com", password: PASSWORD })).rejects.toThrow(
      /confirm your email/,
    );
    await callerAs(store(), null).auth.verifyEmail({ token: token ?? "" });
    const session = await callerAs(store(), null).auth.signIn({ email: "new.person@example.com", password: PASSWORD });
    expect(await resolveSessionUser(store(), session.token, TEST_NOW)).toMatchObject({
      status: "active",
      onboarded: false,
      role: "student",
    });
  });

  it("refuses a reused or expired confirmation link", async () => {
    await register();
    const { token } = await linkFrom(store(), "new.person@example.com");
    await callerAs(store(), null).auth.verifyEmail({ token: token ?? "" });
    await expect(callerAs(store(), null).auth.verifyEmail({ token: token ?? "" })).rejects.toThrow(BAD_LINK);
    await callerAs(store(), null).auth.resendVerification({ email: "other@example.com" });
    await register({}, "late@example.com");
    const late = await linkFrom(store(), "late@example.com");
    await expect(callerAs(store(), null, { now: minutes(25 * 60) }).auth.verifyEmail({ token: late.token ?? "" })).rejects.toThrow(
      BAD_LINK,
    );
  });

  it("puts new accounts in approval mode on hold and refuses registration when closed", async () => {
    expect(await register({ settings: { registrationMode: "approval" } })).toEqual({ status: "pending" });
    const closed = await register({ settings: { registrationMode: "closed" } }, "closed@example.com").catch((e: unknown) => e);
    expect(codeOf(closed)).toBe("FORBIDDEN");
    expect(await store().read(({ db, t }) => db.$count(t.users, eq(t.users.email, "closed@example.com")))).toBe(0);
  });

  it("answers a taken email exactly like a new one, and emails the owner instead", async () => {
    const fresh = await register({ settings: { registrationMode: "approval" } }, "fresh@example.com");
    const owner = await store().tx((c) => makeUser(c, { email: "owner@example.com", name: "Olive Owner", now: TEST_NOW }));
    const mail = recordingMail();
    const taken = await register({ settings: { registrationMode: "approval" }, mail }, "OWNER@example.COM");
    expect(taken).toEqual(fresh);
    expect(mail.wakeUps).toBe(1);
    expect(await store().read(({ db, t }) => db.$count(t.users))).toBe(2);
    const rows = await store().read(({ db, t }) => db.select().from(t.mailMessages).where(eq(t.mailMessages.to, owner.email)));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.subject).toBe("Someone tried to register with your email");
    expect(rows[0]?.text).toMatch(
      /Hi Olive Owner,[\s\S]*http:\/\/missionboard\.test\/login[\s\S]*http:\/\/missionboard\.test\/forgot-password/,
    );
    // The password typed by whoever tried does not replace the owner's, and no session or token is made.
    expect((await store().read((c) => findUserByEmail(c, owner.email)))?.passwordHash).toBeNull();
  });

  it("sends a fresh confirmation link when the taken email's account was never confirmed", async () => {
    await register();
    await register({}, "NEW.PERSON@example.COM");
    const { count, subject } = await linkFrom(store(), "new.person@example.com");
    expect(count).toBe(2);
    expect(subject).toMatch(/Confirm your email/);
    expect(await store().read(({ db, t }) => db.$count(t.users))).toBe(1);
  });

  it("emails the owner of a taken email at most 5 times an hour", async () => {
    await store().tx((c) => makeUser(c, { email: "owner@example.com", now: TEST_NOW }));
    for (let i = 0; i < 7; i++) await register({ clientIp: `198.51.100.${i}` }, "owner@example.com");
    expect((await linkFrom(store(), "owner@example.com")).count).toBe(5);
  });

  it("rejects malformed input field by field, and ignores a forged role", async () => {
    const error = await callerAs(store(), null)
      .auth.register({ name: "", email: "not-an-email", password: "short", role: "admin" } as never)
      .catch((e: unknown) => e);
    expect(codeOf(error)).toBe("BAD_REQUEST");
    const fields = ((error as TRPCError).cause as unknown as { issues: { path: string[] }[] }).issues.map((i) => i.path[0]);
    expect(fields).toEqual(expect.arrayContaining(["name", "email", "password"]));
    await callerAs(store(), null).auth.register({ name: "Eve", email: "eve@example.com", password: PASSWORD, role: "admin" } as never);
    expect((await store().read(({ db, t }) => db.select().from(t.users)))[0]?.role).toBe("student");
  });

  it("answers resend requests the same way whether or not the email exists", async () => {
    await register();
    const known = await callerAs(store(), null).auth.resendVerification({ email: "new.person@example.com" });
    const unknown = await callerAs(store(), null).auth.resendVerification({ email: "nobody@example.com" });
    expect(known).toEqual({ message: VERIFICATION_SENT });
    expect(unknown).toEqual(known);
    expect((await linkFrom(store(), "new.person@example.com")).count).toBe(2);
  });
});

describeEachEngine("auth: password reset and change", (store) => {
  async function account() {
    const user = await store().tx((c) => makeUser(c, { email: "lee@example.com", now: TEST_NOW }));
    await store().tx(async ({ db, t }) =>
      db
        .update(t.users)
        .set({ passwordHash: await hashPassword(PASSWORD) })
        .where(eq(t.users.id, user.id)),
    );
    return user;
  }

  it("resets a password through a single-use emailed link and ends every session", async () => {
    await account();
    const old = await callerAs(store(), null).auth.signIn({ email: "lee@example.com", password: PASSWORD });
    expect(await callerAs(store(), null).auth.requestPasswordReset({ email: "LEE@example.com" })).toEqual({ message: RESET_SENT });
    const { token, subject } = await linkFrom(store(), "lee@example.com");
    expect(subject).toMatch(/Reset your/);
    await callerAs(store(), null, { now: minutes(30) }).auth.resetPassword({ token: token ?? "", password: "a brand new password" });
    expect(await resolveSessionUser(store(), old.token, minutes(31))).toBeNull();
    await expect(callerAs(store(), null).auth.signIn({ email: "lee@example.com", password: PASSWORD })).rejects.toThrow(BAD_CREDENTIALS);
    expect((await callerAs(store(), null).auth.signIn({ email: "lee@example.com", password: "a brand new password" })).token).toBeTruthy();
    await expect(callerAs(store(), null).auth.resetPassword({ token: token ?? "", password: "yet another password" })).rejects.toThrow(
      BAD_LINK,
    );
  });

  it("does not reveal whether an email exists, and expires links after an hour", async () => {
    await account();
    const unknown = await callerAs(store(), null).auth.requestPasswordReset({ email: "ghost@example.com" });
    expect(unknown).toEqual({ message: RESET_SENT });
    await callerAs(store(), null).auth.requestPasswordReset({ email: "lee@example.com" });
    const { token } = await linkFrom(store(), "lee@example.com");
    await expect(
      callerAs(store(), null, { now: minutes(61) }).auth.resetPassword({ token: token ?? "", password: "a brand new password" }),
    ).rejects.toThrow(BAD_LINK);
  });

  it("only the newest link works", async () => {
    await account();
    await callerAs(store(), null).auth.requestPasswordReset({ email: "lee@example.com" });
    const first = await linkFrom(store(), "lee@example.com");
    await callerAs(store(), null).auth.requestPasswordReset({ email: "lee@example.com" });
    await expect(
      callerAs(store(), null).auth.resetPassword({ token: first.token ?? "", password: "a brand new password" }),
    ).rejects.toThrow(BAD_LINK);
  });

  it("changes the password after checking the current one, signing out other sessions", async () => {
    await account();
    const a = await callerAs(store(), null).auth.signIn({ email: "lee@example.com", password: PASSWORD });
    const b = await callerAs(store(), null).auth.signIn({ email: "lee@example.com", password: PASSWORD });
    const me = await resolveSessionUser(store(), a.token, TEST_NOW);
    const wrong = await callerAs(store(), me)
      .auth.changePassword({ currentPassword: "nope", newPassword: "another good password" })
      .catch((e: unknown) => e);
    expect(codeOf(wrong)).toBe("BAD_REQUEST");
    const fresh = await callerAs(store(), me).auth.changePassword({ currentPassword: PASSWORD, newPassword: "another good password" });
    expect(await resolveSessionUser(store(), b.token, TEST_NOW)).toBeNull();
    expect(await resolveSessionUser(store(), fresh.token, TEST_NOW)).not.toBeNull();
  });
});
