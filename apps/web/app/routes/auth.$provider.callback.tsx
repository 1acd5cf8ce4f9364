// GET /auth/<provider>/callback: the provider sends the browser back here with ?code&state (or
// ?error). The strategy checks the state against its cookie and redeems the code with the PKCE
// verifier; signInWithProvider then finds, links or registers the account. Every failure ends on
// /login?error=<code> with a sentence for the person. Nothing here logs tokens, codes or emails.
import { signInWithProvider } from "@missionboard/api";
import { type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { requestIdOf } from "../lib/api.server";
import { getStore } from "../lib/db.server";
import { log } from "../lib/log.server";
import { clearStateCookies, enabledProvider, refusalCode, strategyFailureCode, strategyFor } from "../lib/oauth.server";
import { commitSessionToken } from "../lib/session.server";
import { appSettings } from "../lib/settings.server";

const errorName = (error: unknown) => (error instanceof Error ? error.name : typeof error);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const provider = enabledProvider(params.provider);
  if (!provider) throw new Response("Not found", { status: 404 });
  const requestId = requestIdOf(context);
  const headers = new Headers();
  for (const cookie of clearStateCookies(request, provider)) headers.append("Set-Cookie", cookie);
  const fail = (code: string) => redirect(`/login?error=${code}`, { headers });

  // Without a state the library would start a new authorization instead of finishing one.
  if (!new URL(request.url).searchParams.get("state")) return fail("state");

  let identity: Awaited<ReturnType<ReturnType<typeof strategyFor>["authenticate"]>>;
  try {
    identity = await strategyFor(provider, request).authenticate(request);
  } catch (error) {
    const code = strategyFailureCode(error);
    // The error's name only: messages of lower layers can carry personal data.
    log({ msg: "oauth sign-in failed", provider, reason: code, error: errorName(error), requestId });
    return fail(code);
  }

  try {
    const session = await signInWithProvider(await getStore(), { provider, ...identity }, appSettings(), new Date(), requestId);
    headers.append("Set-Cookie", await commitSessionToken(request, session.token, session.expiresAt));
    // The index route sends each person on: their role's home, or the pending / onboarding pages.
    return redirect("/", { headers });
  } catch (error) {
    const code = refusalCode(error);
    if (!code) {
      log({ msg: "oauth sign-in failed", provider, reason: "unexpected", error: errorName(error), requestId });
      return fail("provider");
    }
    log({ msg: "oauth sign-in refused", provider, reason: code, requestId });
    return fail(code);
  }
}
