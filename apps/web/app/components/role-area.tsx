import { Outlet, useLoaderData } from "@remix-run/react";
import type { roleAreaLoader } from "../lib/role-layout.server";
import { AppShell } from "./app-shell";
import { ShellErrorBoundary } from "./shell-error-boundary";

/**
 * The layout of a role area (/admin, /staff, /student, /roster): the shell around the child
 * routes. Each area's route module pairs it with `roleAreaLoader(roles)`.
 */
export function RoleAreaLayout() {
  const { user } = useLoaderData<ReturnType<typeof roleAreaLoader>>();
  return (
    <AppShell user={user}>
      <Outlet />
    </AppShell>
  );
}

export const RoleAreaErrorBoundary = ShellErrorBoundary;
