import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AppShell } from "../components/app-shell";
import { CatalogIcon, type CatalogNode, CatalogStatus } from "../components/catalog-icon";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { toRouteError } from "../lib/api.server";
import { requireUser } from "../lib/auth.server";

export const meta: MetaFunction = () => [{ title: "Catalog · Missionboard" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, user, requestId } = await requireUser(request, context);
  const tree = await api.catalog.tree().catch(toRouteError(request, requestId));
  return { user: { name: user.name, role: user.role }, ...tree };
}

/** Earned / pending / request, for students on mini-badges and capstones. */
function StudentState({ node, requestable }: { node: CatalogNode; requestable: boolean }) {
  if (node.earned)
    return (
      <span className="role-tag" data-state="earned">
        ✓ earned
      </span>
    );
  if (node.pending)
    return (
      <span className="role-tag" data-state="pending">
        ⏳ pending
      </span>
    );
  if (!requestable) return null;
  return (
    <Link className="button" to={`/student/request?item=${encodeURIComponent(node.id)}`} aria-label={`Request ${node.title}`}>
      Request
    </Link>
  );
}

function Item({ node, student, children }: { node: CatalogNode; student: boolean; children?: React.ReactNode }) {
  const requestable = node.kind === "mini_badge" || node.kind === "capstone";
  return (
    <li data-item-id={node.id} data-kind={node.kind} style={{ margin: "0.4rem 0" }}>
      <div style={{ display: "flex", gap: "0.5rem", alignItems: "center", flexWrap: "wrap" }}>
        <CatalogIcon node={node} size={24} />
        <strong>{node.title}</strong>
        {node.kind === "capstone" ? <span className="muted">{node.isRequired ? "(required)" : "(optional)"}</span> : null}
        {student ? <StudentState node={node} requestable={requestable} /> : <CatalogStatus node={node} />}
      </div>
      {node.description ? (
        <p className="muted" style={{ margin: "0.2rem 0 0 2rem" }}>
          {node.description}
        </p>
      ) : null}
      {children}
    </li>
  );
}

function List({ label, nodes, student }: { label: string; nodes: CatalogNode[]; student: boolean }) {
  if (nodes.length === 0) return null;
  return (
    <>
      <h3 style={{ marginBottom: "0.2rem" }}>{label}</h3>
      <ul aria-label={label} style={{ listStyle: "none", paddingLeft: "1rem" }}>
        {nodes.map((node) => (
          <Item key={node.id} node={node} student={student}>
            {node.miniBadges.length ? (
              <ul aria-label={`Mini-badges of ${node.title}`} style={{ listStyle: "none", paddingLeft: "2rem" }}>
                {node.miniBadges.map((badge) => (
                  <Item key={badge.id} node={badge} student={student} />
                ))}
              </ul>
            ) : null}
          </Item>
        ))}
      </ul>
    </>
  );
}

export default function CatalogPage() {
  const { user, programs, staffView } = useLoaderData<typeof loader>();
  const student = !staffView;
  return (
    <AppShell user={user}>
      <h1>Catalog</h1>
      {user.role === "admin" ? (
        <p>
          <Link to="/admin/catalog">Edit the catalog</Link>
        </p>
      ) : null}
      {staffView ? <p className="muted">Staff view: inactive items are listed and marked; students do not see them.</p> : null}
      {programs.length === 0 ? <p className="empty">There are no programs yet.</p> : null}
      <div className="stack">
        {programs.map((program) => (
          <section key={program.id} className="card" aria-labelledby={`program-${program.id}`} data-item-id={program.id}>
            <h2 id={`program-${program.id}`} style={{ display: "flex", gap: "0.5rem", alignItems: "center", flexWrap: "wrap" }}>
              <CatalogIcon node={program} />
              {program.title}
              {student ? <StudentState node={program} requestable={false} /> : <CatalogStatus node={program} />}
            </h2>
            {program.description ? <p>{program.description}</p> : null}
            <List label="Skills" nodes={program.skills} student={student} />
            <List label="Capstones" nodes={program.capstones} student={student} />
            <List label="Progress badges" nodes={program.progressBadges} student={student} />
            {program.skills.length + program.capstones.length + program.progressBadges.length === 0 ? (
              <p className="muted">Nothing here yet.</p>
            ) : null}
          </section>
        ))}
      </div>
    </AppShell>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
