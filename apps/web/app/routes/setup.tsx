import { type RouterInputs, SetupInputSchema } from "@missionboard/api";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { AuthPage, EmailField } from "../components/auth-page";
import { Button } from "../components/ui/button";
import { Field } from "../components/ui/field";
import { FormError } from "../components/ui/form-error";
import { getApi } from "../lib/api.server";
import { fieldName } from "../lib/field-name";
import { formError, formValues, parseInput } from "../lib/form.server";
import { commitSessionToken } from "../lib/session.server";

export const meta: MetaFunction = () => [{ title: "Set up Missionboard" }];

/** First run only: once anyone exists, this page is gone for good. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api } = await getApi(request, context);
  if (!(await api.setup.status()).needed) throw redirect("/login");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { api, requestId } = await getApi(request, context);
  const form = await request.formData();
  const values = formValues(form, ["name", "email"]);
  try {
    const session = await api.setup.createAdmin(parseInput(SetupInputSchema, form));
    return redirect("/onboarding", { headers: { "Set-Cookie": await commitSessionToken(request, session.token, session.expiresAt) } });
  } catch (error) {
    return formError(request, requestId, error, values);
  }
}

const field = fieldName<RouterInputs["setup"]["createAdmin"]>;

export default function Setup() {
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors: Record<string, string | undefined> = result?.fieldErrors ?? {};
  return (
    <AuthPage title="Welcome! Create the first administrator">
      <p className="muted">This account will manage Missionboard. This page is shown only once.</p>
      <Form method="post" noValidate>
        <FormError message={errors.form} />
        <Field label="Your name" name={field("name")} autoComplete="name" defaultValue={result?.values?.name} error={errors.name} />
        <EmailField name={field("email")} value={result?.values?.email} error={errors.email} />
        <Field
          label="Password"
          name={field("password")}
          type="password"
          autoComplete="new-password"
          error={errors.password}
          hint="At least 10 characters."
        />
        <Button type="submit" variant="primary" disabled={busy}>
          Create administrator
        </Button>
      </Form>
    </AuthPage>
  );
}
