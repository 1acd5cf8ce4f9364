export const RELOAD_MODES = ["upsert", "truncate"] as const;
export type ReloadMode = (typeof RELOAD_MODES)[number];

export const RELOAD_SOURCES = ["api", "upload", "cli", "schedule"] as const;
export type ReloadSource = (typeof RELOAD_SOURCES)[number];

export const RELOAD_STATUSES = ["running", "succeeded", "failed"] as const;
export type ReloadStatus = (typeof RELOAD_STATUSES)[number];

export const OWUI_USER_SOURCES = ["api", "file", "placeholder"] as const;
export type OwuiUserSource = (typeof OWUI_USER_SOURCES)[number];

export const MISSION_ORIGINS = ["model", "manifest", "admin"] as const;
export type MissionOrigin = (typeof MISSION_ORIGINS)[number];
