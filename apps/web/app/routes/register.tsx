import type { RouterInputs } from "@missionboard/api";
import { RegisterInputSchema } from "@missionboard/core";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { AuthPage, EmailField } from "../components/auth-page";
import { Button } from "../components/ui/button";
import { Field } from "../components/ui/field";
import { FormError } from "../components/ui/form-error";
import { getApi } from "../lib/api.server";
import { landingFor } from "../lib/auth.server";
import { fieldName } from "../lib/field-name";
import { formError, formValues, parseInput } from "../lib/form.server";
import { useInlineValidation } from "../lib/inline-validation";

export const meta: MetaFunction = () => [{ title: "Create an account · Missionboard" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, user } = await getApi(request, context);
  if (user) throw redirect(landingFor(user));
  return { open: (await api.auth.methods()).registration };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { api, requestId } = await getApi(request, context);
  const form = await request.formData();
  const values = formValues(form, ["name", "email"]);
  try {
    const { status } = await api.auth.register(parseInput(RegisterInputSchema, form));
    throw redirect(`/register/sent?status=${status}`);
  } catch (error) {
    if (error instanceof Response) throw error;
    return formError(request, requestId, error, values);
  }
}

const field = fieldName<RouterInputs["auth"]["register"]>;

export default function Register() {
  const { open } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  // Checked in the browser with the schema the action parses the form with.
  const { errors, form } = useInlineValidation(RegisterInputSchema, result?.fieldErrors ?? {});
  if (!open) {
    return (
      <AuthPage title="Registration is closed" footer={<Link to="/login">Back to sign in</Link>}>
        <p>New accounts are created by invitation. Ask an administrator to invite you.</p>
      </AuthPage>
    );
  }
  return (
    <AuthPage
      title="Create your account"
      footer={
        <span>
          Already registered? <Link to="/login">Sign in</Link>
        </span>
      }
    >
      <Form method="post" noValidate {...form}>
        <FormError message={errors.form} />
        <Field
          label="Your name"
          name={field("name")}
          autoComplete="name"
          defaultValue={result?.values?.name}
          error={errors.name}
          maxLength={100}
        />
        <EmailField name={field("email")} value={result?.values?.email} error={errors.email} />
        <Field
          label="Password"
          name={field("password")}
          type="password"
          autoComplete="new-password"
          error={errors.password}
          hint="At least 10 characters."
        />
        <Button type="submit" variant="primary" pendingLabel="Creating…">
          Create account
        </Button>
      </Form>
    </AuthPage>
  );
}
