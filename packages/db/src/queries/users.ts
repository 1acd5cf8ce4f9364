import { normalizeEmail, type Role, type UserOrigin, type UserStatus } from "@missionboard/core";
import { and, eq } from "drizzle-orm";
import type { Conn } from "../store";

export interface NewUser {
  email: string;
  name: string;
  role?: Role;
  status?: UserStatus;
  origin?: UserOrigin;
  passwordHash?: string | null;
  emailVerifiedAt?: Date | null;
  onboardedAt?: Date | null;
  displayName?: string | null;
  consentAt?: Date | null;
  consentVersion?: string | null;
  now: Date;
}

export async function insertUser({ db, t }: Conn, user: NewUser) {
  const [row] = await db
    .insert(t.users)
    .values({
      email: normalizeEmail(user.email),
      name: user.name,
      role: user.role ?? "student",
      status: user.status ?? "active",
      origin: user.origin ?? "local",
      passwordHash: user.passwordHash ?? null,
      emailVerifiedAt: user.emailVerifiedAt ?? null,
      onboardedAt: user.onboardedAt ?? null,
      displayName: user.displayName ?? null,
      consentAt: user.consentAt ?? null,
      consentVersion: user.consentVersion ?? null,
      createdAt: user.now,
      updatedAt: user.now,
    })
    .returning();
  if (!row) throw new Error("insert into users returned no row");
  return row;
}

export async function findUserByEmail({ db, t }: Conn, email: string) {
  const [row] = await db
    .select()
    .from(t.users)
    .where(eq(t.users.email, normalizeEmail(email)))
    .limit(1);
  return row ?? null;
}

export async function countUsers({ db, t }: Conn): Promise<number> {
  return db.$count(t.users);
}

/** Students whose account is active: the population a recompute preview reports against. */
export async function countActiveStudents({ db, t }: Conn): Promise<number> {
  return db.$count(t.users, and(eq(t.users.role, "student"), eq(t.users.status, "active")));
}
