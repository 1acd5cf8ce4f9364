import { OptionsInputSchema, type RouterInputs, SubmitInputSchema } from "@missionboard/api";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useId } from "react";
import { Button } from "../components/ui/button";
import { Field } from "../components/ui/field";
import { IgnoredFilters } from "../components/ui/filter-form";
import { Pager } from "../components/ui/pager";
import { toRouteError } from "../lib/api.server";
import { requireUser } from "../lib/auth.server";
import { type FieldOf, fieldName } from "../lib/field-name";
import { redirectWithFlash } from "../lib/flash.server";
import { formError, formValues, parseInput, parseSearch } from "../lib/form.server";
import { useLiveSearch } from "../lib/use-live-query";

export const meta: MetaFunction = () => [{ title: "Request a badge · Missionboard" }];

/** `?item=<id>` preselects a badge (the catalog's Request links); `?q=…&page=…` searches the list. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, requestId } = await requireUser(request, context);
  const params = new URL(request.url).searchParams;
  const { value, ignored } = parseSearch(params, OptionsInputSchema, { itemId: "item" });
  try {
    const options = await api.request.options(value);
    // A link to a badge that is not (or no longer) open for requests.
    return { ...options, ignored, unavailable: Boolean(params.get("item")) && options.selected === null };
  } catch (error) {
    return toRouteError(request, requestId)(error);
  }
}

const field = fieldName<RouterInputs["request"]["submit"]>;
const FIELDS = ["itemId", "note", "evidenceUrl"] as const satisfies FieldOf<RouterInputs["request"]["submit"]>[];

export async function action({ request, context }: ActionFunctionArgs) {
  const { api, requestId } = await requireUser(request, context);
  const form = await request.formData();
  try {
    await api.request.submit(parseInput(SubmitInputSchema, form));
  } catch (error) {
    return formError(request, requestId, error, formValues(form, FIELDS));
  }
  return redirectWithFlash(request, "/student", {
    kind: "success",
    message: "Request submitted. It is now pending review; you will be notified when it is decided.",
  });
}

type Option = Awaited<ReturnType<typeof loader>>["items"][number];

const MARK: Record<Option["state"], string> = { earned: "already earned", pending: "pending", available: "" };
const pathOf = (o: Pick<Option, "programTitle" | "skillTitle">) => [o.programTitle, o.skillTitle ?? "Capstones"].join(" › ");

/** The searchable, paged list of badges to choose from (each a link that selects it). */
function Chooser({ options: server }: { options: Awaited<ReturnType<typeof loader>> }) {
  const searchId = useId();
  // With JavaScript the list follows what is typed (through /api/trpc); Search still submits.
  const live = useLiveSearch((api, q, signal) => api.request.options.query({ q, page: 1 }, { signal }));
  const options = live.result ?? server;
  return (
    <section aria-label="Choose a badge">
      <Form method="get" role="search" style={{ display: "flex", gap: "0.5rem", alignItems: "flex-end", flexWrap: "wrap" }}>
        <div className="field" style={{ margin: 0 }}>
          <label htmlFor={searchId}>Search badges</label>
          <input
            id={searchId}
            type="search"
            name="q"
            defaultValue={server.q}
            maxLength={200}
            autoComplete="off"
            onChange={(event) => live.setQuery(event.currentTarget.value)}
          />
        </div>
        <Button type="submit">Search</Button>
      </Form>
      {options.total === 0 ? (
        <p className="empty">{options.q ? `No badge matches “${options.q}”.` : "There are no badges to request yet."}</p>
      ) : (
        <ul aria-label="Badges" style={{ listStyle: "none", paddingLeft: 0 }} aria-busy={live.pending} data-testid="badge-options">
          {options.items.map((o) => {
            const params = new URLSearchParams({ item: o.id, ...(options.q ? { q: options.q } : {}) });
            return (
              <li key={o.id} style={{ margin: "0.4rem 0" }}>
                <span className="muted">{pathOf(o)} › </span>
                {o.state === "available" ? (
                  <Link to={`?${params.toString()}`} aria-label={`Choose ${o.title}`}>
                    {o.title}
                  </Link>
                ) : (
                  <span>{o.title}</span>
                )}
                {o.kind === "capstone" && o.isRequired ? <span className="muted"> (required)</span> : null}
                {MARK[o.state] ? <span className="muted"> ({MARK[o.state]})</span> : null}
              </li>
            );
          })}
        </ul>
      )}
      {live.result ? (
        options.pageCount > 1 ? (
          <p className="muted">
            The first {options.items.length} of {options.total} badges; press Search to page through all of them.
          </p>
        ) : null
      ) : (
        <Pager page={options.page} pageCount={options.pageCount} />
      )}
    </section>
  );
}

export default function RequestBadge() {
  const options = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors = result?.fieldErrors ?? {};
  const noteId = useId();
  const selected = options.selected;

  return (
    <section className="card">
      <h1>Request a badge</h1>
      <p className="muted">Choose a badge; instructors and assistants review your request.</p>
      {errors.form ? (
        <p className="form-error" role="alert">
          {errors.form}
        </p>
      ) : null}
      <IgnoredFilters ignored={options.ignored} labels={{ q: "Search", page: "Page", itemId: "Badge" }} />
      {selected ? (
        <Form method="post" noValidate>
          <input type="hidden" name={field("itemId")} value={selected.id} />
          <div className="field">
            <p style={{ margin: 0 }}>
              <span className="muted">Badge: {pathOf(selected)} › </span>
              <strong>{selected.title}</strong>
              {selected.state !== "available" ? <span className="muted"> ({MARK[selected.state]})</span> : null}
            </p>
            {selected.description ? <p className="muted">{selected.description}</p> : null}
            {selected.criteria ? (
              <p data-testid="criteria">
                <strong>What earns it:</strong> {selected.criteria}
              </p>
            ) : null}
            {errors.itemId ? <p className="field-error">{errors.itemId}</p> : null}
            <Link to="/student/request">Choose another badge</Link>
          </div>
          <div className="field">
            <label htmlFor={noteId}>Note (optional)</label>
            <textarea id={noteId} name={field("note")} maxLength={1000} rows={3} defaultValue={result?.values?.note ?? ""} />
            {errors.note ? <p className="field-error">{errors.note}</p> : null}
          </div>
          <Field
            label="Evidence link (optional)"
            name={field("evidenceUrl")}
            type="url"
            maxLength={2000}
            placeholder="https://…"
            defaultValue={result?.values?.evidenceUrl ?? ""}
            error={errors.evidenceUrl}
          />
          <Button type="submit" variant="primary" disabled={busy}>
            Submit request
          </Button>{" "}
          <Link to="/student" className="button link">
            Cancel
          </Link>
        </Form>
      ) : (
        <>
          {errors.itemId ? <p className="field-error">{errors.itemId}</p> : null}
          {options.unavailable ? (
            <p className="form-error" role="alert">
              That badge is not open for requests; choose another.
            </p>
          ) : null}
          <Chooser options={options} />
        </>
      )}
    </section>
  );
}
