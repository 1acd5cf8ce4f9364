import type { Role } from "@missionboard/core";
import { Form, NavLink } from "@remix-run/react";
import type { ReactNode } from "react";
import { navFor } from "../lib/nav";

interface ShellProps {
  user: { name: string; role: Role };
  children: ReactNode;
}

export function AppShell({ user, children }: ShellProps) {
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
          <span>
            {user.name} <span className="role-tag">{user.role}</span>
          </span>
          <Form method="post" action="/logout">
            <button type="submit" className="button link">
              Sign out
            </button>
          </Form>
        </div>
      </header>
      <main className="content">{children}</main>
    </div>
  );
}
