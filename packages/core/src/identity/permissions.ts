import type { Role } from "./roles";

/**
 * The single source of truth for who may do what. Every procedure names one permission (or is
 * public / open to any signed-in user), and the api's role matrix test walks every procedure
 * against every role using this table.
 */
export const PERMISSIONS = {
  "audit.read": ["admin"],
  /** See the roster and each user's onboarding answers. */
  "roster.read": ["admin", "assistant"],
  /** Approve a pending registration. */
  "roster.approve": ["admin", "assistant"],
  /** Reject a pending registration. */
  "roster.reject": ["admin"],
  /** Change roles, deactivate/reactivate, pre-create users. */
  "roster.manage": ["admin"],
  /** Read the mail outbox (development mail and delivery status). */
  "outbox.read": ["admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export const can = (role: Role, permission: Permission): boolean => (PERMISSIONS[permission] as readonly Role[]).includes(role);
