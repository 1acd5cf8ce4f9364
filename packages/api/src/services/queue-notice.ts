// The staff's in-app notice of the approval queue (docs/product/badges.md §B-7): one per staff member,
// "N requests waiting", kept current whenever the queue changes. The daily digest email stays.
import { type Conn, pendingQueueFacts, refreshRequestsWaitingNotices } from "@missionboard/db";

/**
 * Call in the transaction that changed the queue: `announce` when a request arrived (staff without
 * an unread notice get one), otherwise the unread notices only follow the count.
 */
export async function refreshQueueNotice(c: Conn, now: Date, announce: boolean): Promise<void> {
  const { pending } = await pendingQueueFacts(c);
  await refreshRequestsWaitingNotices(c, { pending, announce }, now);
}
