// POST /auth/google | /auth/microsoft (the buttons on the sign-in page): sends the browser to the
// provider. The strategy sets the state + PKCE cookie that the callback checks.
import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { requestIdOf } from "../lib/api.server";
import { log } from "../lib/log.server";
import { enabledProvider, strategyFor } from "../lib/oauth.server";

const notFound = () => new Response("Not found", { status: 404 });

/** Starting sign-in is a POST from our own page; a plain visit goes back to the sign-in page. */
export function loader() {
  return redirect("/login");
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const provider = enabledProvider(params.provider);
  if (!provider) throw notFound();
  // A fresh request without any query string, so a stray `state` can never start the callback branch.
  const start = new Request(new URL(`/auth/${provider}`, request.url), { headers: request.headers });
  try {
    await strategyFor(provider, request).authenticate(start);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    log({
      msg: "oauth start failed",
      provider,
      error: thrown instanceof Error ? thrown.name : typeof thrown,
      requestId: requestIdOf(context),
    });
    return redirect("/login?error=provider");
  }
  return redirect("/login?error=provider");
}
