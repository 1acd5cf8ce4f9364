import { buildAuditEntry } from "@missionboard/core";
import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { makeUser } from "../factories";
import { describeEachEngine } from "../test-utils";
import { insertAuditEntry, listAuditActors, listAuditEntries } from "./audit";
import { deleteUserSessions, findSessionUser, insertSession, purgeEndedSessions } from "./sessions";
import { findUserByEmail, insertUser } from "./users";

const at = (iso: string) => new Date(iso);

describeEachEngine("users", (store) => {
  it("stores emails normalised and finds them in any letter case", async () => {
    const created = await store().tx((c) => insertUser(c, { email: "  Ada@Example.COM ", name: "Ada", now: at("2026-01-01T00:00:00Z") }));
    expect(created.email).toBe("ada@example.com");
    expect(created.role).toBe("student");
    const found = await store().read((c) => findUserByEmail(c, "ADA@example.com"));
    expect(found?.id).toBe(created.id);
  });

  it("refuses a second account for the same email in another letter case, leaving the first intact", async () => {
    await store().tx((c) => insertUser(c, { email: "bob@example.com", name: "Bob", now: at("2026-01-01T00:00:00Z") }));
    await expect(
      store().tx((c) => insertUser(c, { email: "BOB@example.com", name: "Bobby", now: at("2026-01-02T00:00:00Z") })),
    ).rejects.toThrow();
    expect((await store().read((c) => findUserByEmail(c, "bob@example.com")))?.name).toBe("Bob");
  });

  it("keeps timestamps exact to the millisecond, in UTC", async () => {
    const now = at("2026-03-04T05:06:07.089Z");
    const user = await store().tx((c) => insertUser(c, { email: "t@example.com", name: "T", now }));
    expect(user.createdAt.toISOString()).toBe("2026-03-04T05:06:07.089Z");
  });
});

describeEachEngine("transactions", (store) => {
  it("roll back every statement when the function throws", async () => {
    await expect(
      store().tx(async (c) => {
        await insertUser(c, { email: "gone@example.com", name: "Gone", now: at("2026-01-01T00:00:00Z") });
        await new Promise((r) => setTimeout(r, 5));
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await store().read((c) => findUserByEmail(c, "gone@example.com"))).toBeNull();
  });

  it("serialise concurrent writers without losing any", async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store().tx((c) => insertUser(c, { email: `p${i}@example.com`, name: `P${i}`, now: at("2026-01-01T00:00:00Z") })),
      ),
    );
    const all = await store().read(({ db, t }) => db.$count(t.users));
    expect(all).toBe(20);
  });
});

describeEachEngine("sessions", (store) => {
  it("resolve to their user until they expire, and end when deleted", async () => {
    const user = await store().tx((c) => makeUser(c, { role: "admin" }));
    const now = at("2026-05-01T12:00:00Z");
    await store().tx((c) => insertSession(c, { id: "s1", userId: user.id, now, expiresAt: at("2026-05-02T12:00:00Z") }));
    await store().tx((c) => insertSession(c, { id: "s2", userId: user.id, now, expiresAt: at("2026-05-01T12:30:00Z") }));
    const longAgo = at("2026-01-01T00:00:00Z");
    expect((await store().read((c) => findSessionUser(c, "s1", now, longAgo)))?.role).toBe("admin");
    expect(await store().read((c) => findSessionUser(c, "s2", at("2026-05-01T13:00:00Z"), longAgo))).toBeNull();
    expect(await store().tx((c) => purgeEndedSessions(c, at("2026-05-01T13:00:00Z"), longAgo, 100))).toBe(1);
    expect(await store().tx((c) => deleteUserSessions(c, user.id))).toBe(1);
    expect(await store().read((c) => findSessionUser(c, "s1", now, longAgo))).toBeNull();
  });
});

describeEachEngine("audit log", (store) => {
  async function seed() {
    const [admin, other] = await store().tx(async (c) => [await makeUser(c, { name: "Admin" }), await makeUser(c, { name: "Other" })]);
    if (!admin || !other) throw new Error("seed failed");
    await store().tx(async (c) => {
      for (let i = 0; i < 30; i++) {
        const actor = i % 3 === 0 ? other : admin;
        await insertAuditEntry(
          c,
          buildAuditEntry(
            {
              actorId: actor.id,
              action: i % 2 ? "auth.signed_in" : "auth.signed_out",
              entityType: "user",
              entityId: actor.id,
              metadata: { i },
            },
            new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
          ),
        );
      }
    });
    return { admin, other };
  }

  it("lists newest first, paged, with the actor's name and a total", async () => {
    await seed();
    const page1 = await store().read((c) => listAuditEntries(c, {}, { page: 1, pageSize: 10 }));
    expect(page1.total).toBe(30);
    expect(page1.rows).toHaveLength(10);
    expect(page1.rows[0]?.metadata).toEqual({ i: 29 });
    expect(page1.rows[0]?.actorName).toBe("Admin");
    const page3 = await store().read((c) => listAuditEntries(c, {}, { page: 3, pageSize: 10 }));
    expect(page3.rows.at(-1)?.metadata).toEqual({ i: 0 });
  });

  it("filters by action, actor, entity and time, and combines filters", async () => {
    const { other } = await seed();
    const byAction = await store().read((c) => listAuditEntries(c, { action: "auth.signed_in" }, { page: 1, pageSize: 100 }));
    expect(byAction.total).toBe(15);
    const byActor = await store().read((c) => listAuditEntries(c, { actorId: other.id }, { page: 1, pageSize: 100 }));
    expect(byActor.total).toBe(10);
    const both = await store().read((c) =>
      listAuditEntries(
        c,
        { actorId: other.id, action: "auth.signed_in", entityType: "user", entityId: other.id },
        { page: 1, pageSize: 100 },
      ),
    );
    expect(both.rows.map((r) => r.metadata.i)).toEqual([27, 21, 15, 9, 3]);
    const window = await store().read((c) =>
      listAuditEntries(
        c,
        { from: new Date(Date.UTC(2026, 0, 1, 0, 0, 10)), to: new Date(Date.UTC(2026, 0, 1, 0, 0, 20)) },
        { page: 1, pageSize: 100 },
      ),
    );
    expect(window.total).toBe(10);
  });

  it("lists the distinct actors for the filter", async () => {
    await seed();
    const actors = await store().read((c) => listAuditActors(c));
    expect(actors.map((a) => a.name)).toEqual(["Admin", "Other"]);
  });

  it("keeps entries when their actor is deleted, with the actor cleared", async () => {
    const { other } = await seed();
    await store().tx(({ db, t }) => db.delete(t.users).where(eq(t.users.id, other.id)));
    const all = await store().read((c) => listAuditEntries(c, {}, { page: 1, pageSize: 100 }));
    expect(all.total).toBe(30);
    expect(all.rows.filter((r) => r.actorId === null)).toHaveLength(10);
  });
});
