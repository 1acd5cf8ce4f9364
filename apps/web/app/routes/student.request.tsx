import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useId } from "react";
import { Field } from "../components/field";
import { toRouteError } from "../lib/api.server";
import { requireUser } from "../lib/auth.server";
import { formError, formValues } from "../lib/form.server";

export const meta: MetaFunction = () => [{ title: "Request a badge · Missionboard" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, requestId } = await requireUser(request, context);
  try {
    return { programs: await api.request.options() };
  } catch (error) {
    return toRouteError(request, requestId)(error);
  }
}

const FIELDS = ["itemId", "note", "evidenceUrl"] as const;

export async function action({ request, context }: ActionFunctionArgs) {
  const { api, requestId } = await requireUser(request, context);
  const values = formValues(await request.formData(), FIELDS);
  try {
    await api.request.submit({ itemId: values.itemId, note: values.note, evidenceUrl: values.evidenceUrl });
  } catch (error) {
    return formError(request, requestId, error, values);
  }
  return redirect("/student?notice=submitted");
}

const MARK: Record<string, string> = { earned: " (already earned)", pending: " (pending)", available: "" };

export default function RequestBadge() {
  const { programs } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const errors = result?.fieldErrors ?? {};
  const selected = result?.values?.itemId ?? params.get("item") ?? "";
  const selectId = useId();
  const noteId = useId();

  return (
    <section className="card">
      <h1>Request a badge</h1>
      <p className="muted">Choose a badge; instructors and assistants review your request.</p>
      {errors.form ? (
        <p className="form-error" role="alert">
          {errors.form}
        </p>
      ) : null}
      <Form method="post" noValidate>
        <div className="field">
          <label htmlFor={selectId}>Badge</label>
          <select
            id={selectId}
            name="itemId"
            defaultValue={selected}
            aria-invalid={errors.itemId ? true : undefined}
            aria-describedby={errors.itemId ? `${selectId}-error` : undefined}
          >
            <option value="">Choose a badge…</option>
            {programs.map((program) => [
              ...program.skills.map((skill) => (
                <optgroup key={skill.id} label={`${program.title} › ${skill.title}`}>
                  {skill.miniBadges.map((b) => (
                    <option key={b.id} value={b.id} disabled={b.state !== "available"}>
                      {b.title}
                      {MARK[b.state]}
                    </option>
                  ))}
                </optgroup>
              )),
              program.capstones.length > 0 ? (
                <optgroup key={`${program.id}-capstones`} label={`${program.title} › Capstones`}>
                  {program.capstones.map((c) => (
                    <option key={c.id} value={c.id} disabled={c.state !== "available"}>
                      {c.title}
                      {c.isRequired ? " (required)" : ""}
                      {MARK[c.state]}
                    </option>
                  ))}
                </optgroup>
              ) : null,
            ])}
          </select>
          {errors.itemId ? (
            <p className="field-error" id={`${selectId}-error`}>
              {errors.itemId}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor={noteId}>Note (optional)</label>
          <textarea id={noteId} name="note" maxLength={1000} rows={3} defaultValue={result?.values?.note ?? ""} />
          {errors.note ? <p className="field-error">{errors.note}</p> : null}
        </div>
        <Field
          label="Evidence link (optional)"
          name="evidenceUrl"
          type="url"
          maxLength={2000}
          placeholder="https://…"
          defaultValue={result?.values?.evidenceUrl ?? ""}
          error={errors.evidenceUrl}
        />
        <button type="submit" className="button primary" disabled={busy}>
          Submit request
        </button>{" "}
        <Link to="/student" className="button link">
          Cancel
        </Link>
      </Form>
    </section>
  );
}
