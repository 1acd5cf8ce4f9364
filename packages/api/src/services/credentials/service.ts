/// <reference path="./libs.d.ts" />
// Issuing Open Badges 3.0 credentials for awards, the issuer's DID document and status list, key
// rotation and verification (docs/product/credentials.md, ADR 030). Everything here runs inside
// the caller's transaction (store.tx) or read; signing is CPU only.
import { createHash, randomBytes } from "node:crypto";
import { createList } from "@digitalbazaar/vc-bitstring-status-list";
import {
  type AchievementInfo,
  buildAuditEntry,
  buildDidDocument,
  buildOpenBadgeCredential,
  buildStatusListCredential,
  DEV_CREDENTIAL_KEY_SECRET,
  didWebFromUrl,
  type EvidenceItem,
  type IssuerInfo,
  issuerProfileDocument,
  MULTIKEY_V1_CONTEXT,
  NotFoundError,
  RuleViolationError,
  STATUS_LIST_LENGTH,
  STATUS_LIST_NUMBER,
  verificationMethod,
  verificationMethodId,
} from "@missionboard/core";
import {
  allocateStatusIndex,
  awardEvidence,
  type Conn,
  type CredentialKeyRow,
  countCredentialsOfAwards,
  ensureStatusList,
  findAwardForCredential,
  findCatalogItems,
  findCredentialOfAward,
  insertAuditEntry,
  insertCredential,
  insertCredentialKey,
  listCredentialKeys,
  loadStatusList,
  newId,
  retireKeysBelow,
  revokedStatusIndexes,
  saveStatusList,
} from "@missionboard/db";
import type { AppSettings } from "../../context";
import { createDocumentLoader } from "./document-loader";
import { CREDENTIAL_KEY_MESSAGES, decryptSeed, encryptSeed, newSeed } from "./keys";
import {
  type Ed25519KeyPair,
  keyPairFromSeed,
  signCredential,
  signCredentialJwt,
  type VerifyOutcome,
  verifyCredentialDocument,
} from "./signing";

export { DEV_CREDENTIAL_KEY_SECRET };

/** Open Badges settings (web env: CREDENTIAL_KEY_SECRET, ISSUER_NAME, ISSUER_IMAGE_URL). */
export interface CredentialSettings {
  /** Null: issuing is refused (production without CREDENTIAL_KEY_SECRET). */
  keySecret: string | null;
  issuerName: string;
  /** The issuer's logo; null: none in the profile. */
  issuerImageUrl: string | null;
}

const DEFAULT_SETTINGS: CredentialSettings = { keySecret: DEV_CREDENTIAL_KEY_SECRET, issuerName: "Missionboard", issuerImageUrl: null };
const credentialSettings = (settings: AppSettings): CredentialSettings => settings.credentials ?? DEFAULT_SETTINGS;

/**
 * The evidence of a mission-based award: mission names and completion times, never chat text
 * (by default the badge program's `awardEvidence`, packages/db; empty for other awards).
 */
export type EvidenceSource = (conn: Conn, awardId: string) => Promise<readonly EvidenceItem[]>;

export const CREDENTIAL_MESSAGES = {
  noAward: "That award does not exist.",
  revoked: "A revoked award cannot be issued as a credential.",
  notFound: "That credential does not exist.",
} as const;

// --- URLs and the issuer

const base = (settings: AppSettings): string => settings.appUrl.replace(/\/+$/, "");
export const issuerDid = (settings: AppSettings): string => didWebFromUrl(base(settings));
export const statusListUrl = (settings: AppSettings): string => `${base(settings)}/credentials/status/${STATUS_LIST_NUMBER}`;
export const credentialUrl = (settings: AppSettings, id: string): string => `${base(settings)}/credentials/${id}`;
const itemUrl = (settings: AppSettings, itemId: string): string => `${base(settings)}/catalog?item=${itemId}`;
const imageUrl = (settings: AppSettings, itemId: string): string => `${base(settings)}/badge-image/${itemId}.png`;

export function issuerInfo(settings: AppSettings): IssuerInfo {
  const c = credentialSettings(settings);
  return { did: issuerDid(settings), name: c.issuerName, url: base(settings), image: c.issuerImageUrl };
}

export const issuerProfile = (settings: AppSettings): Record<string, unknown> => issuerProfileDocument(issuerInfo(settings));

// --- keys

const keyCache = new Map<string, Promise<Ed25519KeyPair>>();

function requireSecret(settings: AppSettings): string {
  const secret = credentialSettings(settings).keySecret;
  if (!secret) throw new RuleViolationError(CREDENTIAL_KEY_MESSAGES.noSecret);
  return secret;
}

async function keyPairOf(settings: AppSettings, key: CredentialKeyRow): Promise<Ed25519KeyPair> {
  const secret = requireSecret(settings);
  const did = issuerDid(settings);
  const cacheKey = createHash("sha256").update(`${secret}\n${did}\n${key.version}\n${key.encryptedSeed}`).digest("hex");
  let pair = keyCache.get(cacheKey);
  if (!pair) {
    pair = keyPairFromSeed(decryptSeed(key.encryptedSeed, secret), did, key.version);
    keyCache.set(cacheKey, pair);
    pair.catch(() => keyCache.delete(cacheKey));
  }
  return pair;
}

/** Adds key `version` (a fresh seed); false when another process added it first. */
async function createKey(conn: Conn, settings: AppSettings, version: number, now: Date): Promise<boolean> {
  const secret = requireSecret(settings);
  const seed = newSeed();
  const pair = await keyPairFromSeed(seed, issuerDid(settings), version);
  return insertCredentialKey(conn, { version, publicKeyMultibase: pair.publicKeyMultibase, encryptedSeed: encryptSeed(seed, secret) }, now);
}

/** The signing key (the highest unretired version), generated at first use. */
export async function currentKey(conn: Conn, settings: AppSettings, now: Date): Promise<{ version: number; pair: Ed25519KeyPair }> {
  requireSecret(settings);
  let keys = await listCredentialKeys(conn);
  if (keys.length === 0) {
    await createKey(conn, settings, 1, now);
    keys = await listCredentialKeys(conn);
  }
  const current = keys.filter((k) => !k.retiredAt).at(-1) ?? keys.at(-1);
  if (!current) throw new Error("No credential key.");
  return { version: current.version, pair: await keyPairOf(settings, current) };
}

/**
 * Rotation: a new key version signs from now on; older ones are marked retired and stay in the DID
 * document, so credentials they signed keep verifying. The status list is re-signed with the new key.
 */
export async function rotateKey(conn: Conn, settings: AppSettings, actorId: string | null, now: Date, requestId: string | null = null) {
  requireSecret(settings);
  const keys = await listCredentialKeys(conn);
  const version = (keys.at(-1)?.version ?? 0) + 1;
  if (!(await createKey(conn, settings, version, now)))
    throw new RuleViolationError("Another rotation just happened; reload and try again.");
  await retireKeysBelow(conn, version, actorId, now);
  if ((await loadStatusList(conn, STATUS_LIST_NUMBER))?.signedJson) await publishStatusList(conn, settings, now);
  await insertAuditEntry(
    conn,
    buildAuditEntry(
      {
        actorId,
        action: "credential.key_rotated",
        entityType: "credential_key",
        entityId: String(version),
        metadata: { version, retired: keys.filter((k) => !k.retiredAt).length },
        requestId,
      },
      now,
    ),
  );
  return { version };
}

// --- the offline documents of this issuer

/** The DID document: every key, retired ones marked. */
export async function didDocument(conn: Conn, settings: AppSettings): Promise<Record<string, unknown>> {
  const keys = await listCredentialKeys(conn);
  return buildDidDocument(issuerDid(settings), keys);
}

/**
 * A document loader that serves this issuer's DID document, its keys and the status list from
 * the database, and every context from packages; anything else throws.
 */
export function issuerDocumentLoader(conn: Conn, settings: AppSettings) {
  const did = issuerDid(settings);
  const listUrl = statusListUrl(settings);
  return createDocumentLoader(async (url) => {
    if (url === did) return didDocument(conn, settings);
    if (url.startsWith(`${did}#key-`)) {
      const version = Number(url.slice(did.length + 5));
      const key = (await listCredentialKeys(conn)).find((k) => k.version === version);
      return key ? { "@context": MULTIKEY_V1_CONTEXT, ...verificationMethod(did, key) } : undefined;
    }
    if (url === listUrl) {
      const json = (await loadStatusList(conn, STATUS_LIST_NUMBER))?.signedJson;
      return json ? JSON.parse(json) : undefined;
    }
    return undefined;
  });
}

// --- status list

/** Signs the revocation list again from the awards as they are now (revoked award → bit set). */
export async function publishStatusList(conn: Conn, settings: AppSettings, now: Date): Promise<void> {
  await ensureStatusList(conn, STATUS_LIST_NUMBER, now);
  const list = await createList({ length: STATUS_LIST_LENGTH });
  for (const index of await revokedStatusIndexes(conn)) list.setStatus(index, true);
  const { pair } = await currentKey(conn, settings, now);
  const unsigned = buildStatusListCredential({
    id: statusListUrl(settings),
    issuer: issuerInfo(settings),
    encodedList: await list.encode(),
    validFrom: now,
  });
  const signed = await signCredential(unsigned, pair, issuerDocumentLoader(conn, settings), now);
  await saveStatusList(conn, STATUS_LIST_NUMBER, JSON.stringify(signed), now);
}

/** After awards were revoked (in the same transaction): re-signs the list when any had a credential. */
export async function afterAwardsRevoked(conn: Conn, settings: AppSettings, awardIds: readonly string[], now: Date): Promise<void> {
  if ((await countCredentialsOfAwards(conn, awardIds)) === 0) return;
  await publishStatusList(conn, settings, now);
}

/** The signed status list credential (published on first issue); null before any credential exists. */
export async function statusListJson(conn: Conn): Promise<string | null> {
  return (await loadStatusList(conn, STATUS_LIST_NUMBER))?.signedJson ?? null;
}

// --- issuing

/** OB 3.0 IdentityObject hash: "sha256$" + hex(SHA-256(email + salt)). */
export function identityHash(email: string, salt: string): string {
  return `sha256$${createHash("sha256").update(`${email.trim().toLowerCase()}${salt}`).digest("hex")}`;
}

async function achievementOf(conn: Conn, settings: AppSettings, itemId: string): Promise<AchievementInfo> {
  const [item] = await findCatalogItems(conn, [itemId]);
  if (!item) throw new NotFoundError(CREDENTIAL_MESSAGES.noAward);
  const ancestorIds = [item.programId, item.kind === "mini_badge" ? item.parentId : null].filter(
    (id): id is string => !!id && id !== item.id,
  );
  const ancestors = await findCatalogItems(conn, ancestorIds);
  return {
    id: itemUrl(settings, item.id),
    kind: item.kind,
    name: item.title,
    description: item.description,
    criteria: item.criteria,
    image: imageUrl(settings, item.id),
    alignment: ancestors
      .filter((a) => a.kind === "program" || a.kind === "skill")
      .sort((a, b) => (a.kind === "program" ? -1 : 1) - (b.kind === "program" ? -1 : 1))
      .map((a) => ({ kind: a.kind as "program" | "skill", name: a.title, url: itemUrl(settings, a.id) })),
  };
}

/**
 * Issues the award's credential under the current key, once: a second call (or a racing one)
 * returns the stored credential's id with `created: false`.
 */
export async function issueCredential(
  conn: Conn,
  settings: AppSettings,
  awardId: string,
  now: Date,
  evidence: EvidenceSource = awardEvidence,
): Promise<{ id: string; created: boolean }> {
  const award = await findAwardForCredential(conn, awardId);
  if (!award) throw new NotFoundError(CREDENTIAL_MESSAGES.noAward);
  if (award.revokedAt) throw new RuleViolationError(CREDENTIAL_MESSAGES.revoked);
  const { version, pair } = await currentKey(conn, settings, now);
  const existing = await findCredentialOfAward(conn, awardId, version);
  if (existing) return { id: existing.id, created: false };

  await ensureStatusList(conn, STATUS_LIST_NUMBER, now);
  const statusIndex = await allocateStatusIndex(conn, STATUS_LIST_NUMBER, now);
  if (statusIndex >= STATUS_LIST_LENGTH) throw new RuleViolationError("The revocation list is full; no more credentials can be issued.");
  const id = newId();
  const salt = randomBytes(16).toString("base64url");
  const unsigned = buildOpenBadgeCredential({
    id: credentialUrl(settings, id),
    issuer: issuerInfo(settings),
    achievement: await achievementOf(conn, settings, award.itemId),
    subjectId: `urn:uuid:${crypto.randomUUID()}`,
    identityHash: identityHash(award.email, salt),
    identitySalt: salt,
    awardedAt: award.awardedAt,
    // The catalog has no expiry yet: no validUntil (OB 3.0 makes it optional).
    validUntil: null,
    evidence: await evidence(conn, awardId),
    status: { listUrl: statusListUrl(settings), index: statusIndex },
  });
  // The list must exist (signed) before a credential points at it.
  if (!(await statusListJson(conn))) await publishStatusList(conn, settings, now);
  const signed = await signCredential(unsigned, pair, issuerDocumentLoader(conn, settings), now);
  const jwt = await signCredentialJwt(signed, pair);
  const created = await insertCredential(conn, {
    id,
    awardId,
    keyVersion: version,
    statusIndex,
    signedJson: JSON.stringify(signed),
    jwt,
    issuedAt: now,
  });
  if (!created) {
    const raced = await findCredentialOfAward(conn, awardId, version);
    if (raced) return { id: raced.id, created: false };
  }
  return { id, created };
}

/** Verifies a stored (or uploaded) credential against this issuer's documents: proof, dates, status. */
export async function verifyAgainstIssuer(conn: Conn, settings: AppSettings, credential: object, now: Date): Promise<VerifyOutcome> {
  return verifyCredentialDocument(credential, issuerDocumentLoader(conn, settings), now);
}

export { verificationMethodId };
