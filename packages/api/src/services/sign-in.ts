import { buildAuditEntry, ForbiddenError, isConfiguredAdmin } from "@missionboard/core";
import { type Conn, insertAuditEntry, promoteByConfig, type UserRow, updateUser } from "@missionboard/db";
import type { AppSettings } from "../context";
import { linkByEmail } from "./people-linking";
import { startSession } from "./sessions";

export const DEACTIVATED_MESSAGE = "This account has been deactivated. Contact an administrator if you think this is a mistake.";

/**
 * The last step of every sign-in path (password, Google, Microsoft, first-run setup): refuses
 * deactivated accounts, applies ADMIN_EMAILS, records the sign-in, links the account's OpenWebUI
 * user by verified email and starts a session. Call inside the caller's transaction.
 *
 * ADMIN_EMAILS promotes an account once, and never one whose role an admin has decided (roster
 * "Change role"): a demotion on the roster sticks (see promoteByConfig). A promoted pending user
 * is approved.
 */
export async function admitUser(conn: Conn, user: UserRow, settings: AppSettings, now: Date, requestId: string | null) {
  if (user.status === "deactivated") throw new ForbiddenError(DEACTIVATED_MESSAGE);
  let role = user.role;
  let status: "active" | "pending" = user.status;
  if (role !== "admin" && !user.roleDecidedAt && isConfiguredAdmin(settings.adminEmails, user.email)) {
    const promoted = await promoteByConfig(conn, user.id, now);
    if (promoted) {
      role = promoted.role;
      status = "active";
      await insertAuditEntry(
        conn,
        buildAuditEntry(
          {
            actorId: null,
            action: "user.promoted_by_config",
            entityType: "user",
            entityId: user.id,
            metadata: { from: user.role, to: "admin" },
            requestId,
          },
          now,
        ),
      );
    }
  }
  await updateUser(conn, user.id, { lastSignInAt: now }, now);
  // docs/product/missions.md §M-18: an OpenWebUI user with this verified email follows the account.
  // Linking can award mission badges (ADR 029); their mail goes with the next wake of the sender.
  await linkByEmail(conn, now, { kind: "account", userId: user.id }, requestId, settings);
  const session = await startSession(conn, user.id, now, requestId);
  return { ...session, role, status };
}
