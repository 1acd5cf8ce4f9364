import { countUsers, findIdentity, findUserByEmail, insertUser, listAuditEntries, updateUser } from "@missionboard/db";
import { makeUser } from "@missionboard/db/factories";
import { describeEachEngine } from "@missionboard/db/test-utils";
import { expect, it } from "vitest";
import type { AppSettings } from "../context";
import { TEST_NOW, TEST_SETTINGS } from "../test-helpers";
import { type ProviderIdentity, REGISTRATION_CLOSED_MESSAGE, signInWithProvider, UNVERIFIED_EMAIL_MESSAGE } from "./oauth-sign-in";
import { resolveSessionUser } from "./sessions";
import { DEACTIVATED_MESSAGE } from "./sign-in";

const google = (overrides: Partial<ProviderIdentity> = {}): ProviderIdentity => ({
  provider: "google",
  subject: "google-sub-1",
  email: "Rosa@Example.com",
  emailVerified: true,
  name: "Rosa Parks",
  ...overrides,
});

describeEachEngine("signInWithProvider", (store) => {
  const signIn = (identity: ProviderIdentity, settings: Partial<AppSettings> = {}) =>
    signInWithProvider(store(), identity, { ...TEST_SETTINGS, ...settings }, TEST_NOW, "test-request");

  const audit = (action: "user.registered" | "auth.identity_linked" | "auth.signed_in" | "user.promoted_by_config") =>
    store().read((c) => listAuditEntries(c, { action }, { page: 1, pageSize: 50 }));

  it("registers a new person, links the identity and starts a session", async () => {
    const session = await signIn(google());
    expect(session).toMatchObject({ role: "student", status: "active" });
    const user = await store().read((c) => findUserByEmail(c, "rosa@example.com"));
    expect(user).toMatchObject({ name: "Rosa Parks", origin: "google", status: "active", emailVerifiedAt: TEST_NOW });
    const identity = await store().read((c) => findIdentity(c, "google", "google-sub-1"));
    expect(identity).toMatchObject({ userId: user?.id, email: "rosa@example.com" });
    expect(await resolveSessionUser(store(), session.token, TEST_NOW)).toMatchObject({ id: user?.id, onboarded: false });
    const registered = await audit("user.registered");
    expect(registered.rows).toHaveLength(1);
    expect(registered.rows[0]?.metadata).toEqual({ origin: "google" });
    expect((await audit("auth.identity_linked")).total).toBe(1);
  });

  it("finds the linked identity on the next sign-in, even after the email changed at the provider", async () => {
    const first = await signIn(google());
    const second = await signIn(google({ email: "rosa.parks@elsewhere.example", emailVerified: false }));
    const a = await resolveSessionUser(store(), first.token, TEST_NOW);
    const b = await resolveSessionUser(store(), second.token, TEST_NOW);
    expect(b?.id).toBe(a?.id);
    expect(await store().read((c) => countUsers(c))).toBe(1);
    expect((await audit("auth.identity_linked")).total).toBe(1);
    expect((await audit("auth.signed_in")).total).toBe(2);
  });

  it("links to an existing account with the same verified email (any case)", async () => {
    const existing = await store().tx((c) => makeUser(c, { email: "rosa@example.com", role: "assistant", now: TEST_NOW }));
    const session = await signIn(google({ provider: "microsoft", subject: "ms-oid-1" }));
    expect(session.role).toBe("assistant");
    expect((await resolveSessionUser(store(), session.token, TEST_NOW))?.id).toBe(existing.id);
    expect(await store().read((c) => findIdentity(c, "microsoft", "ms-oid-1"))).toMatchObject({ userId: existing.id });
    expect((await audit("user.registered")).total).toBe(0);
    expect(await store().read((c) => countUsers(c))).toBe(1);
  });

  it("lets a pre-created account sign in for the first time and confirms its address", async () => {
    const precreated = await store().tx((c) =>
      insertUser(c, { email: "rosa@example.com", name: "Rosa", origin: "precreated", status: "active", now: TEST_NOW }),
    );
    const session = await signIn(google());
    expect((await resolveSessionUser(store(), session.token, TEST_NOW))?.id).toBe(precreated.id);
    expect(await store().read((c) => findUserByEmail(c, "rosa@example.com"))).toMatchObject({
      emailVerifiedAt: TEST_NOW,
      origin: "precreated",
    });
  });

  it("never links through an unverified email", async () => {
    await store().tx((c) => makeUser(c, { email: "rosa@example.com", now: TEST_NOW }));
    const error = await signIn(google({ emailVerified: false })).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe(UNVERIFIED_EMAIL_MESSAGE);
    expect(await store().read((c) => findIdentity(c, "google", "google-sub-1"))).toBeNull();
  });

  it("refuses to link to an account another provider created from an unconfirmed address", async () => {
    await signIn(google({ provider: "microsoft", subject: "attacker", emailVerified: false }));
    const error = await signIn(google()).catch((e: Error) => e.message);
    expect(error).toMatch(/without a confirmed address/);
    expect(await store().read((c) => findIdentity(c, "google", "google-sub-1"))).toBeNull();
  });

  it("refuses a deactivated account, whether found by identity or by email", async () => {
    await signIn(google());
    await store().tx(async (c) => {
      const user = await findUserByEmail(c, "rosa@example.com");
      await updateUser(c, user?.id ?? "", { status: "deactivated" }, TEST_NOW);
    });
    await expect(signIn(google())).rejects.toThrow(DEACTIVATED_MESSAGE);
    await expect(signIn(google({ subject: "another-google-account" }))).rejects.toThrow(DEACTIVATED_MESSAGE);
  });

  it("refuses new people when registration is closed, but still admits existing accounts", async () => {
    await expect(signIn(google(), { registrationMode: "closed" })).rejects.toThrow(REGISTRATION_CLOSED_MESSAGE);
    expect(await store().read((c) => countUsers(c))).toBe(0);
    await store().tx((c) => makeUser(c, { email: "rosa@example.com", now: TEST_NOW }));
    await expect(signIn(google(), { registrationMode: "closed" })).resolves.toMatchObject({ status: "active" });
  });

  it("starts new people as pending in approval mode", async () => {
    const session = await signIn(google({ provider: "microsoft" }), { registrationMode: "approval" });
    expect(session.status).toBe("pending");
    expect(await store().read((c) => findUserByEmail(c, "rosa@example.com"))).toMatchObject({ status: "pending", origin: "microsoft" });
  });

  it("promotes ADMIN_EMAILS to admin (and approves them) on sign-in", async () => {
    const session = await signIn(google(), { registrationMode: "approval", adminEmails: ["rosa@example.com"] });
    expect(session).toMatchObject({ role: "admin", status: "active" });
    expect((await audit("user.promoted_by_config")).total).toBe(1);
  });

  it("refuses a provider that is not enabled", async () => {
    await expect(signIn(google(), { signInMethods: ["local", "microsoft"] })).rejects.toThrow(/not offered/);
  });

  it("creates one account when the same new person signs in several times at once", async () => {
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => signIn(google())));
    expect(results.map((r) => r.status)).toEqual(Array(5).fill("fulfilled"));
    expect(await store().read((c) => countUsers(c))).toBe(1);
    expect((await audit("user.registered")).total).toBe(1);
    expect((await audit("auth.identity_linked")).total).toBe(1);
  });

  it("links once when a pre-existing user signs in with a new identity several times at once", async () => {
    const existing = await store().tx((c) => makeUser(c, { email: "rosa@example.com", now: TEST_NOW }));
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => signIn(google())));
    expect(results.every((r) => r.status === "fulfilled")).toBe(true);
    expect(await store().read((c) => findIdentity(c, "google", "google-sub-1"))).toMatchObject({ userId: existing.id });
    expect((await audit("auth.identity_linked")).total).toBe(1);
  });
});
