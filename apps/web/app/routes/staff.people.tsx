// /staff/people: emails several OpenWebUI users share, OpenWebUI users and accounts linked to
// nothing, linking by hand, and the linked pairs with unlink (docs/product/missions.md §M-18, §M-20).
import {
  PeopleConflictsInputSchema,
  PeopleLinkedInputSchema,
  PeopleLinkInputSchema,
  PeopleUnlinkedInputSchema,
  PeopleUnlinkInputSchema,
  type RouterInputs,
} from "@missionboard/api";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Freshness } from "../components/freshness";
import { Badge } from "../components/ui/badge";
import { Button } from "../components/ui/button";
import { Card } from "../components/ui/card";
import { type ConfirmationStep, confirmationRequested } from "../components/ui/confirm";
import { ConfirmDialog } from "../components/ui/confirm-dialog";
import { DataTable } from "../components/ui/data-table";
import { RowErrors } from "../components/ui/field";
import { countOf, FilterForm, IgnoredFilters } from "../components/ui/filter-form";
import { Pager } from "../components/ui/pager";
import { toRouteError } from "../lib/api.server";
import { requireUser } from "../lib/auth.server";
import { fieldName } from "../lib/field-name";
import { redirectWithFlash } from "../lib/flash.server";
import { apiFailure, parseInput, parseSearch } from "../lib/form.server";
import { safeRedirect } from "../lib/safe-redirect";

const UnlinkedQuerySchema = PeopleUnlinkedInputSchema.omit({ pageSize: true });
const LinkedQuerySchema = PeopleLinkedInputSchema.omit({ pageSize: true });
const ConflictsQuerySchema = PeopleConflictsInputSchema.omit({ pageSize: true });

export const meta: MetaFunction = () => [{ title: "OpenWebUI links · Missionboard" }];

const PAGE_SIZE = 25;
/** Query parameters named differently from the inputs' fields: one search, a page per list. */
const UNLINKED_NAMES = { search: "q", owuiPage: "opage", accountPage: "apage" } as const;
const LINKED_NAMES = { search: "q", page: "lpage" } as const;
const CONFLICT_NAMES = { page: "cpage" } as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, requestId } = await requireUser(request, context);
  const params = new URL(request.url).searchParams;
  const unlinkedSearch = parseSearch(params, UnlinkedQuerySchema, UNLINKED_NAMES);
  const linkedSearch = parseSearch(params, LinkedQuerySchema, LINKED_NAMES);
  const conflictSearch = parseSearch(params, ConflictsQuerySchema, CONFLICT_NAMES);
  const [conflicts, unlinked, linked, freshness] = await Promise.all([
    api.people.conflicts({ ...conflictSearch.value, pageSize: PAGE_SIZE }),
    api.people.unlinked({ ...unlinkedSearch.value, pageSize: PAGE_SIZE }),
    api.people.linked({ ...linkedSearch.value, pageSize: PAGE_SIZE }),
    api.analytics.freshness(),
  ]).catch(toRouteError(request, requestId));
  // The conflicts' page is a "page" field too: named apart so its message does not replace the links' one.
  const conflictIgnored: Record<string, string> = conflictSearch.ignored.page ? { conflictPage: conflictSearch.ignored.page } : {};
  const ignored = { ...unlinkedSearch.ignored, ...linkedSearch.ignored, ...conflictIgnored };
  return { conflicts, unlinked, linked, freshness, ignored };
}

interface ActionResult {
  intent: string;
  owuiUserId: string | null;
  errors: Record<string, string>;
  /** An unlink waits for confirmation (ConfirmDialog without JavaScript). */
  confirmation?: ConfirmationStep;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { api, requestId } = await requireUser(request, context);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const owuiUserId = String(form.get("owuiUserId") ?? "") || null;
  const fail = (errors: Record<string, string>, status: number) => data<ActionResult>({ intent, owuiUserId, errors }, { status });
  const url = new URL(request.url);
  url.searchParams.delete("index");
  const back = safeRedirect(`${url.pathname}${url.search}`, "/staff/people");
  try {
    if (intent === "link") {
      const linked = await api.people.link(parseInput(PeopleLinkInputSchema, form));
      return redirectWithFlash(request, back, { kind: "success", message: `Linked OpenWebUI user ${linked.owuiUserId}.` });
    }
    if (intent === "unlink") {
      const step = confirmationRequested(form);
      if (step) return data<ActionResult>({ intent, owuiUserId, errors: {}, ...step });
      const unlinked = await api.people.unlink(parseInput(PeopleUnlinkInputSchema, form));
      return redirectWithFlash(request, back, {
        kind: "success",
        message: `Unlinked OpenWebUI user ${unlinked.owuiUserId}. It is not linked by email again until someone links it here.`,
      });
    }
    return fail({ form: "Unknown action." }, 400);
  } catch (error) {
    return apiFailure(request, requestId, error, fail);
  }
}

const linkField = fieldName<RouterInputs["people"]["link"]>;
const unlinkField = fieldName<RouterInputs["people"]["unlink"]>;

const FIELD_LABELS: Record<string, string> = {
  search: "Search",
  owuiPage: "Page of OpenWebUI users",
  accountPage: "Page of accounts",
  page: "Page of links",
  conflictPage: "Page of shared emails",
};

export default function People() {
  const { conflicts, unlinked, linked, freshness, ignored } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const rowError = (owuiUserId: string) => (result && result.owuiUserId === owuiUserId ? result.errors : null);
  /** The same query string with one list's page changed, so the other lists stay where they were. */
  const pageHref = (name: string) => (n: number) => {
    const next = new URLSearchParams(params);
    next.set(name, String(n));
    return `?${next.toString()}`;
  };
  const accounts = unlinked.accounts.items;
  const search = params.get(UNLINKED_NAMES.search) ?? "";

  return (
    <section>
      <Freshness data={freshness} />
      <h1>OpenWebUI links</h1>
      <p className="muted">
        A learner's missions follow them once their OpenWebUI user is linked to their account. Links are made automatically at every reload
        and sign-in when the emails match and the account's email is verified; link the rest here.
      </p>
      <FilterForm label="Search people" clearTo="/staff/people">
        <label>
          Name or email
          <input type="search" name={UNLINKED_NAMES.search} defaultValue={search} maxLength={200} />
        </label>
      </FilterForm>
      <IgnoredFilters ignored={ignored} labels={FIELD_LABELS} />
      {result?.errors.form && !result.owuiUserId ? (
        <p className="form-error" role="alert">
          {result.errors.form}
        </p>
      ) : null}

      <Card title="One email, several OpenWebUI users">
        <p className="muted" data-testid="conflict-count">
          {countOf(conflicts.total, "email is", "emails are")} shared by OpenWebUI users linked to nobody. Linking by email links none of
          them: find out which one is the learner's (their chats help), show them below and link that one by hand with "Link to an account".
        </p>
        <DataTable
          caption="Emails several OpenWebUI users share"
          captionHidden
          columns={["Email", "OpenWebUI users", "Account with this email", "Link by hand"]}
          rowCount={conflicts.items.length}
          empty="No two OpenWebUI users linked to nobody share an email."
        >
          {conflicts.items.map((g) => (
            <tr key={g.emailKey} data-conflict-email={g.emailKey}>
              <td>{g.emailKey}</td>
              <td>
                <ul aria-label={`OpenWebUI users of ${g.emailKey}`} style={{ margin: 0, paddingLeft: "1rem" }}>
                  {g.owuiUsers.map((o) => (
                    <li key={o.id}>
                      {o.name ?? <span className="muted">no name</span>} <span className="muted small">{o.id}</span> ·{" "}
                      {countOf(o.chats, "chat", "chats")}
                    </li>
                  ))}
                </ul>
                {g.size > g.owuiUsers.length ? <span className="muted small">and {g.size - g.owuiUsers.length} more</span> : null}
              </td>
              <td>
                {g.account ? (
                  <>
                    {g.account.name}
                    <br />
                    {g.account.linked ? (
                      <Badge tone="warning">linked to another OpenWebUI user</Badge>
                    ) : g.account.verified ? (
                      <span className="muted small">email verified</span>
                    ) : (
                      <Badge tone="warning">not verified: links by hand only</Badge>
                    )}
                  </>
                ) : (
                  <span className="muted">none</span>
                )}
              </td>
              <td className="actions">
                <Link
                  to={`?${new URLSearchParams({ [UNLINKED_NAMES.search]: g.emailKey }).toString()}`}
                  aria-label={`Show the OpenWebUI users of ${g.emailKey}`}
                >
                  Show them below
                </Link>
              </td>
            </tr>
          ))}
        </DataTable>
        <Pager
          page={conflicts.page}
          pageCount={conflicts.pageCount}
          hrefFor={pageHref(CONFLICT_NAMES.page)}
          label="Pages of shared emails"
        />
      </Card>

      <Card title="OpenWebUI users without an account">
        <p className="muted" data-testid="owui-count">
          {countOf(unlinked.owuiUsers.total, "OpenWebUI user", "OpenWebUI users")}
          {accounts.length
            ? ". Pick an account from the unlinked accounts below (search to narrow them)."
            : ". No unlinked account matches the search: search for the person to link."}
        </p>
        <DataTable
          caption="OpenWebUI users without an account"
          captionHidden
          columns={["OpenWebUI user", "Email", { label: "Chats", numeric: true }, "Link to an account"]}
          rowCount={unlinked.owuiUsers.items.length}
          empty="Every OpenWebUI user that matches is linked."
        >
          {unlinked.owuiUsers.items.map((o) => (
            <tr key={o.id} data-owui-user-id={o.id}>
              <td>
                {o.name ?? <span className="muted">no name</span>}
                <br />
                <span className="muted small">{o.id}</span>
                {o.linkBlocked ? (
                  <>
                    {" "}
                    <Badge tone="warning" title="Unlinked by staff: automatic linking leaves it alone">
                      unlinked by staff
                    </Badge>
                  </>
                ) : null}
              </td>
              <td>{o.email ?? <span className="muted">none</span>}</td>
              <td className="numeric">{o.chats}</td>
              <td className="actions">
                {accounts.length ? (
                  <Form method="post">
                    <input type="hidden" name={linkField("owuiUserId")} value={o.id} />
                    <select name={linkField("userId")} aria-label={`Account for ${o.name ?? o.email ?? o.id}`} required defaultValue="">
                      <option value="" disabled>
                        Choose an account
                      </option>
                      {accounts.map((a) => (
                        <option key={a.id} value={a.id}>
                          {a.name} ({a.email})
                        </option>
                      ))}
                    </select>
                    <Button type="submit" name="intent" value="link" disabled={busy}>
                      Link
                    </Button>
                  </Form>
                ) : (
                  <span className="muted">No matching account</span>
                )}
                <RowErrors errors={rowError(o.id)} />
              </td>
            </tr>
          ))}
        </DataTable>
        <Pager
          page={unlinked.owuiUsers.page}
          pageCount={unlinked.owuiUsers.pageCount}
          hrefFor={pageHref(UNLINKED_NAMES.owuiPage)}
          label="Pages of OpenWebUI users"
        />
      </Card>

      <Card title="Accounts without an OpenWebUI user">
        <p className="muted" data-testid="account-count">
          {countOf(unlinked.accounts.total, "active account", "active accounts")}, students first.
        </p>
        <DataTable
          caption="Accounts without an OpenWebUI user"
          captionHidden
          columns={["Name", "Email", "Role", "Email verified"]}
          rowCount={accounts.length}
          empty="Every active account that matches is linked."
        >
          {accounts.map((a) => (
            <tr key={a.id}>
              <td>{a.name}</td>
              <td>{a.email}</td>
              <td>{a.role}</td>
              <td>{a.emailVerified ? "yes" : <Badge tone="warning">not yet: links by hand only</Badge>}</td>
            </tr>
          ))}
        </DataTable>
        <Pager
          page={unlinked.accounts.page}
          pageCount={unlinked.accounts.pageCount}
          hrefFor={pageHref(UNLINKED_NAMES.accountPage)}
          label="Pages of accounts"
        />
      </Card>

      <Card title="Linked">
        <p className="muted" data-testid="linked-count">
          {countOf(linked.total, "link", "links")}
        </p>
        <DataTable
          caption="Linked OpenWebUI users and accounts"
          captionHidden
          columns={["Account", "OpenWebUI user", "Linked by", "Actions"]}
          rowCount={linked.items.length}
          empty="Nothing is linked yet."
        >
          {linked.items.map((p) => (
            <tr key={p.owuiUserId} data-linked-owui-user-id={p.owuiUserId}>
              <td>
                {p.userName}
                <br />
                <span className="muted small">{p.userEmail}</span>
              </td>
              <td>
                {p.owuiName ?? <span className="muted">no name</span>}
                <br />
                <span className="muted small">{p.owuiEmail ?? p.owuiUserId}</span>
              </td>
              <td>{p.linkMethod === "manual" ? "staff" : "matching email"}</td>
              <td className="actions">
                <ConfirmDialog
                  confirmKey={`unlink-${p.owuiUserId}`}
                  fields={{ intent: "unlink", [unlinkField("owuiUserId")]: p.owuiUserId }}
                  trigger="Unlink"
                  triggerLabel={`Unlink ${p.userName}`}
                  triggerVariant="secondary"
                  title={`Unlink ${p.userName}?`}
                  confirmLabel="Unlink"
                  disabled={busy}
                >
                  <p>
                    Their missions stop showing as theirs, and this OpenWebUI user is not linked by email again until someone links it here.
                  </p>
                </ConfirmDialog>
                <RowErrors errors={rowError(p.owuiUserId)} />
              </td>
            </tr>
          ))}
        </DataTable>
        <Pager page={linked.page} pageCount={linked.pageCount} hrefFor={pageHref(LINKED_NAMES.page)} label="Pages of links" />
      </Card>
    </section>
  );
}
