// All chats (staff) and the transcript view: the filters both the page and the export use.

/** `mission`: chats with at least one attempt; `regular`: chats with none; `completed`: chats that completed a mission. */
export const CHAT_KINDS = ["mission", "regular", "completed"] as const;
export type ChatKind = (typeof CHAT_KINDS)[number];

/** Chats per page of All chats. */
export const CHAT_PAGE_SIZE = 25;
/**
 * Pages reachable by paging (bounded offset): beyond this, narrow the filters. The total is counted
 * up to the same bound, so a search matching half the data set costs no more than this many rows.
 */
export const CHAT_PAGES_MAX = 200;
export const CHAT_COUNT_CAP = CHAT_PAGE_SIZE * CHAT_PAGES_MAX;

/** A transcript shows at most this many messages of the active branch (ingest limits keep real chats far below). */
export const TRANSCRIPT_MESSAGES_MAX = 2000;
