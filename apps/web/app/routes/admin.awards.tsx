import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { TRPCError } from "@trpc/server";
import { DataTable } from "../components/data-table";
import { fieldErrorsOf, toRouteError } from "../lib/api.server";
import { requireUser } from "../lib/auth.server";

export const meta: MetaFunction = () => [{ title: "Awards · Missionboard" }];

const text = (params: URLSearchParams | FormData, key: string) => {
  const value = params.get(key);
  return typeof value === "string" ? value.trim() || undefined : undefined;
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, requestId } = await requireUser(request, context);
  const params = new URL(request.url).searchParams;
  const q = text(params, "q");
  const studentId = text(params, "student");
  try {
    const [students, student, options, preview] = await Promise.all([
      q ? api.roster.list({ search: q, role: "student", status: "active", pageSize: 20 }) : null,
      studentId ? api.award.forStudent({ userId: studentId }) : null,
      api.award.options(),
      params.get("preview") ? api.award.recomputePreview() : null,
    ]);
    return { students: students?.items ?? null, student, options, preview };
  } catch (error) {
    return toRouteError(request, requestId)(error);
  }
}

interface ActionResult {
  intent: string;
  errors: Record<string, string>;
  message?: string;
  values?: Record<string, string>;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { api, requestId } = await requireUser(request, context);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const values = {
    userId: String(form.get("userId") ?? ""),
    itemId: String(form.get("itemId") ?? ""),
    reason: String(form.get("reason") ?? ""),
  };
  const reply = (partial: Omit<ActionResult, "intent">, status = 200) => data<ActionResult>({ intent, ...partial }, { status });
  try {
    if (intent === "manual") {
      const res = await api.award.manual(values);
      const extra = res.cascaded.length ? ` It also completed ${res.cascaded.map((c) => `“${c.title}”`).join(", ")}.` : "";
      return reply({ errors: {}, message: `Awarded “${res.title}”.${extra}` });
    }
    if (intent === "revoke") {
      const res = await api.award.revoke(values);
      return reply({ errors: {}, message: `Revoked ${res.revoked.map((r) => `“${r.title}”`).join(", ")}.` });
    }
    if (intent === "recompute") {
      const res = await api.award.recomputeApply({ confirm: form.get("confirm") === "yes" } as { confirm: true });
      return reply({ errors: {}, message: `Recompute granted ${res.awardsGranted} award(s) to ${res.studentsAffected} student(s).` });
    }
    return reply({ errors: { form: "Unknown action." } }, 400);
  } catch (error) {
    const fieldErrors = fieldErrorsOf(error);
    if (fieldErrors) return reply({ errors: fieldErrors, values }, 400);
    if (error instanceof TRPCError && (error.code === "CONFLICT" || error.code === "NOT_FOUND"))
      return reply({ errors: { form: error.message }, values }, error.code === "CONFLICT" ? 409 : 404);
    return toRouteError(request, requestId)(error);
  }
}

const day = (value: string | Date | null | undefined) => (value ? new Date(value).toISOString().slice(0, 10) : "");

function Errors({ errors }: { errors: Record<string, string> }) {
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  return (
    <div className="form-error" role="alert">
      {entries.map(([field, message]) => (
        <p key={field}>{message}</p>
      ))}
    </div>
  );
}

export default function Awards() {
  const { students, student, options, preview } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const errorsFor = (intent: string) => (result?.intent === intent ? result.errors : {});
  const live = student?.awards.filter((a) => !a.revokedAt) ?? [];

  return (
    <section className="stack">
      <h1>Awards</h1>
      {result?.message ? (
        <p className="notice" role="status">
          {result.message}
        </p>
      ) : null}

      <section className="card" aria-labelledby="student-heading">
        <h2 id="student-heading">Student</h2>
        <Form method="get" className="filters" aria-label="Find a student">
          <label>
            Search
            <input type="search" name="q" defaultValue={params.get("q") ?? ""} maxLength={200} placeholder="Name or email" />
          </label>
          <button type="submit" className="button">
            Find
          </button>
        </Form>
        {students ? (
          students.length === 0 ? (
            <p className="empty">No active student matches.</p>
          ) : (
            <ul aria-label="Matching students">
              {students.map((s) => (
                <li key={s.id}>
                  <Link to={`?q=${encodeURIComponent(params.get("q") ?? "")}&student=${s.id}`}>
                    {s.name} ({s.email})
                  </Link>
                </li>
              ))}
            </ul>
          )
        ) : null}
      </section>

      {student ? (
        <>
          <section className="card" aria-labelledby="manual-heading">
            <h2 id="manual-heading">Award a badge to {student.student.name}</h2>
            <Errors errors={errorsFor("manual")} />
            <Form method="post">
              <input type="hidden" name="userId" value={student.student.id} />
              <div className="field">
                <label htmlFor="manual-item">Badge</label>
                <select id="manual-item" name="itemId" defaultValue={result?.intent === "manual" ? result.values?.itemId : ""}>
                  <option value="">Choose a skill, program, capstone or progress badge…</option>
                  {options.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.programTitle} › {o.title} ({o.kindLabel})
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="manual-reason">Reason</label>
                <input
                  id="manual-reason"
                  name="reason"
                  maxLength={500}
                  required
                  defaultValue={result?.intent === "manual" ? result.values?.reason : ""}
                />
              </div>
              <button type="submit" name="intent" value="manual" className="button primary" disabled={busy}>
                Award
              </button>
            </Form>
          </section>

          <section className="card" aria-labelledby="held-heading">
            <h2 id="held-heading">{student.student.name}'s awards</h2>
            <Errors errors={errorsFor("revoke")} />
            <p className="muted">Revoking also revokes the automatic skill and program awards above it; manual awards stand.</p>
            <DataTable
              columns={["Badge", "Kind", "Source", "Earned", "Status", "Revoke"]}
              rowCount={student.awards.length}
              empty="No awards yet."
            >
              {student.awards.map((a) => (
                <tr key={a.id}>
                  <td>{a.title}</td>
                  <td>{a.kindLabel}</td>
                  <td>{a.source}</td>
                  <td>{day(a.awardedAt)}</td>
                  <td>{a.revokedAt ? `revoked ${day(a.revokedAt)}: ${a.revokeReason ?? ""}` : "live"}</td>
                  <td>
                    {a.revokedAt ? null : (
                      <Form method="post">
                        <input type="hidden" name="userId" value={student.student.id} />
                        <input type="hidden" name="itemId" value={a.itemId} />
                        <input name="reason" maxLength={500} required placeholder="Reason" aria-label={`Reason for revoking ${a.title}`} />
                        <button type="submit" name="intent" value="revoke" className="button" disabled={busy}>
                          Revoke
                        </button>
                      </Form>
                    )}
                  </td>
                </tr>
              ))}
            </DataTable>
            <p className="muted">{live.length} live award(s).</p>
          </section>
        </>
      ) : null}

      <section className="card" aria-labelledby="recompute-heading">
        <h2 id="recompute-heading">Recompute automatic awards</h2>
        <p className="muted">Grants the skill and program awards students qualify for after catalog changes. Nothing is ever taken away.</p>
        <Errors errors={errorsFor("recompute")} />
        {preview ? (
          <>
            <p>
              {preview.studentsEvaluated} student(s) evaluated; <strong>{preview.awardsToGrant}</strong> award(s) to grant to{" "}
              <strong>{preview.studentsAffected}</strong> student(s) ({preview.byKind.skill} skill, {preview.byKind.program} program).
            </p>
            {preview.sample.length ? (
              <ul aria-label="Sample of changes">
                {preview.sample.map((s) => (
                  <li key={s.userId}>
                    {s.name}: {s.items.map((i) => i.title).join(", ")}
                  </li>
                ))}
              </ul>
            ) : null}
            {preview.awardsToGrant > 0 ? (
              <Form method="post">
                <input type="hidden" name="confirm" value="yes" />
                <button type="submit" name="intent" value="recompute" className="button primary" disabled={busy}>
                  Confirm and apply
                </button>
              </Form>
            ) : (
              <p className="empty">Everyone already holds what they qualify for.</p>
            )}
          </>
        ) : (
          <Form method="get">
            {params.get("q") ? <input type="hidden" name="q" value={params.get("q") ?? ""} /> : null}
            {params.get("student") ? <input type="hidden" name="student" value={params.get("student") ?? ""} /> : null}
            <button type="submit" name="preview" value="1" className="button">
              Preview recompute
            </button>
          </Form>
        )}
      </section>
    </section>
  );
}
