import type { Role } from "@missionboard/core";
import { Form, NavLink } from "@remix-run/react";
import { LogOut } from "lucide-react";
import type { ReactNode } from "react";
import { navFor } from "../lib/nav";
import { NotificationBell } from "./notification-bell";
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
