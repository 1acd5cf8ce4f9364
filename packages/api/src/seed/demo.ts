// Demo data for trying Missionboard: one account per role plus a few students with history.
// Built from the same factories as the tests; deterministic; runs only on an empty database.
import { buildAuditEntry } from "@missionboard/core";
import { countUsers, insertAuditEntry, type Store } from "@missionboard/db";
import { makeUser } from "@missionboard/db/factories";
import { hashPassword } from "../services/password";

/** Listed in the README. They exist only in demo databases. */
export const DEMO_PASSWORD = "missionboard-demo";
export const DEMO_ACCOUNTS = [
  { email: "admin@demo.test", name: "Avery Admin", role: "admin" },
  { email: "assistant@demo.test", name: "Sam Assistant", role: "assistant" },
  { email: "student@demo.test", name: "Riley Student", role: "student" },
  { email: "ada@demo.test", name: "Ada Lovelace", role: "student" },
  { email: "grace@demo.test", name: "Grace Hopper", role: "student" },
  { email: "alan@demo.test", name: "Alan Turing", role: "student" },
] as const;

/** A registration waiting for staff approval, so the roster has something to decide. */
export const DEMO_PENDING = { email: "pat@demo.test", name: "Pat Pending", role: "student", status: "pending", onboardedAt: null } as const;

const SEEDED_AT = new Date("2026-09-01T09:00:00.000Z");

export async function seedDemo(store: Store): Promise<{ seeded: boolean; reason?: string }> {
  if ((await store.read(countUsers)) > 0) return { seeded: false, reason: "the database already has users" };
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await store.tx(async (c) => {
    const users = [];
    for (const [i, account] of DEMO_ACCOUNTS.entries()) {
      users.push(await makeUser(c, { ...account, passwordHash, now: new Date(SEEDED_AT.getTime() + i * 60_000) }));
    }
    await makeUser(c, { ...DEMO_PENDING, passwordHash, now: new Date(SEEDED_AT.getTime() + 86_400_000) });
    const admin = users[0];
    if (!admin) throw new Error("no admin seeded");
    await insertAuditEntry(
      c,
      buildAuditEntry(
        { actorId: admin.id, action: "system.seeded", entityType: "system", entityId: null, metadata: { users: users.length } },
        SEEDED_AT,
      ),
    );
    // A little sign-in history so the audit page has something to filter.
    for (const [i, user] of users.entries()) {
      const at = new Date(SEEDED_AT.getTime() + (i + 1) * 3_600_000);
      await insertAuditEntry(c, buildAuditEntry({ actorId: user.id, action: "auth.signed_in", entityType: "user", entityId: user.id }, at));
    }
  });
  return { seeded: true };
}
