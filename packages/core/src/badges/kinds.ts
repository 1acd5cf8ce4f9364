export const ITEM_KINDS = ["program", "skill", "mini_badge", "capstone", "progress_badge"] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

/** What each kind hangs under in the catalog tree. */
export const PARENT_KIND: Record<ItemKind, ItemKind | null> = {
  program: null,
  skill: "program",
  mini_badge: "skill",
  capstone: "program",
  progress_badge: "program",
};

/** Kinds a student earns through a request and staff approval. */
export const REQUESTABLE_KINDS = ["mini_badge", "capstone"] as const satisfies readonly ItemKind[];

export const REQUEST_STATUSES = ["pending", "approved", "rejected", "withdrawn"] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/**
 * request: approved request; auto: progression; manual: an admin's award with a reason; mission: a
 * mission rule the learner's completions satisfied (core mission-rules.ts, ADR 029).
 */
export const AWARD_SOURCES = ["request", "auto", "manual", "mission"] as const;
export type AwardSource = (typeof AWARD_SOURCES)[number];

/** rank_up: a learner reached a higher mission rank (docs/product/missions.md §M-14). requests_waiting: staff only, one unread per person, kept up to date (docs/product/badges.md §B-7). */
export const NOTIFICATION_KINDS = [
  "request_approved",
  "request_rejected",
  "badge_awarded",
  "badge_revoked",
  "requests_waiting",
  "rank_up",
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** The staff's in-app notice of the approval queue: "1 request waiting", "3 requests waiting". */
export const requestsWaitingTitle = (pending: number): string => `${pending} ${pending === 1 ? "request" : "requests"} waiting`;
