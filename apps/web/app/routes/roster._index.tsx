import {
  PrecreateInputSchema,
  RosterListInputSchema,
  RosterRejectInputSchema,
  RosterUserInputSchema,
  type RouterInputs,
  SetRoleInputSchema,
} from "@missionboard/api";
import { can, ROLES, USER_STATUSES } from "@missionboard/core";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { RosterSearchField } from "../components/roster-live-search";
import { UtcTime } from "../components/time";
import { Button } from "../components/ui/button";
import { type ConfirmationStep, confirmationRequested } from "../components/ui/confirm";
import { ConfirmDialog } from "../components/ui/confirm-dialog";
import { DataTable, SortableHeading } from "../components/ui/data-table";
import { Field, RowErrors } from "../components/ui/field";
import { countOf, FilterForm, IgnoredFilters } from "../components/ui/filter-form";
import { Pager } from "../components/ui/pager";
import { toRouteError } from "../lib/api.server";
import { requireUser } from "../lib/auth.server";
import { type FieldOf, fieldName } from "../lib/field-name";
import { apiFailure, formValues, parseInput, parseSearch } from "../lib/form.server";
import { safeRedirect } from "../lib/safe-redirect";

const RosterQuerySchema = RosterListInputSchema.omit({ pageSize: true });

export const meta: MetaFunction = () => [{ title: "Roster · Missionboard" }];

const SORTS = [
  ["name", "Name"],
  ["email", "Email"],
  ["role", "Role"],
  ["status", "Status"],
  ["created", "Created"],
  ["lastSignIn", "Last sign-in"],
] as const satisfies readonly (readonly [NonNullable<ListInput["sort"]>, string])[];
type SortKey = (typeof SORTS)[number][0];

type ListInput = NonNullable<RouterInputs["roster"]["list"]>;
const listField = fieldName<ListInput>;
/** Query parameters named differently from the list input's fields. */
const QUERY_NAMES = { search: "q" } as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, user, requestId } = await requireUser(request, context);
  const viewer = { id: user.id, role: user.role };
  const { value, ignored } = parseSearch(new URL(request.url).searchParams, RosterQuerySchema, QUERY_NAMES);
  const page = await api.roster.list({ ...value, pageSize: 25 }).catch(toRouteError(request, requestId));
  return { page, viewer, ignored };
}

type ActionResult = {
  intent: string;
  userId: string | null;
  errors: Record<string, string>;
  values?: Record<string, string>;
  /** A deactivation waits for confirmation (ConfirmDialog without JavaScript). */
  confirmation?: ConfirmationStep;
};

export async function action({ request, context }: ActionFunctionArgs) {
  const { api, requestId } = await requireUser(request, context);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const userId = String(form.get("userId") ?? "");
  const values = intent === "precreate" ? formValues(form, PRECREATE_FIELDS) : undefined;
  const fail = (errors: Record<string, string>, status: number) =>
    data<ActionResult>({ intent, userId: userId || null, errors, ...(values ? { values } : {}) }, { status });
  try {
    switch (intent) {
      case "approve":
        await api.roster.approve(parseInput(RosterUserInputSchema, form));
        break;
      case "reject":
        await api.roster.reject(parseInput(RosterRejectInputSchema, form));
        break;
      case "setRole":
        await api.roster.setRole(parseInput(SetRoleInputSchema, form));
        break;
      case "deactivate": {
        const step = confirmationRequested(form);
        if (step) return data<ActionResult>({ intent, userId: userId || null, errors: {}, ...step });
        await api.roster.deactivate(parseInput(RosterUserInputSchema, form));
        break;
      }
      case "reactivate":
        await api.roster.reactivate(parseInput(RosterUserInputSchema, form));
        break;
      case "precreate":
        await api.roster.precreate(parseInput(PrecreateInputSchema, form));
        break;
      default:
        return fail({ form: "Unknown action." }, 400);
    }
  } catch (error) {
    return apiFailure(request, requestId, error, fail);
  }
  // Back to the same list: same filters, sort and page.
  const url = new URL(request.url);
  url.searchParams.delete("index");
  return redirect(safeRedirect(`${url.pathname}${url.search}`, "/roster"));
}

const userField = fieldName<RouterInputs["roster"]["setRole"]>;
const rejectField = fieldName<RouterInputs["roster"]["reject"]>;
const precreateField = fieldName<RouterInputs["roster"]["precreate"]>;
const PRECREATE_FIELDS = ["email", "name", "role"] as const satisfies FieldOf<RouterInputs["roster"]["precreate"]>[];

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
  const { page, viewer, ignored } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const mayApprove = can(viewer.role, "roster.approve");
  const mayReject = can(viewer.role, "roster.reject");
  const mayManage = can(viewer.role, "roster.manage");
  const rowError = (userId: string) => (result && result.userId === userId && result.intent !== "precreate" ? result.errors : null);
  const precreateErrors = result?.intent === "precreate" ? result.errors : {};
  // Optional answers nobody on this page gave are left out rather than shown as a dash on every row.
  const items = page?.items ?? [];
  const optional = {
    displayName: items.some((u) => u.displayName && u.displayName !== u.name),
    substack: items.some((u) => u.substackEmail),
    meetup: items.some((u) => u.meetupEmail),
  };

  return (
    <section>
      <h1>Roster</h1>
      <FilterForm label="Filter the roster" clearTo="/roster">
        <RosterSearchField name={QUERY_NAMES.search} defaultValue={params.get(QUERY_NAMES.search) ?? ""} />
        <label>
          Role
          <select name={listField("role")} defaultValue={params.get("role") ?? ""}>
            <option value="">Any role</option>
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select name={listField("status")} defaultValue={params.get("status") ?? ""}>
            <option value="">Any status</option>
            {USER_STATUSES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Onboarded
          <select name={listField("onboarded")} defaultValue={params.get("onboarded") ?? ""}>
            <option value="">Either</option>
            <option value="yes">yes</option>
            <option value="no">no</option>
          </select>
        </label>
        {params.get("sort") ? <input type="hidden" name={listField("sort")} value={params.get("sort") ?? ""} /> : null}
        {params.get("dir") ? <input type="hidden" name={listField("dir")} value={params.get("dir") ?? ""} /> : null}
      </FilterForm>

      <IgnoredFilters ignored={ignored} labels={FIELD_LABELS} />
      {result && result.intent !== "precreate" && result.errors.form ? (
        <p className="form-error" role="alert">
          {result.errors.form}
        </p>
      ) : null}

      {page ? (
        <>
          <p className="muted" data-testid="list-count">
            {countOf(page.total, "user", "users")}
          </p>
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
                    {u.origin === "precreated" ? <span className="muted"> (pre-created)</span> : null}
                  </td>
                  <td>{u.email}</td>
                  <td>{u.role}</td>
                  <td>{u.status}</td>
                  <td className="details">
                    {u.onboardedAt ? (
                      <>
                        {/* The display name is what other people see: labelled, and only when it differs from the name. */}
                        {optional.displayName && u.displayName && u.displayName !== u.name ? (
                          <span className="kv">Display name: {u.displayName}</span>
                        ) : null}
                        {optional.substack && u.substackEmail ? <span className="kv">Substack: {u.substackEmail}</span> : null}
                        {optional.meetup && u.meetupEmail ? <span className="kv">Meetup: {u.meetupEmail}</span> : null}
                        <span className="kv nowrap">
                          Consent <UtcTime value={u.consentAt} dateOnly />
                        </span>
                      </>
                    ) : (
                      <span className="muted">not onboarded</span>
                    )}
                  </td>
                  <td className="nowrap">
                    <UtcTime value={u.createdAt} dateOnly />
                  </td>
                  <td className="nowrap">
                    {u.lastSignInAt ? <UtcTime value={u.lastSignInAt} dateOnly /> : <span className="muted">never</span>}
                  </td>
                  <td className="actions">
                    {u.status === "pending" && mayApprove && u.onboardedAt ? (
                      <UserAction userId={u.id} intent="approve" label="Approve" primary busy={busy} />
                    ) : null}
                    {u.status === "pending" && !u.onboardedAt ? <span className="muted">Waiting for onboarding answers</span> : null}
                    {u.status === "pending" && mayReject ? (
                      <Form method="post">
                        <input type="hidden" name={rejectField("userId")} value={u.id} />
                        <input
                          name={rejectField("reason")}
                          maxLength={500}
                          placeholder="Reason (optional)"
                          aria-label={`Reason for rejecting ${u.name}`}
                        />
                        <Button type="submit" name="intent" value="reject" disabled={busy}>
                          Reject
                        </Button>
                      </Form>
                    ) : null}
                    {mayManage && !self ? (
                      <Form method="post">
                        <input type="hidden" name={userField("userId")} value={u.id} />
                        <select name={userField("role")} defaultValue={u.role} aria-label={`Role of ${u.name}`}>
                          {ROLES.map((r) => (
                            <option key={r}>{r}</option>
                          ))}
                        </select>
                        <Button type="submit" name="intent" value="setRole" disabled={busy}>
                          Change role
                        </Button>
                      </Form>
                    ) : null}
                    {mayManage && !self && u.status === "active" ? (
                      <ConfirmDialog
                        confirmKey={`deactivate-${u.id}`}
                        fields={{ intent: "deactivate", [userField("userId")]: u.id }}
                        trigger="Deactivate"
                        triggerLabel={`Deactivate ${u.name}`}
                        triggerVariant="secondary"
                        title={`Deactivate ${u.name}?`}
                        confirmLabel="Deactivate"
                        disabled={busy}
                      >
                        <p>
                          They are signed out everywhere and cannot sign in until an administrator reactivates the account. Their badges
                          stay.
                        </p>
                      </ConfirmDialog>
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
              name={precreateField("email")}
              type="email"
              required
              maxLength={254}
              defaultValue={result?.values?.email}
              error={precreateErrors.email}
            />
            <Field
              label="Name (optional)"
              name={precreateField("name")}
              maxLength={100}
              defaultValue={result?.values?.name}
              error={precreateErrors.name}
            />
            <div className="field">
              <label htmlFor="precreate-role">Role</label>
              <select id="precreate-role" name={precreateField("role")} defaultValue={result?.values?.role ?? "student"}>
                {ROLES.map((r) => (
                  <option key={r}>{r}</option>
                ))}
              </select>
              {precreateErrors.role ? <p className="field-error">{precreateErrors.role}</p> : null}
            </div>
            <Button type="submit" name="intent" value="precreate" variant="primary" disabled={busy}>
              Add user
            </Button>
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
      <input type="hidden" name={userField("userId")} value={userId} />
      <Button type="submit" name="intent" value={intent} variant={primary ? "primary" : "secondary"} disabled={busy}>
        {label}
      </Button>
    </Form>
  );
}
