import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";

const COPY: Record<number, { title: string; body: string }> = {
  400: { title: "That request could not be used", body: "Something in it was missing or malformed." },
  401: { title: "Please sign in", body: "You need to be signed in to see this page." },
  403: {
    title: "You don't have access to this page",
    body: "Your account's role does not include it. If you think it should, ask an administrator.",
  },
  404: { title: "Page not found", body: "There is nothing at this address. It may have moved, or the link may be wrong." },
  409: { title: "That changed in the meantime", body: "Someone else got there first. Reload the page to see where things stand." },
  429: { title: "Too many attempts", body: "Please wait a little and try again." },
  500: {
    title: "Something went wrong on our side",
    body: "Please try again. If it keeps happening, tell an administrator and quote the reference below.",
  },
};

/** The title of the error page for an error: the document's <title> (root meta) says it too. */
export function errorTitle(error: unknown): string {
  const status = isRouteErrorResponse(error) ? error.status : 500;
  return (COPY[status] ?? COPY[status >= 500 ? 500 : 400])?.title ?? "Something went wrong";
}

/** The error page every route shares: a status a person understands, never a stack trace. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const payload =
    isRouteErrorResponse(error) && error.data && typeof error.data === "object"
      ? (error.data as { message?: string; requestId?: string })
      : {};
  const copy = COPY[status] ?? COPY[status >= 500 ? 500 : 400];
  return (
    <section className="error-page" role="alert" data-status={status}>
      <p className="error-status">{status}</p>
      <h1>{copy?.title}</h1>
      <p>{status < 500 && payload.message ? payload.message : copy?.body}</p>
      {payload.requestId ? <p className="muted">Reference: {payload.requestId}</p> : null}
      <p>{status === 401 ? <Link to="/login">Sign in</Link> : <Link to="/">Go to the start page</Link>}</p>
    </section>
  );
}
