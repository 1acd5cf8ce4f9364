export const ROLES = ["admin", "assistant", "student"] as const;
export type Role = (typeof ROLES)[number];

export const USER_STATUSES = ["active", "pending", "deactivated"] as const;
export type UserStatus = (typeof USER_STATUSES)[number];
