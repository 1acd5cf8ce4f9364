// What counts as a strong server secret (SESSION_SECRET, EXPORT_SECRET) in production.

/** Fewest characters a production secret may have. */
export const SECRET_MIN_LENGTH = 32;
/**
 * Fewest bits of estimated entropy (length × per-character Shannon entropy of the value itself).
 * The estimate reads low for short random strings (32 random hex characters, truly 128 bits,
 * estimate about 118), hence 96.
 */
export const SECRET_MIN_BITS = 96;

/** Published values (the built-in development secret, .env.example's placeholder): never secret. */
export const PUBLIC_SECRETS: readonly string[] = [
  "missionboard-development-secret-not-for-production",
  "change-me-to-a-long-random-string",
  "missionboard-development-credential-key-not-for-production",
];

/** CREDENTIAL_KEY_SECRET's built-in value outside production (published, so production refuses it). */
export const DEV_CREDENTIAL_KEY_SECRET = "missionboard-development-credential-key-not-for-production";

/** Bits of entropy estimated from the characters actually used (a lower bound for random strings). */
export function estimateSecretBits(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  const length = [...value].length;
  let perChar = 0;
  for (const n of counts.values()) perChar -= (n / length) * Math.log2(n / length);
  return Math.round(perChar * length);
}

/**
 * Why a secret is not strong enough for production, or null when it is. Strong means: not a
 * published value, at least 32 characters, not one block repeated, and at least 96 bits by
 * `estimateSecretBits`; `openssl rand -hex 32` (estimate ≈ 240 bits) and `-base64 32` pass.
 *
 * | value                                 | result                                      |
 * |---------------------------------------|---------------------------------------------|
 * | (64 random hex characters)            | null                                        |
 * | "change-me-to-a-long-random-string"   | is a published example value                |
 * | "short-secret"                        | must be at least 32 characters              |
 * | "passwordpassword…"                    | repeats "password"                           |
 * | "abcd…" 40 characters of four letters  | is too predictable (80 bits; need 96)        |
 */
export function secretWeakness(value: string): string | null {
  if (PUBLIC_SECRETS.includes(value)) return "is a published example value; generate your own (openssl rand -hex 32)";
  if ([...value].length < SECRET_MIN_LENGTH) return `must be at least ${SECRET_MIN_LENGTH} characters (openssl rand -hex 32)`;
  const block = repeatedBlock(value);
  if (block) return `is the same ${[...block].length} characters repeated; use openssl rand -hex 32`;
  const bits = estimateSecretBits(value);
  if (bits < SECRET_MIN_BITS) return `is too predictable (about ${bits} bits; need ${SECRET_MIN_BITS}); use openssl rand -hex 32`;
  return null;
}

/** The shortest block the whole value repeats (at least twice), or null. */
function repeatedBlock(value: string): string | null {
  const match = /^(.+?)\1+$/su.exec(value);
  return match?.[1] ?? null;
}
