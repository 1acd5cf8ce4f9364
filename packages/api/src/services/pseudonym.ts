import { createHmac, randomBytes } from "node:crypto";

// Without a configured key (EXPORT_SECRET, which defaults to SESSION_SECRET in the web app) a
// random per-process key is used: pseudonyms stay unlinkable, only not stable across restarts.
const fallbackKey = randomBytes(32).toString("hex");

/**
 * The pseudonym of a user in exports: a keyed hash (HMAC-SHA256) of the user id, e.g.
 * `user-3f9a1c2b4d5e`. The same user gets the same pseudonym in every file made with one key, so
 * rows can still be joined; without the key it cannot be traced back to the id or the email.
 */
export function pseudonymizer(key: string | undefined): (userId: string) => string {
  const secret = key || fallbackKey;
  return (userId) => `user-${createHmac("sha256", secret).update(`export-pseudonym:${userId}`).digest("hex").slice(0, 12)}`;
}
