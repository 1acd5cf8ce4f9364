import { buildAuditEntry, ForbiddenError, isConfiguredAdmin } from "@missionboard/core";
import { type Conn, insertAuditEntry, type UserRow, updateUser } from "@missionboard/db";
import type { AppSettings } from "../context";
import { startSession } from "./sessions";

export const DEACTIVATED_MESSAGE = "This account has been deactivated. Contact an administrator if you think this is a mistake.";

/**
 * The last step of every sign-in path (password, Google, Microsoft, first-run setup): refuses
 * deactivated accounts, applies ADMIN_EMAILS (promotes, never demotes; a promoted pending user is
 * approved), records the sign-in and starts a session. Call inside the caller's transaction.
 */
export async function admitUser(conn: Conn, user: UserRow, settings: AppSettings, now: Date, requestId: string | null) {
  if (user.status === "deactivated") throw new ForbiddenError(DEACTIVATED_MESSAGE);
  let role = user.role;
  let status = user.status;
  if (role !== "admin" && isConfiguredAdmin(settings.adminEmails, user.email)) {
    role = "admin";
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
  await updateUser(conn, user.id, { role, status, lastSignInAt: now }, now);
  const session = await startSession(conn, user.id, now, requestId);
  return { ...session, role, status };
}
