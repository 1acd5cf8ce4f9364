import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { TRPCError } from "@trpc/server";
import { Field } from "../components/field";
import { OAuthSignIn } from "../components/oauth-buttons";
import { fieldErrorsOf, getApi, toRouteError } from "../lib/api.server";
import { HOME_BY_ROLE, safeRedirect } from "../lib/auth.server";
import { oauthLoginData } from "../lib/oauth.server";
import { commitSessionToken } from "../lib/session.server";

export const meta: MetaFunction = () => [{ title: "Sign in · Missionboard" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await getApi(request, context);
  if (user) throw redirect(HOME_BY_ROLE[user.role]);
  return { oauth: oauthLoginData(request) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { api, requestId } = await getApi(request, context);
  const form = await request.formData();
  const email = String(form.get("email") ?? "");
  try {
    const session = await api.auth.signIn({ email, password: String(form.get("password") ?? "") });
    const to = safeRedirect(form.get("redirectTo"), HOME_BY_ROLE[session.role]);
    return redirect(to, { headers: { "Set-Cookie": await commitSessionToken(session.token, session.expiresAt) } });
  } catch (error) {
    const fieldErrors = fieldErrorsOf(error);
    if (fieldErrors) return data({ fieldErrors, email }, { status: 400 });
    if (error instanceof TRPCError && (error.code === "UNAUTHORIZED" || error.code === "FORBIDDEN" || error.code === "TOO_MANY_REQUESTS")) {
      const status = error.code === "UNAUTHORIZED" ? 401 : error.code === "FORBIDDEN" ? 403 : 429;
      return data({ fieldErrors: { form: error.message }, email }, { status });
    }
    return toRouteError(request, requestId)(error);
  }
}

export default function Login() {
  const result = useActionData<typeof action>();
  const { oauth } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const errors: Record<string, string | undefined> = result?.fieldErrors ?? {};
  return (
    <main className="centered">
      <section className="card auth-card">
        <h1>Sign in to Missionboard</h1>
        <OAuthSignIn providers={oauth.providers} error={result ? null : oauth.error} />
        <Form method="post" noValidate>
          <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
          {errors.form ? (
            <p className="form-error" role="alert">
              {errors.form}
            </p>
          ) : null}
          <Field label="Email" name="email" type="email" autoComplete="email" defaultValue={result?.email} error={errors.email} />
          <Field label="Password" name="password" type="password" autoComplete="current-password" error={errors.password} />
          <button type="submit" className="button primary" disabled={busy}>
            {busy ? "Signing in…" : "Sign in"}
          </button>
        </Form>
      </section>
    </main>
  );
}
