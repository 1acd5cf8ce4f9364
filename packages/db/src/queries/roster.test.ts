import { expect, it } from "vitest";
import { makeUser } from "../factories";
import { describeEachEngine } from "../test-utils";
import { findUserById, transitionUserStatus, updateUser } from "./identity";
import { changeUserRole, countActiveAdmins, isUniqueViolation, listRoster, lockActiveAdmins, type RosterOrder } from "./roster";
import { insertUser } from "./users";

const at = (iso: string) => new Date(iso);
const all = { page: 1, pageSize: 100 };
const byName: RosterOrder = { sort: "name", dir: "asc" };

describeEachEngine("roster queries", (store) => {
  async function seed() {
    return store().tx(async (c) => {
      const ada = await makeUser(c, { name: "Ada Lovelace", email: "ada@example.com", role: "admin", now: at("2026-01-01T00:00:00Z") });
      const bob = await makeUser(c, {
        name: "bob Builder",
        email: "Bob.B@Example.com",
        role: "assistant",
        now: at("2026-01-02T00:00:00Z"),
      });
      const cy = await makeUser(c, {
        name: "Cy Twombly",
        email: "cy@art.test",
        status: "pending",
        onboardedAt: null,
        now: at("2026-01-03T00:00:00Z"),
      });
      const dee = await makeUser(c, {
        name: "Dee 100%_done",
        email: "dee@example.com",
        status: "deactivated",
        now: at("2026-01-04T00:00:00Z"),
      });
      await updateUser(c, ada.id, { lastSignInAt: at("2026-02-01T00:00:00Z") }, at("2026-02-01T00:00:00Z"));
      await updateUser(
        c,
        dee.id,
        { lastSignInAt: at("2026-03-01T00:00:00Z"), substackEmail: "dee@substack.test" },
        at("2026-03-01T00:00:00Z"),
      );
      return { ada, bob, cy, dee };
    });
  }
  const names = (rows: { name: string }[]) => rows.map((r) => r.name);

  it("searches name and email as a case-insensitive substring", async () => {
    await seed();
    const read = (search: string) => store().read((c) => listRoster(c, { search }, byName, all));
    expect(names((await read("LOVE")).rows)).toEqual(["Ada Lovelace"]);
    expect(names((await read("b.b@EXAMPLE")).rows)).toEqual(["bob Builder"]);
    expect((await read("example.com")).total).toBe(3);
    expect((await read("nobody")).total).toBe(0);
  });

  it("treats % and _ in a search as literal characters", async () => {
    await seed();
    expect(names((await store().read((c) => listRoster(c, { search: "100%_" }, byName, all))).rows)).toEqual(["Dee 100%_done"]);
    expect((await store().read((c) => listRoster(c, { search: "%" }, byName, all))).total).toBe(1);
    expect((await store().read((c) => listRoster(c, { search: "_" }, byName, all))).total).toBe(1);
  });

  it("filters by role, status and onboarding, and combines filters", async () => {
    await seed();
    const read = (filter: Parameters<typeof listRoster>[1]) => store().read((c) => listRoster(c, filter, byName, all));
    expect(names((await read({ role: "admin" })).rows)).toEqual(["Ada Lovelace"]);
    expect(names((await read({ status: "pending" })).rows)).toEqual(["Cy Twombly"]);
    expect(names((await read({ onboarded: false })).rows)).toEqual(["Cy Twombly"]);
    expect((await read({ onboarded: true })).total).toBe(3);
    expect(names((await read({ role: "student", status: "deactivated", onboarded: true, search: "dee" })).rows)).toEqual(["Dee 100%_done"]);
    expect((await read({ role: "student", status: "active" })).total).toBe(0);
  });

  it("sorts by each column in both directions, never-signed-in users last", async () => {
    await seed();
    const read = (order: RosterOrder) => store().read(async (c) => names((await listRoster(c, {}, order, all)).rows));
    // Name sorts case-insensitively: "bob Builder" between Ada and Cy.
    expect(await read({ sort: "name", dir: "asc" })).toEqual(["Ada Lovelace", "bob Builder", "Cy Twombly", "Dee 100%_done"]);
    expect(await read({ sort: "name", dir: "desc" })).toEqual(["Dee 100%_done", "Cy Twombly", "bob Builder", "Ada Lovelace"]);
    expect(await read({ sort: "email", dir: "asc" })).toEqual(["Ada Lovelace", "bob Builder", "Cy Twombly", "Dee 100%_done"]);
    expect(await read({ sort: "created", dir: "desc" })).toEqual(["Dee 100%_done", "Cy Twombly", "bob Builder", "Ada Lovelace"]);
    expect((await read({ sort: "role", dir: "asc" }))[0]).toBe("Ada Lovelace");
    expect((await read({ sort: "status", dir: "desc" }))[0]).toBe("Cy Twombly");
    expect((await read({ sort: "lastSignIn", dir: "desc" })).slice(0, 2)).toEqual(["Dee 100%_done", "Ada Lovelace"]);
    expect((await read({ sort: "lastSignIn", dir: "asc" })).slice(0, 2)).toEqual(["Ada Lovelace", "Dee 100%_done"]);
  });

  it("pages with a stable order and a total", async () => {
    await store().tx(async (c) => {
      for (let i = 0; i < 7; i++) await makeUser(c, { name: "Same Name", now: at("2026-01-01T00:00:00Z") });
    });
    const seen: string[] = [];
    for (const page of [1, 2, 3]) {
      const { rows, total } = await store().read((c) => listRoster(c, {}, byName, { page, pageSize: 3 }));
      expect(total).toBe(7);
      seen.push(...rows.map((r) => r.id));
    }
    expect(new Set(seen).size).toBe(7);
  });

  it("returns onboarding answers but never the password hash", async () => {
    await seed();
    const { rows } = await store().read((c) => listRoster(c, { search: "dee" }, byName, all));
    expect(rows[0]).toMatchObject({ substackEmail: "dee@substack.test", displayName: expect.any(String), consentAt: expect.any(Date) });
    expect(rows[0]).not.toHaveProperty("passwordHash");
  });

  it("counts and locks only active admins", async () => {
    const { ada } = await seed();
    await store().tx((c) => makeUser(c, { role: "admin", status: "deactivated" }));
    expect(await store().read((c) => countActiveAdmins(c))).toBe(1);
    expect(await store().tx((c) => lockActiveAdmins(c))).toEqual([ada.id]);
    // Locking leaves the rows as they were.
    expect((await store().read((c) => findUserById(c, ada.id)))?.updatedAt.toISOString()).toBe("2026-02-01T00:00:00.000Z");
  });

  it("changes a role only from the expected role", async () => {
    const { bob } = await seed();
    expect(await store().tx((c) => changeUserRole(c, bob.id, "student", "admin", at("2026-05-01T00:00:00Z")))).toBeNull();
    expect((await store().tx((c) => changeUserRole(c, bob.id, "assistant", "admin", at("2026-05-01T00:00:00Z"))))?.role).toBe("admin");
  });

  it("lets exactly one of many racing transitions win", async () => {
    const { cy } = await seed();
    const results = await Promise.all(
      Array.from({ length: 10 }, () => store().tx((c) => transitionUserStatus(c, cy.id, "pending", "active", at("2026-05-01T00:00:00Z")))),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it("recognises a unique-email violation on this engine", async () => {
    await seed();
    const error = await store()
      .tx((c) => insertUser(c, { email: "ADA@example.com", name: "Copy", now: at("2026-05-01T00:00:00Z") }))
      .catch((e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
    expect(isUniqueViolation(new Error("boom"))).toBe(false);
  });
});
