// Sign-in and registration limits under concurrency, and the record of failed sign-ins.
// The concurrency tests matter most on a real Postgres server (TEST_DATABASE_URL): SQLite and
// PGlite serialise transactions and can hide races a connection pool exposes.
import { listAuditEntries } from "@missionboard/db";
import { makeUser } from "@missionboard/db/factories";
import { describeEachEngine } from "@missionboard/db/test-utils";
import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { hashPassword } from "../services/password";
import { callerAs, TEST_NOW } from "../test-helpers";
import { BAD_CREDENTIALS } from "./auth";

const PASSWORD = "correct horse battery";
const codeOf = (e: unknown) => (e instanceof TRPCError ? e.code : "none");
const seconds = (n: number) => new Date(TEST_NOW.getTime() + n * 1000);
const tally = (outcomes: string[]) => {
  const counts: Record<string, number> = {};
  for (const o of outcomes) counts[o] = (counts[o] ?? 0) + 1;
  return counts;
};

describeEachEngine("auth: sign-in limits", (store) => {
  async function account(email = "kim@example.com") {
    const passwordHash = await hashPassword(PASSWORD);
    return store().tx((c) => makeUser(c, { email, passwordHash, now: TEST_NOW }));
  }
  const signIn = (password: string, clientIp: string, now = TEST_NOW, email = "kim@example.com") =>
    callerAs(store(), null, { clientIp, now })
      .auth.signIn({ email, password })
      .then(
        () => "signed in",
        (e: unknown) => codeOf(e),
      );

  it("checks at most 5 of 20 concurrent wrong passwords for one account from one address", async () => {
    await account();
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => signIn("wrong guess", "198.51.100.1")));
    expect(tally(outcomes)).toEqual({ UNAUTHORIZED: 5, TOO_MANY_REQUESTS: 15 });
    // Only the checked ones are on the record as failures.
    const failed = await store().read((c) => listAuditEntries(c, { action: "auth.sign_in_failed" }, { page: 1, pageSize: 50 }));
    expect(failed.total).toBe(5);
  });

  it("does not lock the owner out because of a stranger's failures", async () => {
    await account();
    for (let i = 0; i < 5; i++) expect(await signIn("wrong guess", "198.51.100.66")).toBe("UNAUTHORIZED");
    // The stranger is stopped, even with the right password …
    expect(await signIn(PASSWORD, "198.51.100.66")).toBe("TOO_MANY_REQUESTS");
    // … and the owner, from their own address, is not.
    expect(await signIn(PASSWORD, "203.0.113.20")).toBe("signed in");
  });

  it("slows guessing from many addresses with growing delays, then lets the owner in after a short wait", async () => {
    await account();
    // Ten failures from ten addresses are free; the eleventh attempt must wait 2 s, the next 4 s.
    for (let i = 0; i < 10; i++) expect(await signIn("wrong guess", `198.51.100.${i + 10}`)).toBe("UNAUTHORIZED");
    const early = await callerAs(store(), null, { clientIp: "203.0.113.20" })
      .auth.signIn({ email: "kim@example.com", password: PASSWORD })
      .catch((e: unknown) => e);
    expect(codeOf(early)).toBe("TOO_MANY_REQUESTS");
    expect((early as Error).message).toMatch(/Try again in 2 seconds/);
    expect(await signIn("wrong guess", "198.51.100.99", seconds(2))).toBe("UNAUTHORIZED");
    expect(await signIn("wrong guess", "198.51.100.98", seconds(5))).toBe("TOO_MANY_REQUESTS");
    expect(await signIn(PASSWORD, "203.0.113.20", seconds(6))).toBe("signed in");
  });

  it("stops one address spraying many accounts, without stopping other addresses", async () => {
    await account();
    const outcomes = await Promise.all(
      Array.from({ length: 34 }, (_, i) => signIn("wrong guess", "198.51.100.9", TEST_NOW, `nobody${i}@example.com`)),
    );
    expect(tally(outcomes)).toEqual({ UNAUTHORIZED: 30, TOO_MANY_REQUESTS: 4 });
    expect(await signIn(PASSWORD, "198.51.100.9")).toBe("TOO_MANY_REQUESTS");
    expect(await signIn(PASSWORD, "198.51.100.10")).toBe("signed in");
  });

  it("does not count successful sign-ins against the address", async () => {
    await account();
    for (let i = 0; i < 35; i++) expect(await signIn(PASSWORD, "198.51.100.7")).toBe("signed in");
  });

  it("records a failed sign-in for admins without the password, answering as for an unknown email", async () => {
    const user = await account();
    const wrong = await callerAs(store(), null)
      .auth.signIn({ email: "kim@example.com", password: "hunter2-secret" })
      .catch((e: Error) => e.message);
    const unknown = await callerAs(store(), null)
      .auth.signIn({ email: "ghost@example.com", password: "hunter2-secret" })
      .catch((e: Error) => e.message);
    expect([wrong, unknown]).toEqual([BAD_CREDENTIALS, BAD_CREDENTIALS]);
    const entries = await store().read((c) => listAuditEntries(c, { action: "auth.sign_in_failed" }, { page: 1, pageSize: 10 }));
    expect(entries.rows.map((r) => [r.entityId, r.metadata])).toEqual(
      expect.arrayContaining([
        [user.id, { reason: "wrong_password" }],
        [null, { reason: "unknown_email" }],
      ]),
    );
    expect(JSON.stringify(entries.rows)).not.toMatch(/hunter2|ghost@/);
  });
});

describeEachEngine("auth: registration limits and races", (store) => {
  const register = (email: string, clientIp = "198.51.100.1") =>
    callerAs(store(), null, { clientIp }).auth.register({ name: "New Person", email, password: PASSWORD });
  const users = (email: string) => store().read(({ db, t }) => db.$count(t.users, eq(t.users.email, email)));

  it("answers six concurrent registrations of one email alike, creating one account and no error", async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, () =>
        register("twin@example.com").then(
          (r) => r.status,
          (e: unknown) => codeOf(e),
        ),
      ),
    );
    expect(outcomes).toEqual(Array(6).fill("active"));
    expect(await users("twin@example.com")).toBe(1);
  });

  it("limits registrations per client address", async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        register(`person${i}@example.com`, "198.51.100.5").then(
          (r) => r.status,
          (e: unknown) => codeOf(e),
        ),
      ),
    );
    expect(tally(outcomes)).toEqual({ active: 10, TOO_MANY_REQUESTS: 2 });
    expect(await register("elsewhere@example.com", "198.51.100.6")).toEqual({ status: "active" });
  });
});
