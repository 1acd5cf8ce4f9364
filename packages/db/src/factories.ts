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

let itemSequence = 0;

export interface CatalogItemFactoryInput {
  kind: "program" | "skill" | "mini_badge" | "capstone" | "progress_badge";
  title?: string;
  description?: string | null;
  criteria?: string | null;
  /** The parent item (a program for skills, capstones and progress badges; a skill for mini-badges). */
  parent?: { id: string; programId: string | null; kind: string } | null;
  isActive?: boolean;
  isRequired?: boolean;
  position?: number;
  now?: Date;
}

/** Inserts one catalog item directly (tests and benchmarks; the catalog router validates the real thing). */
export async function makeCatalogItem(conn: Conn, input: CatalogItemFactoryInput) {
  itemSequence += 1;
  const title = input.title ?? `${input.kind} ${itemSequence}`;
  const parent = input.parent ?? null;
  const [row] = await conn.db
    .insert(conn.t.catalogItems)
    .values({
      kind: input.kind,
      parentId: parent?.id ?? null,
      programId: parent ? (parent.kind === "program" ? parent.id : parent.programId) : null,
      siblingScope: `${input.kind}:${parent?.id ?? "root"}`,
      title,
      titleKey: title.trim().normalize("NFC").toLowerCase(),
      description: input.description ?? null,
      criteria: input.criteria ?? null,
      isActive: input.isActive ?? true,
      isRequired: input.isRequired ?? false,
      position: input.position ?? itemSequence,
      updatedAt: input.now ?? new Date(0),
    })
    .returning();
  if (!row) throw new Error("catalog item not inserted");
  return row;
}

/** Inserts one badge request row directly (dashboard, digest and export tests; no rules applied). */
export async function makeBadgeRequestRow(
  conn: Conn,
  input: {
    userId: string;
    item: { id: string; title: string };
    status?: "pending" | "approved" | "rejected" | "withdrawn";
    submittedAt: Date;
    decidedAt?: Date | null;
    decidedBy?: string | null;
    decisionReason?: string | null;
    note?: string | null;
  },
) {
  const [row] = await conn.db
    .insert(conn.t.badgeRequests)
    .values({
      userId: input.userId,
      itemId: input.item.id,
      itemTitle: input.item.title,
      note: input.note ?? null,
      status: input.status ?? "pending",
      submittedAt: input.submittedAt,
      decidedAt: input.decidedAt ?? null,
      decidedBy: input.decidedBy ?? null,
      decisionReason: input.decisionReason ?? null,
      updatedAt: input.decidedAt ?? input.submittedAt,
    })
    .returning();
  if (!row) throw new Error("badge request not inserted");
  return row;
}

/** Inserts one award row directly (dashboard and export tests; no progression applied). */
export async function makeAwardRow(
  conn: Conn,
  input: {
    userId: string;
    item: { id: string; kind: "program" | "skill" | "mini_badge" | "capstone" | "progress_badge" };
    awardedAt: Date;
    source?: "request" | "auto" | "manual";
    awardedBy?: string | null;
    reason?: string | null;
    revokedAt?: Date | null;
    revokedBy?: string | null;
  },
) {
  const [row] = await conn.db
    .insert(conn.t.awards)
    .values({
      userId: input.userId,
      itemId: input.item.id,
      kind: input.item.kind,
      source: input.source ?? "auto",
      awardedBy: input.awardedBy ?? null,
      reason: input.reason ?? null,
      awardedAt: input.awardedAt,
      revokedAt: input.revokedAt ?? null,
      revokedBy: input.revokedBy ?? null,
    })
    .returning();
  if (!row) throw new Error("award not inserted");
  return row;
}
