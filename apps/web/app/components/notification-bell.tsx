import { NavLink } from "@remix-run/react";
import { Bell } from "lucide-react";
import { useLivePoll } from "../lib/use-live-query";

/** How often an open page asks for the unread count (skipped while the tab is hidden). */
export const BELL_REFRESH_MS = 10_000;

/**
 * The bell: a link to /notifications with the unread count, spelled out for screen readers. The
 * count comes with the page (no JavaScript needed); with JavaScript it is refreshed through
 * /api/trpc every few seconds while the tab is visible, and at once when the tab comes back.
 */
export function NotificationBell({ unread }: { unread: number | undefined }) {
  if (unread === undefined) return <BellLink unread={undefined} />;
  return <LiveBell unread={unread} />;
}

function LiveBell({ unread: initial }: { unread: number }) {
  const unread = useLivePoll(initial, (api, signal) => api.notification.unreadCount.query(undefined, { signal }), {
    intervalMs: BELL_REFRESH_MS,
    skip: () => document.hidden,
    refreshOnFocus: true,
  });
  return <BellLink unread={unread} />;
}

function BellLink({ unread }: { unread: number | undefined }) {
  const label = unread ? `Notifications, ${unread} unread` : "Notifications";
  return (
    <NavLink to="/notifications" className="bell" aria-label={label} title={label} data-unread={unread ?? ""}>
      <Bell className="icon" aria-hidden="true" />
      {unread ? (
        <span className="bell-count" aria-hidden="true">
          {unread > 99 ? "99+" : unread}
        </span>
      ) : null}
    </NavLink>
  );
}
