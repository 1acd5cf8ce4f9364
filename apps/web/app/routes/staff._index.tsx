import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { QueueStats } from "../components/queue-stats";
import { toRouteError } from "../lib/api.server";
import { requireUser } from "../lib/auth.server";

export const meta: MetaFunction = () => [{ title: "Staff · Missionboard" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, user, requestId } = await requireUser(request, context);
  const figures = await api.dashboard.staff().catch(toRouteError(request, requestId));
  return { name: user.name, figures };
}

export default function StaffHome() {
  const { name, figures } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1>Staff dashboard</h1>
      <p className="muted">Welcome back, {name}.</p>
      <QueueStats figures={figures} />
    </section>
  );
}
