// Test-only helpers: callers for a role on a given store, with a fixed clock.
import type { Role } from "@missionboard/core";
import type { Store } from "@missionboard/db";
import { makeUser } from "@missionboard/db/factories";
import type { SessionUser } from "./context";
import { createCaller } from "./root";

export const TEST_NOW = new Date("2026-10-01T12:00:00.000Z");

export async function makeSessionUser(store: Store, role: Role, overrides: { email?: string; name?: string } = {}): Promise<SessionUser> {
  const row = await store.tx((c) => makeUser(c, { role, now: TEST_NOW, ...overrides }));
  return { id: row.id, role: row.role, status: row.status, name: row.name, email: row.email, sessionId: `test-${row.id}` };
}

export function callerAs(store: Store, user: SessionUser | null, now: Date = TEST_NOW) {
  return createCaller({ db: store, user, now: () => now, requestId: "test-request" });
}

export async function callerFor(store: Store, role: Role | null) {
  return callerAs(store, role ? await makeSessionUser(store, role) : null);
}
