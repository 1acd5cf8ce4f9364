import type { Role } from "@missionboard/core";
import { Form, Link, useLocation } from "@remix-run/react";
import { LogOut, Menu } from "lucide-react";
import { type ReactNode, useEffect, useRef } from "react";
import { type NavGroup, navGroupsFor } from "../lib/nav";
import { NotificationBell } from "./notification-bell";
import { Button } from "./ui/button";

export interface ShellUser {
  name: string;
  role: Role;
  unread?: number;
}

interface ShellProps {
  user: ShellUser;
  /** Unread notifications for the bell; defaults to `user.unread`, no count shown when absent. */
  unread?: number;
  children: ReactNode;
}

/**
 * The frame of every signed-in page (docs/product/interface.md §U-1, ADR app-shell): a top bar, the
 * navigation grouped by task in a sidebar from tablet width up, and on a phone the same navigation
 * in a closed <details> menu, so the page's content starts in the first screen and the menu opens
 * without JavaScript. The sidebar and the menu are two renderings of one list; CSS shows one.
 */
export function AppShell({ user, unread = user.unread, children }: ShellProps) {
  const groups = navGroupsFor(user.role);
  const menu = useRef<HTMLDetailsElement>(null);
  const { pathname } = useLocation();
  // With JavaScript a link opens the next page in place: the menu closes as a full load would.
  useEffect(() => {
    if (menu.current && pathname) menu.current.open = false;
  }, [pathname]);
  return (
    <div className="shell">
      <a className="skip-link" href="#content">
        Skip to content
      </a>
      <header className="topbar">
        <a className="brand" href="/">
          Missionboard
        </a>
        <div className="who">
          <NotificationBell unread={unread} />
          <Who user={user} className="who-wide" pathname={pathname} />
        </div>
        <details className="menu" ref={menu}>
          <summary>
            <Menu className="icon" aria-hidden="true" />
            Menu
          </summary>
          <div className="menu-panel">
            <MainNav groups={groups} idPrefix="menu" pathname={pathname} />
            <Who user={user} className="who-menu" pathname={pathname} />
          </div>
        </details>
      </header>
      <div className="shell-body">
        <MainNav groups={groups} idPrefix="side" className="sidebar" pathname={pathname} />
        <main className="content" id="content">
          {children}
        </main>
      </div>
    </div>
  );
}

/**
 * A link of the shell to `to`, marked as the current page (aria-current, and the `active` class the
 * styles use) when the location is exactly `to`, as NavLink with `end` marks it. NavLink resolves
 * its target and reads the location and navigation state again for each of the shell's ~30 links on
 * every render; the shell reads the location once and compares it.
 */
function ShellLink({ to, pathname, className, children }: { to: string; pathname: string; className?: string; children: ReactNode }) {
  const current = pathname.toLowerCase() === to.toLowerCase();
  return (
    <Link
      to={to}
      aria-current={current ? "page" : undefined}
      className={[className, current && "active"].filter(Boolean).join(" ") || undefined}
    >
      {children}
    </Link>
  );
}

function MainNav({
  groups,
  idPrefix,
  className,
  pathname,
}: {
  groups: NavGroup[];
  idPrefix: string;
  className?: string;
  pathname: string;
}) {
  return (
    <nav aria-label="Main" className={className ? `main-nav ${className}` : "main-nav"}>
      {groups.map((group) => {
        const id = `${idPrefix}-nav-${group.label.toLowerCase()}`;
        return (
          <div className="nav-group" key={group.label}>
            <p className="nav-group-title" id={id}>
              {group.label}
            </p>
            <ul aria-labelledby={id}>
              {group.items.map((item) => (
                <li key={item.to}>
                  <ShellLink to={item.to} pathname={pathname}>
                    {item.label}
                  </ShellLink>
                </li>
              ))}
            </ul>
          </div>
        );
      })}
    </nav>
  );
}

/** Who is signed in (their name opens the profile), and the way out. */
function Who({ user, className, pathname }: { user: ShellUser; className: string; pathname: string }) {
  return (
    <div className={`who-name ${className}`}>
      <ShellLink to="/profile" pathname={pathname} className="who-profile">
        {user.name}
      </ShellLink>
      <span className="role-tag">{user.role}</span>
      <Form method="post" action="/logout">
        <Button type="submit" variant="ghost" icon={LogOut}>
          Sign out
        </Button>
      </Form>
    </div>
  );
}
