import { buildAuditEntry } from "@missionboard/core";
import { insertAuditEntry } from "@missionboard/db";
import { describeEachEngine } from "@missionboard/db/test-utils";
import { TRPCError } from "@trpc/server";
import { expect, it } from "vitest";
import { callerAs, makeSessionUser, TEST_NOW } from "../test-helpers";

describeEachEngine("audit.list", (store) => {
  async function seed() {
    const admin = await makeSessionUser(store(), "admin", { name: "Admin One" });
    await store().tx(async (c) => {
      for (let i = 0; i < 12; i++) {
        await insertAuditEntry(
          c,
          buildAuditEntry(
            {
              actorId: admin.id,
              action: i < 4 ? "auth.signed_out" : "auth.signed_in",
              entityType: "user",
              entityId: admin.id,
              metadata: { i },
            },
            new Date(TEST_NOW.getTime() + i * 1000),
          ),
        );
      }
    });
    return admin;
  }

  it("returns a page of entries, newest first, with totals", async () => {
    const admin = await seed();
    const page = await callerAs(store(), admin).audit.list({ page: 2, pageSize: 5 });
    expect(page).toMatchObject({ total: 12, page: 2, pageSize: 5, pageCount: 3 });
    expect(page.items.map((e) => e.metadata.i)).toEqual([6, 5, 4, 3, 2]);
    expect(page.items[0]?.actorName).toBe("Admin One");
  });

  it("filters by action and actor", async () => {
    const admin = await seed();
    const page = await callerAs(store(), admin).audit.list({ action: "auth.signed_out", actorId: admin.id });
    expect(page.total).toBe(4);
  });

  it("rejects an unknown action or a malformed actor id with BAD_REQUEST and a message per field", async () => {
    const admin = await seed();
    const error = await callerAs(store(), admin)
      .audit.list({ action: "drop table" as never, actorId: "not-a-uuid" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("BAD_REQUEST");
  });

  it("lists the actions and actors for the filters", async () => {
    const admin = await seed();
    const filters = await callerAs(store(), admin).audit.filters();
    expect(filters.actions).toContain("auth.signed_in");
    expect(filters.actors.map((a) => a.id)).toEqual([admin.id]);
  });
});
