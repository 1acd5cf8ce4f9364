// All chats (staff with chats.read): full-text search over message text, mission / regular /
// completed, one mission; 25 a page; each row links to the transcript (whose opening is audited).
// The query string is the state, parsed with the procedure's own schema.
import { ChatListInputSchema, type RouterInputs } from "@missionboard/api";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { Download } from "lucide-react";
import { Fragment, type ReactNode } from "react";
import { Freshness } from "../components/freshness";
import { UtcTime } from "../components/time";
import { Badge } from "../components/ui/badge";
import { DataTable } from "../components/ui/data-table";
import { countOf, FilterForm, IgnoredFilters } from "../components/ui/filter-form";
import { LinkButton } from "../components/ui/link-button";
import { Pager } from "../components/ui/pager";
import { toRouteError } from "../lib/api.server";
import { requireUser } from "../lib/auth.server";
import { fieldName } from "../lib/field-name";
import { parseSearch } from "../lib/form.server";
import { formatNumber } from "../lib/number-format";

export const meta: MetaFunction = () => [{ title: "All chats · Missionboard" }];

const listField = fieldName<NonNullable<RouterInputs["chat"]["list"]>>;

const KINDS = [
  ["", "All chats"],
  ["mission", "Mission chats"],
  ["completed", "Completed a mission"],
  ["regular", "Regular chats"],
] as const;

const FIELD_LABELS: Record<string, string> = { q: "Search", kind: "Kind", mission: "Mission", owner: "Learner", page: "Page" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, requestId } = await requireUser(request, context);
  const { value, ignored } = parseSearch(new URL(request.url).searchParams, ChatListInputSchema);
  const [list, freshness] = await Promise.all([api.chat.list(value), api.analytics.freshness()]).catch(toRouteError(request, requestId));
  return { list, freshness, ignored };
}

/** `text` with each searched word marked (case-insensitive), as the search index matched it. */
function highlighted(text: string, terms: readonly string[]): ReactNode {
  if (terms.length === 0) return text;
  const pattern = new RegExp(`(${terms.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})`, "giu");
  return text.split(pattern).map((part, i) =>
    // split with one capture group: odd indexes are the matches.
    // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one snippet never reorder
    i % 2 === 1 ? <mark key={i}>{part}</mark> : <Fragment key={i}>{part}</Fragment>,
  );
}

export default function AllChats() {
  const { list, freshness, ignored } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const exportQuery = new URLSearchParams();
  for (const key of ["q", "kind", "mission", "owner"]) {
    const value = params.get(key);
    if (value) exportQuery.set(key, value);
  }
  const exportSuffix = exportQuery.size ? `?${exportQuery.toString()}` : "";
  return (
    <section>
      <Freshness data={freshness} />
      <h1>All chats</h1>
      <p className="muted">Opening a learner's chat is recorded in the audit log.</p>
      <FilterForm label="Search and filter chats" clearTo="/staff/chats">
        <label>
          Search messages
          <input type="search" name={listField("q")} defaultValue={params.get("q") ?? ""} maxLength={200} placeholder="Words in the text" />
        </label>
        <label>
          Kind
          <select name={listField("kind")} defaultValue={params.get("kind") ?? ""}>
            {KINDS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Mission
          <select name={listField("mission")} defaultValue={params.get("mission") ?? ""}>
            <option value="">Any mission</option>
            {list.missionOptions.map((m) => (
              <option key={m.id} value={m.id}>
                {m.week !== null ? `Week ${m.week} · ` : ""}
                {m.name}
              </option>
            ))}
          </select>
        </label>
        {params.get("owner") ? <input type="hidden" name={listField("owner")} value={params.get("owner") ?? ""} /> : null}
      </FilterForm>
      <IgnoredFilters ignored={ignored} labels={FIELD_LABELS} />

      <p className="muted">
        {list.more ? `More than ${formatNumber(list.total)} chats` : countOf(list.total, "chat", "chats")}
        {list.terms.length ? ` containing ${list.terms.map((t) => `“${t}”`).join(" and ")}` : ""}, newest first.{" "}
        <LinkButton to={`/staff/missions/export/chats.csv${exportSuffix}`} variant="ghost" icon={Download} reloadDocument>
          CSV
        </LinkButton>{" "}
        <LinkButton to={`/staff/missions/export/chats.xlsx${exportSuffix}`} variant="ghost" icon={Download} reloadDocument>
          Excel
        </LinkButton>
      </p>
      <DataTable
        columns={["Chat", "Learner", "Missions", "Models", { label: "Messages", numeric: true }, "Updated"]}
        rowCount={list.items.length}
        empty="No chats match. Try other words or fewer filters."
        className="stacked"
      >
        {list.items.map((c) => (
          <tr key={c.id} data-chat-id={c.id}>
            <td>
              <Link to={`/missions/chats/${encodeURIComponent(c.id)}`}>{c.title?.trim() || "Untitled chat"}</Link>
              {c.snippet ? <p className="snippet">{highlighted(c.snippet, list.terms)}</p> : null}
            </td>
            <td>{c.ownerName ?? <span className="muted">no owner</span>}</td>
            <td>
              {c.missions.length === 0 ? (
                <span className="muted">regular chat</span>
              ) : (
                c.missions.map((m) => (
                  <Badge key={m.missionId} tone={m.completed ? "success" : "warning"} className="chip-wrap">
                    {m.name}
                    {m.completed ? " (completed)" : ""}
                  </Badge>
                ))
              )}
            </td>
            <td>{c.models.join(", ")}</td>
            <td className="numeric">{c.messageCount}</td>
            <td>
              <UtcTime value={c.updatedAt} />
            </td>
          </tr>
        ))}
      </DataTable>
      <Pager page={list.page} pageCount={list.pageCount} label="Chat pages" />
    </section>
  );
}
