// Factories shared by the tests and the demo seed, so demo data and test data never drift.
import type { Role } from "@missionboard/core";
import { buildAuditEntry } from "@missionboard/core";
import { insertAuditEntry } from "./queries/audit";
import { insertUser } from "./queries/users";
import type { Conn } from "./store";

let sequence = 0;

export interface UserFactoryInput {
  email?: string;
  name?: string;
  role?: Role;
  passwordHash?: string | null;
  now?: Date;
}

export function makeUser(conn: Conn, input: UserFactoryInput = {}) {
  sequence += 1;
  return insertUser(conn, {
    email: input.email ?? `user${sequence}@example.test`,
    name: input.name ?? `User ${sequence}`,
    role: input.role ?? "student",
    passwordHash: input.passwordHash ?? null,
    emailVerifiedAt: input.now ?? new Date(0),
    now: input.now ?? new Date(0),
  });
}

export function makeAuditEntry(
  conn: Conn,
  input: { actorId: string | null; action?: "system.seeded" | "auth.signed_in"; entityId?: string; now: Date },
) {
  return insertAuditEntry(
    conn,
    buildAuditEntry(
      { actorId: input.actorId, action: input.action ?? "auth.signed_in", entityType: "user", entityId: input.entityId ?? input.actorId },
      input.now,
    ),
  );
}
