import { type ActionFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { AuthPage } from "../components/auth-page";
import { Field } from "../components/field";
import { FormError } from "../components/form-error";
import { getApi } from "../lib/api.server";
import { fieldError, formError } from "../lib/form.server";

export const meta: MetaFunction = () => [{ title: "Choose a new password · Missionboard" }];

export async function action({ request, context }: ActionFunctionArgs) {
  const { api, requestId } = await getApi(request, context);
  const form = await request.formData();
  const password = String(form.get("password") ?? "");
  if (password !== String(form.get("confirm") ?? "")) return fieldError("confirm", "The two passwords are different.");
  try {
    await api.auth.resetPassword({ token: String(form.get("token") ?? ""), password });
  } catch (error) {
    return formError(request, requestId, error);
  }
  throw redirect("/login?notice=password-reset");
}

export default function ResetPassword() {
  const [params] = useSearchParams();
  const result = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = result?.fieldErrors ?? {};
  return (
    <AuthPage title="Choose a new password" footer={<Link to="/forgot-password">Ask for a new link</Link>}>
      <FormError message={errors.token ?? errors.form} />
      <Form method="post" noValidate>
        <input type="hidden" name="token" value={params.get("token") ?? ""} />
        <Field
          label="New password"
          name="password"
          type="password"
          autoComplete="new-password"
          error={errors.password}
          hint="At least 10 characters."
        />
        <Field label="Repeat the new password" name="confirm" type="password" autoComplete="new-password" error={errors.confirm} />
        <button type="submit" className="button primary">
          Save the new password
        </button>
      </Form>
    </AuthPage>
  );
}
