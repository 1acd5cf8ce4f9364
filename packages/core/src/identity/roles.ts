export const ROLES = ["admin", "assistant", "student"] as const;
export type Role = (typeof ROLES)[number];

export const USER_STATUSES = ["active", "pending", "deactivated"] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export const USER_ORIGINS = ["local", "google", "microsoft", "precreated", "setup"] as const;
export type UserOrigin = (typeof USER_ORIGINS)[number];

export const OAUTH_PROVIDERS = ["google", "microsoft"] as const;
export type OAuthProvider = (typeof OAUTH_PROVIDERS)[number];

export const TOKEN_PURPOSES = ["verify_email", "reset_password"] as const;
export type TokenPurpose = (typeof TOKEN_PURPOSES)[number];
