// Automatic linking by verified email at a reload, at sign-in (password and provider) and at email
// verification (docs/product/missions.md §M-18, §M-20).
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { type AuditAction, leaderboardAlias } from "@missionboard/core";
import { findOwuiUser, listAuditEntries, upsertOwuiUsers } from "@missionboard/db";
import { makeUser } from "@missionboard/db/factories";
import { describeEachEngine } from "@missionboard/db/test-utils";
import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { callerAs, makeSessionUser, TEST_NOW, TEST_SETTINGS } from "../test-helpers";
import { readUsersCsv } from "./ingest/files";
import { runIngest } from "./ingest/run";
import { signInWithProvider } from "./oauth-sign-in";
import { hashPassword } from "./password";
import { linkByEmail } from "./people-linking";
import { issueToken } from "./tokens";

const usersCsv = fileURLToPath(new URL("../../../../fixtures/openwebui/sample_users.csv", import.meta.url));
// Two rows of fixtures/openwebui/sample_users.csv.
const ALLISON = { owuiId: "a2206ff3-7db0-41f0-9dd5-d0da72f491fb", email: "arnoldmaria@hotmail.com" };
const NOAH = { owuiId: "0aefc008-f6e7-4c2e-9d5d-facd7c101a49", email: "janetwilliams@gmail.com" };
const PASSWORD = "correct horse battery";

const clock = () => {
  let t = TEST_NOW.getTime();
  return () => {
    t += 1000;
    return new Date(t);
  };
};

describeEachEngine("linking by email", (store) => {
  const account = (email: string, verified = true, name = "Learner") =>
    store().tx(async (c) => {
      const user = await makeUser(c, { email, name, now: TEST_NOW });
      const passwordHash = await hashPassword(PASSWORD);
      await c.db
        .update(c.t.users)
        .set({ passwordHash, emailVerifiedAt: verified ? TEST_NOW : null })
        .where(eq(c.t.users.id, user.id));
      return user;
    });
  const owui = (id: string, email: string) =>
    store().tx((c) => upsertOwuiUsers(c, [{ id, name: null, email, role: "user", source: "api" }], TEST_NOW));
  const linkOf = async (owuiUserId: string) => (await store().read((c) => findOwuiUser(c, owuiUserId)))?.userId ?? null;
  const audit = (action: AuditAction) => store().read((c) => listAuditEntries(c, { action }, { page: 1, pageSize: 50 }));
  const reload = () => runIngest(store(), { users: readUsersCsv(usersCsv) }, { mode: "upsert", source: "cli", batchSize: 3 }, clock());

  it("links at a reload only where the account's email is verified, in any case; audited without an actor", async () => {
    const allison = await account(" ArnoldMaria@Hotmail.com ");
    await account(NOAH.email, false);
    expect((await reload()).status).toBe("succeeded");
    expect(await linkOf(ALLISON.owuiId)).toBe(allison.id);
    expect(await store().read((c) => findOwuiUser(c, ALLISON.owuiId))).toMatchObject({ linkMethod: "email", linkBlocked: false });
    expect(await linkOf(NOAH.owuiId)).toBeNull();
    const linked = await audit("people.linked");
    expect(linked.rows.map((r) => [r.actorId, r.entityId, r.metadata])).toEqual([
      [null, ALLISON.owuiId, { userId: allison.id, method: "email" }],
    ]);
  });

  it("does not link again an OpenWebUI user staff unlinked, at the next reload or sign-in", async () => {
    const allison = await account(ALLISON.email);
    await reload();
    const admin = await makeSessionUser(store(), "admin");
    await callerAs(store(), admin).people.unlink({ owuiUserId: ALLISON.owuiId });
    await reload();
    expect(await linkOf(ALLISON.owuiId)).toBeNull();
    await callerAs(store(), null).auth.signIn({ email: ALLISON.email, password: PASSWORD });
    expect(await linkOf(ALLISON.owuiId)).toBeNull();
    expect((await audit("people.linked")).total).toBe(1);
    // Staff link it again by hand: it sticks, and the block is gone.
    await callerAs(store(), admin).people.link({ owuiUserId: ALLISON.owuiId, userId: allison.id });
    expect(await store().read((c) => findOwuiUser(c, ALLISON.owuiId))).toMatchObject({
      userId: allison.id,
      linkMethod: "manual",
      linkBlocked: false,
    });
  });

  it("links at a password sign-in, and never on an unverified email", async () => {
    const kim = await account("kim@example.com");
    await owui("o-kim", "KIM@example.com");
    await callerAs(store(), null).auth.signIn({ email: "kim@example.com", password: PASSWORD });
    expect(await linkOf("o-kim")).toBe(kim.id);

    await account("lee@example.com", false);
    await owui("o-lee", "lee@example.com");
    await callerAs(store(), null)
      .auth.signIn({ email: "lee@example.com", password: PASSWORD })
      .catch(() => null);
    expect(await linkOf("o-lee")).toBeNull();
  });

  it("links at a provider sign-in that vouches for the email, and when an email gets verified", async () => {
    await owui("o-rosa", "rosa@example.com");
    await signInWithProvider(
      store(),
      { provider: "google", subject: "g-1", email: "Rosa@Example.com", emailVerified: true, name: "Rosa Parks" },
      TEST_SETTINGS,
      TEST_NOW,
      "test-request",
    );
    expect(await linkOf("o-rosa")).not.toBeNull();

    const lee = await account("lee@example.com", false);
    await owui("o-lee", "lee@example.com");
    const token = await store().tx((c) => issueToken(c, lee.id, "verify_email", TEST_NOW));
    await callerAs(store(), null).auth.verifyEmail({ token });
    expect(await linkOf("o-lee")).toBe(lee.id);
  });

  it("links a non-ASCII upper-case OpenWebUI email at a reload and at sign-in, never an unverified one", async () => {
    const elodie = await account("élodie@example.org");
    await account("zoë@example.org", false);
    const csv = "id,name,email,role\no-elodie,Élodie,ÉLODIE@Example.org,user\no-zoe,Zoë,ZOË@EXAMPLE.ORG,user\n";
    const run = await runIngest(
      store(),
      { users: readUsersCsv(Readable.from([csv])) },
      { mode: "upsert", source: "cli", batchSize: 3 },
      clock(),
    );
    expect(run.status).toBe("succeeded");
    expect(await linkOf("o-elodie")).toBe(elodie.id);
    expect(await linkOf("o-zoe")).toBeNull();

    const soren = await account("søren@example.org");
    await owui("o-soren", " SØREN@EXAMPLE.ORG");
    await callerAs(store(), null).auth.signIn({ email: "SØREN@example.org", password: PASSWORD });
    expect(await linkOf("o-soren")).toBe(soren.id);
    await callerAs(store(), null)
      .auth.signIn({ email: "zoë@example.org", password: PASSWORD })
      .catch(() => null);
    expect(await linkOf("o-zoe")).toBeNull();
  });

  it("links none of two OpenWebUI users sharing an account's email and reports the conflict", async () => {
    const ada = await account("ada@x.org");
    await owui("o-1", "ada@x.org");
    await owui("o-2", "ADA@x.org");
    const result = await store().tx((c) => linkByEmail(c, TEST_NOW, { kind: "all" }));
    expect(result).toEqual({
      linked: [],
      conflicts: [{ userId: ada.id, email: "ada@x.org", owuiUserIds: ["o-1", "o-2"] }],
      badges: { awarded: 0, cascaded: 0, flagged: 0, notified: false },
    });
    expect([await linkOf("o-1"), await linkOf("o-2")]).toEqual([null, null]);
    // At sign-in too.
    await callerAs(store(), null).auth.signIn({ email: "ada@x.org", password: PASSWORD });
    expect([await linkOf("o-1"), await linkOf("o-2")]).toEqual([null, null]);
  });

  it("shows the learner their link and alias on the profile", async () => {
    const kim = await makeSessionUser(store(), "student", { email: "kim@example.com" });
    expect(await callerAs(store(), kim).profile.owuiLink()).toBeNull();
    await owui("o-kim", "kim@example.com");
    await store().tx((c) => linkByEmail(c, TEST_NOW, { kind: "account", userId: kim.id }));
    expect(await callerAs(store(), kim).profile.owuiLink()).toEqual({
      email: "kim@example.com",
      name: null,
      alias: leaderboardAlias("o-kim"),
    });
  });
});
