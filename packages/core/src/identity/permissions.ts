import type { Role } from "./roles";

/**
 * The single source of truth for who may do what. Every procedure names one permission (or is
 * public / open to any signed-in user), and the api's role matrix test walks every procedure
 * against every role using this table.
 */
export const PERMISSIONS = {
  "audit.read": ["admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export const can = (role: Role, permission: Permission): boolean => (PERMISSIONS[permission] as readonly Role[]).includes(role);
