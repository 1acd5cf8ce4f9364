import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AdminStats } from "../components/admin-stats";
import { awardsPerWeekChart } from "../components/awards-chart.server";
import { toRouteError } from "../lib/api.server";
import { requireUser } from "../lib/auth.server";

export const meta: MetaFunction = () => [{ title: "Admin · Missionboard" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, user, requestId } = await requireUser(request, context);
  const figures = await api.dashboard.admin().catch(toRouteError(request, requestId));
  return { name: user.name, figures, awardsChart: awardsPerWeekChart(figures.awards.perWeek) };
}

export default function AdminHome() {
  const { name, figures, awardsChart } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1>Admin dashboard</h1>
      <p className="muted">Welcome back, {name}.</p>
      <AdminStats figures={figures} awardsChart={awardsChart} />
      <div className="cards">
        <Link className="card link-card" to="/admin/catalog">
          <h2>Catalog</h2>
          <p>Programs, skills, mini-badges, capstones and progress badges: edit, reorder, import and export.</p>
        </Link>
        <Link className="card link-card" to="/admin/audit">
          <h2>Audit log</h2>
          <p>Every change made on the platform, who made it and when.</p>
        </Link>
        <Link className="card link-card" to="/admin/exports">
          <h2>Exports</h2>
          <p>Roster, awards, requests and audit log as CSV or Excel, with personal data redacted by default.</p>
        </Link>
        <Link className="card link-card" to="/admin/outbox">
          <h2>Outbox</h2>
          <p>Mail the platform sent or is holding, with its delivery status.</p>
        </Link>
        <Link className="card link-card" to="/admin/missions">
          <h2>Missions</h2>
          <p>Weeks, points, aliases and completion markers of the missions; link OpenWebUI models; import the campaign manifest.</p>
        </Link>
        <Link className="card link-card" to="/admin/data">
          <h2>Data</h2>
          <p>Upload OpenWebUI exports or reload from its API, follow a reload's progress, and see how fresh the data is.</p>
        </Link>
      </div>
    </section>
  );
}
