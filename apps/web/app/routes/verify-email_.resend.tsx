import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { AuthPage } from "../components/auth-page";
import { Field } from "../components/field";
import { FormError, Notice } from "../components/form-error";
import { getApi } from "../lib/api.server";
import { formError, formValues } from "../lib/form.server";

export const meta: MetaFunction = () => [{ title: "Send the confirmation again · Missionboard" }];

export async function action({ request, context }: ActionFunctionArgs) {
  const { api, requestId } = await getApi(request, context);
  const values = formValues(await request.formData(), ["email"]);
  try {
    const { message } = await api.auth.resendVerification({ email: values.email ?? "" });
    return { sent: message, fieldErrors: {} as Record<string, string>, values };
  } catch (error) {
    return formError(request, requestId, error, values);
  }
}

export default function ResendVerification() {
  const result = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = result?.fieldErrors ?? {};
  return (
    <AuthPage title="Send the confirmation link again" footer={<Link to="/login">Back to sign in</Link>}>
      {result && "sent" in result ? <Notice>{result.sent}</Notice> : null}
      <Form method="post" noValidate>
        <FormError message={errors.form} />
        <Field label="Email" name="email" type="email" autoComplete="email" defaultValue={result?.values?.email} error={errors.email} />
        <button type="submit" className="button primary">
          Send the link
        </button>
      </Form>
    </AuthPage>
  );
}
