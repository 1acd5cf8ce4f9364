// The stored states of campaign credit uploads and the campaign settings' choices
// (docs/decisions/025-credit-snapshots.md). The rules on credit rows live in ../credits/.
import type { RankSource } from "../credits/points";

/**
 * An upload is `pending` until an admin confirms its preview, then `current` (the campaign views
 * read it; at most one is), then `superseded` by a later confirmation. An earlier snapshot can be
 * made current again; nothing is ever deleted except a pending upload nobody confirmed.
 */
export const CREDIT_SNAPSHOT_STATUSES = ["pending", "current", "superseded"] as const;
export type CreditSnapshotStatus = (typeof CREDIT_SNAPSHOT_STATUSES)[number];

/** The values of the rank-source setting (../credits/points.ts chooseRankSource), for the settings column. */
export const CAMPAIGN_RANK_SOURCES = ["detected", "official"] as const satisfies readonly RankSource[];
