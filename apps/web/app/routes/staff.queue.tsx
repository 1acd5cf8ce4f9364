import { ApproveInputSchema, QueueInputSchema, RequestRejectInputSchema, type RouterInputs } from "@missionboard/api";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Button } from "../components/ui/button";
import { type ConfirmationStep, confirmationRequested } from "../components/ui/confirm";
import { ConfirmDialog } from "../components/ui/confirm-dialog";
import { DataTable } from "../components/ui/data-table";
import { RowErrors } from "../components/ui/field";
import { FilterForm, IgnoredFilters } from "../components/ui/filter-form";
import { Pager } from "../components/ui/pager";
import { toRouteError } from "../lib/api.server";
import { requireUser } from "../lib/auth.server";
import { fieldName } from "../lib/field-name";
import { apiFailure, parseInput, parseSearch } from "../lib/form.server";

export const meta: MetaFunction = () => [{ title: "Approvals · Missionboard" }];

const AGES = [
  ["", "Any age"],
  ["1", "Older than 1 day"],
  ["3", "Older than 3 days"],
  ["7", "Older than a week"],
  ["30", "Older than a month"],
] as const;

type QueueInput = NonNullable<RouterInputs["request"]["queue"]>;
const queueField = fieldName<QueueInput>;
/** Query parameters named differently from the queue input's fields. */
const QUERY_NAMES = { programId: "program", skillId: "skill", olderThanDays: "age" } as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, requestId } = await requireUser(request, context);
  // The page lists pending requests only, 25 at a time.
  const { value, ignored } = parseSearch(
    new URL(request.url).searchParams,
    QueueInputSchema.omit({ pageSize: true, status: true }),
    QUERY_NAMES,
  );
  const queue = await api.request.queue({ ...value, pageSize: 25 }).catch(toRouteError(request, requestId));
  return { queue, ignored };
}

const FIELD_LABELS: Record<string, string> = {
  programId: "Program",
  skillId: "Skill",
  student: "Student",
  olderThanDays: "Waiting",
  page: "Page",
};

interface ActionResult {
  intent: string;
  id: string | null;
  errors: Record<string, string>;
  messages: string[];
  conflicts: string[];
  /** A reject waits for confirmation (ConfirmDialog without JavaScript). */
  confirmation?: ConfirmationStep;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { api, requestId } = await requireUser(request, context);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const id = String(form.get("id") ?? "") || null;
  const reply = (partial: Partial<ActionResult>, status = 200) =>
    data<ActionResult>({ intent, id, errors: {}, messages: [], conflicts: [], ...partial }, { status });
  try {
    if (intent === "approve") {
      const result = await api.request.approve(parseInput(ApproveInputSchema, form));
      const messages = result.approved.map(
        (a) => `Approved “${a.itemTitle}”${a.cascaded.length ? ` — also earned ${a.cascaded.map((c) => `“${c.title}”`).join(", ")}` : ""}.`,
      );
      return reply({ messages, conflicts: result.conflicts.map((c) => c.message) }, result.conflicts.length ? 409 : 200);
    }
    if (intent === "reject") {
      const step = confirmationRequested(form);
      if (step) return reply(step);
      await api.request.reject(parseInput(RequestRejectInputSchema, form));
      return reply({ messages: ["Request rejected."] });
    }
    return reply({ errors: { form: "Unknown action." } }, 400);
  } catch (error) {
    return apiFailure(request, requestId, error, (errors, status) =>
      status === 409 || status === 404 ? reply({ conflicts: Object.values(errors) }, status) : reply({ errors }, status),
    );
  }
}

const day = (value: string | Date | null | undefined) => (value ? new Date(value).toISOString().slice(0, 16).replace("T", " ") : "");

const approveField = fieldName<RouterInputs["request"]["approve"]>;
const rejectField = fieldName<RouterInputs["request"]["reject"]>;

export default function ApprovalQueue() {
  const { queue, ignored } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const program = params.get(QUERY_NAMES.programId) ?? "";

  return (
    <section>
      <h1>Approval queue</h1>
      {queue ? (
        <p className="muted">
          Pending: <strong>{queue.counts.pending}</strong> · approved {queue.counts.approved} · rejected {queue.counts.rejected}
        </p>
      ) : null}
      <FilterForm label="Filter the queue" clearTo="/staff/queue">
        <label>
          Program
          <select name={QUERY_NAMES.programId} defaultValue={program}>
            <option value="">Any program</option>
            {queue?.filters.programs.map((p) => (
              <option key={p.id} value={p.id}>
                {p.title}
              </option>
            ))}
          </select>
        </label>
        <label>
          Skill
          <select name={QUERY_NAMES.skillId} defaultValue={params.get(QUERY_NAMES.skillId) ?? ""}>
            <option value="">Any skill</option>
            {queue?.filters.skills
              .filter((s) => !program || s.programId === program)
              .map((s) => (
                <option key={s.id} value={s.id}>
                  {s.programTitle} › {s.title}
                </option>
              ))}
          </select>
        </label>
        <label>
          Student
          <input
            type="search"
            name={queueField("student")}
            defaultValue={params.get("student") ?? ""}
            maxLength={200}
            placeholder="Name or email"
          />
        </label>
        <label>
          Waiting
          <select name={QUERY_NAMES.olderThanDays} defaultValue={params.get(QUERY_NAMES.olderThanDays) ?? ""}>
            {AGES.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
      </FilterForm>

      <IgnoredFilters ignored={ignored} labels={FIELD_LABELS} />
      {result?.messages.length ? (
        <div className="notice" role="status">
          {result.messages.map((m) => (
            <p key={m}>{m}</p>
          ))}
        </div>
      ) : null}
      {result?.conflicts.length ? (
        <div className="form-error" role="alert">
          {result.conflicts.map((m) => (
            <p key={m}>{m}</p>
          ))}
        </div>
      ) : null}
      {result?.errors.form || result?.errors.ids ? (
        <p className="form-error" role="alert">
          {result.errors.form ?? result.errors.ids}
        </p>
      ) : null}

      {queue ? (
        <>
          <p className="muted">{queue.total === 1 ? "1 request" : `${queue.total} requests`} (oldest first)</p>
          <Form method="post" id="bulk" />
          <DataTable
            columns={[{ hidden: "Select" }, "Student", "Badge", "Submitted", "Evidence", "Actions"]}
            rowCount={queue.items.length}
            empty="No pending requests match. The queue is clear."
            className="stacked"
          >
            {queue.items.map((r) => {
              const rowErrors = result?.id === r.id ? result.errors : null;
              return (
                <tr key={r.id} data-request-id={r.id}>
                  <td>
                    <input
                      type="checkbox"
                      name={approveField("ids")}
                      value={r.id}
                      form="bulk"
                      aria-label={`Select ${r.itemTitle} for ${r.studentName}`}
                    />
                  </td>
                  <td data-label="Student">
                    {r.studentName}
                    <br />
                    <span className="muted">{r.studentEmail}</span>
                  </td>
                  <td data-label="Badge">
                    <span className="muted">
                      {[r.programTitle, r.skillTitle].filter(Boolean).join(" › ")}
                      {r.programTitle ? " › " : ""}
                    </span>
                    <strong>{r.itemTitle}</strong>
                    {r.itemKind === "capstone" ? <span className="muted"> (capstone)</span> : null}
                  </td>
                  <td data-label="Submitted" className="nowrap">
                    {day(r.submittedAt)}
                  </td>
                  <td className="details" data-label="Evidence">
                    {r.note ? <span className="kv">{r.note}</span> : null}
                    {r.evidenceUrl ? (
                      <a href={r.evidenceUrl} target="_blank" rel="noopener noreferrer nofollow">
                        Evidence link
                      </a>
                    ) : null}
                    {r.missionEvidence ? <MissionEvidence evidence={r.missionEvidence} /> : null}
                  </td>
                  <td className="actions queue-actions">
                    <Form method="post">
                      <input type="hidden" name="id" value={r.id} />
                      <input type="hidden" name={approveField("ids")} value={r.id} />
                      <Button
                        type="submit"
                        name="intent"
                        value="approve"
                        variant="primary"
                        disabled={busy}
                        aria-label={`Approve ${r.itemTitle} for ${r.studentName}`}
                      >
                        Approve
                      </Button>
                    </Form>
                    <ConfirmDialog
                      confirmKey={`reject-${r.id}`}
                      fields={{ intent: "reject", [rejectField("id")]: r.id }}
                      trigger="Reject"
                      triggerLabel={`Reject ${r.itemTitle} for ${r.studentName}`}
                      triggerVariant="secondary"
                      title={`Reject “${r.itemTitle}” for ${r.studentName}?`}
                      confirmLabel="Reject"
                      disabled={busy}
                      extra={
                        <input
                          className="queue-reason"
                          name={rejectField("reason")}
                          maxLength={500}
                          required
                          placeholder="Reason, shown to the student"
                          aria-label={`Reason for rejecting ${r.itemTitle} for ${r.studentName}`}
                        />
                      }
                    >
                      <p>The student is told, with your reason, and may request the badge again.</p>
                    </ConfirmDialog>
                    <RowErrors errors={rowErrors} />
                  </td>
                </tr>
              );
            })}
          </DataTable>
          {queue.items.length > 0 ? (
            <Button type="submit" form="bulk" name="intent" value="approve" variant="primary" disabled={busy}>
              Approve selected
            </Button>
          ) : null}
          <Pager page={queue.page} pageCount={queue.pageCount} />
        </>
      ) : null}
    </section>
  );
}

/** The requesting learner's own mission completions for a badge with a mission rule (ADR 029). */
function MissionEvidence({
  evidence,
}: {
  evidence: {
    rule: string;
    completions: { missionName: string; chatId: string; completedAt: string | Date | null; excerpt: string | null }[];
  };
}) {
  return (
    <details className="mission-evidence">
      <summary>
        Chat evidence: {evidence.completions.length === 0 ? "no completion yet" : `${evidence.completions.length} completion(s)`}
      </summary>
      <p className="muted">{evidence.rule}</p>
      <ul>
        {evidence.completions.map((c) => (
          <li key={`${c.chatId}-${c.missionName}`}>
            <strong>{c.missionName}</strong>{" "}
            {c.completedAt ? (
              <time dateTime={new Date(c.completedAt).toISOString()}>
                {new Date(c.completedAt).toISOString().slice(0, 16).replace("T", " ")} UTC
              </time>
            ) : null}{" "}
            <Link to={`/missions/chats/${encodeURIComponent(c.chatId)}`}>transcript</Link>
            {c.excerpt ? <blockquote className="muted">{c.excerpt}</blockquote> : null}
          </li>
        ))}
      </ul>
    </details>
  );
}
