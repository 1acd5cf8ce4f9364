// The issuer's signing keys: a 32-byte Ed25519 seed per version, stored encrypted with AES-256-GCM
// under a key derived by scrypt from CREDENTIAL_KEY_SECRET (a fresh salt and IV per key). ADR 030.
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from "node:crypto";
import { RuleViolationError } from "@missionboard/core";

const FORMAT = "v1";

export const CREDENTIAL_KEY_MESSAGES = {
  noSecret: "Credentials cannot be issued: CREDENTIAL_KEY_SECRET is not set on this server. An administrator must set it and restart.",
  wrongSecret:
    "The credential signing key cannot be decrypted: CREDENTIAL_KEY_SECRET differs from the one the key was stored with. Restore the original secret.",
} as const;

const derive = (secret: string, salt: Buffer): Buffer => scryptSync(secret, salt, 32, { N: 1 << 14, r: 8, p: 1 });

export function encryptSeed(seed: Uint8Array, secret: string): string {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", derive(secret, salt), iv);
  const body = Buffer.concat([cipher.update(seed), cipher.final()]);
  return [FORMAT, salt, iv, cipher.getAuthTag(), body].map((p) => (typeof p === "string" ? p : p.toString("base64url"))).join(".");
}

export function decryptSeed(stored: string, secret: string): Uint8Array {
  const [format, salt, iv, tag, body] = stored.split(".");
  if (format !== FORMAT || !salt || !iv || !tag || !body) throw new Error("Unknown credential key format.");
  try {
    const decipher = createDecipheriv("aes-256-gcm", derive(secret, Buffer.from(salt, "base64url")), Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return new Uint8Array(Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]));
  } catch {
    throw new RuleViolationError(CREDENTIAL_KEY_MESSAGES.wrongSecret);
  }
}

/** A fresh seed. */
export const newSeed = (): Uint8Array => new Uint8Array(randomBytes(32));
