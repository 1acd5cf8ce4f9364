// The stored states of campaign credit uploads and the campaign settings' choices
// (docs/decisions/025-credit-snapshots.md). The rules on credit rows live in ../credits/.

/**
 * An upload is `pending` until an admin confirms its preview, then `current` (the campaign views
 * read it; at most one is), then `superseded` by a later confirmation. An earlier snapshot can be
 * made current again; nothing is ever deleted except a pending upload nobody confirmed.
 */
export const CREDIT_SNAPSHOT_STATUSES = ["pending", "current", "superseded"] as const;
export type CreditSnapshotStatus = (typeof CREDIT_SNAPSHOT_STATUSES)[number];

/** What ranks follow on the campaign: detected mission points, or the official (credited) points. */
export const CAMPAIGN_RANK_SOURCES = ["detected", "official"] as const;
export type CampaignRankSource = (typeof CAMPAIGN_RANK_SOURCES)[number];

/** Default similarity a fuzzy mission-name match must reach (analytics spec §5.7). */
export const CAMPAIGN_DEFAULT_SIMILARITY = 0.82;
