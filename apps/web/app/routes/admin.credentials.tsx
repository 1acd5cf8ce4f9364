import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { JobProgressLine } from "../components/job-progress-line";
import { UtcTime } from "../components/time";
import { Button } from "../components/ui/button";
import { toRouteError } from "../lib/api.server";
import { requireUser } from "../lib/auth.server";
import { redirectWithFlash } from "../lib/flash.server";
import { apiFailure } from "../lib/form.server";
import { type LiveJob, useJobProgress } from "../lib/use-live-query";

export const meta: MetaFunction = () => [{ title: "Credentials · Missionboard" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, requestId } = await requireUser(request, context);
  const overview = await api.credential.overview().catch(toRouteError(request, requestId));
  return { overview };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { api, requestId } = await requireUser(request, context);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const fail = (errors: Record<string, string>, status: number) => data({ intent, errors }, { status });
  try {
    if (intent === "bulk-issue") {
      await api.credential.bulkIssue();
      return redirectWithFlash(request, "/admin/credentials", { kind: "success", message: "Issuing started: the progress shows below." });
    }
    if (intent === "rotate") {
      const { version } = await api.credential.rotateKey();
      return redirectWithFlash(request, "/admin/credentials", {
        kind: "success",
        message: `Key ${version} signs new credentials from now on; older keys stay published, so earlier credentials still verify.`,
      });
    }
    return fail({ form: "Unknown action." }, 400);
  } catch (error) {
    return apiFailure(request, requestId, error, fail);
  }
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

function IssueProgress({ initial }: { initial: LoaderData["overview"]["running"] }) {
  const job = useJobProgress<LiveJob | null>(
    initial,
    (api, signal) => api.credential.overview.query(undefined, { signal }).then((o) => o.running),
    (current) => current !== null,
  );
  if (!job) return null;
  return <JobProgressLine job={job} unit="awards" testId="credentials-progress" />;
}

export default function CredentialsAdmin() {
  const { overview } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const last = overview.last;
  return (
    <section className="stack">
      <h1>Credentials</h1>
      <p className="muted">
        Every award can be carried elsewhere as a signed Open Badges 3.0 credential. Learners download theirs from their dashboard; here you
        can issue them for every past award at once and rotate the signing key. See the README section “Verifying a Missionboard
        credential”.
      </p>
      {result?.errors.form ? (
        <p className="form-error" role="alert">
          {result.errors.form}
        </p>
      ) : null}

      <section className="card stack" aria-labelledby="bulk-heading">
        <h2 id="bulk-heading">Issue for past awards</h2>
        <p className="muted">
          Issues a credential under the current key for every live award that has none. Running it again issues only what is missing.
        </p>
        <IssueProgress initial={overview.running} />
        {last && !overview.running ? (
          <p>
            Last run: {last.status}
            {last.finishedAt ? (
              <>
                {" "}
                on <UtcTime value={last.finishedAt} />
              </>
            ) : null}
            {last.result ? ` · ${String(last.result.issued ?? 0)} issued` : ""}
            {last.error ? ` · ${last.error}` : ""}
          </p>
        ) : null}
        <Form method="post">
          <input type="hidden" name="intent" value="bulk-issue" />
          <Button type="submit" variant="primary" disabled={busy || overview.running !== null}>
            Issue missing credentials
          </Button>
        </Form>
      </section>

      <section className="card stack" aria-labelledby="keys-heading">
        <h2 id="keys-heading">Signing keys</h2>
        {overview.keys.length === 0 ? (
          <p className="empty">No key yet: the first one is made when the first credential is issued.</p>
        ) : (
          <ul aria-label="Signing keys">
            {overview.keys.map((k) => (
              <li key={k.version}>
                <strong>Key {k.version}</strong> — created <UtcTime value={k.createdAt} />
                {k.retiredAt ? (
                  <>
                    , retired <UtcTime value={k.retiredAt} /> (still verifies the credentials it signed)
                  </>
                ) : (
                  " — signs new credentials"
                )}
              </li>
            ))}
          </ul>
        )}
        <Form method="post">
          <input type="hidden" name="intent" value="rotate" />
          <Button type="submit" disabled={busy}>
            Rotate the signing key
          </Button>
        </Form>
      </section>
    </section>
  );
}
