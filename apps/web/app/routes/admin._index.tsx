import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";

export const meta: MetaFunction = () => [{ title: "Admin · Missionboard" }];

export default function AdminHome() {
  return (
    <section>
      <h1>Admin dashboard</h1>
      <div className="cards">
        <Link className="card link-card" to="/admin/audit">
          <h2>Audit log</h2>
          <p>Every change made on the platform, who made it and when.</p>
        </Link>
        <Link className="card link-card" to="/admin/outbox">
          <h2>Outbox</h2>
          <p>Mail the platform sent or is holding, with its delivery status.</p>
        </Link>
      </div>
    </section>
  );
}
