// Open Badges 3.0 credentials (docs/product/credentials.md, ADR 030): the unsigned JSON of the
// issuer's DID document, its profile, an OpenBadgeCredential and the Bitstring Status List
// credential. Pure: the api signs them and supplies ids, dates and hashes.
import type { ItemKind } from "../badges/kinds";

export const VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2";
export const OB_V3_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
export const DID_V1_CONTEXT = "https://www.w3.org/ns/did/v1";
export const MULTIKEY_V1_CONTEXT = "https://w3id.org/security/multikey/v1";

/** Slots in the one revocation list: 131,072 bits (16 KB), the spec's minimum for herd privacy. */
export const STATUS_LIST_LENGTH = 131_072;
/** The one list's number in its URL (`/credentials/status/1`). */
export const STATUS_LIST_NUMBER = 1;

/** What each catalog kind is called in OB 3.0's achievementType vocabulary. */
export const ACHIEVEMENT_TYPES: Readonly<Record<ItemKind, string>> = {
  program: "Certificate",
  skill: "Competency",
  mini_badge: "Badge",
  capstone: "Achievement",
  progress_badge: "Badge",
};

/**
 * The did:web of an app URL (did:web §3.2): host, with the port's colon percent-encoded, then each
 * path segment after a colon.
 *
 * @example
 * didWebFromUrl("https://badges.example.org") // "did:web:badges.example.org"
 * didWebFromUrl("http://localhost:3000/mb")   // "did:web:localhost%3A3000:mb"
 */
export function didWebFromUrl(appUrl: string): string {
  const url = new URL(appUrl);
  const segments = url.pathname.split("/").filter(Boolean).map(encodeURIComponent);
  return ["did:web", encodeURIComponent(url.host), ...segments].join(":");
}

/** Where did:web resolves the DID document: /.well-known/did.json, or <path>/did.json. */
export function didDocumentPath(appUrl: string): string {
  const path = new URL(appUrl).pathname.replace(/\/+$/, "");
  return path === "" ? "/.well-known/did.json" : `${path}/did.json`;
}

/** A key's id in the DID document: `#key-<version>`. */
export const keyFragment = (version: number): string => `key-${version}`;
export const verificationMethodId = (did: string, version: number): string => `${did}#${keyFragment(version)}`;

export interface DidKey {
  version: number;
  publicKeyMultibase: string;
  retiredAt: Date | null;
}

/**
 * A retired key's marker in the DID document. Multikey's own `revoked` would tell verifiers to
 * distrust every signature the key made, which is not what rotation means, so the document
 * defines its own term (JSON-LD, so the document stays fully defined).
 */
export const RETIRED_TERM_CONTEXT = {
  retired: { "@id": "urn:missionboard:terms:retired", "@type": "http://www.w3.org/2001/XMLSchema#dateTime" },
} as const;

/**
 * The issuer's DID document: every key, current and retired (marked `retired` with the time), so
 * credentials signed before a rotation keep verifying. `assertionMethod` lists every key because a
 * verifier of an old credential looks for its key there; only the current key signs new ones.
 */
export function buildDidDocument(did: string, keys: readonly DidKey[]): Record<string, unknown> {
  const sorted = [...keys].sort((a, b) => a.version - b.version);
  return {
    "@context": [DID_V1_CONTEXT, MULTIKEY_V1_CONTEXT, RETIRED_TERM_CONTEXT],
    id: did,
    verificationMethod: sorted.map((key) => ({
      ...verificationMethod(did, key),
      ...(key.retiredAt ? { retired: dateTimeZ(key.retiredAt) } : {}),
    })),
    assertionMethod: sorted.map((key) => verificationMethodId(did, key.version)),
  };
}

/** One key as a Multikey verification method (the document a verifier loads for a proof's key). */
export function verificationMethod(did: string, key: Pick<DidKey, "version" | "publicKeyMultibase">): Record<string, unknown> {
  return {
    id: verificationMethodId(did, key.version),
    type: "Multikey",
    controller: did,
    publicKeyMultibase: key.publicKeyMultibase,
  };
}

export interface IssuerInfo {
  did: string;
  name: string;
  /** The app's URL (the issuer's homepage). */
  url: string;
  image: string | null;
  email?: string | null;
}

/** The issuer Profile as used inside credentials and served at /issuer. */
export function issuerProfile(issuer: IssuerInfo): Record<string, unknown> {
  return {
    id: issuer.did,
    type: ["Profile"],
    name: issuer.name,
    url: issuer.url,
    ...(issuer.image ? { image: { id: issuer.image, type: "Image" } } : {}),
    ...(issuer.email ? { email: issuer.email } : {}),
  };
}

/** The profile as its own JSON-LD document (GET /issuer). */
export const issuerProfileDocument = (issuer: IssuerInfo): Record<string, unknown> => ({
  "@context": [VC_V2_CONTEXT, OB_V3_CONTEXT],
  ...issuerProfile(issuer),
});

export interface AchievementInfo {
  /** The achievement's URL (the catalog item's page). */
  id: string;
  kind: ItemKind;
  name: string;
  description: string | null;
  criteria: string | null;
  image: string | null;
  /** The program and skill it belongs to, each with the URL of its catalog page. */
  alignment: readonly { name: string; url: string; kind: "program" | "skill" }[];
}

export interface EvidenceItem {
  missionName: string;
  /** Null when OpenWebUI gave the completing message no time. */
  completedAt: Date | null;
}

export interface CredentialInput {
  /** The credential's URL: `<app>/credentials/<id>`. */
  id: string;
  issuer: IssuerInfo;
  achievement: AchievementInfo;
  /** `urn:uuid:<uuid>`: the learner's id in credentials (stable, not their account id). */
  subjectId: string;
  /** `sha256$<hex>` of salt + email, and the salt (OB 3.0 IdentityObject). */
  identityHash: string;
  identitySalt: string;
  awardedAt: Date;
  validUntil: Date | null;
  evidence: readonly EvidenceItem[];
  status: { listUrl: string; index: number };
}

/** DateTimeZ without milliseconds (what OB 3.0's examples and most validators expect). */
export const dateTimeZ = (date: Date): string => `${date.toISOString().slice(0, 19)}Z`;

/** Description text OB 3.0 requires; the catalog may have none. */
const describe = (a: AchievementInfo): string => a.description?.trim() || `The ${a.name} badge.`;
const criteriaNarrative = (a: AchievementInfo): string => a.criteria?.trim() || describe(a);

/** The unsigned OpenBadgeCredential of one award. */
export function buildOpenBadgeCredential(input: CredentialInput): Record<string, unknown> {
  const { achievement: a } = input;
  return {
    "@context": [VC_V2_CONTEXT, OB_V3_CONTEXT],
    id: input.id,
    type: ["VerifiableCredential", "OpenBadgeCredential"],
    issuer: issuerProfile(input.issuer),
    validFrom: dateTimeZ(input.awardedAt),
    ...(input.validUntil ? { validUntil: dateTimeZ(input.validUntil) } : {}),
    name: a.name,
    credentialSubject: {
      id: input.subjectId,
      type: ["AchievementSubject"],
      identifier: [
        {
          type: "IdentityObject",
          identityType: "emailAddress",
          hashed: true,
          identityHash: input.identityHash,
          salt: input.identitySalt,
        },
      ],
      achievement: {
        id: a.id,
        type: ["Achievement"],
        achievementType: ACHIEVEMENT_TYPES[a.kind],
        name: a.name,
        description: describe(a),
        criteria: { narrative: criteriaNarrative(a) },
        ...(a.image ? { image: { id: a.image, type: "Image" } } : {}),
        ...(a.alignment.length
          ? {
              alignment: a.alignment.map((al) => ({
                type: ["Alignment"],
                targetName: al.name,
                targetUrl: al.url,
                targetType: al.kind === "program" ? "ext:Program" : "ext:Skill",
              })),
            }
          : {}),
      },
    },
    ...(input.evidence.length
      ? {
          evidence: input.evidence.map((e) => ({
            type: ["Evidence"],
            name: e.missionName,
            description: e.completedAt ? `Mission completed ${dateTimeZ(e.completedAt)}` : "Mission completed",
          })),
        }
      : {}),
    credentialStatus: {
      id: `${input.status.listUrl}#${input.status.index}`,
      type: "BitstringStatusListEntry",
      statusPurpose: "revocation",
      statusListIndex: String(input.status.index),
      statusListCredential: input.status.listUrl,
    },
  };
}

/** The unsigned status list credential, given the encoded list (`u` + base64url GZIP bits). */
export function buildStatusListCredential(input: {
  id: string;
  issuer: IssuerInfo;
  encodedList: string;
  validFrom: Date;
}): Record<string, unknown> {
  return {
    "@context": [VC_V2_CONTEXT],
    id: input.id,
    type: ["VerifiableCredential", "BitstringStatusListCredential"],
    issuer: input.issuer.did,
    validFrom: dateTimeZ(input.validFrom),
    credentialSubject: {
      id: `${input.id}#list`,
      type: "BitstringStatusList",
      statusPurpose: "revocation",
      encodedList: input.encodedList,
    },
  };
}
