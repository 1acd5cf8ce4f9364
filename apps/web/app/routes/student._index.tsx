import { RequestIdSchema, type RouterInputs, VisibilitySchema } from "@missionboard/api";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { CircleCheck } from "lucide-react";
import type { ReactNode } from "react";
import { BadgeArt } from "../components/catalog-icon";
import { Badge } from "../components/ui/badge";
import { Button } from "../components/ui/button";
import { toRouteError } from "../lib/api.server";
import { requireUser } from "../lib/auth.server";
import { fieldName } from "../lib/field-name";
import { redirectWithFlash } from "../lib/flash.server";
import { formError, formValues, parseInput } from "../lib/form.server";

export const meta: MetaFunction = () => [{ title: "My dashboard · Missionboard" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, user, requestId } = await requireUser(request, context);
  try {
    const [progress, requests, credentials] = await Promise.all([api.progress.mine(), api.request.mine(), api.credential.mine()]);
    return { name: user.name, progress, requests, credentials };
  } catch (error) {
    return toRouteError(request, requestId)(error);
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { api, requestId } = await requireUser(request, context);
  const form = await request.formData();
  if (form.get("intent") === "visibility") {
    try {
      const saved = await api.credential.setVisibility(parseInput(VisibilitySchema, form));
      const message = saved.isPublic
        ? `Public page on${saved.showName ? ", with your name" : ", without your name"}.`
        : "Public page off: the link now shows “not found”.";
      return redirectWithFlash(request, "/student", { kind: "success", message });
    } catch (error) {
      return formError(request, requestId, error, formValues(form, ["id"]));
    }
  }
  try {
    await api.request.withdraw(parseInput(RequestIdSchema, form));
  } catch (error) {
    return formError(request, requestId, error, formValues(form, ["id"]));
  }
  return redirectWithFlash(request, "/student", { kind: "success", message: "Request withdrawn." });
}

const day = (value: string | Date | null | undefined) => (value ? new Date(value).toISOString().slice(0, 10) : "");

const STATUS_LABEL: Record<string, ReactNode> = {
  pending: <Badge tone="warning">Pending</Badge>,
  approved: <Badge tone="success">Approved</Badge>,
  rejected: <Badge tone="danger">Rejected</Badge>,
  withdrawn: <Badge tone="neutral">Withdrawn</Badge>,
};

function Bar({ label, percent }: { label: string; percent: number }) {
  return (
    <div className="progress-row">
      <span>{label}</span> <progress max={100} value={percent} aria-label={`${label}: ${percent}%`} /> <strong>{percent}%</strong>
    </div>
  );
}

const field = fieldName<RouterInputs["request"]["withdraw"]>;
const visibilityField = fieldName<RouterInputs["credential"]["setVisibility"]>;

type Credential = ReturnType<typeof useLoaderData<typeof loader>>["credentials"][number];

/** Downloads of one earned badge as an Open Badges credential, and its public page switch. */
function CredentialControls({
  itemId,
  title,
  credential,
  busy,
}: {
  itemId: string;
  title: string;
  credential?: Credential;
  busy: boolean;
}) {
  return (
    <div style={{ display: "flex", flexWrap: "wrap", gap: "0.5rem", alignItems: "center", marginTop: "0.25rem" }}>
      <span className="muted">Credential:</span>{" "}
      <a href={`/student/credentials/${itemId}.png`} download aria-label={`Download ${title} as a baked badge image (PNG)`}>
        PNG
      </a>{" "}
      ·{" "}
      <a href={`/student/credentials/${itemId}.json`} download aria-label={`Download ${title} as a credential (JSON)`}>
        JSON
      </a>{" "}
      ·{" "}
      <a href={`/student/credentials/${itemId}.jwt`} download aria-label={`Download ${title} as a credential for wallets (VC-JWT)`}>
        JWT
      </a>
      {credential ? (
        <Form
          method="post"
          style={{ display: "flex", flexWrap: "wrap", gap: "0.5rem", alignItems: "center" }}
          aria-label={`Public page of ${title}`}
        >
          <input type="hidden" name="intent" value="visibility" />
          <input type="hidden" name={visibilityField("id")} value={credential.id} />
          <label>
            <input type="checkbox" name={visibilityField("isPublic")} defaultChecked={credential.isPublic} /> Public page
          </label>{" "}
          <label>
            <input type="checkbox" name={visibilityField("showName")} defaultChecked={credential.showName} /> Show my name
          </label>{" "}
          <Button type="submit" disabled={busy} aria-label={`Save the public page settings of ${title}`}>
            Save
          </Button>
          {credential.isPublic ? (
            <>
              {" "}
              <Link to={`/credentials/${credential.id}`}>Open the public page</Link>
            </>
          ) : null}
        </Form>
      ) : null}
    </div>
  );
}

export default function StudentHome() {
  const { name, progress, requests, credentials } = useLoaderData<typeof loader>();
  const credentialOf = new Map(credentials.map((c) => [c.itemId, c]));
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { report, next, timeline } = progress;
  const pending = requests.filter((r) => r.status === "pending");
  const rejected = requests.filter((r) => r.status === "rejected");

  return (
    <section className="stack">
      <div>
        <h1>My dashboard</h1>
        <p className="muted">Welcome back, {name}!</p>
      </div>
      {result?.fieldErrors.form || result?.fieldErrors.id ? (
        <p className="form-error" role="alert">
          {result.fieldErrors.form ?? result.fieldErrors.id}
        </p>
      ) : null}

      <section className="card" aria-labelledby="badges-heading">
        <h2 id="badges-heading">My badges</h2>
        <p className="muted">
          {report.summary.miniBadges.earned} of {report.summary.miniBadges.total} mini-badges · {report.summary.skills.earned} of{" "}
          {report.summary.skills.total} skills · {report.summary.programs.earned} of {report.summary.programs.total} programs
        </p>
        <h3>Earned</h3>
        {timeline.length === 0 ? (
          <p className="empty">You haven't earned any badges yet. Request one below to get started!</p>
        ) : (
          <ul aria-label="Earned badges">
            {timeline.map((b) => (
              <li key={b.itemId}>
                <BadgeArt itemId={b.itemId} size={32} /> <strong>{b.title}</strong> <span className="muted">({b.kindLabel})</span>
                <CredentialControls itemId={b.itemId} title={b.title} credential={credentialOf.get(b.itemId)} busy={busy} />
              </li>
            ))}
          </ul>
        )}
        <h3>Pending</h3>
        {pending.length === 0 ? (
          <p className="empty">No pending requests.</p>
        ) : (
          <ul aria-label="Pending requests">
            {pending.map((r) => (
              <li key={r.id}>
                <strong>{r.itemTitle}</strong> <span className="muted">submitted {day(r.submittedAt)}</span>{" "}
                <Form method="post" style={{ display: "inline" }}>
                  <input type="hidden" name={field("id")} value={r.id} />
                  <Button type="submit" disabled={busy} aria-label={`Withdraw the request for ${r.itemTitle}`}>
                    Withdraw
                  </Button>
                </Form>
              </li>
            ))}
          </ul>
        )}
        <h3>Rejected</h3>
        {rejected.length === 0 ? (
          <p className="empty">No rejected requests.</p>
        ) : (
          <ul aria-label="Rejected requests">
            {rejected.map((r) => (
              <li key={r.id}>
                <strong>{r.itemTitle}</strong> {STATUS_LABEL.rejected} <span className="muted">{day(r.decidedAt)}</span>
                <br />
                Reason: {r.decisionReason}{" "}
                <Link to={`/student/request?item=${r.itemId}`} className="button link">
                  Request again
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card" aria-labelledby="progress-heading">
        <h2 id="progress-heading">My progress</h2>
        <p className="muted" data-testid="progress-rule">
          A program&apos;s percentage averages what its award needs: each skill counts as the share of its mini-badges you hold (all of it
          once you hold the skill), and each required capstone counts once you hold it. Optional capstones and progress badges do not count.
        </p>
        {report.programs.length === 0 ? <p className="empty">No programs are open yet.</p> : null}
        {report.programs.map((program) => (
          <div key={program.id} className="progress-program">
            <h3>
              {program.title}{" "}
              {program.earned ? (
                <Badge tone="success" icon={CircleCheck}>
                  earned
                </Badge>
              ) : null}
            </h3>
            <Bar label={program.title} percent={program.percent} />
            <p className="muted">
              Skills: {program.earnedSkills} of {program.totalSkills} complete
              {program.earnedAt ? ` · completed on ${day(program.earnedAt)}` : ""}
            </p>
            <ul>
              {program.skills.map((skill) => (
                <li key={skill.id}>
                  <Bar label={skill.title} percent={skill.percent} />
                  <span className="muted">
                    {skill.earnedMiniBadges}/{skill.totalMiniBadges} mini-badges
                  </span>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </section>

      <section className="card" aria-labelledby="next-heading">
        <h2 id="next-heading">Next badges to earn</h2>
        {next.length === 0 ? (
          <p className="empty">Nothing to request right now.</p>
        ) : (
          <ul aria-label="Next badges">
            {next.map((b) => (
              <li key={b.id}>
                <strong>{b.title}</strong>{" "}
                <span className="muted">
                  {b.programTitle} › {b.skillTitle}
                </span>{" "}
                <Link to={`/student/request?item=${b.id}`} className="button" aria-label={`Request ${b.title}`}>
                  Request
                </Link>
              </li>
            ))}
          </ul>
        )}
        <p>
          <Link to="/student/request" className="button primary">
            Request a badge
          </Link>
        </p>
      </section>

      <section className="card" aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">Timeline</h2>
        {timeline.length === 0 ? (
          <p className="empty">Your earned badges will appear here.</p>
        ) : (
          <ol aria-label="Timeline of earned badges">
            {timeline.map((b) => (
              <li key={b.itemId}>
                <time dateTime={new Date(b.awardedAt).toISOString()}>{day(b.awardedAt)}</time> — {b.title}{" "}
                <span className="muted">
                  ({b.kindLabel},{" "}
                  {b.source === "auto"
                    ? "automatic"
                    : b.source === "manual"
                      ? "manual"
                      : b.source === "mission"
                        ? "missions completed"
                        : "approved request"}
                  )
                </span>
              </li>
            ))}
          </ol>
        )}
      </section>
    </section>
  );
}
