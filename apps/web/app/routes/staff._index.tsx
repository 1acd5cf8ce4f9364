import type { MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Staff · Missionboard" }];

export default function StaffHome() {
  return (
    <section>
      <h1>Staff dashboard</h1>
      <p className="muted">Approvals and the roster appear here as they are switched on.</p>
    </section>
  );
}
