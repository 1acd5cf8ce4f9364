import type { RouterInputs } from "@missionboard/api";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { AuthPage, EmailField } from "../components/auth-page";
import { OAuthSignIn } from "../components/oauth-buttons";
import { Button } from "../components/ui/button";
import { Field } from "../components/ui/field";
import { FormError } from "../components/ui/form-error";
import { getApi } from "../lib/api.server";
import { landingFor } from "../lib/auth.server";
import { fieldName } from "../lib/field-name";
import { formError, formValues } from "../lib/form.server";
import { oauthLoginData } from "../lib/oauth.server";
import { passwordStrategy } from "../lib/password-sign-in.server";
import { safeRedirect } from "../lib/safe-redirect";
import { commitSessionToken } from "../lib/session.server";

export const meta: MetaFunction = () => [{ title: "Sign in · Missionboard" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, user } = await getApi(request, context);
  if (user) throw redirect(landingFor(user));
  if ((await api.setup.status()).needed) throw redirect("/setup");
  const { methods, registration } = await api.auth.methods();
  return { oauth: oauthLoginData(request), local: methods.includes("local"), registration };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { api, requestId } = await getApi(request, context);
  // The strategy reads the body itself; this copy gives redirectTo and the email to show again.
  const form = await request.clone().formData();
  const values = formValues(form, ["email"]);
  // Settled before the session exists, so a hostile target can never fail after sign-in.
  const back = safeRedirect(form.get("redirectTo"), "/");
  try {
    const session = await passwordStrategy(api).authenticate(request);
    const to = session.status === "pending" ? "/pending" : back;
    return redirect(to, { headers: { "Set-Cookie": await commitSessionToken(request, session.token, session.expiresAt) } });
  } catch (error) {
    return formError(request, requestId, error, values, { unauthorized: true });
  }
}

const field = fieldName<RouterInputs["auth"]["signIn"]>;

export default function Login() {
  const result = useActionData<typeof action>();
  const { oauth, local, registration } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const errors: Record<string, string | undefined> = result?.fieldErrors ?? {};
  return (
    <AuthPage
      title="Sign in"
      footer={
        local ? (
          <>
            {registration ? (
              <span>
                New here? <Link to="/register">Create an account</Link>
              </span>
            ) : null}
            <Link to="/forgot-password">Forgot your password?</Link>
            <Link to="/verify-email/resend">Didn't get the confirmation email?</Link>
          </>
        ) : null
      }
    >
      <OAuthSignIn providers={oauth.providers} error={result ? null : oauth.error} divider={local} />
      {local ? (
        <Form method="post" noValidate>
          <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
          <FormError message={errors.form} />
          <EmailField name={field("email")} value={result?.values?.email} error={errors.email} />
          <Field label="Password" name={field("password")} type="password" autoComplete="current-password" error={errors.password} />
          <Button type="submit" variant="primary" disabled={busy}>
            {busy ? "Signing in…" : "Sign in"}
          </Button>
        </Form>
      ) : null}
    </AuthPage>
  );
}
