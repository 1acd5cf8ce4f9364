import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AppShell } from "../components/app-shell";
import { CatalogBreadcrumbs, CatalogPager, catalogHref } from "../components/catalog-browse";
import { type CatalogEntry, CatalogIcon, type CatalogLevel, CatalogStatus, childSummary, KIND_NAMES } from "../components/catalog-icon";
import { ShellErrorBoundary } from "../components/shell-error-boundary";
import { Badge } from "../components/ui/badge";
import { toRouteError } from "../lib/api.server";
import { requireUser } from "../lib/auth.server";
import { catalogLevelInput } from "../lib/catalog-level.server";
import { formatNumber } from "../lib/number-format";

const BASE = "/catalog";

export const meta: MetaFunction = () => [{ title: "Catalog · Missionboard" }];

/** One level of the catalog (`?item=<id>&list=<kind>&page=<n>`): bounded whatever its size. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, user, requestId } = await requireUser(request, context);
  const level = await api.catalog.level(catalogLevelInput(request.url).value).catch(toRouteError(request, requestId));
  return { user: { name: user.name, role: user.role }, level };
}

/** Earned / pending / request, for students on mini-badges and capstones. */
function StudentState({ node }: { node: CatalogEntry }) {
  if (node.earned)
    return (
      <Badge tone="success" data-state="earned">
        earned
      </Badge>
    );
  if (node.pending)
    return (
      <Badge tone="warning" data-state="pending">
        pending
      </Badge>
    );
  if (node.kind !== "mini_badge" && node.kind !== "capstone") return null;
  return (
    <Link className="button" to={`/student/request?item=${encodeURIComponent(node.id)}`} aria-label={`Request ${node.title}`}>
      Request
    </Link>
  );
}

/** What earns the badge (its editor's criteria) and how (generated from its kind's rule). */
function Earning({ node }: { node: Pick<CatalogEntry, "criteria" | "howEarned"> }) {
  return (
    <div className="catalog-earning" data-testid="earning">
      {node.criteria ? (
        <p>
          <strong>What earns it:</strong> {node.criteria}
        </p>
      ) : null}
      <p className="muted">
        <strong>How:</strong> {node.howEarned}
      </p>
    </div>
  );
}

/** A row: icon, title (a link when something sits under it), state, what is under it, description, how it is earned. */
function Item({ node, student }: { node: CatalogEntry; student: boolean }) {
  const opens = node.kind === "program" || node.kind === "skill";
  const summary = childSummary(node.childCounts);
  return (
    <li data-item-id={node.id} data-kind={node.kind}>
      <div className="inline-row">
        <CatalogIcon node={node} size={24} />
        {opens ? (
          <Link to={catalogHref(BASE, node.id)}>
            <strong>{node.title}</strong>
          </Link>
        ) : (
          <strong>{node.title}</strong>
        )}
        {node.kind === "capstone" ? <span className="muted">{node.isRequired ? "(required)" : "(optional)"}</span> : null}
        {student ? <StudentState node={node} /> : <CatalogStatus node={node} />}
      </div>
      {summary ? <p className="muted">{summary}</p> : null}
      {node.description ? <p className="muted">{node.description}</p> : null}
      <Earning node={node} />
    </li>
  );
}

function List({ list, parent, student }: { list: CatalogLevel["lists"][number]; parent: CatalogEntry | null; student: boolean }) {
  if (list.total === 0) return null;
  const names = KIND_NAMES[list.kind];
  const label = parent ? `${names.many} of ${parent.title}` : names.many;
  return (
    <section aria-label={label}>
      <h2 style={{ marginBottom: "0.2rem" }}>
        {names.many} <span className="muted">({formatNumber(list.total)})</span>
      </h2>
      <ul aria-label={label} className="catalog-list">
        {list.items.map((node) => (
          <Item key={node.id} node={node} student={student} />
        ))}
      </ul>
      <CatalogPager base={BASE} itemId={parent?.id ?? null} list={list} />
    </section>
  );
}

export default function CatalogPage() {
  const { user, level } = useLoaderData<typeof loader>();
  const student = !level.staffView;
  const item = level.item;
  const empty = level.lists.every((l) => l.total === 0);
  return (
    <AppShell user={user}>
      <h1>Catalog</h1>
      <CatalogBreadcrumbs base={BASE} level={level} />
      {user.role === "admin" ? (
        <p>
          <Link to={catalogHref("/admin/catalog", item?.id ?? null)}>Edit the catalog</Link>
        </p>
      ) : null}
      {level.staffView ? <p className="muted">Staff view: inactive items are listed and marked; students do not see them.</p> : null}
      {item ? (
        <section className="card" aria-labelledby="item-title" data-item-id={item.id}>
          <h2 id="item-title" style={{ display: "flex", gap: "0.5rem", alignItems: "center", flexWrap: "wrap" }}>
            <CatalogIcon node={item} />
            {item.title}
            <span className="muted">{KIND_NAMES[item.kind].one}</span>
            {student ? <StudentState node={item} /> : <CatalogStatus node={item} />}
          </h2>
          {item.description ? <p>{item.description}</p> : null}
          <Earning node={item} />
        </section>
      ) : null}
      {empty && !item ? <p className="empty">There are no programs yet.</p> : null}
      {empty && item && (item.kind === "program" || item.kind === "skill") ? <p className="muted">Nothing here yet.</p> : null}
      <div className="stack">
        {level.lists.map((list) => (
          <List key={list.kind} list={list} parent={item} student={student} />
        ))}
      </div>
    </AppShell>
  );
}

export { ShellErrorBoundary as ErrorBoundary };
