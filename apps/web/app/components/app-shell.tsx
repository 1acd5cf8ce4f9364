import type { Role } from "@missionboard/core";
import { Form, NavLink } from "@remix-run/react";
import { Bell, LogOut } from "lucide-react";
import type { ReactNode } from "react";
import { navFor } from "../lib/nav";
import { Button } from "./ui/button";

interface ShellProps {
  user: { name: string; role: Role; unread?: number };
  /** Unread notifications for the bell; defaults to `user.unread`, no count shown when absent. */
  unread?: number;
  children: ReactNode;
}

export function AppShell({ user, unread = user.unread, children }: ShellProps) {
  return (
    <div className="shell">
      <header className="topbar">
        <a className="brand" href="/">
          Missionboard
        </a>
        <nav aria-label="Main">
          {navFor(user.role).map((item) => (
            <NavLink key={item.to} to={item.to} end>
              {item.label}
            </NavLink>
          ))}
        </nav>
        <div className="who">
          <NotificationBell unread={unread} />
          <span className="who-name">
            {user.name} <span className="role-tag">{user.role}</span>
          </span>
          <Form method="post" action="/logout">
            <Button type="submit" variant="ghost" icon={LogOut}>
              Sign out
            </Button>
          </Form>
        </div>
      </header>
      <main className="content">{children}</main>
    </div>
  );
}

/** The bell: a link to /notifications with the unread count, spelled out for screen readers. */
function NotificationBell({ unread }: { unread: number | undefined }) {
  const label = unread ? `Notifications, ${unread} unread` : "Notifications";
  return (
    <NavLink to="/notifications" className="bell" aria-label={label} title={label}>
      <Bell className="icon" aria-hidden="true" />
      {unread ? (
        <span className="bell-count" aria-hidden="true">
          {unread > 99 ? "99+" : unread}
        </span>
      ) : null}
    </NavLink>
  );
}
