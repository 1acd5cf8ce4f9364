import { can, ROLES, USER_STATUSES } from "@missionboard/core";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { TRPCError } from "@trpc/server";
import { DataTable } from "../components/data-table";
import { Field, RowErrors } from "../components/field";
import { countOf, FilterErrors, FilterForm } from "../components/filters";
import { Pager } from "../components/pager";
import { UtcTime } from "../components/time";
import { SortableHeading } from "../components/ui/data-table";
import { fieldErrorsOf, toRouteError } from "../lib/api.server";
import { requireUser } from "../lib/auth.server";
import { safeRedirect } from "../lib/safe-redirect";

export const meta: MetaFunction = () => [{ title: "Roster · Missionboard" }];

const SORTS = [
  ["name", "Name"],
  ["email", "Email"],
  ["role", "Role"],
  ["status", "Status"],
  ["created", "Created"],
  ["lastSignIn", "Last sign-in"],
] as const;
type SortKey = (typeof SORTS)[number][0];

const text = (params: URLSearchParams | FormData, key: string) => {
  const value = params.get(key);
  return typeof value === "string" ? value.trim() || undefined : undefined;
};
const yesNo = (value: string | undefined) => (value === "yes" ? true : value === "no" ? false : undefined);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, user, requestId } = await requireUser(request, context);
  const params = new URL(request.url).searchParams;
  const viewer = { id: user.id, role: user.role };
  try {
    const page = await api.roster.list({
      page: Number(params.get("page") ?? 1),
      pageSize: 25,
      search: text(params, "q"),
      role: text(params, "role") as never,
      status: text(params, "status") as never,
      onboarded: yesNo(text(params, "onboarded")),
      sort: (text(params, "sort") ?? "name") as never,
      dir: (text(params, "dir") ?? "asc") as never,
    });
    return { page, viewer, fieldErrors: null };
  } catch (error) {
    const fieldErrors = fieldErrorsOf(error);
    if (!fieldErrors) return toRouteError(request, requestId)(error);
    return data({ page: null, viewer, fieldErrors }, { status: 400 });
  }
}

type ActionResult = { intent: string; userId: string | null; errors: Record<string, string>; values?: Record<string, string> };

export async function action({ request, context }: ActionFunctionArgs) {
  const { api, requestId } = await requireUser(request, context);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const userId = String(form.get("userId") ?? "");
  const fail = (errors: Record<string, string>, status: number, values?: Record<string, string>) =>
    data<ActionResult>({ intent, userId: userId || null, errors, ...(values ? { values } : {}) }, { status });
  const values =
    intent === "precreate"
      ? { email: String(form.get("email") ?? ""), name: String(form.get("name") ?? ""), role: String(form.get("role") ?? "student") }
      : undefined;
  try {
    switch (intent) {
      case "approve":
        await api.roster.approve({ userId });
        break;
      case "reject":
        await api.roster.reject({ userId, reason: text(form, "reason") });
        break;
      case "setRole":
        await api.roster.setRole({ userId, role: String(form.get("role") ?? "") as never });
        break;
      case "deactivate":
        await api.roster.deactivate({ userId });
        break;
      case "reactivate":
        await api.roster.reactivate({ userId });
        break;
      case "precreate":
        await api.roster.precreate({
          email: values?.email ?? "",
          name: text(form, "name"),
          role: (text(form, "role") ?? "student") as never,
        });
        break;
      default:
        return fail({ form: "Unknown action." }, 400);
    }
  } catch (error) {
    const fieldErrors = fieldErrorsOf(error);
    if (fieldErrors) return fail(fieldErrors, 400, values);
    if (error instanceof TRPCError && (error.code === "CONFLICT" || error.code === "NOT_FOUND"))
      return fail({ form: error.message }, error.code === "CONFLICT" ? 409 : 404, values);
    return toRouteError(request, requestId)(error);
  }
  // Back to the same list: same filters, sort and page.
  const url = new URL(request.url);
  url.searchParams.delete("index");
  return redirect(safeRedirect(`${url.pathname}${url.search}`, "/roster"));
}

const FIELD_LABELS: Record<string, string> = {
  search: "Search",
  role: "Role",
  status: "Status",
  onboarded: "Onboarded",
  sort: "Sort",
  dir: "Direction",
  page: "Page",
  userId: "User",
  reason: "Reason",
  email: "Email",
  name: "Name",
  form: "Error",
};

const SortHeader = ({ sort, label }: { sort: SortKey; label: string }) => (
  <SortableHeading sortKey={sort} label={label} defaults={{ by: "name", dir: "asc" }} />
);

export default function Roster() {
  const { page, viewer, fieldErrors } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const mayApprove = can(viewer.role, "roster.approve");
  const mayReject = can(viewer.role, "roster.reject");
  const mayManage = can(viewer.role, "roster.manage");
  const rowError = (userId: string) => (result && result.userId === userId && result.intent !== "precreate" ? result.errors : null);
  const precreateErrors = result?.intent === "precreate" ? result.errors : {};

  return (
    <section>
      <h1>Roster</h1>
      <FilterForm label="Filter the roster" clearTo="/roster">
        <label>
          Search
          <input type="search" name="q" defaultValue={params.get("q") ?? ""} maxLength={200} placeholder="Name or email" />
        </label>
        <label>
          Role
          <select name="role" defaultValue={params.get("role") ?? ""}>
            <option value="">Any role</option>
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select name="status" defaultValue={params.get("status") ?? ""}>
            <option value="">Any status</option>
            {USER_STATUSES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Onboarded
          <select name="onboarded" defaultValue={params.get("onboarded") ?? ""}>
            <option value="">Either</option>
            <option value="yes">yes</option>
            <option value="no">no</option>
          </select>
        </label>
        {params.get("sort") ? <input type="hidden" name="sort" value={params.get("sort") ?? ""} /> : null}
        {params.get("dir") ? <input type="hidden" name="dir" value={params.get("dir") ?? ""} /> : null}
      </FilterForm>

      <FilterErrors errors={fieldErrors} labels={FIELD_LABELS} />
      {result && result.intent !== "precreate" && result.errors.form ? (
        <p className="form-error" role="alert">
          {result.errors.form}
        </p>
      ) : null}

      {page ? (
        <>
          <p className="muted">{countOf(page.total, "user", "users")}</p>
          <DataTable
            columns={[
              ...SORTS.slice(0, 4).map(([sort, label]) => <SortHeader key={sort} sort={sort} label={label} />),
              "Onboarding",
              ...SORTS.slice(4).map(([sort, label]) => <SortHeader key={sort} sort={sort} label={label} />),
              "Actions",
            ]}
            rowCount={page.items.length}
            empty="No users match these filters."
          >
            {page.items.map((u) => {
              const errors = rowError(u.id);
              const self = u.id === viewer.id;
              return (
                <tr key={u.id} data-user-id={u.id}>
                  <td>
                    {u.name}
                    {u.displayName ? <span className="muted"> @{u.displayName}</span> : null}
                    {u.origin === "precreated" ? <span className="muted"> (pre-created)</span> : null}
                  </td>
                  <td>{u.email}</td>
                  <td>{u.role}</td>
                  <td>{u.status}</td>
                  <td className="details">
                    {u.onboardedAt ? (
                      <>
                        <span className="kv">Display name: {u.displayName ?? "—"}</span>
                        <span className="kv">Substack: {u.substackEmail ?? "—"}</span>
                        <span className="kv">Meetup: {u.meetupEmail ?? "—"}</span>
                        <span className="kv">
                          Consent: <UtcTime value={u.consentAt} dateOnly />
                        </span>
                      </>
                    ) : (
                      <span className="muted">not onboarded</span>
                    )}
                  </td>
                  <td>
                    <UtcTime value={u.createdAt} dateOnly />
                  </td>
                  <td>{u.lastSignInAt ? <UtcTime value={u.lastSignInAt} dateOnly /> : <span className="muted">never</span>}</td>
                  <td className="actions">
                    {u.status === "pending" && mayApprove && u.onboardedAt ? (
                      <UserAction userId={u.id} intent="approve" label="Approve" primary busy={busy} />
                    ) : null}
                    {u.status === "pending" && !u.onboardedAt ? <span className="muted">Waiting for onboarding answers</span> : null}
                    {u.status === "pending" && mayReject ? (
                      <Form method="post">
                        <input type="hidden" name="userId" value={u.id} />
                        <input
                          name="reason"
                          maxLength={500}
                          placeholder="Reason (optional)"
                          aria-label={`Reason for rejecting ${u.name}`}
                        />
                        <button type="submit" name="intent" value="reject" className="button" disabled={busy}>
                          Reject
                        </button>
                      </Form>
                    ) : null}
                    {mayManage && !self ? (
                      <Form method="post">
                        <input type="hidden" name="userId" value={u.id} />
                        <select name="role" defaultValue={u.role} aria-label={`Role of ${u.name}`}>
                          {ROLES.map((r) => (
                            <option key={r}>{r}</option>
                          ))}
                        </select>
                        <button type="submit" name="intent" value="setRole" className="button" disabled={busy}>
                          Change role
                        </button>
                      </Form>
                    ) : null}
                    {mayManage && !self && u.status === "active" ? (
                      <UserAction userId={u.id} intent="deactivate" label="Deactivate" busy={busy} />
                    ) : null}
                    {mayManage && u.status === "deactivated" ? (
                      <UserAction userId={u.id} intent="reactivate" label="Reactivate" busy={busy} />
                    ) : null}
                    <RowErrors errors={errors} />
                  </td>
                </tr>
              );
            })}
          </DataTable>
          <Pager page={page.page} pageCount={page.pageCount} />
        </>
      ) : null}

      {mayManage ? (
        <section className="card" aria-labelledby="precreate-heading">
          <h2 id="precreate-heading">Add a user</h2>
          <p className="muted">
            The account is active straight away, without a password. The person signs in with Google or Microsoft using this email, or sets
            a password through "Forgot password".
          </p>
          {/* Keyed by the user count so the fields clear once a user was added. */}
          <Form method="post" noValidate key={page?.total ?? 0}>
            {precreateErrors.form ? (
              <p className="form-error" role="alert">
                {precreateErrors.form}
              </p>
            ) : null}
            <Field
              label="Email"
              name="email"
              type="email"
              required
              maxLength={254}
              defaultValue={result?.values?.email}
              error={precreateErrors.email}
            />
            <Field label="Name (optional)" name="name" maxLength={100} defaultValue={result?.values?.name} error={precreateErrors.name} />
            <div className="field">
              <label htmlFor="precreate-role">Role</label>
              <select id="precreate-role" name="role" defaultValue={result?.values?.role ?? "student"}>
                {ROLES.map((r) => (
                  <option key={r}>{r}</option>
                ))}
              </select>
              {precreateErrors.role ? <p className="field-error">{precreateErrors.role}</p> : null}
            </div>
            <button type="submit" name="intent" value="precreate" className="button primary" disabled={busy}>
              Add user
            </button>
          </Form>
        </section>
      ) : null}
    </section>
  );
}

/** A roster action that is one button: the user's id and the intent. */
function UserAction({
  userId,
  intent,
  label,
  primary,
  busy,
}: {
  userId: string;
  intent: string;
  label: string;
  primary?: boolean;
  busy: boolean;
}) {
  return (
    <Form method="post">
      <input type="hidden" name="userId" value={userId} />
      <button type="submit" name="intent" value={intent} className={primary ? "button primary" : "button"} disabled={busy}>
        {label}
      </button>
    </Form>
  );
}
