import { createHash, randomBytes } from "node:crypto";
import type { TokenPurpose } from "@missionboard/core";
import { type Conn, consumeAuthToken, insertAuthToken, revokeAuthTokens } from "@missionboard/db";

export const TOKEN_TTL_MS: Record<TokenPurpose, number> = {
  verify_email: 24 * 60 * 60_000,
  reset_password: 60 * 60_000,
};

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** Issues a single-use emailed token; older unused tokens of the same purpose stop working. */
export async function issueToken(conn: Conn, userId: string, purpose: TokenPurpose, now: Date): Promise<string> {
  await revokeAuthTokens(conn, userId, purpose, now);
  const token = randomBytes(32).toString("base64url");
  await insertAuthToken(conn, { id: hashToken(token), userId, purpose, expiresAt: new Date(now.getTime() + TOKEN_TTL_MS[purpose]), now });
  return token;
}

/** The token's user if it is valid, unused and unexpired; it is used up either way. */
export async function redeemToken(conn: Conn, token: string, purpose: TokenPurpose, now: Date): Promise<string | null> {
  if (!/^[\w-]{20,100}$/.test(token)) return null;
  return consumeAuthToken(conn, hashToken(token), purpose, now);
}
