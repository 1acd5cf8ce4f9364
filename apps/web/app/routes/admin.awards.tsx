import {
  AwardStudentInputSchema,
  FlaggedAwardInputSchema,
  ManualAwardInputSchema,
  RecomputeApplyInputSchema,
  RevokeFlaggedInputSchema,
  RevokeInputSchema,
  RosterListInputSchema,
  type RouterInputs,
} from "@missionboard/api";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Button } from "../components/ui/button";
import { type ConfirmationStep, confirmationRequested } from "../components/ui/confirm";
import { ConfirmDialog } from "../components/ui/confirm-dialog";
import { DataTable } from "../components/ui/data-table";
import { IgnoredFilters } from "../components/ui/filter-form";
import { toRouteError } from "../lib/api.server";
import { requireUser } from "../lib/auth.server";
import { type FieldOf, fieldName } from "../lib/field-name";
import { apiFailure, formValues, parseInput, parseSearch } from "../lib/form.server";

const FindStudentQuerySchema = RosterListInputSchema.pick({ search: true });
const ChosenAwardQuerySchema = AwardStudentInputSchema.partial();

export const meta: MetaFunction = () => [{ title: "Awards · Missionboard" }];

/** Query parameters: `q` searches active students, `student` picks one, `preview` shows the recompute preview. */
const QUERY_NAMES = { search: "q", userId: "student" } as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, requestId } = await requireUser(request, context);
  const params = new URL(request.url).searchParams;
  const find = parseSearch(params, FindStudentQuerySchema, QUERY_NAMES);
  const chosen = parseSearch(params, ChosenAwardQuerySchema, QUERY_NAMES);
  const { search } = find.value;
  const { userId } = chosen.value;
  const [students, student, options, preview, review] = await Promise.all([
    search ? api.roster.list({ search, role: "student", status: "active", pageSize: 20 }) : null,
    userId ? api.award.forStudent({ userId }) : null,
    api.award.options(),
    params.get("preview") ? api.award.recomputePreview() : null,
    api.missionBadge.needsReview(),
  ]).catch(toRouteError(request, requestId));
  return { students: students?.items ?? null, student, options, preview, review, ignored: { ...find.ignored, ...chosen.ignored } };
}

interface ActionResult {
  intent: string;
  errors: Record<string, string>;
  message?: string;
  values?: Record<string, string>;
  /** A revoke waits for confirmation (ConfirmDialog without JavaScript). */
  confirmation?: ConfirmationStep;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { api, requestId } = await requireUser(request, context);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const values = formValues(form, AWARD_FIELDS);
  const reply = (partial: Omit<ActionResult, "intent">, status = 200) => data<ActionResult>({ intent, ...partial }, { status });
  try {
    if (intent === "manual") {
      const res = await api.award.manual(parseInput(ManualAwardInputSchema, form));
      const extra = res.cascaded.length ? ` It also completed ${res.cascaded.map((c) => `“${c.title}”`).join(", ")}.` : "";
      return reply({ errors: {}, message: `Awarded “${res.title}”.${extra}` });
    }
    if (intent === "revoke") {
      const step = confirmationRequested(form);
      if (step) return reply({ errors: {}, ...step });
      const res = await api.award.revoke(parseInput(RevokeInputSchema, form));
      return reply({ errors: {}, message: `Revoked ${res.revoked.map((r) => `“${r.title}”`).join(", ")}.` });
    }
    if (intent === "reviewKeep") {
      await api.missionBadge.keep(parseInput(FlaggedAwardInputSchema, form));
      return reply({ errors: {}, message: "Kept: the award stands and no longer needs review." });
    }
    if (intent === "reviewRevoke") {
      const step = confirmationRequested(form);
      if (step) return reply({ errors: {}, ...step });
      const res = await api.missionBadge.revoke(parseInput(RevokeFlaggedInputSchema, form));
      return reply({ errors: {}, message: `Revoked ${res.revoked.map((r) => `“${r.title}”`).join(", ")}.` });
    }
    if (intent === "recompute") {
      const res = await api.award.recomputeApply(parseInput(RecomputeApplyInputSchema, form));
      return reply({ errors: {}, message: `Recompute granted ${res.awardsGranted} award(s) to ${res.studentsAffected} student(s).` });
    }
    return reply({ errors: { form: "Unknown action." } }, 400);
  } catch (error) {
    return apiFailure(request, requestId, error, (errors, status) => reply({ errors, values }, status));
  }
}

const awardField = fieldName<RouterInputs["award"]["manual"]>;
const AWARD_FIELDS = ["userId", "itemId", "reason"] as const satisfies FieldOf<RouterInputs["award"]["manual"]>[];
const recomputeField = fieldName<RouterInputs["award"]["recomputeApply"]>;
const flaggedField = fieldName<RouterInputs["missionBadge"]["keep"]>;

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
  const { students, student, options, preview, review, ignored } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const errorsFor = (intent: string) => (result?.intent === intent ? result.errors : {});
  const live = student?.awards.filter((a) => !a.revokedAt) ?? [];

  return (
    <section className="stack">
      <h1>Awards</h1>
      <IgnoredFilters ignored={ignored} labels={{ search: "Search", userId: "Student" }} />
      {result?.message ? (
        <p className="notice" role="status">
          {result.message}
        </p>
      ) : null}

      <section className="card" aria-labelledby="review-heading">
        <h2 id="review-heading">Needs review</h2>
        <p className="muted">
          Mission awards whose completion a re-detection or reload removed. They stay until you decide: keep the award, or revoke it with a
          reason (the automatic skill and program awards above it go too; the learner is notified).
        </p>
        <Errors errors={{ ...errorsFor("reviewKeep"), ...errorsFor("reviewRevoke") }} />
        <DataTable
          columns={["Learner", "Badge", "Awarded", "Flagged", "Why", "Decide"]}
          rowCount={review.rows.length}
          empty="Nothing to review."
        >
          {review.rows.map((r) => (
            <tr key={r.id}>
              <td>
                {r.userName} <span className="muted">({r.userEmail})</span>
              </td>
              <td>{r.title}</td>
              <td className="nowrap">{day(r.awardedAt)}</td>
              <td className="nowrap">{day(r.flaggedAt)}</td>
              <td>{r.reason}</td>
              <td>
                <div className="inline-row">
                  <Form method="post">
                    <input type="hidden" name={flaggedField("awardId")} value={r.id} />
                    <Button
                      type="submit"
                      name="intent"
                      value="reviewKeep"
                      size="sm"
                      disabled={busy}
                      aria-label={`Keep ${r.title} for ${r.userName}`}
                    >
                      Keep
                    </Button>
                  </Form>
                  <ConfirmDialog
                    confirmKey={`review-revoke-${r.id}`}
                    fields={{ intent: "reviewRevoke", [flaggedField("awardId")]: r.id }}
                    trigger="Revoke"
                    triggerLabel={`Revoke ${r.title} from ${r.userName}`}
                    triggerSize="sm"
                    title={`Revoke “${r.title}” from ${r.userName}?`}
                    confirmLabel="Revoke"
                    disabled={busy}
                    extra={
                      <input name="reason" maxLength={500} required placeholder="Reason" aria-label={`Reason for revoking ${r.title}`} />
                    }
                  >
                    <p>The automatic skill and program awards above it are revoked too. The learner is notified.</p>
                  </ConfirmDialog>
                </div>
              </td>
            </tr>
          ))}
        </DataTable>
        {review.more ? <p className="muted">Showing the oldest {review.rows.length}; decide these to see the rest.</p> : null}
      </section>

      <section className="card" aria-labelledby="student-heading">
        <h2 id="student-heading">Student</h2>
        <Form method="get" className="filters" aria-label="Find a student">
          <label>
            Search
            <input
              type="search"
              name={QUERY_NAMES.search}
              defaultValue={params.get(QUERY_NAMES.search) ?? ""}
              maxLength={200}
              placeholder="Name or email"
            />
          </label>
          <Button type="submit">Find</Button>
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
              <input type="hidden" name={awardField("userId")} value={student.student.id} />
              <div className="field">
                <label htmlFor="manual-item">Badge</label>
                <select
                  id="manual-item"
                  name={awardField("itemId")}
                  defaultValue={result?.intent === "manual" ? result.values?.itemId : ""}
                >
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
                  name={awardField("reason")}
                  maxLength={500}
                  required
                  defaultValue={result?.intent === "manual" ? result.values?.reason : ""}
                />
              </div>
              <Button type="submit" name="intent" value="manual" variant="primary" disabled={busy}>
                Award
              </Button>
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
                  <td className="nowrap">{day(a.awardedAt)}</td>
                  <td>{a.revokedAt ? `revoked ${day(a.revokedAt)}: ${a.revokeReason ?? ""}` : "live"}</td>
                  <td>
                    {a.revokedAt ? null : (
                      <ConfirmDialog
                        confirmKey={`revoke-${a.id}`}
                        fields={{ intent: "revoke", [awardField("userId")]: student.student.id, [awardField("itemId")]: a.itemId }}
                        trigger="Revoke"
                        triggerLabel={`Revoke ${a.title}`}
                        triggerSize="sm"
                        title={`Revoke “${a.title}” from ${student.student.name}?`}
                        confirmLabel="Revoke"
                        disabled={busy}
                        extra={
                          <input
                            name={awardField("reason")}
                            maxLength={500}
                            required
                            placeholder="Reason"
                            aria-label={`Reason for revoking ${a.title}`}
                          />
                        }
                      >
                        <p>
                          The automatic skill and program awards above it are revoked too; manual awards stand. The student is notified.
                        </p>
                      </ConfirmDialog>
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
            <p data-testid="recompute-counted">
              Checked the {preview.studentsEvaluated} of {preview.activeStudents} active student(s) who hold at least one award: a skill or
              program award needs badges held, so the others cannot qualify yet.
            </p>
            <p>
              <strong>{preview.awardsToGrant}</strong> award(s) to grant to <strong>{preview.studentsAffected}</strong> student(s) (
              {preview.byKind.skill} skill, {preview.byKind.program} program).
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
                <input type="hidden" name={recomputeField("confirm")} value="yes" />
                <Button type="submit" name="intent" value="recompute" variant="primary" disabled={busy}>
                  Confirm and apply
                </Button>
              </Form>
            ) : (
              <p className="empty">Everyone already holds what they qualify for.</p>
            )}
          </>
        ) : (
          <Form method="get">
            {params.get("q") ? <input type="hidden" name="q" value={params.get("q") ?? ""} /> : null}
            {params.get("student") ? <input type="hidden" name="student" value={params.get("student") ?? ""} /> : null}
            <Button type="submit" name="preview" value="1">
              Preview recompute
            </Button>
          </Form>
        )}
      </section>
    </section>
  );
}
