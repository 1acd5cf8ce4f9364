import { EmailInputSchema, type RouterInputs } from "@missionboard/api";
import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { AuthPage, EmailField } from "../components/auth-page";
import { Button } from "../components/ui/button";
import { FormError, Notice } from "../components/ui/form-error";
import { getApi } from "../lib/api.server";
import { fieldName } from "../lib/field-name";
import { formError, formValues, parseInput } from "../lib/form.server";

export const meta: MetaFunction = () => [{ title: "Reset your password · Missionboard" }];

export async function action({ request, context }: ActionFunctionArgs) {
  const { api, requestId } = await getApi(request, context);
  const form = await request.formData();
  const values = formValues(form, ["email"]);
  try {
    const { message } = await api.auth.requestPasswordReset(parseInput(EmailInputSchema, form));
    return { sent: message, fieldErrors: {} as Record<string, string>, values };
  } catch (error) {
    return formError(request, requestId, error, values);
  }
}

const field = fieldName<RouterInputs["auth"]["requestPasswordReset"]>;

export default function ForgotPassword() {
  const result = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = result?.fieldErrors ?? {};
  return (
    <AuthPage title="Reset your password" footer={<Link to="/login">Back to sign in</Link>}>
      {result && "sent" in result ? (
        <Notice>{result.sent}</Notice>
      ) : (
        <p className="muted">We will email you a link to choose a new password.</p>
      )}
      <Form method="post" noValidate>
        <FormError message={errors.form} />
        <EmailField name={field("email")} value={result?.values?.email} error={errors.email} />
        <Button type="submit" variant="primary">
          Email me a link
        </Button>
      </Form>
    </AuthPage>
  );
}
