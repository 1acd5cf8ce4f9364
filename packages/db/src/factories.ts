// Factories shared by the tests and the demo seed, so demo data and test data never drift.
import { buildAuditEntry, CONSENT_VERSION, type Role, type UserStatus } from "@missionboard/core";
import { insertAuditEntry } from "./queries/audit";
import { insertUser } from "./queries/users";
import type { Conn } from "./store";

let sequence = 0;

export interface UserFactoryInput {
  email?: string;
  name?: string;
  role?: Role;
  status?: UserStatus;
  passwordHash?: string | null;
  /** Defaults to onboarded at `now`; pass null for a user who still has to onboard. */
  onboardedAt?: Date | null;
  displayName?: string;
  now?: Date;
}

export function makeUser(conn: Conn, input: UserFactoryInput = {}) {
  sequence += 1;
  const now = input.now ?? new Date(0);
  const onboardedAt = input.onboardedAt === undefined ? now : input.onboardedAt;
  return insertUser(conn, {
    email: input.email ?? `user${sequence}@example.test`,
    name: input.name ?? `User ${sequence}`,
    role: input.role ?? "student",
    status: input.status ?? "active",
    passwordHash: input.passwordHash ?? null,
    emailVerifiedAt: now,
    onboardedAt,
    displayName: onboardedAt ? (input.displayName ?? `user-${sequence}`) : null,
    consentAt: onboardedAt,
    consentVersion: onboardedAt ? CONSENT_VERSION : null,
    now,
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
