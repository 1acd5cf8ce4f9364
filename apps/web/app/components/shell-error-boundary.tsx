// Kept apart from error-boundary.tsx: the app shell pulls in the permission table (and with it
// @missionboard/core), which the signed-out pages' bundle has no need of.
import type { Role } from "@missionboard/core";
import { useRouteLoaderData } from "@remix-run/react";
import { AppShell } from "./app-shell";
import { GeneralErrorBoundary } from "./error-boundary";

/**
 * A route's error boundary: the error page inside the app's header for a signed-in user (the root
 * loader says who), on its own for everyone else.
 */
export function ShellErrorBoundary() {
  const root = useRouteLoaderData("root") as { shellUser?: { name: string; role: Role } | null } | undefined;
  if (root?.shellUser)
    return (
      <AppShell user={root.shellUser}>
        <GeneralErrorBoundary />
      </AppShell>
    );
  return (
    <main className="centered">
      <GeneralErrorBoundary />
    </main>
  );
}
