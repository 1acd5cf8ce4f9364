import { makeUser } from "@missionboard/db/factories";
import { describeEachEngine } from "@missionboard/db/test-utils";
import type { TRPCError } from "@trpc/server";
import { expect, it } from "vitest";
import { resolveSessionUser } from "../services/sessions";
import { callerAs, TEST_NOW } from "../test-helpers";
import { SETUP_DONE } from "./setup";

const input = { name: "First Admin", email: "Root@Example.com", password: "a long enough password" };

describeEachEngine("setup", (store) => {
  it("is needed on an empty database and creates a signed-in admin once", async () => {
    const anon = callerAs(store(), null);
    expect(await anon.setup.status()).toEqual({ needed: true });
    const session = await anon.setup.createAdmin(input);
    expect(await resolveSessionUser(store(), session.token, TEST_NOW)).toMatchObject({
      role: "admin",
      status: "active",
      email: "root@example.com",
    });
    expect(await anon.setup.status()).toEqual({ needed: false });
    await expect(anon.setup.createAdmin({ ...input, email: "second@example.com" })).rejects.toThrow(SETUP_DONE);
  });

  it("lets exactly one of many racing visitors become the first admin", async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => callerAs(store(), null).setup.createAdmin({ ...input, email: `racer${i}@example.com` })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect((r.reason as TRPCError).code).toBe("CONFLICT");
    expect(await store().read(({ db, t }) => db.$count(t.users))).toBe(1);
  });

  it("is not offered once users exist some other way", async () => {
    await store().tx((c) => makeUser(c, { role: "student" }));
    expect(await callerAs(store(), null).setup.status()).toEqual({ needed: false });
    await expect(callerAs(store(), null).setup.createAdmin(input)).rejects.toThrow(SETUP_DONE);
  });
});
