import { Outlet, useLoaderData } from "@remix-run/react";
import { AppShell } from "../components/app-shell";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { roleAreaLoader } from "../lib/role-layout.server";

export const loader = roleAreaLoader(["admin", "assistant"]);

export default function StaffArea() {
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
