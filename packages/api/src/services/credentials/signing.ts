/// <reference path="./libs.d.ts" />
// Signing and verifying with the Digital Bazaar / DCC libraries: Data Integrity proofs with the
// eddsa-rdfc-2022 cryptosuite, Ed25519 Multikeys made from a stored 32-byte seed, Bitstring Status
// List checks, and the VC-JWT form with jose (EdDSA). ADR 030.
import { DataIntegrityProof } from "@digitalbazaar/data-integrity";
import * as Ed25519Multikey from "@digitalbazaar/ed25519-multikey";
import { cryptosuite as eddsaRdfc2022 } from "@digitalbazaar/eddsa-rdfc-2022-cryptosuite";
import * as vc from "@digitalbazaar/vc";
import { checkStatus } from "@digitalbazaar/vc-bitstring-status-list";
import { verificationMethodId } from "@missionboard/core";
import { importJWK, SignJWT } from "jose";

export type Ed25519KeyPair = Ed25519Multikey.Ed25519KeyPair;

/** The key pair of key `version` of issuer `did`, re-created from its seed. */
export function keyPairFromSeed(seed: Uint8Array, did: string, version: number): Promise<Ed25519KeyPair> {
  return Ed25519Multikey.generate({ seed, id: verificationMethodId(did, version), controller: did });
}

/** Adds a Data Integrity proof (eddsa-rdfc-2022, proofPurpose assertionMethod) to `credential`. */
export async function signCredential(
  credential: Record<string, unknown>,
  keyPair: Ed25519KeyPair,
  documentLoader: vc.DocumentLoader,
  now: Date,
): Promise<Record<string, unknown>> {
  const suite = new DataIntegrityProof({ signer: keyPair.signer(), cryptosuite: eddsaRdfc2022, date: now });
  // vc.issue adds the proof to the object it is given: give it a copy.
  return vc.issue({ credential: structuredClone(credential), suite, documentLoader, now });
}

export interface VerifyOutcome {
  /** Proof, dates and (when present) the status list credential all check out. */
  verified: boolean;
  /** The revocation bit in the published list; null when it could not be read. */
  revoked: boolean | null;
  /** What failed, in the library's words (no personal data: the credential holds none in clear). */
  problems: string[];
}

const errorMessages = (error: unknown): string[] => {
  if (!error) return [];
  if (Array.isArray(error)) return error.flatMap(errorMessages);
  if (error instanceof Error) {
    const nested = (error as Error & { errors?: unknown[] }).errors;
    return [error.message, ...(nested ? errorMessages(nested) : [])];
  }
  return [String(error)];
};

/** Verifies proof, validity dates and revocation status with the libraries' own verifier. */
export async function verifyCredentialDocument(credential: object, documentLoader: vc.DocumentLoader, now: Date): Promise<VerifyOutcome> {
  const suite = new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });
  let revoked: boolean | null = null;
  const result = await vc.verifyCredential({
    credential,
    suite,
    documentLoader,
    now,
    checkStatus: async ({ credential: c }) => {
      const status = await checkStatus({ credential: c, documentLoader, suite, verifyBitstringStatusListCredential: true });
      const first = status.results?.[0];
      if (status.verified && typeof first?.status === "boolean") revoked = first.status;
      return status;
    },
  });
  const problems = result.verified ? [] : errorMessages(result.error ?? (result.statusResult as { error?: unknown })?.error);
  if (!result.verified && problems.length === 0) problems.push("The credential did not verify.");
  return { verified: result.verified, revoked, problems };
}

/**
 * The VC-JWT form (Open Badges 3.0 §8.2): the unsigned credential as the `vc` claim, with
 * iss/jti/sub/nbf (and exp when it expires), signed EdDSA with the same key; `kid` is the key's
 * DID URL, so a verifier finds the public key in the DID document.
 */
export async function signCredentialJwt(credential: Record<string, unknown>, keyPair: Ed25519KeyPair): Promise<string> {
  const { proof: _proof, ...unsigned } = credential;
  const jwk = await Ed25519Multikey.toJwk({ keyPair, secretKey: true });
  // The library's `d` is the 64-byte secret (seed then public key); JOSE's is the 32-byte seed.
  const d = Buffer.from(jwk.d ?? "", "base64url")
    .subarray(0, 32)
    .toString("base64url");
  const key = await importJWK({ ...jwk, d, alg: "EdDSA" }, "EdDSA");
  const subject = (unsigned.credentialSubject as { id?: string } | undefined)?.id;
  const issuer = unsigned.issuer as { id: string };
  const jwt = new SignJWT({ vc: unsigned })
    .setProtectedHeader({ alg: "EdDSA", typ: "JWT", kid: keyPair.id })
    .setIssuer(issuer.id)
    .setJti(String(unsigned.id))
    .setNotBefore(Math.floor(Date.parse(String(unsigned.validFrom)) / 1000));
  if (subject) jwt.setSubject(subject);
  if (typeof unsigned.validUntil === "string") jwt.setExpirationTime(Math.floor(Date.parse(unsigned.validUntil) / 1000));
  return jwt.sign(key);
}
