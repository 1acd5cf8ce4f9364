// Open Badges 3.0 credentials: signing keys, issued credentials and the revocation status list
// (docs/product/credentials.md, ADR 030). Signing happens in the api; these only store.
import { and, asc, desc, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import type { Conn } from "../store";

export interface CredentialKeyRow {
  version: number;
  publicKeyMultibase: string;
  encryptedSeed: string;
  createdAt: Date;
  retiredAt: Date | null;
}

/** Every key, oldest version first. */
export async function listCredentialKeys({ db, t }: Conn): Promise<CredentialKeyRow[]> {
  return db
    .select({
      version: t.credentialKeys.version,
      publicKeyMultibase: t.credentialKeys.publicKeyMultibase,
      encryptedSeed: t.credentialKeys.encryptedSeed,
      createdAt: t.credentialKeys.createdAt,
      retiredAt: t.credentialKeys.retiredAt,
    })
    .from(t.credentialKeys)
    .orderBy(asc(t.credentialKeys.version));
}

/** Adds key `version`; false when another process added that version first. */
export async function insertCredentialKey(
  { db, t }: Conn,
  key: { version: number; publicKeyMultibase: string; encryptedSeed: string },
  now: Date,
): Promise<boolean> {
  const rows = await db
    .insert(t.credentialKeys)
    .values({ ...key, createdAt: now })
    .onConflictDoNothing()
    .returning({ version: t.credentialKeys.version });
  return rows.length > 0;
}

/** Marks every unretired key below `newVersion` retired. */
export async function retireKeysBelow({ db, t }: Conn, newVersion: number, by: string | null, now: Date): Promise<void> {
  await db
    .update(t.credentialKeys)
    .set({ retiredAt: now, retiredBy: by })
    .where(and(isNull(t.credentialKeys.retiredAt), sql`${t.credentialKeys.version} < ${newVersion}`));
}

/** The status list row, created empty on first use. */
export async function ensureStatusList({ db, t }: Conn, number: number, now: Date): Promise<void> {
  await db
    .insert(t.credentialStatusLists)
    .values({ id: String(number), nextIndex: 0, updatedAt: now })
    .onConflictDoNothing();
}

/** Takes the next free index of list `number` (never handed out twice, never reused). */
export async function allocateStatusIndex({ db, t }: Conn, number: number, now: Date): Promise<number> {
  const [row] = await db
    .update(t.credentialStatusLists)
    .set({ nextIndex: sql`${t.credentialStatusLists.nextIndex} + 1`, updatedAt: now })
    .where(eq(t.credentialStatusLists.id, String(number)))
    .returning({ next: t.credentialStatusLists.nextIndex });
  if (!row) throw new Error(`Status list ${number} does not exist.`);
  return row.next - 1;
}

export async function loadStatusList({ db, t }: Conn, number: number) {
  const [row] = await db
    .select()
    .from(t.credentialStatusLists)
    .where(eq(t.credentialStatusLists.id, String(number)));
  return row ?? null;
}

export async function saveStatusList({ db, t }: Conn, number: number, signedJson: string, now: Date): Promise<void> {
  await db
    .update(t.credentialStatusLists)
    .set({ signedJson, updatedAt: now })
    .where(eq(t.credentialStatusLists.id, String(number)));
}

/** The status indexes of credentials whose award was revoked: the bits set in the list. */
export async function revokedStatusIndexes({ db, t }: Conn): Promise<number[]> {
  const rows = await db
    .select({ index: t.credentials.statusIndex })
    .from(t.credentials)
    .innerJoin(t.awards, eq(t.awards.id, t.credentials.awardId))
    .where(isNotNull(t.awards.revokedAt));
  return rows.map((r) => r.index);
}

/** How many credentials were issued for these awards (revocation re-signs the list only when some were). */
export async function countCredentialsOfAwards({ db, t }: Conn, awardIds: readonly string[]): Promise<number> {
  if (awardIds.length === 0) return 0;
  const [row] = await db
    .select({ n: sql<number>`count(*)` })
    .from(t.credentials)
    .where(inArray(t.credentials.awardId, [...awardIds]));
  return Number(row?.n ?? 0);
}

export interface NewCredential {
  id: string;
  awardId: string;
  keyVersion: number;
  statusIndex: number;
  signedJson: string;
  jwt: string;
  issuedAt: Date;
}

/** Stores a signed credential; false when one already exists for the award and key version. */
export async function insertCredential({ db, t }: Conn, credential: NewCredential): Promise<boolean> {
  const rows = await db.insert(t.credentials).values(credential).onConflictDoNothing().returning({ id: t.credentials.id });
  return rows.length > 0;
}

export async function findCredentialOfAward({ db, t }: Conn, awardId: string, keyVersion: number) {
  const [row] = await db
    .select({ id: t.credentials.id })
    .from(t.credentials)
    .where(and(eq(t.credentials.awardId, awardId), eq(t.credentials.keyVersion, keyVersion)));
  return row ?? null;
}

/** What issuing one award's credential needs: the award, its item and its learner's email. */
export async function findAwardForCredential({ db, t }: Conn, awardId: string) {
  const [row] = await db
    .select({
      id: t.awards.id,
      userId: t.awards.userId,
      itemId: t.awards.itemId,
      kind: t.awards.kind,
      source: t.awards.source,
      awardedAt: t.awards.awardedAt,
      revokedAt: t.awards.revokedAt,
      email: t.users.email,
    })
    .from(t.awards)
    .innerJoin(t.users, eq(t.users.id, t.awards.userId))
    .where(eq(t.awards.id, awardId));
  return row ?? null;
}

/** One credential with what its public page shows. */
export async function findCredentialById({ db, t }: Conn, id: string) {
  const [row] = await db
    .select({
      id: t.credentials.id,
      awardId: t.credentials.awardId,
      keyVersion: t.credentials.keyVersion,
      signedJson: t.credentials.signedJson,
      jwt: t.credentials.jwt,
      isPublic: t.credentials.isPublic,
      showName: t.credentials.showName,
      issuedAt: t.credentials.issuedAt,
      userId: t.awards.userId,
      itemId: t.awards.itemId,
      revokedAt: t.awards.revokedAt,
      learnerName: t.users.name,
    })
    .from(t.credentials)
    .innerJoin(t.awards, eq(t.awards.id, t.credentials.awardId))
    .innerJoin(t.users, eq(t.users.id, t.awards.userId))
    .where(eq(t.credentials.id, id));
  return row ?? null;
}

/** A learner's credentials of live awards (newest key version first per award), bounded. */
export async function credentialsOfUser({ db, t }: Conn, userId: string, limit: number) {
  return db
    .select({
      id: t.credentials.id,
      awardId: t.credentials.awardId,
      itemId: t.awards.itemId,
      keyVersion: t.credentials.keyVersion,
      isPublic: t.credentials.isPublic,
      showName: t.credentials.showName,
      issuedAt: t.credentials.issuedAt,
    })
    .from(t.credentials)
    .innerJoin(t.awards, eq(t.awards.id, t.credentials.awardId))
    .where(and(eq(t.awards.userId, userId), isNull(t.awards.revokedAt)))
    .orderBy(desc(t.credentials.keyVersion), desc(t.credentials.issuedAt))
    .limit(limit);
}

/** Sets a credential's public page and name display; false when it is not this learner's. */
export async function setCredentialVisibility(
  { db, t }: Conn,
  input: { id: string; userId: string; isPublic: boolean; showName: boolean },
): Promise<boolean> {
  const owned = db.select({ id: t.awards.id }).from(t.awards).where(eq(t.awards.userId, input.userId));
  const rows = await db
    .update(t.credentials)
    .set({ isPublic: input.isPublic, showName: input.isPublic && input.showName })
    .where(and(eq(t.credentials.id, input.id), inArray(t.credentials.awardId, owned)))
    .returning({ id: t.credentials.id });
  return rows.length > 0;
}

/** Live awards without a credential under key `keyVersion`, oldest first: the bulk issue's work list. */
export async function awardsLackingCredential({ db, t }: Conn, keyVersion: number, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: t.awards.id })
    .from(t.awards)
    .leftJoin(t.credentials, and(eq(t.credentials.awardId, t.awards.id), eq(t.credentials.keyVersion, keyVersion)))
    .where(and(isNull(t.awards.revokedAt), isNull(t.credentials.id)))
    .orderBy(asc(t.awards.awardedAt), asc(t.awards.id))
    .limit(limit);
  return rows.map((r) => r.id);
}

export async function countAwardsLackingCredential({ db, t }: Conn, keyVersion: number): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)` })
    .from(t.awards)
    .leftJoin(t.credentials, and(eq(t.credentials.awardId, t.awards.id), eq(t.credentials.keyVersion, keyVersion)))
    .where(and(isNull(t.awards.revokedAt), isNull(t.credentials.id)));
  return Number(row?.n ?? 0);
}
