import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { TRPCError } from "@trpc/server";
import { BadgeArt } from "../components/catalog-icon";
import { UtcTime } from "../components/time";
import { Badge } from "../components/ui/badge";
import { getApi, toRouteError } from "../lib/api.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.view.badge} · Credential · Missionboard` : "Credential · Missionboard" },
  { name: "robots", content: "noindex" },
];

const ID = /^[0-9a-f-]{36}$/i;

/**
 * GET /credentials/:id: the public verification page of a credential its learner made public. The
 * proof and the revocation status are checked on every visit; private and unknown credentials are
 * the same 404. No name or email unless the learner chose to show their name.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const id = params.id ?? "";
  if (!ID.test(id)) throw new Response("Not found", { status: 404 });
  const { api, requestId } = await getApi(request, context);
  const view = await api.credential.publicView({ id: id.toLowerCase() }).catch((error: unknown) => {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST"))
      throw new Response("Not found", { status: 404 });
    return toRouteError(request, requestId)(error);
  });
  return { view };
}

export default function CredentialPage() {
  const { view } = useLoaderData<typeof loader>();
  const state = view.revoked ? "revoked" : view.verified ? "valid" : "invalid";
  return (
    <section className="stack" aria-labelledby="credential-heading">
      <div className="card stack">
        <p>
          <BadgeArt itemId={view.itemId} size={96} />
        </p>
        <h1 id="credential-heading">{view.badge}</h1>
        {view.description ? <p>{view.description}</p> : null}
        <p data-testid="credential-status" role="status">
          {state === "valid" ? (
            <Badge tone="success">Valid</Badge>
          ) : state === "revoked" ? (
            <Badge tone="danger">Revoked</Badge>
          ) : (
            <Badge tone="danger">Not valid</Badge>
          )}{" "}
          {state === "valid"
            ? "The issuer's signature checks out and the credential has not been revoked."
            : state === "revoked"
              ? "The issuer has revoked this credential."
              : "This credential did not pass verification."}
        </p>
        {view.revoked && view.revokedAt ? (
          <p>
            Revoked on <UtcTime value={view.revokedAt} dateOnly />
          </p>
        ) : null}
        {state === "invalid" && view.problems.length ? (
          <ul aria-label="Verification problems">
            {view.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        ) : null}
        <dl>
          {view.learnerName ? (
            <>
              <dt>Earned by</dt>
              <dd>{view.learnerName}</dd>
            </>
          ) : null}
          <dt>Issued by</dt>
          <dd>
            <a href={view.issuerUrl}>{view.issuerName}</a>
          </dd>
          <dt>Awarded</dt>
          <dd>
            <UtcTime value={view.validFrom} dateOnly />
          </dd>
        </dl>
        <p className="muted">
          An Open Badges 3.0 credential signed with a Data Integrity proof (eddsa-rdfc-2022). Anyone can check it independently: the
          issuer's keys are at <a href="/.well-known/did.json">/.well-known/did.json</a> and the revocation list at{" "}
          <a href="/credentials/status/1">/credentials/status/1</a>.
        </p>
      </div>
    </section>
  );
}
