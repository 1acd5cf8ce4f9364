import { Outlet, useLoaderData } from "@remix-run/react";
import { AppShell } from "../components/app-shell";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { roleAreaLoader } from "../lib/role-layout.server";

/** /roster: staff only (the procedures check each action's permission again). */
export const loader = roleAreaLoader(["admin", "assistant"]);

export default function RosterArea() {
  const { user } = useLoaderData<typeof loader>();
  return (
    <AppShell user={user}>
      <Outlet />
    </AppShell>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
