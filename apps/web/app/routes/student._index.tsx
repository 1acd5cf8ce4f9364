import type { MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "My dashboard · Missionboard" }];

export default function StudentHome() {
  return (
    <section>
      <h1>My dashboard</h1>
      <p className="muted">Your badges and missions appear here.</p>
    </section>
  );
}
